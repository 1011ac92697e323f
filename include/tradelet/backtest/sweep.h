// Parameter sweeps and walk-forward analysis over one loaded data set, on a thread pool (the
// bars are shared read-only; each run has its own strategy, feed and broker).
//
// Grid file (TOML):
//   [grid]                     # dotted config keys -> arrays of values (the cartesian product)
//   "strategy.fast" = [5, 10, 20]
//   "strategy.slow" = [30, 50]
//   [sweep]
//   rank_by = "sharpe"         # sharpe|sortino|cagr|total_return|calmar|max_drawdown|
//                              # profit_factor|sqn|win_rate (max_drawdown ranks ascending)
//   threads = 0                # 0 = every core
//   [walk_forward]             # optional: enables walk-forward mode
//   train_days = 730           # calendar days of each training window
//   test_days = 365            # calendar days of each test window (also the step)
//   anchored = false           # true: every training window starts at the first date
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "tradelet/backtest/runner.h"

namespace tradelet {

struct SweepOptions {
  std::string rank_by = "sharpe";
  int threads = 0;
  bool walk_forward = false;
  int train_days = 730;
  int test_days = 365;
  bool anchored = false;
  // Sharding (tradelet sweep --shard K/N): run only the combinations whose index (in grid
  // order, the last axis varying fastest) is K modulo N. shard_count = 1 runs them all.
  int shard_index = 0;
  int shard_count = 1;
  // Called after each backtest of the sweep, from the worker threads (progress on a terminal).
  // Not read from TOML; may be empty.
  std::function<void()> on_run_done;
};

struct GridAxis {
  std::string key;  // dotted, e.g. "strategy.fast"
  std::vector<std::string> labels;  // the values as text, for tables
  toml::array values;
};

struct SweepRow {
  size_t combination = 0;           // index in grid order, before ranking
  std::vector<std::string> params;  // one label per axis
  Status status;                    // a combination can fail (e.g. fast >= slow)
  double total_return = 0, cagr = 0, sharpe = 0, sortino = 0, max_drawdown = 0, calmar = 0,
         profit_factor = 0, sqn = 0, win_rate = 0, final_equity = 0;
  int64_t trades = 0;
  double metric = 0;  // the rank_by value
};

struct WalkForwardWindow {
  CivilDate train_from, train_to, test_from, test_to;
  std::vector<std::string> best_params;
  double train_metric = 0;
  SweepRow test;
};

struct SweepResult {
  std::vector<GridAxis> axes;
  size_t combinations = 0;     // in the whole grid (rows holds only this shard's when sharded)
  int shard_index = 0, shard_count = 1;
  std::vector<SweepRow> rows;  // ranked, best first; failed combinations last
  std::vector<WalkForwardWindow> windows;
  double oos_total_return = 0;  // test windows' returns compounded
  double seconds = 0;
  int threads = 1;
};

Result<std::vector<GridAxis>> ParseGrid(const toml::table& grid_file);
Result<SweepOptions> ParseSweepOptions(const toml::table& grid_file);

// `root` is the strategy config's whole table; each combination overrides its keys.
Result<SweepResult> RunSweep(const toml::table& root, const std::string& base_dir,
                             const std::vector<GridAxis>& axes, const SweepOptions& options,
                             const std::vector<const BarSeries*>& data);

// Ranks rows best first (failed combinations last); ties keep grid order.
void RankSweepRows(std::vector<SweepRow>& rows);

// sweep.csv (ranked table) and, in walk-forward mode, walk_forward.csv; plus sweep.json.
Status WriteSweepOutputs(const SweepResult& r, const SweepOptions& options,
                         const std::string& dir);

}  // namespace tradelet
