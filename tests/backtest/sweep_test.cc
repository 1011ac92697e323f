// Sweeps: ranking, failed combinations, parallel = serial results, walk-forward windows.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "tradelet/backtest/sweep.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet {
namespace {

std::vector<BarSeries> Market() {
  std::mt19937 rng(21);
  std::normal_distribution<double> n(0.0003, 0.015);
  std::vector<BarSeries> out;
  for (const char* sym : {"AAA", "BBB"}) {
    BarSeries b;
    b.symbol = sym;
    double px = 100;
    for (int k = 0; k < 1500; ++k) {
      const CivilDate date = CivilDate{2015, 1, 1}.AddDays(k);
      const double o = px * (1 + n(rng) / 3), c = px * (1 + n(rng));
      b.Append(Bar{LocalDateTime{date, 14, 30, 0}.AsUtc(), o, std::max(o, c), std::min(o, c), c, 1e6});
      px = c;
    }
    out.push_back(std::move(b));
  }
  return out;
}

TEST(Sweep, RanksRunsInParallelAndWalksForward) {
  auto market = Market();
  std::vector<const BarSeries*> data{&market[0], &market[1]};
  const toml::table root = toml::parse(R"(
[strategy]
name = "sma_crossover"
sizing = "percent_equity"
fraction = 0.4
)");
  const toml::table grid_file = toml::parse(R"(
[grid]
"strategy.fast" = [3, 8, 40]
"strategy.slow" = [20, 30]
[sweep]
rank_by = "total_return"
[walk_forward]
train_days = 400
test_days = 200
)");
  auto axes = ParseGrid(grid_file);
  ASSERT_TRUE(axes.ok()) << axes.status().ToString();
  auto opts = ParseSweepOptions(grid_file);
  ASSERT_TRUE(opts.ok());
  opts->threads = 2;
  auto par = RunSweep(root, ".", *axes, *opts, data);
  ASSERT_TRUE(par.ok()) << par.status().ToString();
  opts->threads = 1;
  auto ser = RunSweep(root, ".", *axes, *opts, data);
  ASSERT_TRUE(ser.ok());
  ASSERT_EQ(par->rows.size(), 6u);
  // 40/20 and 40/30 are invalid (fast >= slow): reported, ranked last.
  EXPECT_FALSE(par->rows[4].status.ok());
  EXPECT_FALSE(par->rows[5].status.ok());
  for (size_t i = 0; i + 1 < 4; ++i) EXPECT_GE(par->rows[i].metric, par->rows[i + 1].metric);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(par->rows[i].params, ser->rows[i].params);
    EXPECT_EQ(par->rows[i].total_return, ser->rows[i].total_return);  // deterministic
    EXPECT_EQ(par->rows[i].metric, par->rows[i].total_return);
  }
  // Walk-forward: 1500 days, train 400, test 200 -> test windows start at day 400, 600, ...
  ASSERT_EQ(par->windows.size(), 6u);
  EXPECT_EQ(par->windows[0].test_from, (CivilDate{2015, 1, 1}.AddDays(400)));
  for (size_t w = 1; w < par->windows.size(); ++w) {
    EXPECT_EQ(par->windows[w].test_from, par->windows[w - 1].test_to.AddDays(1));
  }
  double chained = 1;
  for (const auto& w : par->windows) chained *= 1 + w.test.total_return;
  EXPECT_NEAR(par->oos_total_return, chained - 1, 1e-12);

  const std::string dir = testing::TempDir() + "/sweep";
  ASSERT_TRUE(WriteSweepOutputs(*par, *opts, dir).ok());
  EXPECT_TRUE(std::filesystem::exists(dir + "/sweep.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/walk_forward.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/sweep.json"));
}

TEST(Sweep, GridErrorsNameTheProblem) {
  auto bad = [](const char* t) {
    auto a = ParseGrid(toml::parse(t));
    return a.ok() ? std::string("ok") : a.status().message();
  };
  EXPECT_NE(bad("[grid]\n").find("empty"), std::string::npos);
  EXPECT_NE(bad("[grid]\nfast = [1, 2]\n").find("must name a config option"), std::string::npos);
  EXPECT_NE(bad("[grid]\n\"strategy.fast\" = 3\n").find("non-empty array"), std::string::npos);
  auto o = ParseSweepOptions(toml::parse("[sweep]\nrank_by = \"luck\"\n"));
  EXPECT_NE(o.status().message().find("sweep.rank_by"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
