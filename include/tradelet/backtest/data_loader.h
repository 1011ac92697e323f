// Loads the bars a backtest needs: every CSV / CSV.gz in the data directory (one symbol per
// file, via the data module's reader) plus an optional benchmark file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tradelet/backtest/runner.h"
#include "tradelet/data/market_data.h"

namespace tradelet {

struct BacktestData {
  data::MarketData market;
  std::vector<const BarSeries*> all;  // every series, symbol order (benchmark included)
  size_t bars = 0;
  // Symbols left out because their bars fail data::ValidateRows (never traded); also logged.
  std::vector<SkippedSymbol> skipped;
  // With defer_verification and a bundle: its price columns' verifier (data::Bundle::verifier),
  // for BacktestConfig::data_verifier. Null otherwise (everything verified).
  std::shared_ptr<data::BundleVerifier> verifier;
};

// `dir_override` (the --data flag) wins over config.data_dir. When config.symbols is set only
// those symbols (and the benchmark) are kept. Errors name the file or the missing symbol.
// Every kept series passes data::ValidateRows (positive prices, high >= low, open/close inside
// [low, high], volume >= 0, ...); one that fails is skipped with its reason, or, with
// config.strict, the load fails (kInvalidArgument naming the symbol, its file and the reason).
// The benchmark, when [data] symbols does not name it, is compared with and never traded: if it
// fails it is kept, logged and listed in `skipped` with a reason that says so.
// With `defer_verification` a bundle's price columns are verified while the run goes (the
// caller must hand `verifier` to the run: BacktestConfig::data_verifier).
Result<BacktestData> LoadBacktestData(const BacktestConfig& config,
                                      const std::string& dir_override = "",
                                      bool defer_verification = false);

}  // namespace tradelet
