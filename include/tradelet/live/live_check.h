// Up-front checks of a live configuration: what `tradelet run`, `tradelet serve` (each fleet
// entry) and `tradelet package lambda` refuse before the first slot, so nothing ships or starts
// that fails (or silently never trades) at every call. Also the strategy's bar needs, which the
// live job uses to report symbols with too few bars.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "tradelet/base/time.h"
#include "tradelet/engine/ports.h"
#include "tradelet/live/job.h"

namespace tradelet::live {

// Where the config is going to run.
enum class LiveTarget { kRun, kServe, kLambda };

// How many bars the configured strategy needs before it can decide for a symbol.
struct BarNeeds {
  int64_t min_bars = 1;
  std::string why = "one bar";  // e.g. "strategy.min_bars = 10"
  // Only bars since the local session open count (prophet_trend, window = "session").
  bool session_window = false;
  TimeZone zone = TimeZone::NewYork();
  int session_open_minute = 9 * 60 + 30;
  // Clock schedule: the first and last run (local minutes); -1 for per-bar schedules.
  int first_run_minute = -1;
  int last_run_minute = -1;
};
Result<BarNeeds> StrategyBarNeeds(const toml::table& strategy);
// The bars of `s` that count toward `needs` at `slot` (all of them, or the session's).
int64_t CountedBars(const BarNeeds& needs, const BarSeries& s, Timestamp slot);

// Every check a live run needs, on a parsed config (`source` names the file in errors):
// the timeframe maps to a bar size, the period is a whole number of bars, the timeframe and
// lookback give the strategy the bars it needs, and (kLambda) the journal is not relative.
// INVALID_ARGUMENT naming the key.
Status CheckLiveConfig(const LiveConfig& config, LiveTarget target, const std::string& source);
// Every live.symbols entry is an asset the broker knows (GET /v2/assets/{symbol}): the asset
// flags by symbol, or INVALID_ARGUMENT naming the key ("s.toml: live.symbols[2]: 'ZZZ' is not
// an asset the broker knows"), before the run sends anything. An answer other than found / 404
// (network, 5xx) leaves that symbol's flags at the defaults: the broker still checks its orders.
Result<std::map<std::string, AssetInfo>> CheckSymbolsAtBroker(alpaca::AlpacaTradingClient& trading,
                                                              const LiveConfig& config,
                                                              const std::string& source);

// Reads `path` (a missing [live] table, unknown keys, a bad strategy are refused as the job
// would) and runs CheckLiveConfig. The one check the three commands call.
Result<LiveConfig> CheckLiveConfigFile(const std::string& path, LiveTarget target);

}  // namespace tradelet::live
