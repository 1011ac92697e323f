// A bundle (data bundle) is a drop-in for its CSV folder: the same backtest on either gives the
// same report files byte for byte (run_seconds, the wall time, aside).
#include "data_loader_test_util.h"
#include "tradelet/data/bundle.h"
#include "tradelet/sample/sample_csv.h"

namespace tradelet::loader_test {
namespace {

TEST(DataLoader, BundleGivesTheCsvResultsOnTheSampleMarket) {
  sample::SampleMarketConfig mc;
  mc.num_symbols = 12;
  mc.start = {2019, 1, 2};
  mc.end = {2021, 12, 31};
  mc.intraday_sessions = 0;
  auto market = sample::GenerateSampleMarket(mc);
  ASSERT_TRUE(market.ok());
  const std::string root = testing::TempDir("loader-sample");
  ASSERT_TRUE(sample::WriteSampleMarketCsv(*market, root).ok());
  const std::string dir = root + "/daily";
  // One symbol with a bad row: excluded, with its file and reason, from either source.
  std::ofstream(dir + "/BADX.csv") << "time,open,high,low,close,volume\n"
                                      "2019-01-02,10,11,9,10,100\n2019-01-03,10,11,-9,10,100\n";
  const std::string bundle = root + "/daily.tlb";
  ASSERT_TRUE(data::WriteBundle(dir, bundle).ok());
  ExpectSameReports(dir, bundle);
  // [data] dir = "X.tlb" in the config reads it too.
  EXPECT_TRUE(RunSma("", "[data]\ndir = \"" + bundle + "\"\n") == RunSma(dir));
  EXPECT_NE(RunSma(bundle).at("skips.csv").find("BADX"), std::string::npos);
  // strict = true stops on the stored verdict exactly as on the CSV one.
  auto cfg = ParseBacktestConfig(toml::parse(std::string(kSma) + "[data]\nstrict = true\n"), ".");
  ASSERT_TRUE(cfg.ok());
  auto a = LoadBacktestData(*cfg, dir), b = LoadBacktestData(*cfg, bundle);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().ToString(), b.status().ToString());
  // A corrupt bundle is an error naming it.
  std::string bytes = ReadAll(bundle);
  bytes[bytes.size() / 2] ^= 0x40;
  std::ofstream(bundle, std::ios::binary | std::ios::trunc) << bytes;
  auto bad = LoadBacktestData(*cfg, bundle);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find(bundle), std::string::npos);
}

}  // namespace
}  // namespace tradelet::loader_test
