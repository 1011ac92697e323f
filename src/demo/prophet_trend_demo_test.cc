// The demo step writes the report and decisions.csv for the sample market's intraday sessions.
#include "tradelet/demo/prophet_trend_demo.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tradelet/testing/shared_data.h"

namespace tradelet {
namespace {

TEST(ProphetTrendDemo, WritesReportAndDecisions) {
  sample::SampleMarketConfig c;
  c.num_symbols = 6;
  c.start = CivilDate{2024, 1, 2};
  c.end = CivilDate{2024, 3, 1};
  c.intraday_sessions = 5;  // includes a Monday and a Wednesday (universe days)
  auto m = sample::GenerateSampleMarket(c);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const std::string dir = testing::TempDir() + "/pt_demo";
  std::string summary;
  Status s = RunProphetTrendDemo(*m, dir, &summary);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(summary.find("prophet_trend on 6 sample symbols"), std::string::npos) << summary;
  for (const char* f : {"report.html", "decisions.csv", "skips.csv", "summary.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  }
  std::ifstream in(dir + "/decisions.csv");
  std::string header, row;
  std::getline(in, header);
  EXPECT_EQ(header, "time,symbol,last,yhat_lower,yhat,yhat_upper,action,target");
  ASSERT_TRUE(std::getline(in, row)) << "no decisions";
  std::stringstream html;
  html << std::ifstream(dir + "/report.html").rdbuf();
  EXPECT_NE(html.str().find("forecast band at each decision"), std::string::npos);

  sample::SampleMarketConfig none = c;
  none.intraday_sessions = 0;
  auto m0 = sample::GenerateSampleMarket(none);
  ASSERT_TRUE(m0.ok());
  EXPECT_FALSE(RunProphetTrendDemo(*m0, dir + "_none").ok());
}

// The live step: the demo's config packaged with this build's tradelet, its bootstrap under
// the Runtime API emulator, the shipped schedules' 25 fire times (09:45..15:45) as Scheduler
// events, the job over HTTP against the paper exchange, orders equal to the backtest's.
TEST(ProphetTrendDemo, LiveSessionOrdersEqualTheBacktests) {
  sample::SampleMarketConfig c;
  c.num_symbols = 6;
  c.start = CivilDate{2024, 1, 2};
  c.end = CivilDate{2024, 3, 1};
  c.intraday_sessions = 5;
  auto m = sample::GenerateSampleMarket(c);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  LiveDemoOptions live;
  live.bootstrap_binary = TRADELET_BINARY;
  live.work_dir = testing::TempDir() + "/pt_live_demo";
  std::string table, summary;
  Status s = RunProphetTrendLiveDemo(*m, live, &table, &summary);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::printf("%s\n%s", summary.c_str(), table.c_str());
  EXPECT_NE(summary.find("25 Scheduler events"), std::string::npos) << summary;
  EXPECT_NE(summary.find("through the Runtime API emulator to the packaged Lambda bootstrap"),
            std::string::npos)
      << summary;
  // The function really ran as a process: its package, task root and log are in the folder.
  for (const char* f : {"function.zip", "task/bootstrap", "bootstrap.log", "journal.sqlite"}) {
    EXPECT_TRUE(std::filesystem::exists(live.work_dir + "/" + f)) << f;
  }
  EXPECT_NE(table.find("| buy "), std::string::npos) << table;
  EXPECT_NE(table.find("| sell "), std::string::npos) << table;
  EXPECT_EQ(table.find("DIFFERS"), std::string::npos) << table;
}

}  // namespace
}  // namespace tradelet
