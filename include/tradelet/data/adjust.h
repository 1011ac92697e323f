// Split and dividend adjustment. The caller always says which prices it wants: nothing is
// adjusted implicitly anywhere in data/.
#pragma once

#include <string_view>

#include "tradelet/base/status.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::data {

enum class Adjustment {
  kRaw,            // prices as traded
  kSplitAdjusted,  // earlier prices divided by the later splits (volume multiplied)
  kFullyAdjusted,  // split-adjusted and scaled for later cash dividends (total-return prices)
};
std::string_view AdjustmentName(Adjustment a);              // "raw", "split", "full"
Result<Adjustment> ParseAdjustment(std::string_view text);  // also "split-adjusted", "adjusted"

// Returns `raw` adjusted as asked. `raw` must hold unadjusted prices with their corporate
// actions (a split column, and a dividend column for kFullyAdjusted), as Alpha Vantage daily
// files do; the result's split column is all 1 and, for kFullyAdjusted, its dividend column
// all 0 (they are folded into the prices); split-adjusted dividends are per adjusted share.
//   split factor of bar i  S_i = product of split[j] over bars j > i
//   dividend factor        D_i = product over j > i of (1 - dividend[j] / (close[j-1] / split[j]))
//   kSplitAdjusted: price / S_i, volume * S_i;  kFullyAdjusted: price * D_i / S_i.
// A series without split/dividend columns but with adj_close (Yahoo) can only be fully
// adjusted, by the ratio adj_close / close (yfinance's auto_adjust: O/H/L scaled, close =
// adj_close, volume kept).
// Errors: FailedPrecondition when the columns needed are absent (naming them).
Result<BarSeries> Adjust(const BarSeries& raw, Adjustment how);

}  // namespace tradelet::data
