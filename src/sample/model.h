// Internal: the sample market's stochastic model (see docs/sample-market.md for the equations
// and the parameter values).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sample/random.h"
#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::sample {

constexpr double kTradingDays = 252.0;
// Share of a session's diffusive variance that accrues overnight (close -> next open).
constexpr double kOvernightVarianceShare = 0.25;

// GARCH(1,1): h' = omega + alpha * shock^2 + beta * h with omega = long_run_var *
// (1 - alpha - beta), so h mean-reverts to long_run_var; starts at the long-run value.
struct Garch {
  double alpha, beta, long_run_var, h;
  Garch(double a, double b, double lr) : alpha(a), beta(b), long_run_var(lr), h(lr) {}
  void Update(double shock) {
    h = long_run_var * (1 - alpha - beta) + alpha * shock * shock + beta * h;
  }
};

// Common factors per session (index = session index in the generated range).
struct FactorPaths {
  std::vector<double> market;      // market log return of the session
  std::vector<double> market_var;  // its conditional diffusive variance
  std::vector<uint8_t> bear;       // 1 in the bear regime
  // Per sector (GicsSectors() order): log return and conditional variance.
  std::vector<std::vector<double>> sector;
  std::vector<std::vector<double>> sector_var;
};

// Simulates the market regime/GARCH/jump factor and the 11 sector GARCH factors for
// `num_sessions` sessions (after a burn-in, so the start is in the stationary regime).
FactorPaths SimulateFactors(uint64_t seed, size_t num_sessions);

// One security's parameters (daily units).
struct SecurityParams {
  int sector = -1;              // -1: no sector factor (the benchmark)
  double beta = 1.0;            // loading on the market factor
  double sector_loading = 0.0;  // loading on its sector factor
  double idio_var = 1e-4;       // long-run daily idiosyncratic variance
  double drift = 0.0;           // daily log drift (alpha over beta * market)
  double initial_price = 50.0;
  double base_volume = 1e6;       // shares per full session at the start
  double dividend_yield = 0.0;    // annual; 0 = pays no dividend
  int dividend_phase = 0;         // ex-dates at sessions with index % 63 == phase
  int earnings_phase = 0;         // earnings gaps at sessions with index % 63 == phase
  double earnings_jump_sd = 0.0;  // log-return sd of an earnings gap
  bool splits = true;             // may split (forward or reverse)
  double split_threshold = 500;   // a forward split becomes likely above this raw price
};

SecurityParams DrawStockParams(Rng& rng, int sector);
SecurityParams BenchmarkParams();

// Daily bars (raw OHLCV, dividend, split; adj_close left empty) for every session, plus each
// session's intraday (open -> close) diffusive variance for the minute generator.
struct DailyPath {
  BarSeries bars;
  std::vector<double> intraday_var;
};
DailyPath SimulateDaily(const SecurityParams& p, const FactorPaths& f,
                        std::span<const Session> sessions, Rng& rng);

// Replaces the daily bar `day` of `daily` by the aggregate of freshly generated 1-minute bars
// (appended to `minute`) that run from the bar's open to its close: high/low/volume of the
// daily bar become the minutes' max/min/sum; open and close are unchanged.
void SimulateMinutes(const Session& session, double intraday_var, Rng& rng, size_t day,
                     BarSeries* daily, BarSeries* minute);

// Fills adj_close (split- and dividend-adjusted close, equal to close on the last bar).
void ComputeAdjustedClose(BarSeries* daily);

// Rounds a price to whole cents.
inline double RoundCents(double price) { return std::nearbyint(price * 100.0) / 100.0; }

}  // namespace tradelet::sample
