// A bundle of the 504 real daily files (~2.4 M bars) gives the CSV folder's backtest report
// byte for byte. Slow (two full loads and backtests): labelled so.
#include "data_loader_test_util.h"
#include "tradelet/data/bundle.h"

namespace tradelet::loader_test {
namespace {

TEST(DataLoaderReal, BundleGivesTheCsvResultsOnThe504DailyFiles) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/per_ticker_gz");
  const std::string bundle = testing::TempDir("loader-real") + "/sp500.tlb";
  auto w = data::WriteBundle(dir, bundle);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->files, 504u);
  ExpectSameReports(dir, bundle);
}

}  // namespace
}  // namespace tradelet::loader_test
