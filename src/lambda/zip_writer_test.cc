#include "tradelet/lambda/zip_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "lambda/subprocess.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::lambda {
namespace {

using internal::RunCommand;

std::string WriteTemp(const std::string& bytes) {
  const std::string path = ::tradelet::testing::TempDir("zip") + "/t.zip";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<ZipEntry> Sample() {
  std::string noise(5000, '\0');
  std::mt19937 rng(7);
  for (auto& c : noise) c = static_cast<char>(rng());
  return {{"lib/libz.so.1", noise, 0755},
          {"bootstrap", std::string(20000, 'x') + "end", 0755},
          {"config/trend.toml", "name = \"trend\"\n", 0644},
          {"empty", "", 0600}};
}

TEST(ZipWriter, UnzipReadsEveryEntryBackExactly) {
  ZipStats stats;
  auto zip = BuildZip(Sample(), &stats);
  ASSERT_TRUE(zip.ok()) << zip.status().ToString();
  EXPECT_EQ(stats.entries, 4u);
  EXPECT_EQ(stats.zip_bytes, zip->size());
  EXPECT_EQ(stats.uncompressed_bytes, 5000u + 20003u + 15u);
  const std::string path = WriteTemp(*zip);
  auto test = RunCommand({"unzip", "-t", path});
  ASSERT_TRUE(test.ok());
  EXPECT_EQ(test->exit_code, 0) << test->out;
  for (const auto& e : Sample()) {
    auto out = RunCommand({"unzip", "-p", path, e.name});
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->out, e.data) << e.name;
  }
}

TEST(ZipWriter, ModesSortedNamesAndFixedTimestampsAsZipinfoSeesThem) {
  auto zip = BuildZip(Sample());
  ASSERT_TRUE(zip.ok());
  auto info = RunCommand({"zipinfo", WriteTemp(*zip)});
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->exit_code, 0) << info->out;
  // zipinfo prints mode, version, host (unx), size, type, method, date, time, name.
  const std::string& o = info->out;
  const auto boot = o.find("-rwxr-xr-x  2.0 unx    20003");
  ASSERT_NE(boot, std::string::npos) << o;
  EXPECT_NE(o.find("80-Jan-01 00:00 bootstrap"), std::string::npos) << o;
  EXPECT_NE(o.find("-rw-r--r--  2.0 unx       15"), std::string::npos) << o;
  EXPECT_NE(o.find("-rw-------  2.0 unx        0"), std::string::npos) << o;
  // The random bytes do not compress: stored ("stor"), not deflated.
  EXPECT_NE(o.find("stor 80-Jan-01 00:00 lib/libz.so.1"), std::string::npos) << o;
  EXPECT_LT(o.find("bootstrap"), o.find("config/trend.toml"));
  EXPECT_LT(o.find("config/trend.toml"), o.find("empty"));
  EXPECT_LT(o.find("empty"), o.find("lib/libz.so.1"));
}

// The level trades size for time (LocalFunction packs at 1): every level unzips to the same
// entries; 0 stores everything; 1 deflates the repetitive bootstrap; a level outside zlib's
// 0..9 is refused.
TEST(ZipWriter, DeflateLevelsUnzipTheSameAndLevelZeroStores) {
  for (int level : {0, 1, 9}) {
    auto zip = BuildZip(Sample(), nullptr, level);
    ASSERT_TRUE(zip.ok()) << level << ": " << zip.status().ToString();
    const std::string path = WriteTemp(*zip);
    for (const auto& e : Sample()) {
      auto out = RunCommand({"unzip", "-p", path, e.name});
      ASSERT_TRUE(out.ok());
      EXPECT_EQ(out->out, e.data) << level << " " << e.name;
    }
    auto info = RunCommand({"zipinfo", path});
    ASSERT_TRUE(info.ok());
    const bool bootstrap_stored =
        info->out.find("stor 80-Jan-01 00:00 bootstrap") != std::string::npos;
    EXPECT_EQ(bootstrap_stored, level == 0) << level << "\n" << info->out;
  }
  EXPECT_FALSE(BuildZip(Sample(), nullptr, 10).ok());
  EXPECT_FALSE(BuildZip(Sample(), nullptr, -1).ok());
}

TEST(ZipWriter, SameEntriesInAnyOrderGiveTheSameBytes) {
  auto a = BuildZip(Sample());
  auto entries = Sample();
  std::reverse(entries.begin(), entries.end());
  auto b = BuildZip(entries);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  entries[0].mode = 0700;
  auto c = BuildZip(entries);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(*a, *c);
}

TEST(ZipWriter, RejectsBadNames) {
  for (const char* bad : {"", "/abs", "a/../b", "dir/", "./x", "a//b", "win\\path"}) {
    auto zip = BuildZip({{bad, "x", 0644}});
    EXPECT_EQ(zip.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  auto dup = BuildZip({{"a", "1", 0644}, {"a", "2", 0644}});
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dup.status().message().find("appears twice"), std::string::npos);
}

TEST(ZipWriter, Crc32MatchesTheKnownCheckValue) {
  // The CRC-32/ISO-HDLC check value of "123456789".
  EXPECT_EQ(ZipCrc32("123456789"), 0xCBF43926u);
}

}  // namespace
}  // namespace tradelet::lambda
