// The real week of examples/prophet_trend_intraday.toml for the live tests of issue 16: the
// shared bars, the example's broker settings, its text, and one live run of a slot in process.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_fixture.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/paper/paper_data.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::live::e2e {

inline constexpr char kExample[] = TRADELET_SOURCE_DIR "/examples/prophet_trend_intraday.toml";
inline constexpr char kFolder[] = "data/intraday/alphavantage_2019-02-11_15";

class WeekFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    TL_REQUIRE_SHARED(dir, kFolder);
    dir_ = dir;
    auto bars = LoadPaperBarsFromDir(dir_);
    ASSERT_TRUE(bars.ok()) << bars.status().ToString();
    bars_ = std::move(*bars);
    auto root = ReadTomlFile(kExample);
    ASSERT_TRUE(root.ok());
    root->erase("live");
    auto bcfg = ParseBacktestConfig(*root, ".");
    ASSERT_TRUE(bcfg.ok()) << bcfg.status().ToString();
    broker_ = bcfg->broker;
    std::ifstream in(kExample);
    std::stringstream ss;
    ss << in.rdbuf();
    example_ = ss.str();
  }

  // The example with its journal in `folder` and `extra` appended; returns the file's path.
  std::string WriteExample(const std::string& folder, const std::string& extra = "") {
    const std::string path = folder + "/pt.toml";
    std::ofstream(path) << std::regex_replace(example_, std::regex("journal = \"[^\"]*\""),
                                              "journal = \"" + folder + "/journal.sqlite\"")
                        << extra;
    return path;
  }

  // One in-process run of `slot` with the config at `path` against `server`, on `clock`.
  JobReport RunIn(const PaperServer& server, SimulatedClock& clock, const std::string& path,
                  Timestamp slot) {
    auto config = LoadLiveConfig(path);
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    if (!config.ok()) return JobReport();
    JobServices services;
    services.trading =
        alpaca::AlpacaTradingOptions{server.base_url(), "k", "s", std::chrono::seconds(10)};
    alpaca::AlpacaDataOptions d;
    d.base_url = server.base_url();
    d.key_id = "k";
    d.secret_key = "s";
    services.data = d;
    services.clock = &clock;
    JobRequest r;
    r.config = *config;
    r.slot = slot;
    auto rep = RunJob(r, services);
    EXPECT_TRUE(rep.ok()) << rep.status().ToString();
    return rep.ok() ? *rep : JobReport();
  }

  std::string dir_, example_;
  std::vector<BarSeries> bars_;
  SimBrokerConfig broker_;
  // Wednesday 2019-02-13, 09:45 New York: the first run of a universe day.
  const Timestamp slot_ = T("2019-02-13T14:45:00Z");
};

}  // namespace tradelet::live::e2e
