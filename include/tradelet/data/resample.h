// Resampling bars to a coarser interval, session by session.
#pragma once

#include <span>

#include "tradelet/data/sessions.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::data {

struct ResampleReport {
  size_t input_bars = 0;
  size_t output_bars = 0;
  size_t dropped_off_session = 0;  // input bars in no session (pre/post market, holidays)
};

// Aggregates `in` (times strictly ascending, e.g. after NormalizeSeries) into `to` bars:
//   5m/15m/30m/1h  buckets start at the session open (open + k * interval) and the last one
//                  is cut at the close (a 13:00 early close gives a short last bar); a bucket
//                  never spans two sessions. Stamped at the bucket start.
//   1d             one bar per session, stamped at the session open.
//   1wk / 1mo      the sessions of a Monday-based week / calendar month, stamped at the first
//                  session's open.
// open = first open, high = max, low = min, close = last close, volume = sum; adj_close =
// last; dividend = sum; split = product. Bars with a missing (NaN) price are skipped; buckets
// with no bars produce no output bar. Intraday input bars are placed by the session holding
// their start, daily input bars by their New York date.
// Errors: `to` not coarser than in.interval, unsorted input, or no sessions.
Result<BarSeries> Resample(const BarSeries& in, BarInterval to,
                           std::span<const MarketSession> sessions,
                           ResampleReport* report = nullptr);

}  // namespace tradelet::data
