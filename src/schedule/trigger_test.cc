#include "tradelet/schedule/trigger.h"

#include <gtest/gtest.h>

#include "schedule/fake_calendar_for_test.h"

namespace tradelet::schedule {
namespace {

Timestamp T(const char* iso) { return ParseTimestamp(iso).value(); }

std::vector<Timestamp> FiresOnUtcDay(const Trigger& tr, const char* day) {
  std::vector<Timestamp> out;
  const Timestamp end = T(day) + hours(24);
  for (auto t = tr.Next(T(day) - Duration(1)); t && *t < end; t = tr.Next(*t)) out.push_back(*t);
  return out;
}

const testing::TableCalendar& Cal() {
  static const auto* cal = new testing::TableCalendar(testing::TableCalendar::Nyse2025To2028());
  return *cal;
}

TEST(TriggerTest, SkipsHolidaysOnlyWhenAsked) {
  const Schedule s = Schedule::Parse("0/15 13-21 ? * MON-FRI *").value();
  const Trigger plain(s, TimeZone::Utc());
  const Trigger skipping(s, TimeZone::Utc(), {&Cal(), true, false});
  // Good Friday 2026-04-03: the plain rule still fires 36 times (integrations.md 4.4).
  EXPECT_EQ(FiresOnUtcDay(plain, "2026-04-03").size(), 36u);
  EXPECT_TRUE(FiresOnUtcDay(skipping, "2026-04-03").empty());
  EXPECT_EQ(FormatTimestamp(*skipping.Next(T("2026-04-02T21:45:00Z"))), "2026-04-06T13:00:00Z");
  EXPECT_EQ(FormatTimestamp(*skipping.Previous(T("2026-04-06T13:00:00Z"))), "2026-04-02T21:45:00Z");
  EXPECT_EQ(FiresOnUtcDay(skipping, "2026-04-02").size(), 36u);
}

TEST(TriggerTest, StopsAtEarlyClose) {
  const Schedule s = Schedule::Parse("0/15 13-21 ? * MON-FRI *").value();
  const Trigger tr(s, TimeZone::Utc(), {&Cal(), true, true});
  // 2026-11-27 closes at 13:00 EST = 18:00Z: 16 of the 36 runs are at or after the close.
  const auto fires = FiresOnUtcDay(tr, "2026-11-27");
  ASSERT_EQ(fires.size(), 20u);
  EXPECT_EQ(FormatTimestamp(fires.back()), "2026-11-27T17:45:00Z");
  EXPECT_EQ(FormatTimestamp(*tr.Next(fires.back())), "2026-11-30T13:00:00Z");
  EXPECT_EQ(FormatTimestamp(*tr.Previous(T("2026-11-30T13:00:00Z"))), "2026-11-27T17:45:00Z");
  // Thanksgiving itself is skipped.
  EXPECT_TRUE(FiresOnUtcDay(tr, "2026-11-26").empty());
  // A regular day keeps all 36 (the filter only cuts early closes).
  EXPECT_EQ(FiresOnUtcDay(tr, "2026-11-30").size(), 36u);
}

TEST(TriggerTest, WeekendFiresAreLeftToTheExpression) {
  const Schedule s = Schedule::Parse("0 12 * * *").value();
  const Trigger tr(s, TimeZone::NewYork(), {&Cal(), true, true});
  EXPECT_EQ(FiresOnUtcDay(tr, "2026-11-28").size(), 1u);  // Saturday
  EXPECT_EQ(FiresOnUtcDay(tr, "2026-11-26").size(), 0u);  // Thanksgiving
}

TEST(TriggerTest, EverythingFilteredGivesNone) {
  const Schedule s = Schedule::Parse("cron(0 10 25 DEC ? *)").value();
  const Trigger tr(s, TimeZone::NewYork(), {&Cal(), true, false});
  // Christmas on a weekday is a holiday in every listed year; 2027-12-25 is a Saturday (the
  // holiday is observed on Friday the 24th) and weekend fires are left to the expression.
  EXPECT_EQ(FormatTimestamp(*tr.Next(T("2025-01-01T00:00:00Z")), TimeZone::NewYork()),
            "2027-12-25T10:00:00-05:00");
  const Trigger none(Schedule::Parse("cron(0 10 25 DEC ? 2025-2026)").value(), TimeZone::NewYork(),
                     {&Cal(), true, false});
  EXPECT_FALSE(none.Next(T("2025-01-01T00:00:00Z")).has_value());
  EXPECT_FALSE(none.Previous(T("2027-01-01T00:00:00Z")).has_value());
}

}  // namespace
}  // namespace tradelet::schedule
