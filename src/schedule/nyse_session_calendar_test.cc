// The NYSE adapter agrees with the hand-typed published tables (integrations.md 5.2) for
// 2025-2028, and the blog example filtered by it drops Good Friday and the early-close tail.
#include "tradelet/schedule/nyse_session_calendar.h"

#include <gtest/gtest.h>

#include "schedule/fake_calendar_for_test.h"

namespace tradelet::schedule {
namespace {

TEST(NyseSessionCalendarTest, MatchesPublishedTables2025To2028) {
  const auto table = testing::TableCalendar::Nyse2025To2028();
  const NyseSessionCalendar& nyse = NyseSessionCalendar::Get();
  int days = 0;
  for (CivilDate d{2025, 1, 1}; d <= CivilDate{2028, 12, 31}; d = d.AddDays(1)) {
    const auto a = nyse.SessionOn(d), b = table.SessionOn(d);
    ASSERT_EQ(a.has_value(), b.has_value()) << d.ToString();
    if (a) {
      EXPECT_EQ(a->open, b->open) << d.ToString();
      EXPECT_EQ(a->close, b->close) << d.ToString();
      EXPECT_EQ(a->early_close, b->early_close) << d.ToString();
      ++days;
    }
  }
  EXPECT_GT(days, 1000);
}

TEST(NyseSessionCalendarTest, OutsideTheCalendarWeekdaysAreRegular) {
  const auto s = NyseSessionCalendar::Get().SessionOn({2060, 12, 25});
  const Weekday w = CivilDate{2060, 12, 25}.weekday();
  EXPECT_EQ(s.has_value(), w != Weekday::kSaturday && w != Weekday::kSunday);
}

TEST(NyseSessionCalendarTest, BlogExampleFiltered) {
  const Trigger tr(Schedule::Parse("cron(0/15 13-21 ? * MON-FRI *)").value(), TimeZone::Utc(),
                   {&NyseSessionCalendar::Get(), true, true});
  auto count = [&](const char* day) {
    int n = 0;
    const Timestamp start = ParseTimestamp(day).value();
    for (auto t = tr.Next(start - Duration(1)); t && *t < start + hours(24); t = tr.Next(*t)) ++n;
    return n;
  };
  EXPECT_EQ(count("2026-04-03"), 0);   // Good Friday
  EXPECT_EQ(count("2026-11-27"), 20);  // closes 18:00Z: 16 of 36 dropped
  EXPECT_EQ(count("2026-12-24"), 20);  // Christmas Eve (Thursday) early close
  EXPECT_EQ(count("2026-07-14"), 36);
}

}  // namespace
}  // namespace tradelet::schedule
