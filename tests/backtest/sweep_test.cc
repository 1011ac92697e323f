// Sweeps: ranking, failed combinations, parallel = serial results, walk-forward windows.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "tradelet/backtest/sweep.h"
#include "tradelet/backtest/sweep_shard.h"
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


std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

// A 12-combination grid with invalid combinations (fast >= slow) among valid ones.
struct ShardFixture {
  std::vector<BarSeries> market = Market();
  std::vector<const BarSeries*> data{&market[0], &market[1]};
  toml::table root = toml::parse("[strategy]\nname = \"sma_crossover\"\n");
  toml::table grid = toml::parse(R"(
[grid]
"strategy.fast" = [3, 8, 25, 40]
"strategy.slow" = [20, 30, 60]
[sweep]
rank_by = "sharpe"
threads = 1
)");
  std::vector<GridAxis> axes = *ParseGrid(grid);
  SweepOptions opts = *ParseSweepOptions(grid);
};

TEST(SweepShard, MergedShardsEqualTheOneMachineSweepByteForByte) {
  ShardFixture f;
  auto whole = RunSweep(f.root, ".", f.axes, f.opts, f.data);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ASSERT_EQ(whole->rows.size(), 12u);
  const std::string base = testing::TempDir() + "/shards";
  std::filesystem::remove_all(base);
  ASSERT_TRUE(WriteSweepOutputs(*whole, f.opts, base + "/one").ok());
  for (int n : {1, 2, 5, 12, 13}) {  // 13 > combinations: one shard is empty
    std::vector<std::string> dirs;
    size_t rows = 0;
    // Given in reverse order: the merge must not depend on it.
    for (int k = n - 1; k >= 0; --k) {
      SweepOptions o = f.opts;
      o.shard_index = k;
      o.shard_count = n;
      auto part = RunSweep(f.root, ".", f.axes, o, f.data);
      ASSERT_TRUE(part.ok()) << part.status().ToString();
      for (const SweepRow& r : part->rows) EXPECT_EQ(r.combination % n, static_cast<size_t>(k));
      rows += part->rows.size();
      const std::string dir = base + "/n" + std::to_string(n) + "k" + std::to_string(k);
      ASSERT_TRUE(WriteSweepShard(*part, o, dir).ok());
      dirs.push_back(dir);
    }
    EXPECT_EQ(rows, 12u);
    SweepOptions mo;
    auto merged = MergeSweepShards(dirs, &mo);
    ASSERT_TRUE(merged.ok()) << merged.status().ToString();
    const std::string out = base + "/merged" + std::to_string(n);
    ASSERT_TRUE(WriteSweepOutputs(*merged, mo, out).ok());
    const std::string want = Slurp(base + "/one/sweep.csv");
    EXPECT_NE(want.find("error"), std::string::npos);
    EXPECT_GT(std::count(want.begin(), want.end(), '\n'), 12);
    EXPECT_EQ(Slurp(out + "/sweep.csv"), want) << "n = " << n;
  }
}

TEST(SweepShard, MissingDuplicateAndForeignShardsAreNamed) {
  ShardFixture f;
  const std::string base = testing::TempDir() + "/shards_bad";
  std::filesystem::remove_all(base);
  auto run = [&](int k, int n, const std::string& dir, const char* rank_by = "sharpe") {
    SweepOptions o = f.opts;
    o.shard_index = k;
    o.shard_count = n;
    o.rank_by = rank_by;
    auto part = RunSweep(f.root, ".", f.axes, o, f.data);
    ASSERT_TRUE(part.ok());
    ASSERT_TRUE(WriteSweepShard(*part, o, base + "/" + dir).ok());
  };
  run(0, 3, "a");
  run(1, 3, "b");
  run(2, 3, "c");
  run(1, 3, "b_again");
  run(2, 3, "c_cagr", "cagr");
  auto err = [&](std::vector<std::string> names) {
    for (auto& d : names) d = base + "/" + d;
    SweepOptions o;
    auto m = MergeSweepShards(names, &o);
    return m.ok() ? std::string("ok") : m.status().message();
  };
  EXPECT_EQ(err({"a", "b", "c"}), "ok");
  EXPECT_NE(err({"a", "c"}).find("missing shard(s) 1 of 3"), std::string::npos);
  const std::string dup = err({"a", "b", "b_again", "c"});
  EXPECT_NE(dup.find("shard 1 given twice"), std::string::npos) << dup;
  EXPECT_NE(dup.find("b_again"), std::string::npos) << dup;
  EXPECT_NE(err({"a", "b", "c_cagr"}).find("another grid"), std::string::npos);
  EXPECT_NE(err({"a", "b", "nowhere"}).find("nowhere/shard.json: cannot read"),
            std::string::npos);
  {  // a row moved to a shard it does not belong to
    std::string text = Slurp(base + "/b/shard.json");
    const size_t at = text.find("\"combination\": 1,");
    ASSERT_NE(at, std::string::npos) << text.substr(0, 400);
    text.replace(at, 17, "\"combination\": 2,");
    std::ofstream(base + "/b/shard.json") << text;
    EXPECT_NE(err({"a", "b", "c"}).find("does not belong to shard 1/3"), std::string::npos);
  }
  std::ofstream(base + "/a/shard.json") << "{";
  EXPECT_NE(err({"a", "b", "c"}).find("not valid JSON"), std::string::npos);
  // Walk-forward is not sharded.
  SweepOptions o = f.opts;
  o.walk_forward = true;
  o.shard_count = 2;
  auto wf = RunSweep(f.root, ".", f.axes, o, f.data);
  EXPECT_FALSE(wf.ok());
}

TEST(SweepShard, ShardSpecs) {
  std::map<std::string, std::string> env;
  auto get = [&](const char* n) -> std::optional<std::string> {
    auto it = env.find(n);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto spec = [&](const char* s) {
    auto r = ParseShardSpec(s, get);
    return r.ok() ? std::to_string(r->first) + "/" + std::to_string(r->second)
                  : "error: " + r.status().message();
  };
  EXPECT_EQ(spec("0/1"), "0/1");
  EXPECT_EQ(spec("3/8"), "3/8");
  EXPECT_NE(spec("8/8").find("outside [0, 8)"), std::string::npos);
  EXPECT_NE(spec("-1/8").find("outside"), std::string::npos);
  EXPECT_NE(spec("1/0").find("N must be"), std::string::npos);
  EXPECT_NE(spec("x/2").find("not a whole number"), std::string::npos);
  EXPECT_NE(spec("2").find("want K/N"), std::string::npos);
  EXPECT_NE(spec("1/2/3").find("not a whole number"), std::string::npos);
  EXPECT_NE(spec("auto/4").find("neither AWS_BATCH_JOB_ARRAY_INDEX"), std::string::npos);
  env["JOB_COMPLETION_INDEX"] = "2";
  EXPECT_EQ(spec("auto/4"), "2/4");
  env["AWS_BATCH_JOB_ARRAY_INDEX"] = "1";  // AWS Batch first
  EXPECT_EQ(spec("auto/4"), "1/4");
  env["AWS_BATCH_JOB_ARRAY_INDEX"] = "9";
  EXPECT_NE(spec("auto/4").find("AWS_BATCH_JOB_ARRAY_INDEX = 9 is outside"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
