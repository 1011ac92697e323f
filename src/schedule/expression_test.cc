// Hand-checked fire times. Expected instants were worked out from the calendar by hand (weekday
// of each date checked against a printed calendar) and from the US DST rules, not by this code.
#include "tradelet/schedule/expression.h"

#include <gtest/gtest.h>

namespace tradelet::schedule {
namespace {

Timestamp T(const char* iso) { return ParseTimestamp(iso).value(); }

Schedule S(const char* text) {
  Result<Schedule> s = Schedule::Parse(text);
  EXPECT_TRUE(s.ok()) << text << ": " << s.status().ToString();
  return std::move(s).value();
}

std::string NextUtc(const char* expr, const char* from) {
  auto t = S(expr).Next(T(from), TimeZone::Utc());
  return t ? FormatTimestamp(*t) : "none";
}

std::string NextNy(const char* expr, const char* from) {
  auto t = S(expr).Next(T(from), TimeZone::NewYork());
  return t ? FormatTimestamp(*t, TimeZone::NewYork()) : "none";
}

std::string ParseError(const char* expr) {
  Result<Schedule> s = Schedule::Parse(expr);
  return s.ok() ? "ok" : s.status().message();
}

TEST(ScheduleTest, DialectByShape) {
  EXPECT_EQ(S("cron(0 9 ? * MON-FRI *)").dialect(), Dialect::kAws);
  EXPECT_EQ(S("0 9 ? * MON-FRI *").dialect(), Dialect::kAws);
  EXPECT_EQ(S("0 9 * * 1-5").dialect(), Dialect::kClassic);
  EXPECT_EQ(S("rate(5 minutes)").dialect(), Dialect::kRate);
  EXPECT_EQ(S("  CRON( 0 9 ? * MON-FRI * )  ").dialect(), Dialect::kAws);
}

// The blog example: UTC, 36 fires per weekday 13:00Z..21:45Z, shifting in New York time
// across DST (integrations.md 4.4).
TEST(ScheduleTest, BlogExampleUtcAcrossDst) {
  const Schedule s = S("0/15 13-21 ? * MON-FRI *");
  const TimeZone& utc = TimeZone::Utc();
  for (const char* day :
       {"2026-07-14", "2026-01-13", "2026-03-06", "2026-03-09", "2026-10-30", "2026-11-02"}) {
    Timestamp t = T(day) - Duration(1);
    std::vector<Timestamp> fires;
    const Timestamp end = T(day) + hours(24);
    for (auto n = s.Next(t, utc); n && *n < end; n = s.Next(*n, utc)) fires.push_back(*n);
    ASSERT_EQ(fires.size(), 36u) << day;
    EXPECT_EQ(FormatTimestamp(fires.front()), std::string(day) + "T13:00:00Z");
    EXPECT_EQ(FormatTimestamp(fires.back()), std::string(day) + "T21:45:00Z");
  }
  // Friday before the March switch (EST) and the Monday after (EDT).
  EXPECT_EQ(FormatTimestamp(*s.Next(T("2026-03-06T00:00:00Z"), utc), TimeZone::NewYork()),
            "2026-03-06T08:00:00-05:00");
  EXPECT_EQ(FormatTimestamp(*s.Next(T("2026-03-06T21:45:00Z"), utc)), "2026-03-09T13:00:00Z");
  EXPECT_EQ(FormatTimestamp(*s.Next(T("2026-03-06T21:45:00Z"), utc), TimeZone::NewYork()),
            "2026-03-09T09:00:00-04:00");
  // Friday before the November switch (EDT) and the Monday after (EST).
  EXPECT_EQ(FormatTimestamp(*s.Next(T("2026-10-30T21:45:00Z"), utc), TimeZone::NewYork()),
            "2026-11-02T08:00:00-05:00");
  EXPECT_EQ(FormatTimestamp(*s.Previous(T("2026-11-02T13:00:00Z"), utc)), "2026-10-30T21:45:00Z");
  EXPECT_EQ(NextUtc("0/15 13-21 ? * MON-FRI *", "2026-03-07T10:00:00Z"), "2026-03-09T13:00:00Z");
}

TEST(ScheduleTest, SameScheduleInNewYorkIsDstProof) {
  // 09:30 in New York is 14:30Z in winter and 13:30Z in summer.
  EXPECT_EQ(
      FormatTimestamp(
          *S("cron(30 9 ? * MON-FRI *)").Next(T("2026-03-06T00:00:00Z"), TimeZone::NewYork())),
      "2026-03-06T14:30:00Z");
  EXPECT_EQ(
      FormatTimestamp(
          *S("cron(30 9 ? * MON-FRI *)").Next(T("2026-03-07T00:00:00Z"), TimeZone::NewYork())),
      "2026-03-09T13:30:00Z");
  EXPECT_EQ(NextNy("cron(0/15 10-15 ? * MON-FRI *)", "2026-11-02T00:00:00Z"),
            "2026-11-02T10:00:00-05:00");
}

TEST(ScheduleTest, LastDayAndLastWeekday) {
  EXPECT_EQ(NextUtc("0 12 L * ? *", "2024-02-01T00:00:00Z"), "2024-02-29T12:00:00Z");
  EXPECT_EQ(NextUtc("0 12 L * ? *", "2024-02-29T12:00:00Z"), "2024-03-31T12:00:00Z");
  EXPECT_EQ(NextUtc("0 12 L FEB ? *", "2026-01-01T00:00:00Z"), "2026-02-28T12:00:00Z");
  EXPECT_EQ(NextUtc("0 9 LW * ? *", "2026-05-01T00:00:00Z"), "2026-05-29T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 LW * ? *", "2026-10-01T00:00:00Z"), "2026-10-30T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 ? * 6L *", "2026-05-01T00:00:00Z"), "2026-05-29T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 ? * FRIL *", "2026-10-01T00:00:00Z"), "2026-10-30T09:00:00Z");
  // L alone in day-of-week is the last day of the week: Saturday.
  EXPECT_EQ(NextUtc("0 9 ? * L *", "2026-08-10T00:00:00Z"), "2026-08-15T09:00:00Z");
}

TEST(ScheduleTest, NearestWeekday) {
  EXPECT_EQ(NextUtc("0 9 15W * ? *", "2026-08-01T00:00:00Z"), "2026-08-14T09:00:00Z");  // Sat
  EXPECT_EQ(NextUtc("0 9 1W * ? *", "2026-07-31T12:00:00Z"), "2026-08-03T09:00:00Z");   // Sat 1st
  EXPECT_EQ(NextUtc("0 9 31W * ? *", "2026-05-20T00:00:00Z"), "2026-05-29T09:00:00Z");  // Sun 31st
  EXPECT_EQ(NextUtc("0 9 1W * ? *", "2026-01-31T00:00:00Z"), "2026-02-02T09:00:00Z");   // Sun 1st
  EXPECT_EQ(NextUtc("0 9 13W * ? *", "2026-01-01T00:00:00Z"), "2026-01-13T09:00:00Z");  // Tue
}

TEST(ScheduleTest, NthWeekday) {
  // 2#1: first Monday (2 = Monday when 1 = Sunday), the Lambda docs' example.
  EXPECT_EQ(NextUtc("cron(0 9 ? * 2#1 *)", "2026-05-31T00:00:00Z"), "2026-06-01T09:00:00Z");
  EXPECT_EQ(NextUtc("cron(0 9 ? * 3#2 *)", "2026-08-01T00:00:00Z"), "2026-08-11T09:00:00Z");
  EXPECT_EQ(NextUtc("cron(0 9 ? * MON#1 *)", "2026-06-01T09:00:00Z"), "2026-07-06T09:00:00Z");
  EXPECT_EQ(NextUtc("cron(0 9 ? * FRI#5 *)", "2026-01-01T00:00:00Z"), "2026-01-30T09:00:00Z");
}

TEST(ScheduleTest, AwsDayOfWeekNumbering) {
  // AWS 1-5 is Sunday-Thursday; 2026-08-15 is a Saturday.
  EXPECT_EQ(NextUtc("0 9 ? * 1-5 *", "2026-08-15T00:00:00Z"), "2026-08-16T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 ? * 7 *", "2026-08-10T00:00:00Z"), "2026-08-15T09:00:00Z");
  // Classic 1-5 is Monday-Friday, and 0 and 7 are both Sunday.
  EXPECT_EQ(NextUtc("0 9 * * 1-5", "2026-08-15T00:00:00Z"), "2026-08-17T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 * * 7", "2026-08-10T00:00:00Z"), "2026-08-16T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 * * 0", "2026-08-10T00:00:00Z"), "2026-08-16T09:00:00Z");
  EXPECT_EQ(NextUtc("0 9 * * 5-7", "2026-08-10T00:00:00Z"), "2026-08-14T09:00:00Z");
}

TEST(ScheduleTest, ClassicDayFieldsFollowVixie) {
  // Both restricted: the 13th OR any Friday.
  EXPECT_EQ(NextUtc("0 0 13 * 5", "2026-02-01T00:00:00Z"), "2026-02-06T00:00:00Z");
  // A day field starting with '*' does not restrict: */13 (1, 14, 27) AND Friday.
  EXPECT_EQ(NextUtc("0 0 */13 * 5", "2026-02-01T00:00:00Z"), "2026-02-27T00:00:00Z");
  EXPECT_EQ(NextUtc("0 0 13 * *", "2026-02-01T00:00:00Z"), "2026-02-13T00:00:00Z");
}

TEST(ScheduleTest, YearsAndImpossibleDates) {
  EXPECT_EQ(NextUtc("0 0 1 1 ? 2027", "2026-05-01T00:00:00Z"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(NextUtc("0 0 1 1 ? 2027", "2027-01-01T00:00:00Z"), "none");
  EXPECT_EQ(NextUtc("0 0 30 FEB ? *", "2026-01-01T00:00:00Z"), "none");
  EXPECT_EQ(NextUtc("0 0 29 2 ? 2025/4", "2025-01-01T00:00:00Z"),
            "none");  // 2025, 2029, ... never leap
  EXPECT_EQ(NextUtc("0 0 29 2 ? 2024/4", "2025-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(NextUtc("0 0 29 2 *", "2025-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  auto prev = S("0 0 1 1 ? 2027").Previous(T("2026-01-01T00:00:00Z"), TimeZone::Utc());
  EXPECT_FALSE(prev.has_value());
}

TEST(ScheduleTest, StepsListsAndNames) {
  EXPECT_EQ(NextUtc("1/10 * * * ? *", "2026-01-01T00:21:00Z"), "2026-01-01T00:31:00Z");
  EXPECT_EQ(NextUtc("5,35 8-10/2 * * ? *", "2026-01-01T08:35:00Z"), "2026-01-01T10:05:00Z");
  EXPECT_EQ(NextUtc("0 0 1 jan,Jul ? *", "2026-01-01T00:00:00Z"), "2026-07-01T00:00:00Z");
  EXPECT_EQ(NextUtc("0 0 ? 3 sun-tue *", "2026-02-10T00:00:00Z"), "2026-03-01T00:00:00Z");
}

// EventBridge Scheduler's policy: a skipped wall time does not fire; a repeated one fires once,
// at its first occurrence. 2026: DST starts Mar 8, ends Nov 1 (02:00 local).
TEST(ScheduleTest, NewYorkDstPolicy) {
  // 02:30 does not exist on 2026-03-08.
  EXPECT_EQ(NextNy("30 2 * * *", "2026-03-07T08:00:00Z"), "2026-03-09T02:30:00-04:00");
  EXPECT_EQ(NextNy("30 2 * * *", "2026-03-07T00:00:00Z"), "2026-03-07T02:30:00-05:00");
  // 01:30 happens twice on 2026-11-01: fires once, at 01:30 EDT.
  EXPECT_EQ(NextNy("30 1 * * *", "2026-10-31T12:00:00Z"), "2026-11-01T01:30:00-04:00");
  EXPECT_EQ(NextNy("30 1 * * *", "2026-11-01T05:30:00Z"), "2026-11-02T01:30:00-05:00");
  // Every 30 minutes through the repeated hour: 01:00 and 01:30 EDT, then 02:00 EST.
  const Schedule s = S("*/30 * * * *");
  std::vector<std::string> got;
  Timestamp t = T("2026-11-01T03:59:00Z");
  for (int i = 0; i < 5; ++i) {
    t = *s.Next(t, TimeZone::NewYork());
    got.push_back(FormatTimestamp(t));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"2026-11-01T04:00:00Z", "2026-11-01T04:30:00Z",
                                           "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z",
                                           "2026-11-01T07:00:00Z"}));
  // Previous walks the same instants backwards.
  EXPECT_EQ(FormatTimestamp(*s.Previous(T("2026-11-01T07:00:00Z"), TimeZone::NewYork())),
            "2026-11-01T05:30:00Z");
  // Spring: every 30 minutes skips 02:00 and 02:30.
  EXPECT_EQ(FormatTimestamp(*s.Next(T("2026-03-08T06:30:00Z"), TimeZone::NewYork())),
            "2026-03-08T07:00:00Z");  // 01:30 EST -> 03:00 EDT
  EXPECT_EQ(FormatTimestamp(*s.Previous(T("2026-03-08T07:00:00Z"), TimeZone::NewYork())),
            "2026-03-08T06:30:00Z");
}

TEST(ScheduleTest, Rate) {
  const Schedule r = S("rate(15 minutes)");
  EXPECT_EQ(r.rate_period(), minutes(15));
  EXPECT_EQ(FormatTimestamp(*r.Next(T("2026-01-01T10:07:00Z"), TimeZone::Utc())),
            "2026-01-01T10:15:00Z");
  EXPECT_EQ(FormatTimestamp(*r.Next(T("2026-01-01T10:15:00Z"), TimeZone::Utc())),
            "2026-01-01T10:30:00Z");
  EXPECT_EQ(FormatTimestamp(*r.Previous(T("2026-01-01T10:15:00Z"), TimeZone::Utc())),
            "2026-01-01T10:00:00Z");
  Schedule d = S("rate(1 day)");
  d.set_rate_anchor(T("2026-03-07T14:30:00Z"));
  // 24 h apart whatever the zone: 09:30 EST becomes 10:30 EDT after the switch.
  EXPECT_EQ(
      FormatTimestamp(*d.Next(T("2026-03-08T15:00:00Z"), TimeZone::NewYork()), TimeZone::NewYork()),
      "2026-03-09T10:30:00-04:00");
  EXPECT_EQ(S("rate(1 minute)").rate_period(), minutes(1));
  EXPECT_EQ(S("rate(2 days)").rate_period(), hours(48));
}

TEST(ScheduleTest, ErrorsNameTheField) {
  EXPECT_EQ(ParseError("0 9 ? * FOO *"),
            "schedule '0 9 ? * FOO *': day-of-week: 'FOO' is not a day name (SUN-SAT) or number "
            "(1-7)");
  EXPECT_NE(ParseError("0 9 * * MON-FRI *").find("exactly one of them must be '?'"),
            std::string::npos);
  EXPECT_NE(ParseError("0 9 ? * ? *").find("exactly one of them must be '?'"), std::string::npos);
  EXPECT_NE(ParseError("61 * * * *").find("minutes: 61 is out of range 0-59"), std::string::npos);
  EXPECT_NE(ParseError("0 24 ? * * *").find("hours: 24 is out of range 0-23"), std::string::npos);
  EXPECT_NE(ParseError("0 0 1 FOO ? *").find("month: 'FOO' is not a month name"),
            std::string::npos);
  EXPECT_NE(ParseError("0 0 ? * MON#6 *").find("not an occurrence number 1-5"), std::string::npos);
  EXPECT_NE(ParseError("0 0 ? * MON#1,FRI#2 *").find("only one '#'"), std::string::npos);
  EXPECT_NE(ParseError("0 0 1 * ? 1969").find("year: 1969 is out of range 1970-2199"),
            std::string::npos);
  EXPECT_NE(ParseError("0 0 L * *").find("AWS cron syntax"), std::string::npos);
  EXPECT_NE(ParseError("0 0 5-1 * *").find("runs backwards"), std::string::npos);
  EXPECT_NE(ParseError("*/0 * * * *").find("step in '*/0' must be at least 1"), std::string::npos);
  EXPECT_NE(ParseError("0 ? * * *").find("'?' is only allowed in day-of-month"), std::string::npos);
  EXPECT_NE(ParseError("1 2 3").find("got 3 fields"), std::string::npos);
  EXPECT_NE(ParseError("cron(0 9 * * 1-5)").find("AWS cron needs 6 fields"), std::string::npos);
  EXPECT_NE(ParseError("rate(1 hours)").find("write rate(1 hour)"), std::string::npos);
  EXPECT_NE(ParseError("rate(5 hour)").find("write rate(5 hours)"), std::string::npos);
  EXPECT_NE(ParseError("rate(0 minutes)").find("out of range"), std::string::npos);
  EXPECT_NE(ParseError("rate(5 weeks)").find("not minute(s), hour(s) or day(s)"),
            std::string::npos);
  EXPECT_NE(ParseError("cron(0 9 ? * MON *").find("missing ')'"), std::string::npos);
  EXPECT_NE(ParseError("0,,5 * * * *").find("empty item"), std::string::npos);
}

}  // namespace
}  // namespace tradelet::schedule
