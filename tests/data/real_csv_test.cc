// Reads every layout in ../shared/data and checks the counts and facts its README states
// (independent of our reader: the README numbers come from the data's curator).
#include <gtest/gtest.h>

#include <cmath>

#include "tradelet/data/market_data.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

int64_t Ns(const char* iso) { return ParseTimestamp(iso).value().unix_nanos(); }

TEST(RealCsv, AllAlphaVantageDailyFiles) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/per_ticker_gz");
  LoadReport rep;
  auto md = LoadMarketData(dir, {}, &rep);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(rep.files.size(), 504u);
  EXPECT_EQ(md->size(), 504u);
  EXPECT_EQ(rep.rows, 2'402'891u);
  EXPECT_EQ(md->total_bars(), 2'402'891u);  // ascending, no duplicates, nothing missing
  size_t splits = 0, dividends = 0, start_1999 = 0, end_2021_04_21 = 0;
  for (const auto& f : rep.files) EXPECT_EQ(f.layout, CsvLayout::kAlphaVantageDaily) << f.path;
  for (const Symbol& sym : md->symbols()) {
    const BarSeries& s = *md->Find(sym);
    for (double x : s.split) splits += x != 1.0;
    for (double x : s.dividend) dividends += x != 0.0;
    start_1999 += s.time_ns.front() == Ns("1999-11-01T14:30:00Z");
    end_2021_04_21 += s.time_ns.back() == Ns("2021-04-21T13:30:00Z");
  }
  EXPECT_EQ(splits, 473u);
  EXPECT_EQ(dividends, 27'729u);
  EXPECT_EQ(start_1999, 365u);
  EXPECT_EQ(end_2021_04_21, 503u);
  const BarSeries& aapl = *md->Find("AAPL");
  const size_t i = aapl.LowerBound(Timestamp::FromUnixNanos(Ns("2014-06-09T13:30:00Z")));
  ASSERT_LT(i, aapl.size());
  EXPECT_EQ(aapl.time_ns[i], Ns("2014-06-09T13:30:00Z"));
  EXPECT_DOUBLE_EQ(aapl.split[i], 7.00000700001);
  EXPECT_DOUBLE_EQ(aapl.close[i - 1], 645.57);
  EXPECT_DOUBLE_EQ(aapl.close[i], 93.70);
  EXPECT_EQ(md->Find("VAR")->time_ns.back(), Ns("2021-04-16T13:30:00Z"));
}

TEST(RealCsv, KaggleCombinedFile) {
  TL_REQUIRE_SHARED(path, "data/daily/sp500_5yr/sp500_all_stocks_5yr_2013-02-08_2018-02-07.csv.gz");
  auto r = ReadBarCsvFile(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kKaggleCombined);
  EXPECT_EQ(r->info.rows, 619'040u);
  EXPECT_EQ(r->series.size(), 505u);
  EXPECT_EQ(r->info.rows_with_missing, 11u);
  size_t full = 0, shortest = SIZE_MAX;
  for (const auto& s : r->series) {
    full += s.size() == 1259;
    shortest = std::min(shortest, s.size());
  }
  EXPECT_EQ(full, 470u);
  EXPECT_EQ(shortest, 44u);
  for (const auto& s : r->series) {
    if (s.symbol == "AAPL") {
      EXPECT_DOUBLE_EQ(s.open[0], 67.7142);
    }
  }
}

TEST(RealCsv, YahooSamplesIncludingUaEmptyRows) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_5yr/sample_plain");
  LoadReport rep;
  auto md = LoadMarketData(dir, {}, &rep);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->size(), 10u);
  for (const auto& f : rep.files) {
    EXPECT_EQ(f.layout, CsvLayout::kYahoo);
    if (f.symbols[0] == "UA") {
      EXPECT_EQ(f.rows, 615u);
      EXPECT_EQ(f.normalized.dropped_missing, 5u);
    } else {
      EXPECT_EQ(f.rows, 1260u) << f.path;
    }
  }
  EXPECT_EQ(md->Find("UA")->size(), 610u);
}

TEST(RealCsv, MplfinanceDailyAndIntraday) {
  TL_REQUIRE_SHARED(daily, "data/daily/mplfinance/yahoofinance-SPY-20200901-20210113.csv");
  auto spy = ReadBarCsvFile(daily);
  ASSERT_TRUE(spy.ok()) << spy.status().ToString();
  EXPECT_EQ(spy->series[0].symbol, "SPY");
  EXPECT_EQ(spy->series[0].size(), 92u);  // no trailing newline
  TL_REQUIRE_SHARED(iday, "data/intraday/mplfinance/SP500_NOV2019_IDay.csv");
  auto r = ReadBarCsvFile(iday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->info.layout, CsvLayout::kMplfinance);
  const BarSeries& s = r->series[0];
  EXPECT_EQ(s.symbol, "SP500");
  EXPECT_EQ(s.size(), 1563u);
  EXPECT_EQ(s.interval, BarInterval::k1Min);
  EXPECT_EQ(s.time_ns.front(), Ns("2019-11-05T14:30:00Z"));
  EXPECT_TRUE(s.CheckShape().ok());
  for (size_t i = 0; i < s.size(); ++i) {
    ASSERT_LE(s.low[i], std::min(s.open[i], s.close[i])) << i;  // Close-before-High mapped right
    ASSERT_GE(s.high[i], std::max(s.open[i], s.close[i])) << i;
  }
}

TEST(RealCsv, AlphaVantageOneMinuteFiles) {
  TL_REQUIRE_SHARED(dir, "data/intraday/alphavantage_2019-02-11_15");
  LoadReport rep;
  auto md = LoadMarketData(dir, {}, &rep);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->size(), 24u);
  for (const char* sym : {"SPY", "BAC", "JPM", "V"}) EXPECT_EQ(md->Find(sym)->size(), 1950u);
  for (const char* sym : {"AAPL", "MSFT", "QQQ", "MU", "SBUX"}) {
    EXPECT_EQ(md->Find(sym)->size(), 1948u) << sym;
  }
  EXPECT_EQ(md->Find("PPLT")->size(), 566u);
  EXPECT_EQ(md->Find("UGA")->size(), 388u);
  const BarSeries& spy = *md->Find("SPY");
  EXPECT_EQ(spy.interval, BarInterval::k1Min);
  // First bar ends 09:31 ET on Mon 2019-02-11: it starts 09:30 ET = 14:30Z.
  EXPECT_EQ(spy.time_ns.front(), Ns("2019-02-11T14:30:00Z"));
  EXPECT_EQ(spy.time_ns.back(), Ns("2019-02-15T20:59:00Z"));
}

}  // namespace
}  // namespace tradelet::data
