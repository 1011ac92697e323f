// Prophet's data preparation: validation, stable sorting, scales, the scaled time axis,
// automatic seasonalities, changepoints and initial values.
#pragma once

#include <string>
#include <vector>

#include "forecast/model_state.h"

namespace tradelet::forecast::internal {

// " at row <n> (ds <time>)": where a bad value is, for error messages (n counts from 1).
std::string RowAt(const Frame& f, size_t i);

// Nanoseconds from `from` to `to` as a double, exact before the rounding to double: the
// difference of two timestamps more than 292 years apart (possible between 1677 and 2262) does
// not fit int64, so it is taken in 128 bits.
inline double NsBetween(int64_t from, int64_t to) {
  __extension__ typedef __int128 i128;
  return static_cast<double>(static_cast<i128>(to) - from);
}

// Checks options that do not depend on data (ranges, reserved names, windows).
Status ValidateOptions(const ProphetOptions& options);

// Checks a frame's shape and values for fit (is_fit) or predict and returns it stably sorted
// by ds. Fit: rows with NaN y are dropped (needs >= 2 left). Errors name the column and ds.
Result<Frame> CheckAndSortFrame(const Frame& in, const Prophet::State& st,
                                const ProphetOptions& options, bool is_fit);

// Estimates the scales (y_scale, y_min, start, t_scale, regressor standardisation) from the
// sorted training frame.
Status EstimateScales(const Frame& hist, const ProphetOptions& options, Prophet::State* st);

// Per-row floor used for scaling (0, y_min or the user's floor).
std::vector<double> FloorOf(const Frame& f, const Prophet::State& st, const ProphetOptions& o);
// Scaled time of each row.
std::vector<double> ScaledTime(const Frame& f, const Prophet::State& st);

// Resolves the seasonality table (custom first, then yearly, weekly, daily by Prophet's rules).
Result<std::vector<ResolvedSeasonality>> ResolveSeasonalities(const Frame& hist,
                                                              const ProphetOptions& options);

// Changepoint instants (sorted) by Prophet's rule, or the user's list (validated).
Result<std::vector<Timestamp>> PlaceChangepoints(const Frame& hist, const ProphetOptions& options);

// Prophet's initial k and m for the growth mode.
void InitialTrend(const ModelData& d, double* k, double* m);

}  // namespace tradelet::forecast::internal
