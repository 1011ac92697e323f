#include "tradelet/base/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

namespace tradelet {
namespace {

TEST(CivilDateTest, MatchesStdChronoOverFourCenturies) {
  // Independent check: the standard library's calendar.
  using namespace std::chrono;
  for (int64_t d = -150000; d <= 150000; d += 7) {
    year_month_day ymd{sys_days{std::chrono::days{d}}};
    CivilDate c = CivilDate::FromDays(d);
    ASSERT_EQ(c.year, static_cast<int>(ymd.year()));
    ASSERT_EQ(c.month, static_cast<int>(static_cast<unsigned>(ymd.month())));
    ASSERT_EQ(c.day, static_cast<int>(static_cast<unsigned>(ymd.day())));
    ASSERT_EQ(c.ToDays(), d);
    ASSERT_EQ(static_cast<unsigned>(c.weekday()),
              weekday{sys_days{std::chrono::days{d}}}.c_encoding());
  }
}

TEST(CivilDateTest, ParseAndFormat) {
  EXPECT_EQ(CivilDate::Parse("2024-02-29")->ToString(), "2024-02-29");
  EXPECT_EQ(CivilDate::Parse("20240229")->ToString(), "2024-02-29");
  EXPECT_FALSE(CivilDate::Parse("2023-02-29").ok());
  EXPECT_FALSE(CivilDate::Parse("2023-13-01").ok());
  EXPECT_FALSE(CivilDate::Parse("yesterday").ok());
  EXPECT_NE(CivilDate::Parse("2023-02-30").status().message().find("2023-02-30"),
            std::string::npos);
}

TEST(CivilDateTest, HolidayHelpers) {
  // Known dates (published calendars).
  EXPECT_EQ(EasterSunday(2024).ToString(), "2024-03-31");
  EXPECT_EQ(EasterSunday(2019).ToString(), "2019-04-21");
  EXPECT_EQ(EasterSunday(2000).ToString(), "2000-04-23");
  EXPECT_EQ(NthWeekdayOfMonth(2024, 11, Weekday::kThursday, 4).ToString(), "2024-11-28");
  EXPECT_EQ(NthWeekdayOfMonth(2024, 5, Weekday::kMonday, -1).ToString(), "2024-05-27");
  EXPECT_EQ(NthWeekdayOfMonth(2021, 1, Weekday::kMonday, 3).ToString(), "2021-01-18");
}

TEST(TimestampTest, ArithmeticSaturatesInsteadOfWrapping) {
  // 1708-04-21 and 2023-11-14 are both in range, but 315 years of nanoseconds is not an int64.
  const Timestamp old = ParseTimestamp("1708-04-21").value();
  const Timestamp now = Timestamp::FromUnixSeconds(1'700'000'000);
  EXPECT_EQ((now - old).count(), INT64_MAX);
  EXPECT_EQ((old - now).count(), INT64_MIN);
  EXPECT_EQ(now - now, Duration(0));
  EXPECT_EQ(Timestamp::Max() + hours(1), Timestamp::Max());
  EXPECT_EQ(Timestamp::Min() - hours(1), Timestamp::Min());
  EXPECT_EQ(Timestamp::Min() + Duration(INT64_MIN), Timestamp::Min());
  EXPECT_EQ(Timestamp::Max() - Duration(INT64_MIN), Timestamp::Max());
  // In range, plain arithmetic.
  EXPECT_EQ((now + hours(2)) - now, hours(2));
  EXPECT_EQ((now - days(3)).unix_seconds(), 1'700'000'000 - 3 * 86400);
}

TEST(TimestampTest, ParseFormatsAndOffsets) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z")->unix_nanos(), 0);
  EXPECT_EQ(ParseTimestamp("2021-04-21T16:00:00-04:00")->unix_seconds(), 1619035200);
  EXPECT_EQ(ParseTimestamp("2021-04-21 20:00:00")->unix_seconds(), 1619035200);
  EXPECT_EQ(ParseTimestamp("2021-04-21T20:00:00.123456789Z")->unix_nanos(), 1619035200123456789LL);
  EXPECT_EQ(ParseTimestamp("2021-04-21T20:00:00.5+00:00")->unix_nanos(), 1619035200500000000LL);
  // Alpaca sends up to 9 fractional digits; more are truncated, not an error.
  EXPECT_EQ(ParseTimestamp("2021-04-21T20:00:00.1234567891Z")->unix_nanos(), 1619035200123456789LL);
  EXPECT_EQ(ParseTimestamp("2021-04-21")->unix_seconds(), 1618963200);
  EXPECT_FALSE(ParseTimestamp("2021-04-21T25:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2021-04-21T20:00:00 junk").ok());
  EXPECT_FALSE(ParseTimestamp("").ok());
  EXPECT_EQ(FormatTimestamp(Timestamp::FromUnixSeconds(1619035200)), "2021-04-21T20:00:00Z");
  EXPECT_EQ(FormatTimestamp(Timestamp::FromUnixNanos(1500000000)), "1970-01-01T00:00:01.5Z");
  EXPECT_EQ(FormatTimestamp(Timestamp::FromUnixSeconds(1619035200), TimeZone::NewYork()),
            "2021-04-21T16:00:00-04:00");
  EXPECT_EQ(FormatTimestamp(Timestamp::FromUnixSeconds(-1)), "1969-12-31T23:59:59Z");
}

TEST(NewYorkTest, DstSwitchesAcrossRuleChanges) {
  const TimeZone& ny = TimeZone::NewYork();
  auto off = [&](const char* utc) {
    return ny.OffsetAt(*ParseTimestamp(utc)).count() / 3600'000'000'000LL;
  };
  // 2007+ rules: 2nd Sunday of March 07:00Z, 1st Sunday of November 06:00Z.
  EXPECT_EQ(off("2024-03-10T06:59:59Z"), -5);
  EXPECT_EQ(off("2024-03-10T07:00:00Z"), -4);
  EXPECT_EQ(off("2024-11-03T05:59:59Z"), -4);
  EXPECT_EQ(off("2024-11-03T06:00:00Z"), -5);
  // 1987-2006 rules: 1st Sunday of April, last Sunday of October.
  EXPECT_EQ(off("2006-04-02T06:59:59Z"), -5);
  EXPECT_EQ(off("2006-04-02T07:00:00Z"), -4);
  EXPECT_EQ(off("2006-10-29T05:59:59Z"), -4);
  EXPECT_EQ(off("2006-10-29T06:00:00Z"), -5);
  EXPECT_EQ(off("1990-07-01T12:00:00Z"), -4);
  EXPECT_EQ(off("2050-01-15T12:00:00Z"), -5);
}

TEST(NewYorkTest, SkippedAndRepeatedLocalHours) {
  const TimeZone& ny = TimeZone::NewYork();
  // 2024-03-10 02:30 does not exist in New York.
  auto gap = ny.Lookup({{2024, 3, 10}, 2, 30});
  EXPECT_EQ(gap.kind, TimeZone::LocalLookup::Kind::kSkipped);
  EXPECT_EQ(FormatTimestamp(gap.earlier), "2024-03-10T07:30:00Z");
  // 2024-11-03 01:30 happens twice.
  auto rep = ny.Lookup({{2024, 11, 3}, 1, 30});
  EXPECT_EQ(rep.kind, TimeZone::LocalLookup::Kind::kRepeated);
  EXPECT_EQ(FormatTimestamp(rep.earlier), "2024-11-03T05:30:00Z");
  EXPECT_EQ(FormatTimestamp(rep.later), "2024-11-03T06:30:00Z");
  // An ordinary open: 09:30 ET in winter and summer.
  EXPECT_EQ(FormatTimestamp(ny.FromLocal({{2024, 1, 2}, 9, 30})), "2024-01-02T14:30:00Z");
  EXPECT_EQ(FormatTimestamp(ny.FromLocal({{2024, 7, 1}, 9, 30})), "2024-07-01T13:30:00Z");
}

TEST(NewYorkTest, BuiltInMatchesSystemTzdataWhenPresent) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/America/New_York")) {
    GTEST_SKIP() << "no system tzdata to compare with";
  }
  // Load through TZif by a name the built-in table does not claim.
  auto sys = TimeZone::Load("America/Detroit");  // same rules as New York since 1975
  ASSERT_TRUE(sys.ok()) << sys.status().ToString();
  const TimeZone& ny = TimeZone::NewYork();
  for (int64_t t = Timestamp::FromUnixSeconds(189302400).unix_seconds();  // 1976
       t < 2524608000; t += 3 * 3600 + 17) {                              // 2050
    Timestamp ts = Timestamp::FromUnixSeconds(t);
    ASSERT_EQ(ny.OffsetAt(ts), sys->OffsetAt(ts)) << FormatTimestamp(ts);
  }
}

TEST(TimeZoneTest, LoadFixedAndUnknown) {
  auto fixed = TimeZone::Load("+05:30");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(FormatTimestamp(Timestamp(), *fixed), "1970-01-01T05:30:00+05:30");
  EXPECT_EQ(TimeZone::Load("Mars/Olympus").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(TimeZone::Load("../etc/passwd").status().code(), StatusCode::kInvalidArgument);
  // An offset with more digits than any hour field: an error, not signed overflow (time_fuzz
  // under UBSan found -2222222222222222222...).
  EXPECT_EQ(TimeZone::Load("-2222222222222222222222").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(TimeZone::Load("+1000").status().code(), StatusCode::kInvalidArgument);
}

TEST(DurationTest, Parse) {
  EXPECT_EQ(*ParseDuration("15min"), minutes(15));
  EXPECT_EQ(*ParseDuration("15m"), minutes(15));
  EXPECT_EQ(*ParseDuration("1h"), hours(1));
  EXPECT_EQ(*ParseDuration("5s"), seconds(5));
  EXPECT_EQ(*ParseDuration("300"), seconds(300));
  EXPECT_EQ(*ParseDuration("2d"), hours(48));
  EXPECT_FALSE(ParseDuration("fortnight").ok());
  EXPECT_FALSE(ParseDuration("5 parsecs").ok());
}

// A count that overflows int64 nanoseconds once scaled by its unit is an error, not UB (found by
// time_fuzz under UBSan: 18718212021802187 seconds).
TEST(DurationTest, OutOfRangeCountsAreErrors) {
  EXPECT_EQ(ParseDuration("18718212021802187s").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDuration("9223372037s").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseDuration("9223372036s"), seconds(9223372036));
  EXPECT_EQ(*ParseDuration("9223372036854775807ns"), Duration(INT64_MAX));
  EXPECT_EQ(ParseDuration("15251w").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseDuration("15250w"), hours(24 * 7 * 15250));
  EXPECT_NE(ParseDuration("106752d").status().message().find("out of range"), std::string::npos);
}

}  // namespace
}  // namespace tradelet

// The extremes convert without overflow (UBSan caught ns - secs * 1e9 at Timestamp::Min):
// INT64_MIN ns = -9223372037 s + 145224192 ns, and INT64_MAX ns = 9223372036 s + 854775807 ns.
TEST(LocalDateTime, FromUtcAtTheExtremes) {
  EXPECT_EQ(tradelet::LocalDateTime::FromUtc(tradelet::Timestamp::Min()).nanos, 145224192);
  EXPECT_EQ(tradelet::LocalDateTime::FromUtc(tradelet::Timestamp::Max()).nanos, 854775807);
}
