// Frame: the columnar table the forecaster reads and writes (Prophet's pandas DataFrame).
//
// A Frame holds `ds` (UTC instants), optional `y`, `cap`, `floor`, and named extra columns
// (regressors, and 0/1 condition columns for conditional seasonalities). Columns are plain
// vectors of equal length; an empty optional column means "absent". Missing `y` is NaN.
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::forecast {

struct Frame {
  std::vector<Timestamp> ds;
  std::vector<double> y;      // empty = absent (predict frames); NaN = missing value
  std::vector<double> cap;    // logistic growth capacity; empty = absent
  std::vector<double> floor;  // logistic floor; empty = absent
  // Extra columns by name, in insertion order: regressors and condition columns (0/1).
  std::vector<std::pair<std::string, std::vector<double>>> columns;

  size_t size() const { return ds.size(); }
  // The extra column `name`, or nullptr.
  const std::vector<double>* Column(std::string_view name) const;
  // Adds or replaces an extra column.
  void SetColumn(std::string name, std::vector<double> values);
};

// A calendar or fixed step for make_future_dataframe.
//   day|D, week|W, month|MS (same day of month, R's seq(by="month")), quarter|QS, year|YS,
//   B (weekdays, pandas' business day: Monday-Friday, no holidays; "3B" = every 3rd),
//   or a fixed duration: "15min", "1h", "5s", "500ms", or a plain number of seconds.
// Trading sessions of an exchange calendar ("nyse") are made with Sessions() by a module that
// has the calendar (tradelet/strategy/trading_frequency.h); the forecaster has no calendar.
struct Frequency {
  enum class Unit { kFixed, kDay, kWeek, kMonth, kBusinessDay, kSessions };
  Unit unit = Unit::kDay;
  int64_t count = 1;  // calendar units per step (quarter = 3 months, year = 12 months)
  Duration step{0};   // kFixed only
  // kSessions: the calendar's session dates as days since 1970-01-01, ascending, and its name.
  std::shared_ptr<const std::vector<int64_t>> session_days;
  std::string name;
  // Errors name the text: "unknown frequency 'fortnight' (use day, week, month, ...)".
  static Result<Frequency> Parse(std::string_view text);
  // Steps of `count` sessions of a calendar given by its ascending session days. Past the
  // table's last day, sessions continue as weekdays.
  static Frequency Sessions(std::string name, int64_t count,
                            std::shared_ptr<const std::vector<int64_t>> session_days);
  // The count of "<count><unit>" text that ends with `unit` ("5B" -> 5, "nyse" -> 1): digits
  // only, at least 1. Errors name the text ("unknown frequency '5xB' (B takes a count: 5B)").
  static Result<int64_t> UnitCount(std::string_view text, std::string_view unit);
  // The instant one step after `t` (calendar steps keep the UTC time of day; B and session
  // steps go to the next weekday / session date after t's UTC date, at t's time of day).
  Timestamp Advance(Timestamp t, int64_t steps = 1) const;
  std::string ToString() const;
};

// Parses a CSV with a header row into a Frame: `ds` (ISO date or date-time, quoted or not)
// and `y` are required for fitting (`require_y`); `cap`, `floor` are recognised; every other
// column is an extra numeric column. Empty, NA, NaN, null mark a missing `y`; elsewhere they
// are errors. Errors name the line and the column: "line 12, column 'y': not a number 'abc'".
// `source` names the input in messages.
Result<Frame> ParseFrameCsv(std::string_view text, bool require_y, std::string_view source);

// Writes a frame-like table as CSV (ds formatted "YYYY-MM-DD HH:MM:SS", doubles with 17
// significant digits, NaN as empty).
std::string FormatTimestampForCsv(Timestamp t);

}  // namespace tradelet::forecast
