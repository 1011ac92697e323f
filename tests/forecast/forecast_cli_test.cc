// End-to-end: `tradelet forecast` and `tradelet forecast cv` on generated CSV files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tradelet/forecast/frame.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::forecast {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int RunCli(const std::string& args, std::string* err = nullptr) {
  const std::string dir = ::tradelet::testing::TempDir("cli");
  const std::string cmd = std::string(TRADELET_BIN) + " " + args + " 2>" + dir + "/err";
  const int rc = std::system(cmd.c_str());
  if (err) *err = Slurp(dir + "/err");
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class ForecastCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::tradelet::testing::TempDir("forecast-cli");
    std::ofstream f(dir_ + "/in.csv");
    f << "ds,y\n";
    for (int d = 0; d < 150; ++d) {
      const Timestamp t = *ParseTimestamp("2022-01-01T00:00:00Z") + days(d);
      f << FormatTimestampForCsv(t).substr(0, 10) << "," << 20 + 0.1 * d + std::sin(d * 0.897) << "\n";
    }
  }
  std::string dir_;
};

TEST_F(ForecastCliTest, WritesProphetColumnsStatsAndPlot) {
  const std::string out = dir_ + "/out.csv", stats = dir_ + "/s.json", plot = dir_ + "/p.html";
  ASSERT_EQ(RunCli("forecast --input " + dir_ + "/in.csv --periods 10 --freq day --output " + out +
                " --stats-json " + stats + " --plot " + plot + " --seed 3"),
            0);
  auto fc = ParseFrameCsv(Slurp(out), false, out);
  ASSERT_TRUE(fc.ok()) << fc.status().ToString();
  EXPECT_EQ(fc->size(), 160u);
  EXPECT_THAT(Slurp(out), StartsWith("ds,trend,yhat_lower,yhat_upper,trend_lower,trend_upper,"));
  EXPECT_NE(fc->Column("yhat"), nullptr);
  EXPECT_NE(fc->Column("weekly"), nullptr);
  const std::string js = Slurp(stats);
  EXPECT_THAT(js, HasSubstr("\"fit_seconds\""));
  EXPECT_THAT(js, HasSubstr("\"termination\""));
  EXPECT_THAT(js, HasSubstr("\"iterations\""));
  const std::string html = Slurp(plot);
  EXPECT_THAT(html, HasSubstr("<script id=\"plot-data\""));  // charts drawn by inlined uPlot
  EXPECT_THAT(html, HasSubstr("{\"name\":\"weekly\""));
  EXPECT_EQ(html.find("\"yearly\""), std::string::npos) << "150 days: no yearly panel";
  EXPECT_EQ(html.find("http://cdn"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
}

TEST_F(ForecastCliTest, BadInputExitsWithAClearMessage) {
  std::string err;
  EXPECT_EQ(RunCli("forecast --input " + dir_ + "/in.csv --periods 3 --freq fortnight --output " +
                    dir_ + "/x.csv", &err), 3);
  EXPECT_THAT(err, HasSubstr("unknown frequency 'fortnight'"));
  EXPECT_EQ(RunCli("forecast --input " + dir_ + "/missing.csv --periods 3 --output " + dir_ + "/x.csv",
                &err), 3);
  EXPECT_THAT(err, HasSubstr("cannot open"));
  EXPECT_EQ(RunCli("forecast --input " + dir_ + "/in.csv --periods 3 --growth logistic --output " +
                    dir_ + "/x.csv", &err), 3);
  EXPECT_THAT(err, HasSubstr("cap"));
  EXPECT_EQ(RunCli("forecast --periods 3", &err), 2);
}

TEST_F(ForecastCliTest, CrossValidationPrintsMetrics) {
  const std::string m = dir_ + "/m.csv", cv = dir_ + "/cv.csv";
  ASSERT_EQ(RunCli("forecast cv --input " + dir_ + "/in.csv --horizon 14d --period 14d --initial 90d "
                "--uncertainty-samples 100 --output " + cv + " --metrics-output " + m + " --algorithm exact"),
            0);
  EXPECT_THAT(Slurp(m), StartsWith("horizon,mse,rmse,mae,mape,mdape,smape,coverage\n"));
  EXPECT_THAT(Slurp(cv), StartsWith("ds,yhat,yhat_lower,yhat_upper,y,cutoff\n"));
}

TEST(ForecastCliHelpTest, HelpMentionsUsage) {
  const std::string dir = ::tradelet::testing::TempDir("help");
  ASSERT_EQ(std::system((std::string(TRADELET_BIN) + " forecast --help > " + dir + "/h").c_str()), 0);
  EXPECT_THAT(Slurp(dir + "/h"), HasSubstr("usage"));
  ASSERT_EQ(std::system((std::string(TRADELET_BIN) + " forecast cv --help > " + dir + "/h2").c_str()), 0);
  EXPECT_THAT(Slurp(dir + "/h2"), HasSubstr("usage"));
}

}  // namespace
}  // namespace tradelet::forecast
