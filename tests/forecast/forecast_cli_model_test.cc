// End-to-end: the CLI flags that reach the rest of the model (custom seasonalities,
// regressors with future values from the input, explicit changepoints, --no-history,
// --country-holidays, cv --cutoffs) and their errors (exit 3 naming the flag).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tradelet/forecast/frame.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::forecast {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ForecastCliModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::tradelet::testing::TempDir("forecast-cli-model");
    // y = 10 + 0.05 d + 3 x with x in {-1, 0, 1, 2} cycling on a 5-day beat (not weekly);
    // the last 5 rows carry x but no y: the future values of the regressor.
    std::ofstream f(dir_ + "/reg.csv");
    f << "ds,y,x\n";
    for (int d = 0; d < 125; ++d) {
      const double x = (d * 3) % 5 - 1.5;
      f << Day(d) << ",";
      if (d < 120) f << 10 + 0.05 * d + 3 * x + 0.01 * std::sin(d);
      f << "," << x << "\n";
    }
    std::ofstream p(dir_ + "/plain.csv");
    p << "ds,y\n";
    for (int d = 0; d < 400; ++d) p << Day(d) << "," << 20 + 0.01 * d + std::sin(d * 0.897) << "\n";
  }
  static std::string Day(int d) {
    return FormatTimestampForCsv(*ParseTimestamp("2022-01-01T00:00:00Z") + days(d)).substr(0, 10);
  }
  int Run(const std::string& args, std::string* err = nullptr) {
    const std::string cmd = std::string(TRADELET_BIN) + " " + args + " 2>" + dir_ + "/err";
    const int rc = std::system(cmd.c_str());
    if (err) *err = Slurp(dir_ + "/err");
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }
  std::string dir_;
};

TEST_F(ForecastCliModelTest, RegressorFutureValuesComeFromTheInput) {
  const std::string out = dir_ + "/out.csv";
  ASSERT_EQ(Run("forecast --input " + dir_ +
                "/reg.csv --periods 5 --freq day --regressor x "
                "--uncertainty-samples 0 --output " +
                out),
            0);
  auto fc = ParseFrameCsv(Slurp(out), false, out);
  ASSERT_TRUE(fc.ok()) << fc.status().ToString();
  ASSERT_EQ(fc->size(), 125u);  // 120 history rows + the 5 input rows without y
  const auto* yhat = fc->Column("yhat");
  const auto* xcol = fc->Column("x");  // the regressor's component
  ASSERT_NE(yhat, nullptr);
  ASSERT_NE(xcol, nullptr);
  for (int d = 120; d < 125; ++d) {
    const double x = (d * 3) % 5 - 1.5;
    EXPECT_NEAR((*yhat)[d], 10 + 0.05 * d + 3 * x, 0.3) << d;
    EXPECT_NEAR((*xcol)[d], 3 * (x - 0.5), 0.3) << d;  // standardized: centred on mean x
  }
  // A forecast row without an input row is an error naming it.
  std::string err;
  EXPECT_EQ(Run("forecast --input " + dir_ +
                    "/reg.csv --periods 6 --freq day --regressor x "
                    "--output " +
                    out,
                &err),
            3);
  EXPECT_THAT(err, HasSubstr("column 'x' has no value for the forecast row 2022-05-06"));
  EXPECT_EQ(
      Run("forecast --input " + dir_ + "/reg.csv --periods 5 --regressor temp --output " + out,
          &err),
      3);
  EXPECT_THAT(err, HasSubstr("no column 'temp'"));
  EXPECT_EQ(Run("forecast --input " + dir_ + "/reg.csv --periods 5 --regressor x:0 --output " + out,
                &err),
            3);
  EXPECT_THAT(err, HasSubstr("--regressor 'x:0'"));
}

TEST_F(ForecastCliModelTest, SeasonalityChangepointsNoHistoryAndCountryHolidays) {
  const std::string out = dir_ + "/out.csv", stats = dir_ + "/s.json";
  ASSERT_EQ(Run("forecast --input " + dir_ +
                "/plain.csv --periods 7 --freq day --no-history "
                "--add-seasonality monthly:30.5:3:5 --changepoints 2022-03-01,2022-06-01 "
                "--country-holidays US --uncertainty-samples 0 --output " +
                out + " --stats-json " + stats),
            0);
  const std::string csv = Slurp(out);
  auto fc = ParseFrameCsv(csv, false, out);
  ASSERT_TRUE(fc.ok()) << fc.status().ToString();
  EXPECT_EQ(fc->size(), 7u);
  EXPECT_NE(fc->Column("monthly"), nullptr);
  EXPECT_NE(fc->Column("Thanksgiving Day"), nullptr);
  EXPECT_NE(fc->Column("holidays"), nullptr);
  EXPECT_THAT(Slurp(stats), HasSubstr("\"changepoints\": 2"));
  std::string err;
  EXPECT_EQ(Run("forecast --input " + dir_ +
                    "/plain.csv --periods 3 --add-seasonality m:0:3 "
                    "--output " +
                    out,
                &err),
            3);
  EXPECT_THAT(err, HasSubstr("--add-seasonality 'm:0:3'"));
  EXPECT_EQ(Run("forecast --input " + dir_ +
                    "/plain.csv --periods 3 --changepoints 2022-13-01 "
                    "--output " +
                    out,
                &err),
            3);
  EXPECT_THAT(err, HasSubstr("--changepoints"));
  EXPECT_EQ(Run("forecast --input " + dir_ +
                    "/plain.csv --periods 3 --country-holidays DE "
                    "--output " +
                    out,
                &err),
            3);
  EXPECT_THAT(err, HasSubstr("--country-holidays"));
}

TEST_F(ForecastCliModelTest, CrossValidationCutoffsAndMetricsThatDoNotApply) {
  // A zero y in the held-out rows: mape and mdape are dropped even when listed.
  std::ofstream f(dir_ + "/zero.csv");
  f << "ds,y\n";
  for (int d = 0; d < 120; ++d)
    f << Day(d) << "," << (d == 95 ? 0.0 : 5 + 0.1 * d + std::sin(d)) << "\n";
  f.close();
  const std::string m = dir_ + "/m.csv", cv = dir_ + "/cv.csv";
  std::string err;
  ASSERT_EQ(Run("forecast cv --input " + dir_ +
                    "/zero.csv --horizon 10d --cutoffs "
                    "2022-03-01,2022-04-01 --metrics mae,mape,mdape --uncertainty-samples 0 "
                    "--output " +
                    cv + " --metrics-output " + m,
                &err),
            0)
      << err;
  EXPECT_EQ(Slurp(m).substr(0, Slurp(m).find('\n')), "horizon,mae");
  EXPECT_THAT(Slurp(m), Not(HasSubstr("nan")));
  EXPECT_THAT(Slurp(m), Not(HasSubstr("inf")));
  EXPECT_THAT(err, HasSubstr("mape (min |y| = 0 < 1e-8)"));
  const std::string rows = Slurp(cv);
  EXPECT_THAT(rows, HasSubstr(",2022-03-01 00:00:00\n"));
  EXPECT_THAT(rows, HasSubstr(",2022-04-01 00:00:00\n"));
  EXPECT_THAT(rows, Not(HasSubstr(",2022-03-15 00:00:00\n")));
  EXPECT_EQ(Run("forecast cv --input " + dir_ +
                    "/zero.csv --horizon 10d --period 20d --metrics mape,coverage "
                    "--uncertainty-samples 0",
                &err),
            3);
  EXPECT_THAT(err, HasSubstr("no metric left"));
  EXPECT_EQ(Run("forecast cv --input " + dir_ + "/zero.csv --horizon 10d --cutoffs 2022-xx", &err),
            3);
  EXPECT_THAT(err, HasSubstr("--cutoffs"));
}

TEST_F(ForecastCliModelTest, FlagsForecastRowsOnWeekdaysTheHistoryNeverHas) {
  // Weekday-only daily closes ending Friday 2021-04-30.
  std::ofstream f(dir_ + "/closes.csv");
  f << "ds,y\n";
  int n = 0;
  for (Timestamp t = *ParseTimestamp("2021-01-04T00:00:00Z");
       t <= *ParseTimestamp("2021-04-30T00:00:00Z"); t = t + days(1)) {
    const Weekday w = LocalDateTime::FromUtc(t).date.weekday();
    if (w == Weekday::kSaturday || w == Weekday::kSunday) continue;
    f << FormatTimestampForCsv(t).substr(0, 10) << "," << 100 + 0.1 * n + std::sin(n) << "\n";
    ++n;
  }
  f.close();
  const std::string out = dir_ + "/out.csv", stats = dir_ + "/s.json";
  std::string err;
  ASSERT_EQ(Run("forecast --input " + dir_ +
                    "/closes.csv --periods 7 --freq day "
                    "--uncertainty-samples 0 --no-history --output " +
                    out + " --stats-json " + stats,
                &err),
            0)
      << err;
  EXPECT_THAT(err, HasSubstr("weekdays the history never contains"));
  EXPECT_THAT(err, HasSubstr("\"weekdays\":\"Sat,Sun\""));
  EXPECT_THAT(Slurp(stats), HasSubstr("\"unobserved_weekdays\": [\"Sat\", \"Sun\"]"));
  EXPECT_THAT(Slurp(stats), HasSubstr("\"rows_on_unobserved_weekdays\": 2}"));
  // NYSE sessions: the 5 rows are Mon 3 .. Fri 7 May 2021, nothing to flag.
  ASSERT_EQ(Run("forecast --input " + dir_ +
                    "/closes.csv --periods 5 --freq nyse "
                    "--uncertainty-samples 0 --no-history --output " +
                    out + " --stats-json " + stats,
                &err),
            0)
      << err;
  EXPECT_THAT(err, Not(HasSubstr("never contains")));
  EXPECT_THAT(Slurp(stats), HasSubstr("\"rows_on_unobserved_weekdays\": 0}"));
  auto fc = ParseFrameCsv(Slurp(out), false, out);
  ASSERT_TRUE(fc.ok());
  ASSERT_EQ(fc->size(), 5u);
  EXPECT_EQ(fc->ds.front(), *ParseTimestamp("2021-05-03T00:00:00Z"));
  EXPECT_EQ(fc->ds.back(), *ParseTimestamp("2021-05-07T00:00:00Z"));
}

}  // namespace
}  // namespace tradelet::forecast
