// Field parsers shared by the CSV readers: numbers and timestamps without allocation.
#pragma once

#include <cstdint>
#include <string_view>

#include "tradelet/base/time.h"

namespace tradelet::data::internal {

enum class NumberParse { kOk, kMissing, kBad };

// Parses a decimal or scientific number. Empty, "null", "NaN", "NA", "N/A" (any case) and
// "-" are missing. Surrounding spaces are ignored; a leading '+' is accepted.
NumberParse ParseNumber(std::string_view s, double* out);

// The run of ASCII digits at p: returns its end and sets *m = *m * 10^length + its value (exact
// while the digits read in all stay under 20; callers reject longer numbers anyway). A byte
// loop: an eight-bytes-at-a-time version measured slower here (its pointer chain runs through
// multiplies, while this loop's branches are predicted along).
inline const char* DigitRun(const char* p, const char* end, uint64_t* m) {
  for (; p < end && static_cast<unsigned char>(*p - '0') < 10; ++p) *m = *m * 10 + (*p - '0');
  return p;
}

// "[-]digits[.digits]" with at most 15 digits, read from p up to the first byte that does not
// continue it; returns that position, or nullptr when the text at p is not of this form. The
// integer of its digits is exact in a double, and so is 10^k, so one division gives the
// correctly rounded value, which is what from_chars returns (Clinger's fast path). Most price
// fields are like "80.69"; the readers leave anything else (spaces, exponents, NaN words,
// longer numbers) to ParseNumber.
inline const char* ScanDecimal(const char* p, const char* end, double* out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool neg = p < end && *p == '-';
  p += neg;
  uint64_t m = 0;
  const char* q = DigitRun(p, end, &m);
  long digits = q - p;
  if (digits == 0) return nullptr;
  long frac = 0;
  if (q < end && *q == '.') {
    const char* const frac_begin = q + 1;
    q = DigitRun(frac_begin, end, &m);
    frac = q - frac_begin;
    if (frac == 0) return nullptr;
    digits += frac;
  }
  if (digits > 15) return nullptr;
  const double v = static_cast<double>(m) / kPow10[frac];
  *out = neg ? -v : v;
  return q;
}

// A parsed time field.
struct ParsedTime {
  int64_t ns = 0;          // UTC nanoseconds
  bool date_only = false;  // a bare date, stamped at the session open
};

// Parses the time formats the bar readers accept (see bar_csv.h) and converts them to UTC.
// Not thread-safe per instance (it memoises the last local day's UTC offset).
class TimeFieldParser {
 public:
  explicit TimeFieldParser(const TimeZone* zone);  // null = America/New_York
  // false when the text is not a time this parser understands.
  bool Parse(std::string_view s, ParsedTime* out);

 private:
  int64_t LocalToUtcNs(int64_t days, int64_t second_of_day, int64_t frac_ns);
  const TimeZone* zone_;
  bool zone_is_new_york_;
};

// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// UTC nanoseconds of 09:30 America/New_York on the given day (the NYSE regular open).
int64_t SessionOpenUtcNs(int64_t days);
// UTC offset of America/New_York, in seconds, from 03:00 local on `days` to 02:00 the next day
// (i.e. away from the DST switch hours). Table lookup for 1900-2100.
int64_t NewYorkDayOffsetSeconds(int64_t days);

}  // namespace tradelet::data::internal
