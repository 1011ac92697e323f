#include "tradelet/calendar/nyse_calendar.h"

#include <gtest/gtest.h>

namespace tradelet {
namespace {

const NyseCalendar& Cal() { return NyseCalendar::Get(); }

Timestamp Utc(const char* iso) { return ParseTimestamp(iso).value(); }

TEST(NyseCalendar, SessionTimesAcrossDst) {
  // 2026: DST from Mar 8 to Nov 1.
  auto winter = Cal().SessionOn({2026, 3, 6});
  ASSERT_TRUE(winter.ok()) << winter.status().ToString();
  EXPECT_EQ(FormatTimestamp(winter->open), "2026-03-06T14:30:00Z");
  EXPECT_EQ(FormatTimestamp(winter->close), "2026-03-06T21:00:00Z");
  auto summer = Cal().SessionOn({2026, 3, 9});
  ASSERT_TRUE(summer.ok());
  EXPECT_EQ(FormatTimestamp(summer->open), "2026-03-09T13:30:00Z");
  EXPECT_EQ(FormatTimestamp(summer->close), "2026-03-09T20:00:00Z");
  auto after = Cal().SessionOn({2026, 11, 2});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(FormatTimestamp(after->open), "2026-11-02T14:30:00Z");
  // Before 2007 DST ended on the last Sunday of October: 2006-10-30 is EST.
  EXPECT_EQ(FormatTimestamp(Cal().SessionOn({2006, 10, 30})->open), "2006-10-30T14:30:00Z");
  EXPECT_EQ(FormatTimestamp(Cal().SessionOn({2006, 10, 27})->open), "2006-10-27T13:30:00Z");
}

TEST(NyseCalendar, EarlyCloses) {
  auto july3 = Cal().SessionOn({2025, 7, 3});
  ASSERT_TRUE(july3.ok());
  EXPECT_TRUE(july3->early_close);
  EXPECT_EQ(FormatTimestamp(july3->close), "2025-07-03T17:00:00Z");  // EDT
  auto eve = Cal().SessionOn({2026, 12, 24});
  ASSERT_TRUE(eve.ok());
  EXPECT_TRUE(eve->early_close);
  EXPECT_EQ(FormatTimestamp(eve->close), "2026-12-24T18:00:00Z");  // EST
  auto old = Cal().SessionOn({1991, 12, 24});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(FormatTimestamp(old->close), "1991-12-24T19:00:00Z");  // 14:00 EST
  EXPECT_FALSE(Cal().SessionOn({2026, 12, 23})->early_close);
}

TEST(NyseCalendar, HolidaysAndWeekends) {
  EXPECT_FALSE(Cal().IsSession({2025, 1, 9}));
  EXPECT_EQ(Cal().HolidayName({2025, 1, 9}), "National Day of Mourning for President Carter");
  EXPECT_EQ(Cal().HolidayName({2012, 10, 30}), "Hurricane Sandy");
  EXPECT_EQ(Cal().HolidayName({2026, 7, 3}), "Independence Day (observed)");
  EXPECT_EQ(Cal().HolidayName({2026, 7, 6}), std::nullopt);
  EXPECT_EQ(Cal().HolidayName({2026, 7, 4}), std::nullopt);  // Saturday: a weekend
  EXPECT_TRUE(Cal().IsSession({2021, 12, 31}));              // New Year's on Saturday
  EXPECT_TRUE(Cal().IsSession({2027, 12, 31}));

  auto holiday = Cal().SessionOn({2025, 12, 25});
  ASSERT_FALSE(holiday.ok());
  EXPECT_EQ(holiday.status().code(), StatusCode::kNotFound);
  EXPECT_NE(holiday.status().message().find("Christmas Day"), std::string::npos);
  auto weekend = Cal().SessionOn({2025, 12, 27});
  EXPECT_EQ(weekend.status().code(), StatusCode::kNotFound);
  EXPECT_NE(weekend.status().message().find("weekend"), std::string::npos);
}

TEST(NyseCalendar, Navigation) {
  // Thanksgiving 2025 (Thu 27): previous is Wed 26, next is Fri 28 (early close).
  EXPECT_EQ(Cal().PreviousSession({2025, 11, 27})->date, (CivilDate{2025, 11, 26}));
  EXPECT_EQ(Cal().NextSession({2025, 11, 27})->date, (CivilDate{2025, 11, 28}));
  EXPECT_EQ(Cal().NextSession({2025, 11, 26})->date, (CivilDate{2025, 11, 28}));
  EXPECT_EQ(Cal().SessionOnOrAfter({2025, 11, 26})->date, (CivilDate{2025, 11, 26}));
  EXPECT_EQ(Cal().SessionOnOrBefore({2025, 11, 30})->date, (CivilDate{2025, 11, 28}));
  // 9/11: Monday 9/10 -> Monday 9/17.
  EXPECT_EQ(Cal().NextSession({2001, 9, 10})->date, (CivilDate{2001, 9, 17}));
  EXPECT_EQ(Cal().PreviousSession({2001, 9, 17})->date, (CivilDate{2001, 9, 10}));
}

TEST(NyseCalendar, SessionsBetween) {
  auto week = Cal().SessionsBetween({2025, 12, 22}, {2025, 12, 28});
  ASSERT_TRUE(week.ok());
  ASSERT_EQ(week->size(), 4u);  // Mon, Tue, Wed (early), Fri; Thu is Christmas
  EXPECT_EQ((*week)[2].date, (CivilDate{2025, 12, 24}));
  EXPECT_TRUE((*week)[2].early_close);
  EXPECT_EQ((*week)[3].date, (CivilDate{2025, 12, 26}));
  EXPECT_TRUE(Cal().SessionsBetween({2025, 12, 28}, {2025, 12, 22})->empty());
  EXPECT_TRUE(Cal().SessionsBetween({2025, 12, 27}, {2025, 12, 28})->empty());
  EXPECT_EQ(Cal().CountSessions({2025, 1, 1}, {2025, 12, 31}).value(), 250);
  EXPECT_EQ(Cal().CountSessions({2026, 1, 1}, {2026, 12, 31}).value(), 251);
  EXPECT_EQ(Cal().SessionsBetween(NyseCalendar::kFirstDate, NyseCalendar::kLastDate)->size(),
            Cal().AllSessions().size());
}

TEST(NyseCalendar, InstantQueries) {
  EXPECT_TRUE(Cal().IsOpen(Utc("2026-03-09T13:30:00Z")));
  EXPECT_FALSE(Cal().IsOpen(Utc("2026-03-09T13:29:59Z")));
  EXPECT_TRUE(Cal().IsOpen(Utc("2026-03-09T19:59:59.999Z")));
  EXPECT_FALSE(Cal().IsOpen(Utc("2026-03-09T20:00:00Z")));  // close is exclusive
  EXPECT_FALSE(Cal().IsOpen(Utc("2026-03-06T14:00:00Z")));  // winter: opens 14:30Z
  EXPECT_FALSE(Cal().IsOpen(Utc("2025-07-03T17:30:00Z")));  // early close
  // Friday evening -> Monday's session (Sat/Sun closed).
  auto next = Cal().SessionContainingOrNext(Utc("2026-03-06T22:00:00Z"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->date, (CivilDate{2026, 3, 9}));
  auto inside = Cal().SessionContaining(Utc("2026-03-06T15:00:00Z"));
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->date, (CivilDate{2026, 3, 6}));
  EXPECT_FALSE(Cal().SessionContaining(Utc("2026-03-07T15:00:00Z")).has_value());
  auto last = Cal().LastClosedSession(Utc("2026-03-09T15:00:00Z"));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->date, (CivilDate{2026, 3, 6}));
  EXPECT_EQ(Cal().LastClosedSession(Utc("2026-03-09T20:00:00Z"))->date, (CivilDate{2026, 3, 9}));
}

TEST(NyseCalendar, OutOfRange) {
  EXPECT_EQ(Cal().SessionOn({1989, 12, 29}).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Cal().SessionOn({2051, 1, 3}).status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(Cal().SessionOn({2051, 1, 3}).status().message().find("1990-01-01..2050-12-31"),
            std::string::npos);
  EXPECT_EQ(Cal().SessionOn({2025, 2, 30}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Cal().PreviousSession({1990, 1, 2}).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Cal().NextSession({2050, 12, 30}).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Cal().SessionsBetween({1980, 1, 1}, {1990, 2, 1}).status().code(),
            StatusCode::kOutOfRange);
  EXPECT_EQ(Cal().SessionContainingOrNext(Utc("2051-01-01T00:00:00Z")).status().code(),
            StatusCode::kOutOfRange);
  EXPECT_EQ(Cal().SessionContainingOrNext(Utc("1989-12-29T15:00:00Z")).status().code(),
            StatusCode::kOutOfRange);
  EXPECT_EQ(Cal().LastClosedSession(Utc("2051-06-01T00:00:00Z")).status().code(),
            StatusCode::kOutOfRange);
  EXPECT_FALSE(Cal().IsSession({2051, 1, 3}));
  EXPECT_EQ(Cal().AllSessions().front().date, (CivilDate{1990, 1, 2}));
  EXPECT_EQ(Cal().AllSessions().back().date, (CivilDate{2050, 12, 30}));
}

TEST(NyseCalendar, TablesAreConsistent) {
  // Independent check of the tables: a day is a session iff it is a weekday with no holiday
  // name, and sessions strictly ascend with open < close on the same UTC day.
  const auto all = Cal().AllSessions();
  size_t k = 0;
  for (CivilDate d = NyseCalendar::kFirstDate; d <= NyseCalendar::kLastDate; d = d.AddDays(1)) {
    const bool weekday = d.weekday() != Weekday::kSaturday && d.weekday() != Weekday::kSunday;
    const bool expect = weekday && !Cal().HolidayName(d).has_value();
    ASSERT_EQ(Cal().IsSession(d), expect) << d.ToString();
    if (expect) {
      ASSERT_LT(k, all.size());
      ASSERT_EQ(all[k].date, d);
      ASSERT_LT(all[k].open, all[k].close);
      ++k;
    }
  }
  EXPECT_EQ(k, all.size());
}

}  // namespace
}  // namespace tradelet
