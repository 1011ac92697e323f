// Bars for the paper exchange: a directory of CSV files (data module), or the deterministic
// sample market's intraday bars resampled to the requested interval.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::live {

// Every series of `dir` (LoadMarketData); errors name the file. A series that fails the row
// checks (data::ValidateRows: prices <= 0, high < low, negative volume, ...) is left out and
// logged; "SYMBOL: reason" goes to `skipped` when given.
Result<std::vector<BarSeries>> LoadPaperBarsFromDir(const std::string& dir,
                                                    std::vector<std::string>* skipped = nullptr);

// `symbols` sample stocks plus SPY, `sessions` recent sessions ending at `last_session`, as
// `interval` bars (k1Min..k1Hour). Same seed, same bars.
Result<std::vector<BarSeries>> SamplePaperBars(uint64_t seed, int symbols, int sessions,
                                               CivilDate last_session, BarInterval interval);

}  // namespace tradelet::live
