// The embedded sample market written by the sample module must come back bit-for-bit through
// the data readers (the demo and the backtest read it with `--data DIR`), validate clean, and
// its universe.csv must load as a universe list.
#include <gtest/gtest.h>

#include <cmath>

#include "tradelet/data/market_data.h"
#include "tradelet/data/universe.h"
#include "tradelet/data/validate.h"
#include "tradelet/sample/sample_csv.h"
#include "tradelet/sample/sample_market.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

TEST(SampleMarketCsv, WrittenFilesReadBackValidateAndLoadAsUniverse) {
  sample::SampleMarketConfig cfg;
  cfg.num_symbols = 12;
  cfg.start = {2024, 1, 2};
  cfg.end = {2024, 6, 28};
  cfg.intraday_sessions = 2;
  auto market = sample::GenerateSampleMarket(cfg);
  ASSERT_TRUE(market.ok()) << market.status().ToString();
  const std::string dir = testing::TempDir();
  ASSERT_TRUE(sample::WriteSampleMarketCsv(*market, dir).ok());

  LoadReport rep;
  auto daily = LoadMarketData(dir + "/daily", {}, &rep);
  ASSERT_TRUE(daily.ok()) << daily.status().ToString();
  EXPECT_EQ(daily->size(), market->daily.size());
  for (const auto& f : rep.files) EXPECT_EQ(f.layout, CsvLayout::kCanonical) << f.path;
  for (const BarSeries& want : market->daily) {
    const BarSeries* got = daily->Find(want.symbol);
    ASSERT_NE(got, nullptr) << want.symbol;
    EXPECT_EQ(got->interval, BarInterval::k1Day);
    EXPECT_EQ(got->time_ns, want.time_ns);
    ASSERT_EQ(got->close.size(), want.close.size());
    for (size_t i = 0; i < want.size(); ++i) {
      // The writer prints cents; the generator's prices are whole cents.
      ASSERT_NEAR(got->close[i], want.close[i], 1e-9) << want.symbol << " " << i;
      ASSERT_NEAR(got->volume[i], want.volume[i], 0.5);
    }
    EXPECT_EQ(got->split.size(), want.split.size());
  }
  auto reports = ValidateFiles(dir + "/daily");
  ASSERT_TRUE(reports.ok());
  for (const auto& r : *reports) {
    EXPECT_TRUE(r.ok()) << ReportToJson(r);
    for (const auto& f : r.findings) EXPECT_NE(f.check, "gap") << ReportToJson(r);
  }
  auto minute = LoadMarketData(dir + "/1m");
  ASSERT_TRUE(minute.ok()) << minute.status().ToString();
  EXPECT_EQ(minute->Find(market->minute[0].symbol)->interval, BarInterval::k1Min);
  EXPECT_EQ(minute->Find(market->minute[0].symbol)->time_ns, market->minute[0].time_ns);

  auto universe = LoadUniverseCsv(dir + "/universe.csv");
  ASSERT_TRUE(universe.ok()) << universe.status().ToString();
  size_t stocks = 0;
  for (const auto& s : market->securities) stocks += !s.is_benchmark;
  EXPECT_EQ(universe->size(), stocks);
}

}  // namespace
}  // namespace tradelet::data
