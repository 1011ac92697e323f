#include "tradelet/forecast/diagnostics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tradelet/forecast/flags.h"

namespace tradelet::forecast {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Timestamp Day(int64_t d) { return *ParseTimestamp("2021-01-01T00:00:00Z") + days(d); }

TEST(CutoffsTest, FollowProphetsRule) {
  std::vector<Timestamp> ds;
  for (int d = 0; d < 100; ++d) ds.push_back(Day(d));
  auto c = GenerateCutoffs(ds, days(10), days(5), days(30));
  ASSERT_TRUE(c.ok());
  // From day 89 back by 5 while >= day 30; the last one (day 29) is dropped.
  ASSERT_EQ(c->size(), 12u);
  EXPECT_EQ(c->front(), Day(34));
  EXPECT_EQ(c->back(), Day(89));
  EXPECT_FALSE(GenerateCutoffs(ds, days(200), days(5), days(30)).ok());
  EXPECT_THAT(GenerateCutoffs(ds, days(10), days(5), days(95)).status().message(),
              HasSubstr("initial window"));
}

TEST(CutoffsTest, SkipBackOverGaps) {
  std::vector<Timestamp> ds;
  for (int d = 0; d < 40; ++d) ds.push_back(Day(d));
  for (int d = 70; d < 100; ++d) ds.push_back(Day(d));  // a 30-day hole
  auto c = GenerateCutoffs(ds, days(10), days(10), days(10));
  ASSERT_TRUE(c.ok());
  // No cutoff may leave its horizon empty.
  for (Timestamp cut : *c) {
    bool any = false;
    for (Timestamp t : ds) any |= t > cut && t <= cut + days(10);
    EXPECT_TRUE(any) << FormatTimestamp(cut);
  }
}

TEST(PerformanceMetricsTest, WindowedMeanMatchesProphet) {
  CrossValidationResult cv;
  // Horizons 1, 1, 2, 2 days; errors 1, 2, 3, 4 (y = 10 + e, yhat = 10).
  const double err[] = {1, 2, 3, 4};
  const int h[] = {1, 1, 2, 2};
  for (int i = 0; i < 4; ++i) {
    cv.cutoff.push_back(Day(0));
    cv.ds.push_back(Day(h[i]));
    cv.y.push_back(10 + err[i]);
    cv.yhat.push_back(10);
    cv.yhat_lower.push_back(9);
    cv.yhat_upper.push_back(12.5);
  }
  auto m = ComputePerformanceMetrics(cv, {"mae", "mse", "coverage"}, 0.5);  // w = 2
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->horizon.size(), 2u);
  EXPECT_DOUBLE_EQ(m->metrics[0].second[0], 1.5);
  EXPECT_DOUBLE_EQ(m->metrics[0].second[1], 3.5);
  EXPECT_DOUBLE_EQ(m->metrics[1].second[1], (9 + 16) / 2.0);
  EXPECT_DOUBLE_EQ(m->metrics[2].second[0], 1.0);
  EXPECT_DOUBLE_EQ(m->metrics[2].second[1], 0.0);
  // w = 3: only horizon 2 has 3 points behind it: (1+2+3+4 - (1+2)/2) / 3.
  auto w3 = ComputePerformanceMetrics(cv, {"mae", "mdape"}, 0.75);
  ASSERT_TRUE(w3.ok());
  ASSERT_EQ(w3->horizon.size(), 1u);
  EXPECT_DOUBLE_EQ(w3->metrics[0].second[0], (10 - 1.5) / 3);
  // mdape at h = 2: values {3/13, 4/14} plus the previous row (2/12): median 3/13.
  EXPECT_DOUBLE_EQ(w3->metrics[1].second[0], 3.0 / 13);
  EXPECT_FALSE(ComputePerformanceMetrics(cv, {"r2"}).ok());
}

TEST(PerformanceMetricsTest, DropsWhatDoesNotApplyAsProphet10) {
  CrossValidationResult cv;
  for (int i = 0; i < 6; ++i) {
    cv.cutoff.push_back(Day(0));
    cv.ds.push_back(Day(1 + i / 2));
    cv.y.push_back(i == 3 ? 0.0 : 1.0 + i);  // one zero: mape/mdape would be inf
    cv.yhat.push_back(1.5 + i);
  }
  // No intervals and a zero y: listed mape, mdape and coverage are all dropped.
  auto m = ComputePerformanceMetrics(cv, {"mape", "mae", "mdape", "coverage"}, 0.1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->metrics.size(), 1u);
  EXPECT_EQ(m->metrics[0].first, "mae");
  for (double v : m->metrics[0].second) EXPECT_TRUE(std::isfinite(v));
  EXPECT_THAT(m->dropped, ElementsAre("coverage", "mape", "mdape"));
  EXPECT_EQ(m->ToCsv().find("mape"), std::string::npos);
  // Defaults drop the same three.
  auto d = ComputePerformanceMetrics(cv);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->metrics.size(), 4u);  // mse, rmse, mae, smape
  // Nothing left: an error that says why.
  auto none = ComputePerformanceMetrics(cv, {"mape", "coverage"});
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), HasSubstr("no metric left"));
  EXPECT_THAT(none.status().message(), HasSubstr("min |y| = 0 < 1e-8"));
  EXPECT_THAT(none.status().message(), HasSubstr("no yhat_lower/yhat_upper"));
  EXPECT_THAT(ComputePerformanceMetrics(cv, {"mae", "mae"}).status().message(),
              HasSubstr("listed twice"));
  // A y just above the threshold keeps mape.
  cv.y[3] = 1e-7;
  auto kept = ComputePerformanceMetrics(cv, {"mape"});
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->dropped.empty());
}

TEST(CrossValidationTest, RefitsAtEveryCutoff) {
  Frame f;
  for (int d = 0; d < 120; ++d) {
    f.ds.push_back(Day(d));
    f.y.push_back(5 + 0.1 * d + std::sin(d * 0.9));
  }
  ProphetOptions o;
  o.uncertainty_samples = 50;
  Prophet m(o);
  ASSERT_TRUE(m.Fit(f).ok());
  CrossValidationOptions cvo;
  cvo.horizon = days(10);
  auto cv = CrossValidation(m, cvo);
  ASSERT_TRUE(cv.ok()) << cv.status().ToString();
  EXPECT_FALSE(cv->cutoffs.empty());
  for (size_t i = 0; i < cv->ds.size(); ++i) {
    EXPECT_GT(cv->ds[i], cv->cutoff[i]);
    EXPECT_LE(cv->ds[i], cv->cutoff[i] + days(10));
    EXPECT_NEAR(cv->yhat[i], cv->y[i], 2.0);
  }
  auto pm = ComputePerformanceMetrics(*cv);
  ASSERT_TRUE(pm.ok());
  EXPECT_EQ(pm->metrics.size(), 7u);
  EXPECT_THAT(pm->ToCsv(), HasSubstr("horizon,mse,rmse,mae,mape,mdape,smape,coverage"));
}

TEST(FlagsTest, OptionsAndHolidays) {
  ProphetFlags f;
  f.growth = "logistic";
  f.yearly_seasonality = "5";
  f.algorithm = "exact";
  auto o = OptionsFromFlags(f);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->growth, Growth::kLogistic);
  EXPECT_EQ(o->yearly_seasonality.order, 5);
  f.weekly_seasonality = "sometimes";
  EXPECT_THAT(OptionsFromFlags(f).status().message(), HasSubstr("--weekly-seasonality"));
  auto h = ParseHolidaysCsv(
      "holiday,ds,lower_window,upper_window\n\"a\",2020-01-01,-1,2\nb,2020-02-01,0,0\n", "h.csv");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].name, "a");
  EXPECT_EQ((*h)[0].lower_window, -1);
  EXPECT_EQ((*h)[0].upper_window, 2);
  EXPECT_THAT(ParseHolidaysCsv("holiday,ds\na,notadate\n", "h.csv").status().message(),
              HasSubstr("h.csv: line 2, column 'ds'"));
}

}  // namespace
}  // namespace tradelet::forecast
