#include "tradelet/data/csv.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, Status* st = nullptr) {
  CsvCursor c(text, "t.csv");
  std::vector<std::vector<std::string>> rows;
  while (c.Next()) rows.emplace_back(c.fields().begin(), c.fields().end());
  if (st) *st = c.status();
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvCursor, PlainLfCrlfAndLoneCr) {
  EXPECT_EQ(ReadAll("a,b\n1,2\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(ReadAll("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(ReadAll("a,b\r1,2\r"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(ReadAll("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));  // no final newline
}

TEST(CsvCursor, BomBlankLinesAndEmptyFields) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBFx,y\n\n\r\n,\n3,\n"), (Rows{{"x", "y"}, {"", ""}, {"3", ""}}));
  EXPECT_EQ(ReadAll("a,"), (Rows{{"a", ""}}));
  EXPECT_TRUE(ReadAll("").empty());
}

TEST(CsvCursor, QuotedFieldsWithCommasQuotesAndNewlines) {
  const std::string text =
      "Symbol,Name,HQ\nMMM,3M,\"Saint Paul, Minnesota\"\n\"BRK.B\",\"Berkshire \"\"B\"\"\","
      "\"Omaha,\nNebraska\"\r\nX,\"\",\"last\"";
  Status st;
  auto rows = ReadAll(text, &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"MMM", "3M", "Saint Paul, Minnesota"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"BRK.B", "Berkshire \"B\"", "Omaha,\nNebraska"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"X", "", "last"}));
}

TEST(CsvCursor, LineNumbersCountEmbeddedNewlines) {
  CsvCursor c("h\n\"a\nb\"\n\nz\n", "f.csv");
  ASSERT_TRUE(c.Next());
  EXPECT_EQ(c.line(), 1u);
  ASSERT_TRUE(c.Next());
  EXPECT_EQ(c.line(), 2u);
  ASSERT_TRUE(c.Next());
  EXPECT_EQ(c.line(), 5u);
  EXPECT_EQ(c[0], "z");
  EXPECT_EQ(c.FieldError("close", 4, "not a number").message(),
            "f.csv:5: field 'close' (column 5): not a number");
}

TEST(CsvCursor, UnterminatedQuoteIsAnErrorWithTheLine) {
  Status st;
  auto rows = ReadAll("a\nb\n\"open,\n", &st);
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "t.csv:3: unterminated quoted field");
}

std::string Gzip(std::string_view in) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(compressBound(in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = in.size();
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = out.size();
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(Gzip, InflatesSingleAndConcatenatedMembers) {
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "2020-01-02,1,2,0.5,1.5,100\n";
  auto one = GunzipBytes(Gzip(big), "x.gz");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(*one, big);
  auto two = GunzipBytes(Gzip("ab") + Gzip("cd"), "x.gz");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, "abcd");
}

TEST(Gzip, MembersLargerThanTheTrailerSaysStillInflate) {
  // The buffer is first sized by the last member's ISIZE; a big first member outgrows it.
  std::string big;
  for (int i = 0; i < 50000; ++i) big += "2020-01-02,1,2,0.5,1.5,100\n";
  auto r = GunzipBytes(Gzip(big) + Gzip("") + Gzip("x\n"), "m.gz");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, big + "x\n");
  auto empty = GunzipBytes(Gzip(""), "e.gz");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty, "");
}

TEST(Gzip, GarbageAfterAMemberNamesTheFileAndTheOffset) {
  const std::string z = Gzip("a,b\n");
  auto r = GunzipBytes(z + "junk", "j.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.status().message(), "j.gz: gzip: corrupt or truncated data in the member at byte " +
                                      std::to_string(z.size()));
}

TEST(Gzip, TruncatedAndCorruptStreamsAreErrors) {
  std::string z = Gzip(std::string(5000, 'q') + "tail");
  auto t = GunzipBytes(std::string_view(z).substr(0, z.size() / 2), "half.gz");
  EXPECT_EQ(t.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(t.status().message().find("half.gz"), std::string::npos);
  std::string bad = z;
  bad[12] ^= 0x55;
  bad[13] ^= 0x55;
  EXPECT_FALSE(GunzipBytes(bad, "bad.gz").ok());
}

TEST(ReadFileMaybeGzip, ReadsPlainAndGzipFilesAndNamesMissingOnes) {
  const std::string dir = tradelet::testing::TempDir();
  {
    std::ofstream(dir + "/p.csv") << "a,b\n";
    std::ofstream(dir + "/z.csv.gz", std::ios::binary) << Gzip("c,d\n");
  }
  EXPECT_EQ(*ReadFileMaybeGzip(dir + "/p.csv"), "a,b\n");
  EXPECT_EQ(*ReadFileMaybeGzip(dir + "/z.csv.gz"), "c,d\n");
  auto missing = ReadFileMaybeGzip(dir + "/none.csv");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("none.csv"), std::string::npos);
}

TEST(ReadFileMaybeGzip, RealConstituentsFileHasQuotedCommas) {
  TL_REQUIRE_SHARED(path, "data/sp500/constituents.csv");
  auto text = ReadFileMaybeGzip(path);
  ASSERT_TRUE(text.ok());
  CsvCursor c(*text, path);
  ASSERT_TRUE(c.Next());
  ASSERT_EQ(c.size(), 8u);
  size_t rows = 0, with_comma = 0;
  while (c.Next()) {
    ASSERT_EQ(c.size(), 8u) << "line " << c.line();
    ++rows;
    with_comma += c[4].find(", ") != std::string_view::npos;
  }
  EXPECT_TRUE(c.status().ok());
  EXPECT_EQ(rows, 503u);        // README: 503 rows
  EXPECT_GT(with_comma, 400u);  // "City, State" headquarters
}

TEST(ReadFileMaybeGzip, OnlyAMissingFileIsNotFound) {
  // Issue 17 item 7: permission denied was reported as NOT_FOUND.
  const std::string dir = tradelet::testing::TempDir();
  EXPECT_EQ(ReadFileMaybeGzip(dir + "/none.csv").status().code(), StatusCode::kNotFound);
  const std::string locked = dir + "/locked.csv";
  std::ofstream(locked) << "a\n";
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  if (geteuid() == 0) GTEST_SKIP() << "running as root: permissions are not enforced";
  auto r = ReadFileMaybeGzip(locked);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find("Permission denied"), std::string::npos);
}

}  // namespace
}  // namespace tradelet::data
