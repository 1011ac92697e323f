#include "tradelet/base/time.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>

namespace tradelet {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Howard Hinnant's days_from_civil algorithm (public domain description).
int64_t CivilDate::ToDays() const {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilDate::FromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return CivilDate{y, m, d};
}

Weekday CivilDate::weekday() const {
  const int64_t d = ToDays();
  return static_cast<Weekday>((d % 7 + 7 + 4) % 7);  // 1970-01-01 was a Thursday
}

bool CivilDate::IsValid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string CivilDate::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<CivilDate> CivilDate::Parse(std::string_view text) {
  CivilDate d;
  bool ok = false;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    ok = ParseInt(text.substr(0, 4), &d.year) && ParseInt(text.substr(5, 2), &d.month) &&
         ParseInt(text.substr(8, 2), &d.day);
  } else if (text.size() == 8) {
    ok = ParseInt(text.substr(0, 4), &d.year) && ParseInt(text.substr(4, 2), &d.month) &&
         ParseInt(text.substr(6, 2), &d.day);
  }
  if (!ok || !d.IsValid()) {
    return InvalidArgument("not a date (want YYYY-MM-DD): '" + std::string(text) + "'");
  }
  return d;
}

CivilDate NthWeekdayOfMonth(int year, int month, Weekday wd, int n) {
  if (n > 0) {
    CivilDate first{year, month, 1};
    int delta = (static_cast<int>(wd) - static_cast<int>(first.weekday()) + 7) % 7;
    return first.AddDays(delta + 7 * (n - 1));
  }
  CivilDate last{year, month, DaysInMonth(year, month)};
  int delta = (static_cast<int>(last.weekday()) - static_cast<int>(wd) + 7) % 7;
  return last.AddDays(-delta);
}

CivilDate EasterSunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return CivilDate{y, month, day};
}

Timestamp LocalDateTime::AsUtc() const {
  const int64_t secs = date.ToDays() * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  return Timestamp::FromUnixNanos(secs * kNanosPerSecond + nanos);
}

LocalDateTime LocalDateTime::FromUtc(Timestamp t) {
  const int64_t ns = t.unix_nanos();
  const int64_t secs = FloorDiv(ns, kNanosPerSecond);
  const int64_t days = FloorDiv(secs, kSecondsPerDay);
  const int64_t sod = secs - days * kSecondsPerDay;
  LocalDateTime out;
  out.date = CivilDate::FromDays(days);
  out.hour = static_cast<int>(sod / 3600);
  out.minute = static_cast<int>(sod / 60 % 60);
  out.second = static_cast<int>(sod % 60);
  // The remainder, not ns - secs * 1e9: that product overflows at Timestamp::Min (UBSan).
  const int64_t rem = ns % kNanosPerSecond;
  out.nanos = rem < 0 ? rem + kNanosPerSecond : rem;
  return out;
}

namespace {
std::string FormatFraction(int64_t nanos) {
  if (nanos == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  return s;
}
}  // namespace

std::string LocalDateTime::ToString() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", date.ToString().c_str(), hour, minute,
                second);
  return buf + FormatFraction(nanos);
}

// ---- Time zones ----------------------------------------------------------------------------

TimeZone::TimeZone(std::string name, int64_t initial_offset_seconds,
                   std::vector<Transition> transitions)
    : name_(std::move(name)),
      initial_offset_seconds_(initial_offset_seconds),
      transitions_(std::make_shared<const std::vector<Transition>>(std::move(transitions))) {}

int64_t TimeZone::OffsetSecondsAt(Timestamp t) const {
  const auto& tr = *transitions_;
  auto it = std::upper_bound(tr.begin(), tr.end(), t,
                             [](Timestamp x, const Transition& e) { return x < e.at; });
  if (it == tr.begin()) return initial_offset_seconds_;
  return std::prev(it)->offset_seconds;
}

Duration TimeZone::OffsetAt(Timestamp t) const { return seconds(OffsetSecondsAt(t)); }

LocalDateTime TimeZone::ToLocal(Timestamp t) const {
  return LocalDateTime::FromUtc(t + seconds(OffsetSecondsAt(t)));
}

TimeZone::LocalLookup TimeZone::Lookup(const LocalDateTime& local) const {
  const Timestamp as_utc = local.AsUtc();
  // Candidate offsets: those in force a day either side of the reading.
  const int64_t o1 = OffsetSecondsAt(as_utc - hours(30));
  const int64_t o2 = OffsetSecondsAt(as_utc + hours(30));
  std::vector<Timestamp> hits;
  for (int64_t o : {o1, o2}) {
    const Timestamp cand = as_utc - seconds(o);
    if (OffsetSecondsAt(cand) == o && std::find(hits.begin(), hits.end(), cand) == hits.end()) {
      hits.push_back(cand);
    }
  }
  std::sort(hits.begin(), hits.end());
  LocalLookup r;
  if (hits.size() == 1) {
    r.kind = LocalLookup::Kind::kUnique;
    r.earlier = r.later = hits[0];
  } else if (hits.size() == 2) {
    r.kind = LocalLookup::Kind::kRepeated;
    r.earlier = hits[0];
    r.later = hits[1];
  } else {
    // In a gap: reading with the offset before the gap lands after the transition.
    r.kind = LocalLookup::Kind::kSkipped;
    r.earlier = as_utc - seconds(o1);
    r.later = as_utc - seconds(o2);
  }
  return r;
}

Timestamp TimeZone::FromLocal(const LocalDateTime& local, Disambiguation d) const {
  const LocalLookup r = Lookup(local);
  return d == Disambiguation::kEarlier ? r.earlier : r.later;
}

const TimeZone& TimeZone::Utc() {
  static const TimeZone* zone = new TimeZone("UTC", 0, {});
  return *zone;
}

namespace {

// US Eastern time: standard UTC-5, daylight UTC-4, by the federal rules in force each year.
std::vector<TimeZone::Transition> NewYorkTransitions() {
  std::vector<TimeZone::Transition> out;
  constexpr int64_t kEst = -5 * 3600, kEdt = -4 * 3600;
  for (int y = 1967; y <= 2200; ++y) {
    CivilDate start, end;
    if (y >= 2007) {
      start = NthWeekdayOfMonth(y, 3, Weekday::kSunday, 2);
      end = NthWeekdayOfMonth(y, 11, Weekday::kSunday, 1);
    } else if (y >= 1987) {
      start = NthWeekdayOfMonth(y, 4, Weekday::kSunday, 1);
      end = NthWeekdayOfMonth(y, 10, Weekday::kSunday, -1);
    } else if (y == 1974) {
      start = {1974, 1, 6};
      end = NthWeekdayOfMonth(y, 10, Weekday::kSunday, -1);
    } else if (y == 1975) {
      start = {1975, 2, 23};
      end = NthWeekdayOfMonth(y, 10, Weekday::kSunday, -1);
    } else {
      start = NthWeekdayOfMonth(y, 4, Weekday::kSunday, -1);
      end = NthWeekdayOfMonth(y, 10, Weekday::kSunday, -1);
    }
    // Both changes happen at 02:00 local wall time.
    out.push_back({LocalDateTime{start, 2}.AsUtc() - seconds(kEst), kEdt});
    out.push_back({LocalDateTime{end, 2}.AsUtc() - seconds(kEdt), kEst});
  }
  return out;
}

}  // namespace

const TimeZone& TimeZone::NewYork() {
  static const TimeZone* zone = new TimeZone("America/New_York", -5 * 3600, NewYorkTransitions());
  return *zone;
}

// TimeZone::Load lives in tz_file.cc (TZif and fixed offsets).

// ---- Parsing and formatting ----------------------------------------------------------------

Result<Timestamp> ParseTimestamp(std::string_view text) {
  auto bad = [&](const char* why) {
    return InvalidArgument("not an ISO 8601 time (" + std::string(why) + "): '" +
                           std::string(text) + "'");
  };
  if (text.size() < 10) return bad("too short");
  TL_ASSIGN_OR_RETURN(CivilDate date, CivilDate::Parse(text.substr(0, 10)));
  if (date.year < 1678 || date.year > 2261) {
    return OutOfRange("time outside 1678..2261 (nanosecond range): '" + std::string(text) + "'");
  }
  LocalDateTime local{date};
  std::string_view rest = text.substr(10);
  int64_t offset_seconds = 0;
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ' && rest[0] != 't') return bad("expected 'T'");
    rest.remove_prefix(1);
    if (rest.size() < 5 || rest[2] != ':') return bad("expected HH:MM");
    if (!ParseInt(rest.substr(0, 2), &local.hour) || !ParseInt(rest.substr(3, 2), &local.minute)) {
      return bad("bad HH:MM");
    }
    rest.remove_prefix(5);
    if (!rest.empty() && rest[0] == ':') {
      if (rest.size() < 3 || !ParseInt(rest.substr(1, 2), &local.second)) return bad("bad seconds");
      rest.remove_prefix(3);
      if (!rest.empty() && (rest[0] == '.' || rest[0] == ',')) {
        rest.remove_prefix(1);
        size_t n = 0;
        int64_t frac = 0;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
          if (n < 9) frac = frac * 10 + (rest[n] - '0');
          ++n;
        }
        if (n == 0) return bad("empty fraction");
        for (size_t k = n; k < 9; ++k) frac *= 10;
        local.nanos = frac;
        rest.remove_prefix(n);
      }
    }
    if (local.hour > 23 || local.minute > 59 || local.second > 60) return bad("time out of range");
    if (local.second == 60) local.second = 59;  // leap second: clamp
    if (rest == "Z" || rest == "z") {
      rest = {};
    } else if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
      const int sign = rest[0] == '-' ? -1 : 1;
      rest.remove_prefix(1);
      int oh = 0, om = 0;
      if (rest.size() == 5 && rest[2] == ':') {
        if (!ParseInt(rest.substr(0, 2), &oh) || !ParseInt(rest.substr(3, 2), &om)) {
          return bad("bad offset");
        }
      } else if (rest.size() == 4) {
        if (!ParseInt(rest.substr(0, 2), &oh) || !ParseInt(rest.substr(2, 2), &om)) {
          return bad("bad offset");
        }
      } else if (rest.size() == 2) {
        if (!ParseInt(rest, &oh)) return bad("bad offset");
      } else {
        return bad("bad offset");
      }
      if (oh > 23 || om > 59) return bad("offset out of range");
      offset_seconds = sign * (oh * 3600 + om * 60);
      rest = {};
    }
    if (!rest.empty()) return bad("trailing characters");
  }
  return local.AsUtc() - seconds(offset_seconds);
}

std::string FormatTimestamp(Timestamp t) { return LocalDateTime::FromUtc(t).ToString() + "Z"; }

std::string FormatTimestamp(Timestamp t, const TimeZone& zone) {
  if (&zone == &TimeZone::Utc()) return FormatTimestamp(t);
  const int64_t off = zone.OffsetAt(t).count() / kNanosPerSecond;
  char buf[16];
  const int64_t a = off < 0 ? -off : off;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", off < 0 ? '-' : '+', static_cast<int>(a / 3600),
                static_cast<int>(a / 60 % 60));
  return zone.ToLocal(t).ToString() + buf;
}

Result<Duration> ParseDuration(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])))) ++i;
  int64_t n = 0;
  if (i == 0) return InvalidArgument("not a duration: '" + std::string(text) + "'");
  auto [p, ec] = std::from_chars(text.data(), text.data() + i, n);
  if (ec != std::errc())
    return InvalidArgument("duration out of range: '" + std::string(text) + "'");
  const std::string_view unit = text.substr(i);
  // Nanoseconds per unit; the count must fit int64 nanoseconds (about 292 years) once scaled.
  int64_t unit_ns = 0;
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "S")
    unit_ns = 1'000'000'000;
  else if (unit == "ms")
    unit_ns = 1'000'000;
  else if (unit == "us")
    unit_ns = 1'000;
  else if (unit == "ns")
    unit_ns = 1;
  else if (unit == "m" || unit == "min" || unit == "T")
    unit_ns = 60'000'000'000;
  else if (unit == "h" || unit == "H")
    unit_ns = 3'600'000'000'000;
  else if (unit == "d" || unit == "D")
    unit_ns = 86'400'000'000'000;
  else if (unit == "w" || unit == "W")
    unit_ns = 604'800'000'000'000;
  if (unit_ns != 0) {
    if (n > std::numeric_limits<int64_t>::max() / unit_ns)
      return InvalidArgument("duration out of range: '" + std::string(text) +
                             "' (at most about 292 years)");
    return Duration(n * unit_ns);
  }
  return InvalidArgument("unknown duration unit '" + std::string(unit) + "' in '" +
                         std::string(text) + "' (use ns, us, ms, s, min, h, d, w)");
}

}  // namespace tradelet
