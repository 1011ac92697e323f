// Analyzers: performance statistics of a backtest, each with one documented definition
// (docs/backtest.md has the formulas). Analytics use double; the ledger they read is exact.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tradelet/backtest/sim_broker.h"

namespace tradelet {

// The account at the close of one step.
struct EquityPoint {
  int64_t time_ns = 0;  // the step's bar start (UTC)
  double equity = 0;
  double cash = 0;
  double gross = 0;  // long value + |short value|
};

struct AnalyzerOptions {
  double risk_free_rate = 0;  // annual, e.g. 0.02
  int periods_per_year = 252;
};

// One day's closing equity: the last step of each New York calendar date.
struct DailyEquity {
  int64_t day = 0;  // days since 1970-01-01 (New York date)
  double equity = 0;
};
std::vector<DailyEquity> ToDaily(const std::vector<EquityPoint>& points);

// r_k = E_k / E_{k-1} - 1 over daily equity, with E_0 = `initial` (the capital before the
// first bar).
std::vector<double> DailyReturns(const std::vector<DailyEquity>& daily, double initial);

struct DrawdownStats {
  double max_drawdown = 0;       // max over t of 1 - E_t / max_{s<=t} E_s (fraction, >= 0)
  double max_drawdown_money = 0; // the same in dollars: max of peak - E_t
  int64_t peak_time_ns = 0, trough_time_ns = 0;
  // Longest underwater stretch: from a new peak to the first time equity is back at or above
  // it (or the end). In calendar days and in steps.
  double max_duration_days = 0;
  int64_t max_duration_steps = 0;
};
// `initial` is the first peak.
DrawdownStats ComputeDrawdown(const std::vector<EquityPoint>& points, double initial);

struct ReturnStats {
  double total_return = 0;  // E_end / initial - 1
  double cagr = 0;          // (E_end/initial)^(1/years) - 1, years = elapsed days / 365.25
  double volatility = 0;    // sample stdev of daily returns x sqrt(periods_per_year)
  double sharpe = 0;        // mean(r - rf_d) / stdev(r - rf_d) x sqrt(P)
  double sortino = 0;       // mean(r - rf_d) / sqrt(mean(min(0, r - rf_d)^2)) x sqrt(P)
  double years = 0;
  std::optional<double> calmar;  // cagr / max_drawdown (absent when max_drawdown = 0)
  DrawdownStats drawdown;
};
// rf_d = (1 + risk_free_rate)^(1/P) - 1. Ratios with a zero denominator are 0.
ReturnStats ComputeReturnStats(const std::vector<EquityPoint>& points, double initial,
                               const AnalyzerOptions& options);

struct TradeStats {
  int64_t count = 0, wins = 0, losses = 0;  // closed round trips; a 0 P&L trade is neither
  double win_rate = 0;                      // wins / count
  double gross_profit = 0, gross_loss = 0;  // sums of positive / negative trade P&L
  std::optional<double> profit_factor;      // gross_profit / |gross_loss| (absent if no loss)
  double avg_win = 0, avg_loss = 0;         // gross_profit / wins, gross_loss / losses
  double expectancy = 0;                    // mean trade P&L
  double sqn = 0;                           // sqrt(count) x mean / sample stdev (count >= 2)
  double best = 0, worst = 0;
  double avg_bars_held = 0;
};
TradeStats ComputeTradeStats(const std::vector<TradeRecord>& closed_trades);

struct ExposureStats {
  double time_in_market = 0;  // fraction of steps with any position
  double avg_gross_exposure = 0;  // mean of gross / equity over steps
  double turnover = 0;        // traded value / mean equity / years (per year)
};
ExposureStats ComputeExposure(const std::vector<EquityPoint>& points, double traded_value,
                              double years);

struct BenchmarkStats {
  // Every field is computed over the equity points the benchmark covers, [begin, end): a
  // benchmark file that starts late or ends early is compared over the overlap only, never by
  // holding its value flat through the years it has no data for.
  size_t begin = 0, end = 0;
  bool covers_run = true;           // [begin, end) is every equity point
  double strategy_total_return = 0; // the strategy's return over [begin, end)
  ReturnStats returns;  // of the benchmark's buy-and-hold equity
  double beta = 0;      // cov(r, r_b) / var(r_b) over daily returns
  double alpha = 0;     // (mean(r) - beta x mean(r_b)) x P (annualised, arithmetic)
  double correlation = 0;
  double excess_return = 0;  // strategy_total_return - benchmark total return
};
// `benchmark` holds one equity value per strategy point (same times); the benchmark has data
// for points [begin, end) (end = 0 means all), and its value just before `begin` is `initial`.
// REQUIRES: begin <= end <= strategy.size().
BenchmarkStats ComputeBenchmark(const std::vector<EquityPoint>& strategy,
                                const std::vector<double>& benchmark, double initial,
                                const AnalyzerOptions& options, size_t begin = 0, size_t end = 0);

struct MonthlyReturn {
  int year = 0, month = 0;
  double ret = 0;  // month-end equity / previous month-end equity - 1 (first: vs initial)
};
std::vector<MonthlyReturn> MonthlyReturns(const std::vector<DailyEquity>& daily, double initial);

}  // namespace tradelet
