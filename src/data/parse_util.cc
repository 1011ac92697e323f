#include "data/parse_util.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace tradelet::data::internal {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

constexpr int64_t kTableFirstDay = DaysFromCivil(1900, 1, 1);
constexpr int64_t kTableLastDay = DaysFromCivil(2100, 12, 31);

// Offsets in quarter hours would do; NY only uses whole hours, so int8 hours.
const std::vector<int8_t>& NewYorkOffsetTable() {
  static const std::vector<int8_t>* table = [] {
    auto* t = new std::vector<int8_t>(static_cast<size_t>(kTableLastDay - kTableFirstDay + 1));
    const TimeZone& ny = TimeZone::NewYork();
    // Offsets only change at transitions, so compute one per day at noon UTC-ish: the zone's
    // offset at 17:00 UTC is the offset in force from 03:00 local to 02:00 the next day.
    for (int64_t d = kTableFirstDay; d <= kTableLastDay; ++d) {
      const Timestamp noon = Timestamp::FromUnixSeconds(d * 86400 + 17 * 3600);
      (*t)[static_cast<size_t>(d - kTableFirstDay)] =
          static_cast<int8_t>(ny.OffsetAt(noon).count() / 3'600'000'000'000LL);
    }
    return t;
  }();
  return *table;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline int D(char c) { return c - '0'; }

// Parses exactly `n` digits at s[pos..].
inline bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    v = v * 10 + D(s[pos + i]);
  }
  *out = v;
  return true;
}

// 1 or 2 digits.
inline bool ShortNumber(std::string_view s, size_t* pos, int* out) {
  size_t p = *pos;
  if (p >= s.size() || !IsDigit(s[p])) return false;
  int v = D(s[p++]);
  if (p < s.size() && IsDigit(s[p])) v = v * 10 + D(s[p++]);
  *pos = p;
  *out = v;
  return true;
}

bool ValidDate(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m) && y >= 1700 && y <= 2250;
}

}  // namespace

NumberParse ParseNumber(std::string_view s, double* out) {
  // Fast path: most fields have no spaces.
  if (!s.empty() &&
      (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t')) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    s = s.substr(b, e - b);
  }
  if (s.empty()) return NumberParse::kMissing;
  const char c0 = s[0];
  if (!(IsDigit(c0) || c0 == '-' || c0 == '.')) {
    if (c0 == '+') {
      s.remove_prefix(1);
      if (s.empty() || s[0] == '-' || s[0] == '+') return NumberParse::kBad;
    } else if (EqualsIgnoreCase(s, "null") || EqualsIgnoreCase(s, "nan") ||
               EqualsIgnoreCase(s, "na") || EqualsIgnoreCase(s, "n/a") ||
               EqualsIgnoreCase(s, "none")) {
      return NumberParse::kMissing;
    } else {
      return NumberParse::kBad;
    }
  }
  if (s == "-") return NumberParse::kMissing;
  double v;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    if (EqualsIgnoreCase(s, "-nan")) return NumberParse::kMissing;
    return NumberParse::kBad;
  }
  if (!std::isfinite(v)) return NumberParse::kBad;
  *out = v;
  return NumberParse::kOk;
}

int64_t NewYorkDayOffsetSeconds(int64_t days) {
  if (days >= kTableFirstDay && days <= kTableLastDay) {
    return int64_t{NewYorkOffsetTable()[static_cast<size_t>(days - kTableFirstDay)]} * 3600;
  }
  const Timestamp noon = Timestamp::FromUnixSeconds(days * 86400 + 17 * 3600);
  return TimeZone::NewYork().OffsetAt(noon).count() / 1'000'000'000;
}

int64_t SessionOpenUtcNs(int64_t days) {
  const int64_t local = days * 86400 + 9 * 3600 + 30 * 60;
  return (local - NewYorkDayOffsetSeconds(days)) * 1'000'000'000;
}

TimeFieldParser::TimeFieldParser(const TimeZone* zone)
    : zone_(zone ? zone : &TimeZone::NewYork()), zone_is_new_york_(zone_ == &TimeZone::NewYork()) {}

int64_t TimeFieldParser::LocalToUtcNs(int64_t days, int64_t sod, int64_t frac_ns) {
  if (zone_is_new_york_ && sod >= 3 * 3600) {
    return (days * 86400 + sod - NewYorkDayOffsetSeconds(days)) * 1'000'000'000 + frac_ns;
  }
  LocalDateTime ldt;
  ldt.date = CivilDate::FromDays(days);
  ldt.hour = static_cast<int>(sod / 3600);
  ldt.minute = static_cast<int>(sod / 60 % 60);
  ldt.second = static_cast<int>(sod % 60);
  ldt.nanos = frac_ns;
  return zone_->FromLocal(ldt).unix_nanos();
}

bool TimeFieldParser::Parse(std::string_view s, ParsedTime* out) {
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) {
    size_t b = 0, e = s.size();
    while (b < e && s[b] == ' ') ++b;
    while (e > b && s[e - 1] == ' ') --e;
    s = s.substr(b, e - b);
  }
  int y = 0, m = 0, d = 0;
  size_t pos = 0;
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return false;
    pos = 10;
  } else if (s.size() == 8 && Digits(s, 0, 4, &y) && Digits(s, 4, 2, &m) && Digits(s, 6, 2, &d)) {
    pos = 8;
  } else if ((s.size() == 10 || s.size() == 13) &&
             s.find_first_not_of("0123456789") == std::string_view::npos) {
    // Unix seconds (10 digits) or milliseconds (13 digits).
    int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    // Up to 2255 so the nanoseconds fit in int64.
    if (s.size() == 10 ? v > 9'000'000'000LL : v > 9'000'000'000'000LL) return false;
    out->ns = s.size() == 10 ? v * 1'000'000'000 : v * 1'000'000;
    out->date_only = false;
    return true;
  } else {
    // m/d/yyyy (US order, as mplfinance and spreadsheets write it).
    if (!ShortNumber(s, &pos, &m) || pos >= s.size() || s[pos] != '/') return false;
    ++pos;
    if (!ShortNumber(s, &pos, &d) || pos >= s.size() || s[pos] != '/') return false;
    ++pos;
    if (!Digits(s, pos, 4, &y)) return false;
    pos += 4;
  }
  if (!ValidDate(y, m, d)) return false;
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (pos == s.size()) {
    out->ns = SessionOpenUtcNs(days);
    out->date_only = true;
    return true;
  }
  if (s[pos] != ' ' && s[pos] != 'T') return false;
  ++pos;
  int hh = 0, mm = 0, ss = 0;
  if (!ShortNumber(s, &pos, &hh) || pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!Digits(s, pos, 2, &mm)) return false;
  pos += 2;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, &ss)) return false;
    pos += 3;
  }
  int64_t frac = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (digits < 9) {
        frac = frac * 10 + D(s[pos]);
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return false;
    for (int i = digits; i < 9; ++i) frac *= 10;
  }
  if (hh > 23 || mm > 59 || ss > 60) return false;
  if (ss == 60) ss = 59;  // leap second: clamp, bars never start on one
  const int64_t sod = hh * 3600 + mm * 60 + ss;
  out->date_only = false;
  if (pos == s.size()) {
    out->ns = LocalToUtcNs(days, sod, frac);
    return true;
  }
  int64_t offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, &oh)) return false;
    pos += 3;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (pos < s.size()) {
      if (!Digits(s, pos, 2, &om)) return false;
      pos += 2;
    }
    if (oh > 18 || om > 59) return false;
    offset = sign * (oh * 3600 + om * 60);
  } else if (s.substr(pos) == " UTC" || s.substr(pos) == " GMT") {
    pos = s.size();
  } else {
    return false;
  }
  if (pos != s.size()) return false;
  out->ns = (days * 86400 + sod - offset) * 1'000'000'000 + frac;
  return true;
}

}  // namespace tradelet::data::internal
