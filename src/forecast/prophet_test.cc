#include "tradelet/forecast/prophet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace tradelet::forecast {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Timestamp Day(int64_t d) { return *ParseTimestamp("2020-01-01T00:00:00Z") + days(d); }

// y = 10 + 0.05 d + 2 sin(2 pi d / 7) + noise, daily.
Frame DailySeries(int n, uint32_t seed = 1) {
  Frame f;
  std::mt19937 gen(seed);
  std::normal_distribution<double> noise(0, 0.3);
  for (int d = 0; d < n; ++d) {
    f.ds.push_back(Day(d));
    const double td = static_cast<double>(Day(d).unix_seconds()) / 86400.0;
    f.y.push_back(10 + 0.05 * d + 2 * std::sin(2 * std::numbers::pi * td / 7) + noise(gen));
  }
  return f;
}

TEST(ProphetTest, RecoversTrendAndWeeklySeasonality) {
  ProphetOptions o;
  o.uncertainty_samples = 0;
  o.optimizer.algorithm = Algorithm::kAuto;  // Stan's L-BFGS, as Prophet runs it
  Prophet m(o);
  auto s = m.Fit(DailySeries(200));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->algorithm, Algorithm::kLbfgs);
  EXPECT_NE(s->termination, Termination::kLineSearchFailed);
  EXPECT_GT(s->iterations, 0);
  EXPECT_THAT(m.SeasonalityNames(), ElementsAre("weekly"));
  auto fc = m.Predict();
  ASSERT_TRUE(fc.ok());
  const auto& trend = fc->Get("trend");
  EXPECT_NEAR(trend[150] - trend[50], 0.05 * 100, 0.3);
  const auto& weekly = fc->Get("weekly");
  double max_w = 0;
  for (double v : weekly) max_w = std::max(max_w, v);
  EXPECT_NEAR(max_w, 2.0, 0.2);
  // yhat = trend + additive_terms for an additive model.
  const auto& yhat = fc->Get("yhat");
  const auto& add = fc->Get("additive_terms");
  for (size_t i = 0; i < yhat.size(); ++i) EXPECT_NEAR(yhat[i], trend[i] + add[i], 1e-9);
}

TEST(ProphetTest, OutputColumnsFollowProphet) {
  Prophet m;  // defaults: 1000 samples
  ASSERT_TRUE(m.Fit(DailySeries(60)).ok());
  auto fut = m.MakeFutureDataFrame(5, *Frequency::Parse("day"));
  ASSERT_TRUE(fut.ok());
  auto fc = m.Predict(*fut);
  ASSERT_TRUE(fc.ok());
  std::vector<std::string> names;
  for (const auto& [n, v] : fc->columns) names.push_back(n);
  EXPECT_THAT(names, ElementsAre("trend", "yhat_lower", "yhat_upper", "trend_lower", "trend_upper",
                                 "additive_terms", "additive_terms_lower", "additive_terms_upper",
                                 "multiplicative_terms", "multiplicative_terms_lower",
                                 "multiplicative_terms_upper", "weekly", "weekly_lower",
                                 "weekly_upper", "yhat"));
  EXPECT_EQ(fc->ds.size(), 65u);
  EXPECT_EQ(fc->ds.back(), Day(64));
}

TEST(ProphetTest, SmallSeriesUseNewtonUnderAuto) {
  ProphetOptions o;
  o.optimizer.algorithm = Algorithm::kAuto;
  Prophet m(o);
  auto s = m.Fit(DailySeries(40));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->algorithm, Algorithm::kNewton);
}

TEST(ProphetTest, AutoIsTheDefaultAndExactIsNotWorseThanStan) {
  Prophet stan;  // the default: Stan's run as Prophet does it (L-BFGS for T >= 100)
  auto s = stan.Fit(DailySeries(200));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->algorithm, Algorithm::kLbfgs);
  ProphetOptions eo;
  eo.optimizer.algorithm = Algorithm::kExact;
  Prophet exact(eo);
  auto e = exact.Fit(DailySeries(200));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->algorithm, Algorithm::kExact);
  EXPECT_LE(e->objective, s->objective + 1e-9 * std::fabs(s->objective));
  // The same objective evaluated independently at the exact solution.
  ProphetParams p = exact.params();
  auto f = exact.Objective(p);
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(*f, e->objective, 1e-9 * std::fabs(e->objective));
  // Logistic models: exact runs Stan's L-BFGS (polished) and Newton, both refined; never
  // worse than Stan's own run.
  Frame lf = DailySeries(200);
  lf.cap.assign(lf.size(), 40.0);
  ProphetOptions lo;
  lo.growth = Growth::kLogistic;
  Prophet ls_stan(lo);
  auto lss = ls_stan.Fit(lf);
  ASSERT_TRUE(lss.ok());
  lo.optimizer.algorithm = Algorithm::kExact;
  Prophet lm(lo);
  auto ls = lm.Fit(lf);
  ASSERT_TRUE(ls.ok());
  EXPECT_TRUE(ls->algorithm == Algorithm::kLbfgs || ls->algorithm == Algorithm::kNewton);
  EXPECT_LE(ls->objective, lss->objective + 1e-9 * std::fabs(lss->objective));
}

TEST(ProphetTest, ChangepointsFollowProphetsRule) {
  ProphetOptions o;
  o.uncertainty_samples = 0;
  {
    Prophet m(o);
    Frame f = DailySeries(10);
    ASSERT_TRUE(m.Fit(f).ok());
    // T = 10: hist_size 8, n = 7, rows 1..7.
    std::vector<Timestamp> want;
    for (int d = 1; d <= 7; ++d) want.push_back(Day(d));
    EXPECT_EQ(m.ChangepointTimes(), want);
  }
  {
    Prophet m(o);
    ASSERT_TRUE(m.Fit(DailySeries(3)).ok());
    EXPECT_THAT(m.ChangepointTimes(), ElementsAre(Day(1)));
  }
  {
    // T = 2: no changepoints; the placeholder's delta is folded into k.
    Prophet m(o);
    ASSERT_TRUE(m.Fit(DailySeries(2)).ok());
    EXPECT_TRUE(m.ChangepointTimes().empty());
    EXPECT_THAT(m.params().delta, ElementsAre(0.0));
  }
}

TEST(ProphetTest, AutoSeasonalityRules) {
  ProphetOptions o;
  o.uncertainty_samples = 0;
  {
    Prophet m(o);  // 800 days of daily data: yearly + weekly
    ASSERT_TRUE(m.Fit(DailySeries(800)).ok());
    EXPECT_THAT(m.SeasonalityNames(), ElementsAre("yearly", "weekly"));
  }
  {
    Frame f;  // hourly for 10 days: weekly is off (< 14 days), daily on
    for (int h = 0; h < 240; ++h) {
      f.ds.push_back(Day(0) + hours(h));
      f.y.push_back(std::sin(h * 0.26) + h * 0.01);
    }
    Prophet m(o);
    ASSERT_TRUE(m.Fit(f).ok());
    EXPECT_THAT(m.SeasonalityNames(), ElementsAre("daily"));
  }
  {
    ProphetOptions c = o;  // explicit orders and a custom monthly seasonality first
    c.weekly_seasonality = *SeasonalityToggle::Parse("false");
    c.yearly_seasonality = *SeasonalityToggle::Parse("4");
    c.seasonalities.push_back({"monthly", 30.5, 5, std::nullopt, std::nullopt, ""});
    Prophet m(c);
    ASSERT_TRUE(m.Fit(DailySeries(100)).ok());
    EXPECT_THAT(m.SeasonalityNames(), ElementsAre("monthly", "yearly"));
  }
}

TEST(ProphetTest, BadInputIsAClearError) {
  auto fit_error = [](Frame f, ProphetOptions o = {}) {
    Prophet m(o);
    auto s = m.Fit(f);
    EXPECT_FALSE(s.ok());
    return s.status().message();
  };
  Frame one = DailySeries(5);
  for (size_t i = 1; i < 5; ++i) one.y[i] = NAN;
  EXPECT_THAT(fit_error(one), HasSubstr("fewer than 2 rows"));
  Frame inf = DailySeries(5);
  inf.y[3] = INFINITY;
  EXPECT_THAT(fit_error(inf), HasSubstr("infinite value at row 4"));
  Frame same = DailySeries(5);
  for (auto& d : same.ds) d = Day(0);
  EXPECT_THAT(fit_error(same), HasSubstr("timestamps are equal"));
  ProphetOptions logistic;
  logistic.growth = Growth::kLogistic;
  EXPECT_THAT(fit_error(DailySeries(5), logistic), HasSubstr("needs a 'cap' column"));
  Frame capped = DailySeries(5);
  capped.cap.assign(5, 100.0);
  capped.floor.assign(5, 100.0);
  EXPECT_THAT(fit_error(capped, logistic), HasSubstr("cap > floor"));
  ProphetOptions reserved;
  reserved.seasonalities.push_back({"trend", 3, 2, std::nullopt, std::nullopt, ""});
  EXPECT_THAT(fit_error(DailySeries(5), reserved), HasSubstr("'trend' is reserved"));
  ProphetOptions delim;
  delim.seasonalities.push_back({"a_delim_b", 3, 2, std::nullopt, std::nullopt, ""});
  EXPECT_THAT(fit_error(DailySeries(5), delim), HasSubstr("_delim_"));
  ProphetOptions range;
  range.changepoint_range = 1.5;
  EXPECT_THAT(fit_error(DailySeries(5), range), HasSubstr("changepoint_range"));
  ProphetOptions reg;
  reg.regressors.push_back({"promo"});
  EXPECT_THAT(fit_error(DailySeries(5), reg), HasSubstr("regressor 'promo' is missing"));
  Frame short_y = DailySeries(5);
  short_y.y.pop_back();
  EXPECT_THAT(fit_error(short_y), HasSubstr("column 'y'"));
}

TEST(ProphetTest, UnsortedAndDuplicateRowsAreSortedAndKept) {
  Frame f = DailySeries(30);
  Frame shuffled = f;
  std::reverse(shuffled.ds.begin(), shuffled.ds.end());
  std::reverse(shuffled.y.begin(), shuffled.y.end());
  ProphetOptions o;
  o.uncertainty_samples = 0;
  Prophet a(o), b(o);
  ASSERT_TRUE(a.Fit(f).ok());
  ASSERT_TRUE(b.Fit(shuffled).ok());
  EXPECT_EQ(a.summary().objective, b.summary().objective);
  Frame dup = f;
  dup.ds.push_back(f.ds[10]);
  dup.y.push_back(f.y[10] + 1);
  Prophet c(o);
  ASSERT_TRUE(c.Fit(dup).ok());
  EXPECT_EQ(c.history().size(), 31u);
}

TEST(ProphetTest, IntervalsAreSeededAndContainYhat) {
  ProphetOptions o;
  o.seed = 42;
  Prophet m(o);
  ASSERT_TRUE(m.Fit(DailySeries(120)).ok());
  auto fut = *m.MakeFutureDataFrame(30, *Frequency::Parse("day"));
  auto a = m.Predict(fut);
  auto b = m.Predict(fut);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->Get("yhat_lower"), b->Get("yhat_lower"));
  const auto& lo = a->Get("yhat_lower");
  const auto& hi = a->Get("yhat_upper");
  const auto& y = a->Get("yhat");
  const auto& tl = a->Get("trend_lower");
  const auto& tu = a->Get("trend_upper");
  for (size_t i = 0; i < y.size(); ++i) {
    EXPECT_LT(lo[i], y[i]);
    EXPECT_GT(hi[i], y[i]);
  }
  // History rows: no trend uncertainty; the future band widens with the horizon.
  EXPECT_EQ(tl[50], tu[50]);
  EXPECT_LT(tl.back(), tu.back());
  EXPECT_GT(tu.back() - tl.back(), tu[120] - tl[120]);
  // The history band is yhat +- 1.2816 sigma y_scale for 80%.
  const double half = 1.2815515655446004 * m.params().sigma_obs * m.y_scale();
  EXPECT_NEAR(hi[50] - y[50], half, 1e-9);
  ProphetOptions other = o;
  other.seed = 43;
  Prophet m2(other);
  ASSERT_TRUE(m2.Fit(DailySeries(120)).ok());
  EXPECT_NE(m2.Predict(fut)->Get("yhat_lower").back(), lo.back());
}

TEST(ProphetTest, MultiplicativeHolidaysAndRegressors) {
  Frame f = DailySeries(120);
  std::vector<double> promo(120), temp(120);
  for (int i = 0; i < 120; ++i) {
    promo[i] = i % 10 == 0 ? 1 : 0;
    temp[i] = 20 + 5 * std::sin(i * 0.1);
    f.y[i] += 3 * promo[i] + 0.2 * (temp[i] - 20);
  }
  f.SetColumn("promo", promo);
  f.SetColumn("temp", temp);
  ProphetOptions o;
  o.uncertainty_samples = 0;
  o.seasonality_mode = Mode::kMultiplicative;
  o.holidays_mode = Mode::kAdditive;
  o.regressors.push_back(
      {"promo", std::nullopt, RegressorSpec::Standardize::kAuto, Mode::kAdditive});
  o.regressors.push_back({"temp"});
  o.holidays.push_back({"launch", CivilDate{2020, 2, 1}, -1, 1, 5.0});
  Prophet m(o);
  ASSERT_TRUE(m.Fit(f).ok());
  EXPECT_THAT(
      m.ComponentNames(),
      ElementsAre("additive_terms", "extra_regressors_additive", "extra_regressors_multiplicative",
                  "holidays", "launch", "multiplicative_terms", "promo", "temp", "weekly"));
  auto fc = m.Predict();
  ASSERT_TRUE(fc.ok());
  const auto& trend = fc->Get("trend");
  const auto& mult = fc->Get("multiplicative_terms");
  const auto& add = fc->Get("additive_terms");
  const auto& yhat = fc->Get("yhat");
  for (size_t i = 0; i < yhat.size(); ++i) {
    EXPECT_NEAR(yhat[i], trend[i] * (1 + mult[i]) + add[i], 1e-9);
  }
  // The promo effect (additive, binary so not standardised) is recovered.
  const auto& p = fc->Get("promo");
  EXPECT_NEAR(p[10] - p[11], 3.0, 0.5);
  // Holiday window: 2020-01-31, 02-01, 02-02 are non-zero, 01-30 is zero.
  const auto& launch = fc->Get("launch");
  EXPECT_EQ(launch[29], 0.0);
  EXPECT_NE(launch[30], 0.0);
  EXPECT_NE(launch[32], 0.0);
  EXPECT_EQ(launch[33], 0.0);
}

TEST(ProphetTest, LogisticAndFlatGrowth) {
  Frame f;
  for (int d = 0; d < 300; ++d) {
    f.ds.push_back(Day(d));
    f.y.push_back(8.0 / (1 + std::exp(-(d - 150) / 30.0)) + 0.05 * std::sin(d));
    f.cap.push_back(8.5);
  }
  ProphetOptions o;
  o.growth = Growth::kLogistic;
  o.uncertainty_samples = 200;
  o.weekly_seasonality = *SeasonalityToggle::Parse("false");
  Prophet m(o);
  ASSERT_TRUE(m.Fit(f).ok()) << m.summary().message;
  Frame fut = *m.MakeFutureDataFrame(50, *Frequency::Parse("day"));
  fut.cap.assign(fut.size(), 8.5);
  auto fc = m.Predict(fut);
  ASSERT_TRUE(fc.ok()) << fc.status().ToString();
  for (double v : fc->Get("trend")) EXPECT_LT(v, 8.5);
  EXPECT_NEAR(fc->Get("trend")[150], 4.0, 0.3);
  Frame no_cap = fut;
  no_cap.cap.clear();
  EXPECT_THAT(m.Predict(no_cap).status().message(), HasSubstr("'cap'"));

  ProphetOptions flat;
  flat.growth = Growth::kFlat;
  flat.uncertainty_samples = 0;
  Prophet mf(flat);
  ASSERT_TRUE(mf.Fit(DailySeries(100)).ok());
  auto ff = mf.Predict();
  const auto& tr = ff->Get("trend");
  EXPECT_EQ(tr.front(), tr.back());
}

TEST(ProphetTest, ConstantHistorySkipsTheOptimizer) {
  Frame f = DailySeries(20);
  for (double& v : f.y) v = 5.0;
  Prophet m;
  auto s = m.Fit(f);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->termination, Termination::kNoOptimization);
  auto fc = m.Predict();
  ASSERT_TRUE(fc.ok());
  for (double v : fc->Get("yhat")) EXPECT_NEAR(v, 5.0, 1e-9);
}

TEST(ProphetTest, MinMaxScaling) {
  ProphetOptions o;
  o.scaling = Scaling::kMinMax;
  o.uncertainty_samples = 0;
  Prophet m(o);
  ASSERT_TRUE(m.Fit(DailySeries(150)).ok());
  auto fc = m.Predict();
  double err = 0;
  const Frame f = DailySeries(150);
  for (size_t i = 0; i < f.size(); ++i) err = std::max(err, std::fabs(fc->Get("yhat")[i] - f.y[i]));
  EXPECT_LT(err, 1.5);
}

TEST(ProphetTest, FitAndForecastConvenience) {
  const Frame f = DailySeries(100);
  ProphetOptions o;
  o.uncertainty_samples = 100;
  auto r = FitAndForecast(f.ds, f.y, 7, *Frequency::Parse("day"), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->yhat.size(), 7u);
  EXPECT_EQ(r->ds.front(), Day(100));
  EXPECT_EQ(r->yhat_lower.size(), 7u);
  EXPECT_LT(r->yhat_lower[3], r->yhat[3]);
}

TEST(ProphetTest, MakeFutureIncludesDatesWithMissingY) {
  Frame f = DailySeries(30);
  f.y[29] = NAN;
  ProphetOptions o;
  o.uncertainty_samples = 0;
  Prophet m(o);
  ASSERT_TRUE(m.Fit(f).ok());
  auto fut = m.MakeFutureDataFrame(2, *Frequency::Parse("day"));
  ASSERT_TRUE(fut.ok());
  EXPECT_EQ(fut->size(), 32u);
  EXPECT_EQ(fut->ds[30], Day(30));
  auto only = m.MakeFutureDataFrame(2, *Frequency::Parse("day"), false);
  EXPECT_THAT(only->ds, ElementsAre(Day(30), Day(31)));
}

}  // namespace
}  // namespace tradelet::forecast

namespace tradelet::forecast {
namespace {

TEST(ProphetConditionTest, ConditionalSeasonalityIsZeroWhereTheConditionIsFalse) {
  Frame f;
  std::vector<double> on;
  for (int h = 0; h < 24 * 20; ++h) {
    const Timestamp t = *ParseTimestamp("2021-06-01T00:00:00Z") + hours(h);
    const bool weekend = (h / 24) % 7 >= 5;
    f.ds.push_back(t);
    f.y.push_back(10 + (weekend ? 0.0 : 3 * std::sin(2 * std::numbers::pi * (h % 24) / 24.0)));
    on.push_back(weekend ? 0 : 1);
  }
  f.SetColumn("is_weekday", on);
  ProphetOptions o;
  o.uncertainty_samples = 0;
  o.daily_seasonality = *SeasonalityToggle::Parse("false");
  o.weekly_seasonality = *SeasonalityToggle::Parse("false");
  o.seasonalities.push_back({"daily_weekday", 1.0, 4, std::nullopt, std::nullopt, "is_weekday"});
  Prophet m(o);
  ASSERT_TRUE(m.Fit(f).ok());
  auto fc = m.Predict();
  ASSERT_TRUE(fc.ok());
  const auto& s = fc->Get("daily_weekday");
  double max_on = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (on[i] == 0) {
      EXPECT_EQ(s[i], 0.0);
    } else {
      max_on = std::max(max_on, s[i]);
    }
  }
  EXPECT_NEAR(max_on, 3.0, 0.3);
  Frame bad = f;
  std::vector<double> not_bool = on;
  not_bool[5] = 0.5;
  bad.SetColumn("is_weekday", not_bool);
  Prophet m2(o);
  EXPECT_THAT(m2.Fit(bad).status().message(), HasSubstr("must be boolean"));
  Frame missing_cap;
  missing_cap.ds = f.ds;
  missing_cap.y = f.y;
  missing_cap.cap.assign(f.size(), 20.0);
  missing_cap.cap[7] = NAN;
  ProphetOptions lo;
  lo.growth = Growth::kLogistic;
  Prophet m3(lo);
  EXPECT_THAT(m3.Fit(missing_cap).status().message(), HasSubstr("column 'cap': not finite"));
}

// Timestamps span 1677-2262, but two of them more than 292 years apart differ by more than an
// int64 of nanoseconds (the forecast_csv fuzzer found 1781 -> 2220 overflowing the time
// scale). Such a history fits: y linear in time comes back as a line.
TEST(ProphetTest, HistoryLongerThanAnInt64OfNanoseconds) {
  const Timestamp first = *ParseTimestamp("1781-01-01T00:00:00Z");
  const Timestamp last = *ParseTimestamp("2220-01-01T00:00:00Z");
  Frame f;
  const int n = 40;
  for (int i = 0; i < n; ++i) {
    // Evenly spaced by whole days (a step fits int64 nanoseconds; last - first does not).
    // Added in seconds: a Duration of more than 292 years would overflow too.
    const int64_t span_days = (last.unix_seconds() - first.unix_seconds()) / 86400;
    const int64_t at_s = first.unix_seconds() + i * span_days / (n - 1) * 86400;
    f.ds.push_back(Timestamp::FromUnixNanos(at_s * 1'000'000'000));
    f.y.push_back(100 + 3.0 * i);
  }
  ASSERT_EQ(f.ds.back(), last);
  ProphetOptions o;
  o.uncertainty_samples = 0;
  o.yearly_seasonality = *SeasonalityToggle::Parse("false");
  o.weekly_seasonality = *SeasonalityToggle::Parse("false");
  o.daily_seasonality = *SeasonalityToggle::Parse("false");
  Prophet m(o);
  auto s = m.Fit(f);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto fc = m.Predict();
  ASSERT_TRUE(fc.ok()) << fc.status().ToString();
  const auto& yhat = fc->Get("yhat");
  ASSERT_EQ(yhat.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) EXPECT_NEAR(yhat[i], 100 + 3.0 * i, 0.5) << "row " << i;
}

}  // namespace
}  // namespace tradelet::forecast
