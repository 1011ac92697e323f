// Loads the bars a backtest needs: every CSV / CSV.gz in the data directory (one symbol per
// file, via the data module's reader) plus an optional benchmark file.
#pragma once

#include <string>
#include <vector>

#include "tradelet/backtest/runner.h"
#include "tradelet/data/market_data.h"

namespace tradelet {

struct BacktestData {
  data::MarketData market;
  std::vector<const BarSeries*> all;  // every series, symbol order (benchmark included)
  size_t bars = 0;
};

// `dir_override` (the --data flag) wins over config.data_dir. When config.symbols is set only
// those symbols (and the benchmark) are kept. Errors name the file or the missing symbol.
Result<BacktestData> LoadBacktestData(const BacktestConfig& config,
                                      const std::string& dir_override = "");

}  // namespace tradelet
