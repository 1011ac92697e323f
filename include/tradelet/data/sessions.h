// The trading sessions data/ checks bars against (validation gaps, resampling boundaries).
// A plain list so callers can pass any calendar; SessionsFor() gives the NYSE's.
#pragma once

#include <span>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet::data {

// A session: New York date, open and close as UTC instants (close exclusive: the last 1-minute
// bar starts at close - 1 min), early_close. The calendar module's type, so its tables can be
// passed straight in.
using MarketSession = tradelet::Session;

// NYSE regular sessions with from <= date <= to, in order (holidays, special closures and
// 13:00 early closes from the calendar module). OutOfRange outside 1990-2050.
Result<std::vector<MarketSession>> SessionsFor(CivilDate from, CivilDate to);

// Index of the session whose [open, close) holds t, or -1. `sessions` must be in order.
long SessionContaining(std::span<const MarketSession> sessions, Timestamp t);
// Index of the session on the New York date of t (for daily bars), or -1.
long SessionOnDateOf(std::span<const MarketSession> sessions, Timestamp t);

}  // namespace tradelet::data
