#include "tradelet/forecast/weekday_coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace tradelet::forecast {
namespace {

using ::testing::ElementsAre;

// 60 weekdays of a daily series (no Saturdays or Sundays), like daily stock closes.
Frame Weekdays() {
  Frame f;
  Timestamp t = *ParseTimestamp("2021-01-04T00:00:00Z");  // a Monday
  for (int n = 0; n < 60; t = t + days(1)) {
    const Weekday w = LocalDateTime::FromUtc(t).date.weekday();
    if (w == Weekday::kSaturday || w == Weekday::kSunday) continue;
    f.ds.push_back(t);
    f.y.push_back(100 + 0.2 * n + std::sin(n * 1.3));
    ++n;
  }
  return f;
}

TEST(WeekdayCoverageTest, WeekendsOfWeekdayOnlyDataAreFlagged) {
  ProphetOptions o;
  o.uncertainty_samples = 0;
  Prophet m(o);
  ASSERT_TRUE(m.Fit(Weekdays()).ok());  // weekly seasonality on by the auto rule
  const auto missing = UnobservedWeekdays(m);
  ASSERT_THAT(missing, ElementsAre(Weekday::kSaturday, Weekday::kSunday));
  auto future = m.MakeFutureDataFrame(7, *Frequency::Parse("day"), false);
  ASSERT_TRUE(future.ok());
  // The history ends on a Friday: rows 0 and 1 of the next 7 days are Saturday and Sunday.
  EXPECT_THAT(RowsOnWeekdays(future->ds, missing), ElementsAre(0u, 1u));
  auto b = m.MakeFutureDataFrame(7, *Frequency::Parse("B"), false);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(RowsOnWeekdays(b->ds, missing).empty());
  EXPECT_EQ(WeekdayShortName(missing[0]), "Sat");
}

TEST(WeekdayCoverageTest, NothingToFlagWithoutWeeklySeasonalityOrWithEveryDay) {
  ProphetOptions o;
  o.uncertainty_samples = 0;
  o.weekly_seasonality = *SeasonalityToggle::Parse("false");
  Prophet m(o);
  ASSERT_TRUE(m.Fit(Weekdays()).ok());
  EXPECT_TRUE(UnobservedWeekdays(m).empty());
  Frame all;
  for (int d = 0; d < 60; ++d) {
    all.ds.push_back(*ParseTimestamp("2021-01-04T00:00:00Z") + days(d));
    all.y.push_back(5 + std::sin(d));
  }
  ProphetOptions w;
  w.uncertainty_samples = 0;
  Prophet every(w);
  ASSERT_TRUE(every.Fit(all).ok());
  EXPECT_TRUE(UnobservedWeekdays(every).empty());
  EXPECT_TRUE(UnobservedWeekdays(Prophet()).empty());  // not fitted
}

}  // namespace
}  // namespace tradelet::forecast
