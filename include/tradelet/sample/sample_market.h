// The embedded sample market: a deterministic, seeded generator of realistic daily and 1-minute
// OHLCV bars for a synthetic universe (~500 stocks with names and GICS sectors, plus a benchmark
// ETF built from the market factor) that follows the NYSE session calendar. Used by
// `tradelet demo` and by tests that must run offline.
//
// Model (docs/sample-market.md has the details and the parameters):
//   * market factor with bull/bear regimes (Markov), GARCH(1,1) volatility, fat-tailed shocks
//     and rare crash jumps; one GARCH factor per sector; per-stock beta, sector loading, drift,
//     GARCH idiosyncratic volatility and earnings-like jumps;
//   * each session's return split into an overnight gap and an intraday move; daily high/low
//     from the exact distribution of a Brownian bridge's extremes;
//   * 1-minute bars for the last `intraday_sessions` sessions: a bridge from the session's open
//     to its close with U-shaped intraday volatility and volume; the daily bar of those sessions
//     is exactly the aggregate of its minutes;
//   * occasional splits (forward when the price is high, reverse when very low) with raw prices
//     jumping, quarterly dividends for payers, and a split- and dividend-adjusted close.
//
// Determinism: the output depends only on the config (same config, same bytes; the random
// source is fully specified in src/sample/random.h, only libm's exp/log could differ in the last
// bit across platforms). Each symbol has its own
// random stream, so a symbol's bars do not depend on how many symbols are generated after it.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::sample {

struct SampleMarketConfig {
  uint64_t seed = 20240601;
  // Number of stocks (1..2000); the benchmark ETF comes on top.
  int num_symbols = 500;
  // Daily bars for every NYSE session with start <= date <= end (both within 1990..2050).
  CivilDate start{2016, 1, 4};
  CivilDate end{2025, 12, 31};
  // 1-minute bars for this many of the most recent sessions (0 = none).
  int intraday_sessions = 5;
  // The benchmark ETF's symbol (built from the market factor); empty = none.
  std::string benchmark_symbol = "SPY";
};

// One row of the universe list.
struct SecurityInfo {
  Symbol symbol;
  std::string name;    // "Norvex Systems Inc."
  std::string sector;  // one of the 11 GICS sectors; "ETF" for the benchmark
  bool is_benchmark = false;
};

struct SampleMarket {
  SampleMarketConfig config;
  // The stocks in universe order, then the benchmark (if any) last.
  std::vector<SecurityInfo> securities;
  // daily[i] and minute[i] belong to securities[i]. Daily series carry adj_close, dividend and
  // split; raw OHLC are as traded (they jump at splits). minute[i] is empty when
  // intraday_sessions == 0.
  std::vector<BarSeries> daily;
  std::vector<BarSeries> minute;

  // Index of `symbol` in securities, or -1.
  int IndexOf(const Symbol& symbol) const;
};

// The 11 GICS sectors in a fixed order.
const std::vector<std::string>& GicsSectors();

// The synthetic universe of `num_symbols` stocks (independent of the seed, so symbol names are
// stable across seeds): unique 2–4 letter tickers, company names, and sectors in roughly the
// S&P 500's proportions. InvalidArgument outside 1..2000.
Result<std::vector<SecurityInfo>> MakeUniverse(int num_symbols);

// Generates the whole market. InvalidArgument for a bad config (names the field), OutOfRange
// when the dates leave the calendar's range or hold no session.
Result<SampleMarket> GenerateSampleMarket(const SampleMarketConfig& config);

}  // namespace tradelet::sample
