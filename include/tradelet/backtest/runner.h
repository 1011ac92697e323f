// A backtest run: configuration (TOML), wiring of the kernel with the historical feed and the
// simulated broker, and everything the run produced (curves, trades, orders, statistics).
#pragma once

#include <toml++/toml.h>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/backtest/analyzers.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/kernel.h"
// The [strategy] table goes to MakeStrategy (and ReadProphetTrendOptions) of config.h.
#include "tradelet/strategy/config.h"

namespace tradelet {
namespace data {
class BundleVerifier;
}

struct BacktestConfig {
  toml::table strategy;               // the [strategy] table, given to MakeStrategy
  std::string data_dir;               // [data] dir (resolved against the config's folder)
  std::vector<std::string> symbols;   // [data] symbols; empty = every loaded symbol
  std::optional<CivilDate> from, to;  // [data] from/to, inclusive dates (UTC)
  // [data] strict: a symbol whose bars fail the row checks (data::ValidateRows) stops the run
  // (exit 3) instead of being excluded with its reason.
  bool strict = false;
  std::string benchmark;       // [backtest] benchmark symbol ("" = none)
  std::string benchmark_file;  // [backtest] benchmark_file: CSV holding it, if not in dir
  SimBrokerConfig broker;
  KernelOptions kernel;
  AnalyzerOptions analyzer;
  // Progress for a terminal (tradelet backtest): called every few hundred steps with the bars
  // delivered so far and the bars in the run's range. Not read from TOML; may be empty.
  std::function<void(uint64_t bars_done, uint64_t bars_total)> on_progress;
  // The data is a bundle whose price columns are still being verified (BacktestData::verifier,
  // from LoadBacktestData with defer_verification): the run reads no bar before the verifier
  // has checked it, and fails with its kDataLoss error if one is corrupt. Not read from TOML.
  std::shared_ptr<data::BundleVerifier> data_verifier;
};

// Parses a whole config file's table. Errors name the key ("costs.slippage_percent: ...").
// Relative paths are resolved against `base_dir`.
Result<BacktestConfig> ParseBacktestConfig(const toml::table& root, const std::string& base_dir);
Result<toml::table> ReadTomlFile(const std::string& path);

struct Rejection {
  Timestamp time;
  OrderRequest request;
  std::string reason;
};

// A loaded symbol that was not traded, and why (summary.json "skipped", skips.csv, the report).
struct SkippedSymbol {
  Symbol symbol;
  std::string source;  // the file
  std::string reason;
};

struct BacktestResult {
  std::string strategy_name;
  std::vector<SkippedSymbol> skipped;
  double initial_cash = 0;
  double final_equity = 0;
  Money final_cash;
  std::vector<EquityPoint> equity;
  std::string benchmark_symbol;
  std::vector<double> benchmark;  // one value per equity point, or empty
  // Equity points [benchmark_begin, benchmark_end) fall inside the benchmark's data; outside
  // it the value above is held (before: initial cash; after: its last value) for the chart only.
  size_t benchmark_begin = 0, benchmark_end = 0;
  std::vector<TradeRecord> trades;       // closed round trips
  std::vector<TradeRecord> open_trades;  // still open at the end, at the last marks
  OrderStore orders;
  std::vector<Fill> fills;
  std::vector<Rejection> rejections;
  BrokerTotals totals;
  KernelStats kernel;
  ReturnStats returns;
  TradeStats trade_stats;
  ExposureStats exposure;
  std::optional<BenchmarkStats> bench;
  std::vector<MonthlyReturn> monthly;
  std::vector<const BarSeries*> traded;  // the series the strategy traded, feed order
  StrategyArtifacts artifacts;           // the strategy's own report files and section
  double run_seconds = 0;
};

// True when the run will use two threads: config.kernel.prepare_ahead and a strategy whose
// universe and alpha read no account (Strategy::can_prepare). Then the bundle is best verified
// up front (both cores, one series at a time) rather than deferred to a thread racing the run.
bool RunPreparesAhead(const BacktestConfig& config);

// Runs the configured strategy over `all` (the loaded data). The benchmark symbol, if present
// in `all` and not listed in config.symbols, is used only for comparison. The series must
// outlive the result (it keeps pointers for the report's charts).
Result<BacktestResult> RunBacktest(const BacktestConfig& config,
                                   const std::vector<const BarSeries*>& all);

// Lower-level: runs an already-built strategy over `traded` (no benchmark).
Result<BacktestResult> RunStrategy(Strategy& strategy, const BacktestConfig& config,
                                   const std::vector<const BarSeries*>& traded,
                                   const BarSeries* benchmark = nullptr);

}  // namespace tradelet
