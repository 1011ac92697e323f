// Forecast frequencies that know the exchange calendar: "nyse" (or "1nyse", "5nyse") steps
// through NYSE sessions (src/calendar, 1990-2050; weekdays beyond), everything else is
// forecast::Frequency::Parse ("B" for pandas' weekdays, "day", "15min", ...). Used by the
// prophet_trend strategy's `freq` and by `tradelet forecast --freq`.
#pragma once

#include <string_view>

#include "tradelet/base/status.h"
#include "tradelet/forecast/frame.h"

namespace tradelet {

Result<forecast::Frequency> ParseTradingFrequency(std::string_view text);

}  // namespace tradelet
