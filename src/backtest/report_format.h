// Report number and time formatting appended straight into one buffer: the same bytes as
// Decimal::ToString, FormatTimestamp and snprintf("%.10g"), without a temporary string per
// field (the reports of a 504-symbol run hold ~140k rows).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "tradelet/base/time.h"
#include "tradelet/model/decimal.h"

namespace tradelet::report_internal {

// Decimal::ToString: whole part, then the fraction without trailing zeros.
inline void AppendDecimal(std::string& s, Decimal d) {
  const int64_t units = d.units();
  uint64_t u = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  uint64_t whole = u / Decimal::kScale, frac = u % Decimal::kScale;
  char buf[48];
  char* p = buf;
  if (units < 0) *p++ = '-';
  p = std::to_chars(p, buf + sizeof buf, whole).ptr;
  if (frac != 0) {
    char f[Decimal::kScaleDigits];
    for (int k = Decimal::kScaleDigits - 1; k >= 0; --k) {
      f[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    int n = Decimal::kScaleDigits;
    while (f[n - 1] == '0') --n;
    *p++ = '.';
    for (int k = 0; k < n; ++k) *p++ = f[k];
  }
  s.append(buf, p);
}

// snprintf("%.10g", v), "" when not finite (to_chars with a precision is printf's %g).
inline void AppendG10(std::string& s, double v) {
  if (!std::isfinite(v)) return;
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
  s.append(buf, r.ptr);
}

// FormatTimestamp(t): "YYYY-MM-DDTHH:MM:SS[.fraction]Z". The date of the previous call is kept,
// as rows come in time order; years outside 0..9999 and fractions take the general path.
class TimestampFormatter {
 public:
  void Append(std::string& s, Timestamp t) {
    const int64_t ns = t.unix_nanos();
    if (ns % 1'000'000'000 != 0) {  // a fraction of a second
      s += FormatTimestamp(t);
      return;
    }
    const int64_t secs = ns / 1'000'000'000;
    const int64_t days = FloorDiv(secs, 86400);
    const int64_t sod = secs - days * 86400;
    if (days != days_ || !valid_) {
      const CivilDate d = CivilDate::FromDays(days);
      valid_ = d.year >= 0 && d.year <= 9999;
      if (!valid_) {
        s += FormatTimestamp(t);
        return;
      }
      days_ = days;
      Digits(date_, 4, d.year);
      date_[4] = '-';
      Digits(date_ + 5, 2, d.month);
      date_[7] = '-';
      Digits(date_ + 8, 2, d.day);
      date_[10] = 'T';
    }
    char buf[20];
    std::copy(date_, date_ + 11, buf);
    Digits(buf + 11, 2, static_cast<int>(sod / 3600));
    buf[13] = ':';
    Digits(buf + 14, 2, static_cast<int>(sod / 60 % 60));
    buf[16] = ':';
    Digits(buf + 17, 2, static_cast<int>(sod % 60));
    buf[19] = 'Z';
    s.append(buf, 20);
  }

 private:
  static int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
  static void Digits(char* at, int n, int v) {
    for (int k = n - 1; k >= 0; --k) {
      at[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  }
  int64_t days_ = 0;
  bool valid_ = false;
  char date_[11] = {};
};

// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a newline.
inline void AppendCsv(std::string& s, std::string_view f) {
  if (f.find_first_of(",\"\n") == std::string_view::npos) {
    s.append(f);
    return;
  }
  s += '"';
  for (char c : f) {
    if (c == '"') s += '"';
    s += c;
  }
  s += '"';
}

}  // namespace tradelet::report_internal
