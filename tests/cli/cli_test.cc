// The CLI contract of DESIGN.md: every subcommand is registered and answers --help; unknown
// commands are usage errors.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_cli.h"

namespace {

using tradelet::cli_test::Outcome;
using tradelet::cli_test::RunCli;

TEST(CliTest, TopLevelHelpListsEveryCommand) {
  Outcome o = RunCli("--help");
  EXPECT_EQ(o.exit_code, 0);
  for (const char* c : {"forecast", "backtest", "sweep", "run", "serve", "paper-exchange", "data",
                        "calendar", "cron", "package", "demo"}) {
    EXPECT_NE(o.out.find(std::string("  ") + c + " "), std::string::npos) << c << "\n" << o.out;
  }
}

TEST(CliTest, EveryCommandHasHelp) {
  for (const char* c : {"forecast", "backtest", "sweep", "run", "serve", "paper-exchange", "data",
                        "calendar", "cron", "package", "demo"}) {
    Outcome o = RunCli(std::string(c) + " --help");
    EXPECT_EQ(o.exit_code, 0) << c << ": " << o.out;
    std::string lower = o.out;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(lower.find("usage"), std::string::npos) << c << ": " << o.out;
  }
}

TEST(CliTest, UnknownCommandIsAUsageError) {
  Outcome o = RunCli("frobnicate");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(RunCli("").exit_code, 2);
}

// Output files go into folders that need not exist yet, as `backtest --out` does: `forecast
// --output out/x/f.csv --plot ...` on a fresh checkout writes them instead of failing (exit 3)
// after the fit.
TEST(CliTest, ForecastCreatesTheFoldersOfItsOutputs) {
  char tmpl[] = "/tmp/tradelet-cli-out-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string d = tmpl;
  {
    std::ofstream f(d + "/f.csv");
    f << "ds,y\n";
    for (int i = 1; i <= 30; ++i)
      f << "2024-01-" << (i < 10 ? "0" : "") << i << "," << i % 7 + i << "\n";
  }
  const Outcome o =
      RunCli("forecast --input " + d + "/f.csv --periods 3 --freq day --output " + d +
             "/out/a/f.csv --plot " + d + "/out/b/p.html --stats-json " + d + "/out/c/s.json");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  for (const char* f : {"/out/a/f.csv", "/out/b/p.html", "/out/c/s.json"}) {
    EXPECT_TRUE(std::filesystem::exists(d + f)) << f;
  }
  const Outcome cv =
      RunCli("forecast cv --input " + d + "/f.csv --horizon 3d --initial 20d " +
             "--period 3d --output " + d + "/cv/a/cv.csv --metrics-output " + d + "/cv/b/m.csv");
  EXPECT_EQ(cv.exit_code, 0) << cv.out;
  EXPECT_TRUE(std::filesystem::exists(d + "/cv/a/cv.csv"));
  EXPECT_TRUE(std::filesystem::exists(d + "/cv/b/m.csv"));
  std::filesystem::remove_all(d);
}

// `run`, `serve` and `package lambda` check the whole live configuration up front (one
// function, live_check.h) and refuse with exit 3 naming the key.
std::string TempConfigDir() {
  char tmpl[] = "/tmp/tradelet-cli-live-XXXXXX";
  const char* d = mkdtemp(tmpl);
  return d ? d : "/tmp";
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

constexpr char kTrendLive[] =
    "[live]\nstrategy_id = \"pt\"\nsymbols = [\"SPY\"]\ntimeframe = \"15Min\"\n"
    "[strategy]\nname = \"prophet_trend\"\n";

TEST(CliLiveCheck, RunRefusesAConfigThatCannotRunLive) {
  const std::string dir = TempConfigDir();
  Write(dir + "/nolive.toml", "[strategy]\nname = \"prophet_trend\"\n");
  Outcome o = RunCli("run --config " + dir + "/nolive.toml --dry-run");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("nolive.toml: missing [live] table"), std::string::npos) << o.out;
  Write(dir + "/tf.toml", kTrendLive);
  o = RunCli("run --config " + dir + "/tf.toml --dry-run");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("tf.toml: live.timeframe"), std::string::npos) << o.out;
  std::filesystem::remove_all(dir);
}

// Every strategy registers itself from its own file (strategy/registry.h); the binary must hold
// all of them (a registration the linker dropped would be missing from the list), and an
// unknown name is bad input naming the registered ones.
TEST(CliStrategyRegistry, UnknownNameListsEveryRegisteredStrategy) {
  const std::string dir = TempConfigDir();
  Write(dir + "/nope.toml",
        "[live]\nstrategy_id = \"pt\"\nsymbols = [\"SPY\"]\n[strategy]\nname = \"nope\"\n");
  Outcome o = RunCli("run --config " + dir + "/nope.toml --dry-run");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  const size_t known = o.out.find("strategy.name: unknown strategy 'nope' (known: ");
  ASSERT_NE(known, std::string::npos) << o.out;
  for (const char* name : {"buy_and_hold", "prophet_trend", "rsi_reversion", "sma_crossover"}) {
    EXPECT_NE(o.out.find(name, known), std::string::npos) << name << "\n" << o.out;
  }
  std::filesystem::remove_all(dir);
}

TEST(CliLiveCheck, PackageLambdaShipsNothingThatFailsEveryCall) {
  const std::string dir = TempConfigDir();
  Write(dir + "/rel.toml",
        "[live]\nstrategy_id = \"pt\"\nsymbols = [\"SPY\"]\njournal = \"runs.sqlite\"\n"
        "[strategy]\nname = \"prophet_trend\"\n");
  Outcome o = RunCli("package lambda --config " + dir + "/rel.toml -o " + dir + "/f.zip");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("live.journal"), std::string::npos) << o.out;
  Write(dir + "/tf.toml", kTrendLive);
  o = RunCli("package lambda --config " + dir + "/tf.toml -o " + dir + "/f.zip");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("live.timeframe"), std::string::npos) << o.out;
  Write(dir + "/nolive.toml", "name = \"x\"\n");
  o = RunCli("package lambda --config " + dir + "/nolive.toml -o " + dir + "/f.zip");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("missing [live] table"), std::string::npos) << o.out;
  EXPECT_FALSE(std::filesystem::exists(dir + "/f.zip"));
  std::filesystem::remove_all(dir);
}

TEST(CliLiveCheck, ServeChecksEveryLiveEntryOfTheFleet) {
  const std::string dir = TempConfigDir();
  Write(dir + "/ok.toml",
        "[live]\nstrategy_id = \"pt\"\nsymbols = [\"SPY\"]\n[strategy]\nname = "
        "\"prophet_trend\"\n");
  Write(dir + "/tf.toml", kTrendLive);
  Write(dir + "/fleet.toml",
        "[[strategy]]\nname = \"good\"\nconfig = \"ok.toml\"\n"
        "schedule = \"cron(0/15 10-15 ? * MON-FRI *)\"\n"
        "[[strategy]]\nname = \"late\"\nconfig = \"tf.toml\"\n"
        "schedule = \"cron(0/15 10-15 ? * MON-FRI *)\"\n");
  Outcome o = RunCli("serve --fleet " + dir + "/fleet.toml --until 2000-01-01T00:00:00Z");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("strategy 'late'"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("live.timeframe"), std::string::npos) << o.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
