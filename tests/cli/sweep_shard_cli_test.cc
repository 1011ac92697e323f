// `tradelet sweep --shard K/N` and `tradelet sweep merge` as a user runs them: N shard runs of
// the binary on the sample market, merged, equal the one-machine sweep.csv byte for byte.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_cli.h"

namespace {

using Ran = tradelet::cli_test::Outcome;

Ran Cli(const std::string& args) { return tradelet::cli_test::RunCli(args); }

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

TEST(CliSweepShard, ShardRunsMergeToTheOneMachineSweep) {
  const std::string dir = testing::TempDir() + "/cli_sweep_shard";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Ran demo = Cli("demo --symbols 4 --out " + dir + "/demo");
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  std::ofstream(dir + "/sma.toml") << "[strategy]\nname = \"sma_crossover\"\n"
                                      "[backtest]\ninitial_cash = 100000\n";
  std::ofstream(dir + "/grid.toml") << "[grid]\n\"strategy.fast\" = [5, 10, 20, 50]\n"
                                       "\"strategy.slow\" = [30, 100]\n[sweep]\nthreads = 1\n";
  const std::string common = "--config " + dir + "/sma.toml --grid " + dir + "/grid.toml --data " +
                             dir + "/demo/market/daily";
  Ran one = Cli("sweep " + common + " --out " + dir + "/one");
  ASSERT_EQ(one.exit_code, 0) << one.out;
  std::string shards;
  for (int k = 0; k < 3; ++k) {
    Ran r = Cli("sweep " + common + " --shard " + std::to_string(k) + "/3 --out " + dir + "/s" +
                std::to_string(k));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    shards += " " + dir + "/s" + std::to_string(k);
  }
  Ran merged = Cli("sweep merge --out " + dir + "/merged" + shards);
  ASSERT_EQ(merged.exit_code, 0) << merged.out;
  const std::string want = Slurp(dir + "/one/sweep.csv");
  ASSERT_GT(want.size(), 100u);
  EXPECT_EQ(Slurp(dir + "/merged/sweep.csv"), want);

  // auto/N reads the array index of AWS Batch (or a Kubernetes indexed job).
  Ran unset = Cli("sweep " + common + " --shard auto/3 --out " + dir + "/b1");
  EXPECT_EQ(unset.exit_code, 3) << unset.out;
  EXPECT_NE(unset.out.find("AWS_BATCH_JOB_ARRAY_INDEX"), std::string::npos) << unset.out;
  Ran batch =
      Cli("sweep " + common + " --shard auto/3 --out " + dir + "/b1 AWS_BATCH_JOB_ARRAY_INDEX=1");
  EXPECT_EQ(batch.exit_code, 2) << batch.out;  // not an argument: it is read from the environment
  setenv("AWS_BATCH_JOB_ARRAY_INDEX", "1", 1);
  batch = Cli("sweep " + common + " --shard auto/3 --out " + dir + "/b1");
  unsetenv("AWS_BATCH_JOB_ARRAY_INDEX");
  ASSERT_EQ(batch.exit_code, 0) << batch.out;
  Ran with_auto =
      Cli("sweep merge --out " + dir + "/m1 " + dir + "/s0 " + dir + "/b1 " + dir + "/s2");
  ASSERT_EQ(with_auto.exit_code, 0) << with_auto.out;
  EXPECT_EQ(Slurp(dir + "/m1/sweep.csv"), want);

  // Missing and repeated shards are errors naming them.
  Ran missing = Cli("sweep merge --out " + dir + "/m2 " + dir + "/s0 " + dir + "/s2");
  EXPECT_EQ(missing.exit_code, 3) << missing.out;
  EXPECT_NE(missing.out.find("missing shard(s) 1 of 3"), std::string::npos) << missing.out;
  Ran twice = Cli("sweep merge --out " + dir + "/m3" + shards + " " + dir + "/b1");
  EXPECT_EQ(twice.exit_code, 3) << twice.out;
  EXPECT_NE(twice.out.find("shard 1 given twice"), std::string::npos) << twice.out;
  Ran bad = Cli("sweep " + common + " --shard 3/3 --out " + dir + "/x");
  EXPECT_EQ(bad.exit_code, 3) << bad.out;
}

}  // namespace
