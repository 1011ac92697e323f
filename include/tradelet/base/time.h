// Time: UTC nanoseconds inside, civil dates, and local time in a zone (America/New_York built in,
// so no tzdata is needed at run time; other IANA zones are read from the system's zoneinfo).
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet {

using Duration = std::chrono::nanoseconds;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using days = std::chrono::duration<int64_t, std::ratio<86400>>;

// An instant: nanoseconds since 1970-01-01T00:00:00Z. Range about 1678–2262.
class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromUnixNanos(int64_t ns) { return Timestamp(ns); }
  static constexpr Timestamp FromUnixSeconds(int64_t s) { return Timestamp(s * 1'000'000'000); }
  static constexpr Timestamp FromUnixMillis(int64_t ms) { return Timestamp(ms * 1'000'000); }
  static constexpr Timestamp Min() { return Timestamp(INT64_MIN); }
  static constexpr Timestamp Max() { return Timestamp(INT64_MAX); }

  constexpr int64_t unix_nanos() const { return ns_; }
  // Floors toward minus infinity.
  constexpr int64_t unix_seconds() const {
    return ns_ >= 0 ? ns_ / 1'000'000'000 : -((-ns_ + 999'999'999) / 1'000'000'000);
  }
  constexpr int64_t unix_millis() const {
    return ns_ >= 0 ? ns_ / 1'000'000 : -((-ns_ + 999'999) / 1'000'000);
  }
  // Seconds since the epoch as a double (for models and analytics, not for the ledger).
  constexpr double ToDoubleSeconds() const { return static_cast<double>(ns_) * 1e-9; }

  // Arithmetic saturates at Min()/Max() instead of wrapping: parsed data can hold any year the
  // range allows, and the distance from a bar in 1708 to a clock in 2023 (more than 292 years of
  // nanoseconds) must read as "very far", never as a negative number.
  constexpr Timestamp& operator+=(Duration d) {
    if (__builtin_add_overflow(ns_, d.count(), &ns_)) ns_ = d.count() < 0 ? INT64_MIN : INT64_MAX;
    return *this;
  }
  constexpr Timestamp& operator-=(Duration d) {
    if (__builtin_sub_overflow(ns_, d.count(), &ns_)) ns_ = d.count() < 0 ? INT64_MAX : INT64_MIN;
    return *this;
  }
  friend constexpr Timestamp operator+(Timestamp t, Duration d) { return t += d; }
  friend constexpr Timestamp operator-(Timestamp t, Duration d) { return t -= d; }
  friend constexpr Duration operator-(Timestamp a, Timestamp b) {
    int64_t d = 0;
    if (__builtin_sub_overflow(a.ns_, b.ns_, &d)) d = a.ns_ < b.ns_ ? INT64_MIN : INT64_MAX;
    return Duration(d);
  }
  friend constexpr auto operator<=>(Timestamp, Timestamp) = default;

 private:
  constexpr explicit Timestamp(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

enum class Weekday { kSunday = 0, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

// A proleptic Gregorian calendar date with no time zone.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // Days since 1970-01-01 (negative before).
  int64_t ToDays() const;
  static CivilDate FromDays(int64_t days);
  Weekday weekday() const;
  CivilDate AddDays(int64_t n) const { return FromDays(ToDays() + n); }
  bool IsValid() const;
  // "2024-03-10"
  std::string ToString() const;
  // Accepts YYYY-MM-DD (and YYYYMMDD). Errors name the text.
  static Result<CivilDate> Parse(std::string_view text);

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

int DaysInMonth(int year, int month);
bool IsLeapYear(int year);
// The n-th (1-based) weekday of a month; n = -1 means the last one.
CivilDate NthWeekdayOfMonth(int year, int month, Weekday wd, int n);
// Easter Sunday (Gregorian, anonymous algorithm).
CivilDate EasterSunday(int year);

// A wall-clock reading with no zone attached.
struct LocalDateTime {
  CivilDate date;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t nanos = 0;  // 0..999'999'999

  // Interprets the reading as UTC.
  Timestamp AsUtc() const;
  static LocalDateTime FromUtc(Timestamp t);
  // "2024-03-10T02:30:00" (fraction only when non-zero)
  std::string ToString() const;
  friend auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;
};

// A time zone as a table of UTC offset changes. Copyable; immutable after construction.
class TimeZone {
 public:
  // How to read a local time that a DST change skips or repeats.
  enum class Disambiguation {
    kEarlier,  // repeated: the first occurrence; skipped: the instant before the gap, +gap
    kLater,    // repeated: the second occurrence
  };
  struct LocalLookup {
    enum class Kind { kUnique, kSkipped, kRepeated } kind = Kind::kUnique;
    Timestamp earlier;  // the only answer when kUnique
    Timestamp later;
  };

  static const TimeZone& Utc();
  // America/New_York from the US rules (1967 onward), without tzdata.
  static const TimeZone& NewYork();
  // "UTC", "Z", "America/New_York" (built in), "+05:30"/"-04:00" fixed offsets, or any IANA
  // name found as a TZif file under /usr/share/zoneinfo (or $TZDIR).
  static Result<TimeZone> Load(std::string_view name);

  const std::string& name() const { return name_; }
  // Local time minus UTC at instant t.
  Duration OffsetAt(Timestamp t) const;
  LocalDateTime ToLocal(Timestamp t) const;
  LocalLookup Lookup(const LocalDateTime& local) const;
  Timestamp FromLocal(const LocalDateTime& local,
                      Disambiguation d = Disambiguation::kEarlier) const;

  struct Transition {
    Timestamp at;             // first instant with the new offset
    int64_t offset_seconds;   // local - UTC from `at` on
  };
  // Builds a zone from sorted transitions; `initial_offset_seconds` applies before the first.
  TimeZone(std::string name, int64_t initial_offset_seconds, std::vector<Transition> transitions);

 private:
  int64_t OffsetSecondsAt(Timestamp t) const;
  std::string name_;
  int64_t initial_offset_seconds_ = 0;
  std::shared_ptr<const std::vector<Transition>> transitions_;
};

// ISO 8601 / RFC 3339: "2024-03-10T07:00:00Z", "...+00:00", "-05:00", 0–9 fractional digits,
// a space instead of 'T', or a bare date (midnight UTC). A reading without an offset is UTC.
Result<Timestamp> ParseTimestamp(std::string_view text);
// "2024-03-10T07:00:00Z"; fraction printed only when non-zero.
std::string FormatTimestamp(Timestamp t);
// With the zone's offset: "2024-03-10T03:00:00-04:00".
std::string FormatTimestamp(Timestamp t, const TimeZone& zone);
// Parses "90s", "15m"/"15min", "1h", "2d", "500ms", or a plain number of seconds.
Result<Duration> ParseDuration(std::string_view text);

}  // namespace tradelet
