#include "tradelet/data/market_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

BarSeries Make(const std::string& sym, std::vector<int64_t> secs) {
  BarSeries s;
  s.symbol = sym;
  for (int64_t t : secs) s.Append({Timestamp::FromUnixSeconds(t), 1, 2, 0.5, 1.5, 10});
  return s;
}

TEST(MarketData, AddFindAndRejectDuplicatesOrUnsorted) {
  MarketData md;
  ASSERT_TRUE(md.Add(Make("B", {1, 2, 3})).ok());
  ASSERT_TRUE(md.Add(Make("A", {2, 4})).ok());
  EXPECT_EQ(md.Add(Make("A", {5})).code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(md.Add(Make("C", {3, 1})).ok());
  EXPECT_EQ(md.symbols(), (std::vector<Symbol>{"A", "B"}));
  EXPECT_EQ(md.Find("B")->size(), 3u);
  EXPECT_EQ(md.Find("Z"), nullptr);
  EXPECT_EQ(md.total_bars(), 5u);
  const int64_t g = 1'000'000'000;
  EXPECT_EQ(md.Timeline(), (std::vector<int64_t>{1 * g, 2 * g, 3 * g, 4 * g}));
}

TEST(MarketData, AddShapedInOrderOrNotRejectsDuplicates) {
  // In symbol order each goes at the end; a duplicate of the last or an earlier symbol, or one
  // out of order, takes the search.
  MarketData md;
  for (const char* s : {"A", "C", "E"}) ASSERT_TRUE(md.AddShaped(Make(s, {1})).ok());
  EXPECT_EQ(md.AddShaped(Make("E", {2})).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(md.AddShaped(Make("A", {2})).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(md.AddShaped(Make("B", {3})).ok());
  ASSERT_TRUE(md.AddShaped(Make("F", {4})).ok());
  EXPECT_EQ(md.symbols(), (std::vector<Symbol>{"A", "B", "C", "E", "F"}));
  EXPECT_EQ(md.Find("E")->time_ns[0], 1'000'000'000);  // the first one added stays
  EXPECT_EQ(md.Find("B")->time_ns[0], 3'000'000'000);
}

TEST(MarketData, CursorAlignsSymbolsByTime) {
  MarketData md;
  ASSERT_TRUE(md.Add(Make("A", {2, 4})).ok());
  ASSERT_TRUE(md.Add(Make("B", {1, 2, 3})).ok());
  MarketData::Cursor c(md);
  std::vector<std::string> seen;
  while (c.Next()) {
    std::string row;
    row += std::to_string(c.time().unix_seconds());
    row += ':';
    for (size_t k = 0; k < c.symbol_count(); ++k) {
      row += ' ';
      row += std::to_string(c.BarNow(k));
      row += '/';
      row += std::to_string(c.LastBar(k));
    }
    seen.push_back(row);
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"1: -1/-1 0/0", "2: 0/0 1/1", "3: -1/0 2/2", "4: 1/1 -1/2"}));
}

TEST(NormalizeSeries, DropsMissingSortsAndDedupes) {
  BarSeries s = Make("X", {3, 1, 2, 2, 5});
  s.close[4] = NAN;
  s.volume[0] = NAN;
  s.open[2] = 7;  // first of the duplicate pair: kept
  const NormalizeReport r = NormalizeSeries(s);
  EXPECT_EQ(r.dropped_missing, 1u);
  EXPECT_EQ(r.dropped_duplicates, 1u);
  EXPECT_TRUE(r.sorted);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(s.CheckShape().ok());
  EXPECT_EQ(s.open[1], 7);
  EXPECT_EQ(s.volume[2], 0);  // missing volume -> 0
}

TEST(LoadMarketData, ReadsADirectoryOneSymbolPerFile) {
  const std::string dir = testing::TempDir();
  std::ofstream(dir + "/AAA_daily.csv") << "Date,Open,High,Low,Close,Volume\n"
                                           "2020-01-03,1,2,0.5,1.5,5\n2020-01-02,1,2,0.5,1.5,5\n";
  std::ofstream(dir + "/bbb.csv") << "time,open,high,low,close,volume\n"
                                     "2020-01-02T14:30:00Z,1,2,0.5,1.5,5\n";
  std::ofstream(dir + "/notes.txt") << "ignored";
  LoadReport rep;
  auto md = LoadMarketData(dir, {}, &rep);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->symbols(), (std::vector<Symbol>{"AAA", "BBB"}));
  EXPECT_EQ(md->Find("AAA")->size(), 2u);
  EXPECT_EQ(rep.files.size(), 2u);
  EXPECT_EQ(rep.rows, 3u);
  EXPECT_TRUE(rep.files[0].normalized.sorted || rep.files[0].layout == CsvLayout::kGeneric);

  std::ofstream(dir + "/AAA_other.csv") << "Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n";
  auto dup = LoadMarketData(dir);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("symbol 'AAA' appears in both"), std::string::npos);

  EXPECT_EQ(LoadMarketData(dir + "/nope").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace tradelet::data
