// Schedule expressions: AWS EventBridge cron (six fields), rate(N unit), and the classic
// five-field crontab, with next/previous fire times in any time zone.
//
//   auto s = Schedule::Parse("cron(0/15 13-21 ? * MON-FRI *)");
//   std::optional<Timestamp> t = s->Next(now, TimeZone::Utc());
//
// Dialect is chosen by shape: `cron(...)` and any six-field text are AWS cron (day-of-week
// 1 = Sunday, exactly one of day-of-month / day-of-week must be `?`); five fields are the classic
// Vixie crontab (day-of-week 0 or 7 = Sunday; when both day fields are restricted a day matching
// either one fires); `rate(...)` is a fixed period. See docs/scheduling.md.
//
// Time-zone policy (EventBridge Scheduler's documented behaviour): fire times are wall-clock
// times in the zone; a wall time that a DST change skips does not fire that day, and a wall time
// that a DST change repeats fires once, at its first occurrence. rate() is a fixed number of
// real nanoseconds and ignores the zone.
//
// Thread-safety: an immutable value after Parse; safe to share between threads.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::schedule {

enum class Dialect {
  kAws,      // cron(...) or six fields: minutes hours day-of-month month day-of-week year
  kClassic,  // five fields: minute hour day-of-month month day-of-week
  kRate,     // rate(N minute|minutes|hour|hours|day|days)
};

std::string_view DialectName(Dialect d);

// The parsed fields of a cron expression (either dialect). Days of the week are 0 = Sunday
// internally whatever the dialect's numbering.
struct CronFields {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;                 // bit d = day d (1..31)
  bool last_day_of_month = false;                // L
  bool last_weekday_of_month = false;            // LW
  std::vector<int> nearest_weekday;              // nW: the weekday nearest day n, same month
  std::bitset<13> months;                        // bit m = month m (1..12)
  std::bitset<7> days_of_week;                   // 0 = Sunday
  std::vector<std::pair<int, int>> nth_weekday;  // (weekday, n): d#n, n in 1..5
  std::vector<int> last_weekday;                 // dL: last weekday d of the month
  // AWS: the field is `?` (only the other day field counts). Classic: the field starts with
  // `*` or is `?`, which makes the two day fields combine with AND instead of OR (Vixie).
  bool dom_unrestricted = false;
  bool dow_unrestricted = false;
  std::vector<bool> years;  // index y - kMinYear; empty means every year
  static constexpr int kMinYear = 1970;
  static constexpr int kMaxYear = 2199;
};

class Schedule {
 public:
  // Parses any of the three dialects; surrounding whitespace is ignored. Errors are
  // INVALID_ARGUMENT and name the field: "day-of-week: 'FOO' is not a day name".
  static Result<Schedule> Parse(std::string_view text);

  Dialect dialect() const { return dialect_; }
  const std::string& text() const { return text_; }

  // The first fire time strictly after `t`, or nullopt when there is none before the end of
  // year 2199 (e.g. `0 0 30 FEB ? *`). Wall-clock fields are read in `zone`.
  std::optional<Timestamp> Next(Timestamp t, const TimeZone& zone) const;
  // The last fire time strictly before `t`, or nullopt when there is none since 1970.
  std::optional<Timestamp> Previous(Timestamp t, const TimeZone& zone) const;

  // Whether a calendar date (in the schedule's zone) has any fire time. Cron only.
  bool DayMatches(const CivilDate& date) const;

  // rate(): the period, and the instant the periods count from. The anchor defaults to
  // 1970-01-01T00:00Z so rate(15 minutes) fires at :00, :15, :30, :45 (AWS instead counts from
  // when the rule was created; set the anchor to reproduce that).
  Duration rate_period() const { return period_; }
  Timestamp rate_anchor() const { return anchor_; }
  void set_rate_anchor(Timestamp anchor) { anchor_ = anchor; }

  const CronFields& fields() const { return fields_; }

 private:
  Schedule() = default;
  bool YearMatches(int year) const;
  std::optional<Timestamp> NextCron(Timestamp t, const TimeZone& zone) const;
  std::optional<Timestamp> PreviousCron(Timestamp t, const TimeZone& zone) const;

  Dialect dialect_ = Dialect::kAws;
  std::string text_;
  CronFields fields_;
  Duration period_{0};
  Timestamp anchor_;
};

// Parsing helpers, exposed for the fuzz target and tests.
Result<CronFields> ParseAwsCron(std::string_view six_fields);
Result<CronFields> ParseClassicCron(std::string_view five_fields);
Result<Duration> ParseRate(std::string_view inside_parentheses);

}  // namespace tradelet::schedule
