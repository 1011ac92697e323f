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
