// Bars: the OHLCV record shared by every data source, the kernel and the forecaster's callers.
#pragma once

#include <string>
#include <vector>

#include "tradelet/base/time.h"

namespace tradelet {

using Symbol = std::string;

// One bar. `time` is the bar's START in UTC (a daily bar starts at its session's open;
// sources that stamp bars by their end, like Alpha Vantage intraday, are shifted on import).
// Prices are doubles: bars feed models and simulations; the ledger converts to Decimal.
struct Bar {
  Timestamp time;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
};

// Bar sizes the system knows.
enum class BarInterval { k1Min, k5Min, k15Min, k30Min, k1Hour, k1Day, k1Week, k1Month };

std::string_view BarIntervalName(BarInterval i);  // "1m", "5m", "15m", "30m", "1h", "1d", "1wk", "1mo"
// Accepts the names above and common aliases ("1min", "1Min", "60m", "day", "1Day", ...).
Result<BarInterval> ParseBarInterval(std::string_view text);
// Nominal length (a month is 30 days; use the calendar for real session spans).
Duration BarIntervalDuration(BarInterval i);

}  // namespace tradelet
