// Weekly seasonality fitted on data that never contains some weekdays (daily stock closes:
// no Saturdays or Sundays) is not identified on those days: the fit constrains the weekly
// curve only where it saw data, and its value on the other days is whatever the priors (and,
// for Stan, the optimizer's path) leave there — implementations disagree wildly. These helpers
// find such weekdays and the forecast rows that fall on them, so callers can flag them.
// Pure: no I/O (the CLI logs the warning and writes the stats).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tradelet/base/time.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {

// UTC weekdays (the phase weekly seasonality sees) on which no fitted history row with a y
// falls, when the fitted model has an unconditional seasonality of period 7 days (weekly or
// a custom one); empty otherwise. Requires a fitted model (empty if not).
std::vector<Weekday> UnobservedWeekdays(const Prophet& model);

// Indexes of `ds` whose UTC weekday is in `weekdays`.
std::vector<size_t> RowsOnWeekdays(const std::vector<Timestamp>& ds,
                                   const std::vector<Weekday>& weekdays);

// "Sat", "Sun", ...
std::string WeekdayShortName(Weekday w);

}  // namespace tradelet::forecast
