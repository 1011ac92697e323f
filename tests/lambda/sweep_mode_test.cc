// The packaged bootstrap in `sweep` mode (sweep_handler.h), run as Lambda runs it against the
// Runtime API emulator: N shard invocations, each response saved as DIR_K/shard.json and merged
// by `tradelet sweep merge`, equal the one-machine `tradelet sweep` sweep.csv byte for byte.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lambda/subprocess.h"
#include "lambda/testing/runtime_api_emulator.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::lambda {
namespace {
namespace fs = std::filesystem;
using internal::RunCommand;
using std::chrono::milliseconds;
using testing::EmulatedOutcome;
using testing::LambdaSandbox;
using testing::RuntimeApiEmulator;
using json = nlohmann::json;

constexpr char kGrid[] =
    "[grid]\n\"strategy.fast\" = [5, 10, 20, 50]\n\"strategy.slow\" = [30, 100]\n"
    "[sweep]\nthreads = 1\n";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void RunOk(const std::vector<std::string>& argv) {
  auto out = RunCommand(argv);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->exit_code, 0) << argv[1] << ": " << out->out;
}

class SweepModeTest : public ::testing::Test {
 protected:
  // Packaged once: the package's own config is a live one (the packager checks it); the
  // sweep's config ships inside the package under sweep/, the data (as on EFS) is a path.
  static void SetUpTestSuite() {
    dir_ = new std::string(::tradelet::testing::TempDir("lambda-sweep"));
    task_ = new std::string(*dir_ + "/task");
    std::ofstream(*dir_ + "/trend.toml")
        << "name = \"trend\"\n[live]\nstrategy_id = \"trend\"\nsymbols = [\"SPY\"]\n"
           "[strategy]\nname = \"sma_crossover\"\n";
    ASSERT_NO_FATAL_FAILURE(
        RunOk({TRADELET_BINARY, "package", "lambda", "--config", *dir_ + "/trend.toml", "-o",
               *dir_ + "/function.zip", "--task-root", *task_, "--max-mb", "50"}));
    fs::create_directories(*task_ + "/sweep");
    ASSERT_NO_FATAL_FAILURE(RunOk({"unzip", "-q", *dir_ + "/function.zip", "-d", *task_}));
    std::ofstream(*task_ + "/sweep/sma.toml")
        << "[strategy]\nname = \"sma_crossover\"\n[backtest]\ninitial_cash = 100000\n";
    std::ofstream(*dir_ + "/grid.toml") << kGrid;
  }

  void SetUp() override {
    // The 4 sample stocks, 1999-2021 (read where they are, as a function reads EFS).
    auto data =
        ::tradelet::testing::SharedPath("data/daily/sp500_alphavantage_1999-2021/sample_plain");
    if (!data) {
      GTEST_SKIP() << "shared data absent: " << ::tradelet::testing::SharedRoot()
                   << "/data/daily/sp500_alphavantage_1999-2021/sample_plain (set TRADELET_SHARED)";
    }
    data_ = *data;
    dir_ref_ = *dir_;
    ASSERT_TRUE(api_.Start().ok());
  }

  std::string Event(int k, int n) const {
    json e{{"mode", "sweep"},
           {"config", "sweep/sma.toml"},
           {"grid_toml", kGrid},
           {"shard", std::to_string(k) + "/" + std::to_string(n)},
           {"data", data_}};
    return e.dump();
  }

  static std::string* dir_;
  static std::string* task_;
  std::string dir_ref_, data_;
  RuntimeApiEmulator api_;
};
std::string* SweepModeTest::dir_ = nullptr;
std::string* SweepModeTest::task_ = nullptr;

TEST_F(SweepModeTest, ShardInvocationsMergeToTheOneMachineSweep) {
  ASSERT_NO_FATAL_FAILURE(
      RunOk({TRADELET_BINARY, "sweep", "--config", *task_ + "/sweep/sma.toml", "--grid",
             dir_ref_ + "/grid.toml", "--data", data_, "--out", dir_ref_ + "/one"}));
  const std::string want = ReadAll(dir_ref_ + "/one/sweep.csv");
  ASSERT_GT(want.size(), 100u);

  const std::string log = dir_ref_ + "/bootstrap.log";
  LambdaSandbox box(&api_, {*task_ + "/bootstrap",
                            *task_,
                            log,
                            {{"TRADELET_LAMBDA_RUNNER", "probe"}, {"TMPDIR", dir_ref_}}});
  ASSERT_TRUE(box.StartProcess().ok());
  constexpr int kShards = 3;
  std::vector<std::string> merge = {TRADELET_BINARY, "sweep", "merge", "--out",
                                    dir_ref_ + "/merged"};
  size_t rows = 0;
  for (int k = 0; k < kShards; ++k) {
    auto r = box.Invoke(Event(k, kShards), milliseconds(60000));
    ASSERT_TRUE(r.outcome.has_value()) << ReadAll(log);
    ASSERT_EQ(r.outcome->kind, EmulatedOutcome::Kind::kResponse) << r.outcome->body;
    const json shard = json::parse(r.outcome->body);
    EXPECT_EQ(shard["shard"], k);
    EXPECT_EQ(shard["shards"], kShards);
    EXPECT_EQ(shard["combinations"], 8);
    rows += shard["rows"].size();
    // The numbers docs/scale.md quotes: the invocation's round trip and the sweep inside it.
    std::printf("sweep-mode shard %d/%d: %zu rows, invocation %.1f ms, sweep %.1f ms\n", k, kShards,
                shard["rows"].size(), r.elapsed_ms, shard["seconds"].get<double>() * 1000);
    const std::string out = dir_ref_ + "/s" + std::to_string(k);
    fs::create_directories(out);
    std::ofstream(out + "/shard.json", std::ios::binary) << r.outcome->body;
    merge.push_back(out);
  }
  EXPECT_EQ(rows, 8u);
  ASSERT_NO_FATAL_FAILURE(RunOk(merge));
  EXPECT_EQ(ReadAll(dir_ref_ + "/merged/sweep.csv"), want);
  // The scratch folders of the shards are gone.
  for (const auto& entry : fs::directory_iterator(dir_ref_)) {
    EXPECT_EQ(entry.path().filename().string().rfind("tradelet-sweep-", 0), std::string::npos)
        << entry.path();
  }
}

TEST_F(SweepModeTest, BadSweepEventsAreErrorsAndScheduledEventsStillRun) {
  LambdaSandbox box(&api_, {*task_ + "/bootstrap",
                            *task_,
                            dir_ref_ + "/bad.log",
                            {{"TRADELET_LAMBDA_RUNNER", "probe"}, {"TMPDIR", dir_ref_}}});
  ASSERT_TRUE(box.StartProcess().ok());
  auto error_of = [&](const std::string& event) -> std::string {
    auto r = box.Invoke(event, milliseconds(30000));
    if (!r.outcome || r.outcome->kind != EmulatedOutcome::Kind::kError) return "no error";
    return r.outcome->error_type + ": " +
           json::parse(r.outcome->body)["errorMessage"].get<std::string>();
  };
  json e = json::parse(Event(3, 3));
  EXPECT_NE(
      error_of(e.dump()).find("INVALID_ARGUMENT: event: $.shard: --shard: K = 3 is outside [0, 3)"),
      std::string::npos)
      << error_of(e.dump());
  e["shard"] = "0/2";
  e["config"] = "sweep/missing.toml";
  EXPECT_NE(error_of(e.dump()).find(*task_ + "/sweep/missing.toml: cannot open"),
            std::string::npos);
  e["config"] = "sweep/sma.toml";
  e["grid_toml"] = "[grid]\n\"strategy.fast\" = = 1\n";
  EXPECT_NE(error_of(e.dump()).find("event $.grid_toml:2:"), std::string::npos);
  e.erase("grid_toml");
  EXPECT_NE(error_of(e.dump()).find("exactly one of $.grid"), std::string::npos);
  // Not a sweep event: the scheduled handler (probe runner) answers as before.
  auto probe =
      box.Invoke(R"({"source":"scheduler","scheduled_time":"2024-03-11T13:45:00Z","attempt":"1"})",
                 milliseconds(10000));
  ASSERT_TRUE(probe.outcome.has_value());
  ASSERT_EQ(probe.outcome->kind, EmulatedOutcome::Kind::kResponse) << probe.outcome->body;
  EXPECT_EQ(json::parse(probe.outcome->body)["report"]["mode"], "probe");
}

}  // namespace
}  // namespace tradelet::lambda
