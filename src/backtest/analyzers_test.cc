// Each analyzer against hand-computed numbers or a separate straightforward computation.
#include "tradelet/backtest/analyzers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tradelet {
namespace {

// Points at 15:00 New York time (19:00/20:00 UTC) on consecutive days from 2021-03-01.
std::vector<EquityPoint> Daily(const std::vector<double>& equity, int start_day_offset = 0) {
  std::vector<EquityPoint> p;
  const int64_t base = LocalDateTime{CivilDate{2021, 3, 1}, 20, 0, 0}.AsUtc().unix_nanos();
  for (size_t i = 0; i < equity.size(); ++i) {
    p.push_back({base + int64_t(i + start_day_offset) * 86'400'000'000'000, equity[i], 0,
                 equity[i] * 0.5});
  }
  return p;
}

TEST(Analyzers, HandComputedReturnsAndRatios) {
  const auto pts = Daily({110, 99, 121});
  AnalyzerOptions o;
  ReturnStats s = ComputeReturnStats(pts, 100, o);
  // r = 0.1, -0.1, 2/9.
  const double r1 = 0.1, r2 = -0.1, r3 = 2.0 / 9;
  const double m = (r1 + r2 + r3) / 3;
  const double sd = std::sqrt(((r1 - m) * (r1 - m) + (r2 - m) * (r2 - m) + (r3 - m) * (r3 - m)) / 2);
  EXPECT_NEAR(s.total_return, 0.21, 1e-12);
  EXPECT_NEAR(s.volatility, sd * std::sqrt(252.0), 1e-12);
  EXPECT_NEAR(s.sharpe, m / sd * std::sqrt(252.0), 1e-12);
  // Downside deviation: only -0.1 is below 0: sqrt(0.01 / 3).
  EXPECT_NEAR(s.sortino, m / std::sqrt(0.01 / 3) * std::sqrt(252.0), 1e-12);
  EXPECT_NEAR(s.years, 2 / 365.25, 1e-12);
  EXPECT_NEAR(s.cagr, std::pow(1.21, 365.25 / 2) - 1, 1e-6 * std::pow(1.21, 365.25 / 2));
  EXPECT_NEAR(s.drawdown.max_drawdown, 0.1, 1e-12);
  EXPECT_NEAR(s.drawdown.max_drawdown_money, 11, 1e-12);
  EXPECT_NEAR(s.drawdown.max_duration_days, 2, 1e-12);
  EXPECT_EQ(s.drawdown.max_duration_steps, 2);
  ASSERT_TRUE(s.calmar.has_value());
  EXPECT_NEAR(*s.calmar, s.cagr / 0.1, 1e-6 * *s.calmar);
}

TEST(Analyzers, RiskFreeRateIsCompoundedDaily) {
  const auto pts = Daily({101, 102, 101.5, 103});
  AnalyzerOptions o;
  o.risk_free_rate = 0.05;
  ReturnStats s = ComputeReturnStats(pts, 100, o);
  const double rf = std::pow(1.05, 1.0 / 252) - 1;
  std::vector<double> r = {0.01, 102.0 / 101 - 1, 101.5 / 102 - 1, 103 / 101.5 - 1};
  double m = 0;
  for (double v : r) m += v - rf;
  m /= 4;
  double var = 0, mr = (r[0] + r[1] + r[2] + r[3]) / 4;
  for (double v : r) var += (v - mr) * (v - mr);
  EXPECT_NEAR(s.sharpe, m / std::sqrt(var / 3) * std::sqrt(252.0), 1e-10);
}

TEST(Analyzers, DrawdownStillUnderwaterAtTheEnd) {
  // Peak 120 on day 1, never recovered: duration runs to the last day (4 days).
  const auto pts = Daily({120, 90, 100, 110, 115});
  DrawdownStats d = ComputeDrawdown(pts, 100);
  EXPECT_NEAR(d.max_drawdown, 0.25, 1e-12);
  EXPECT_NEAR(d.max_duration_days, 4, 1e-12);
  EXPECT_EQ(d.max_duration_steps, 4);
}

TEST(Analyzers, IntradayPointsCollapseToDailyCloses) {
  std::vector<EquityPoint> pts;
  const int64_t open = LocalDateTime{CivilDate{2021, 3, 1}, 14, 30, 0}.AsUtc().unix_nanos();
  for (int d = 0; d < 2; ++d) {
    for (int m = 0; m < 390; m += 30) {
      pts.push_back({open + d * 86'400'000'000'000LL + m * 60'000'000'000LL, 100.0 + d * 10 + m / 100.0, 0, 0});
    }
  }
  auto daily = ToDaily(pts);
  ASSERT_EQ(daily.size(), 2u);
  EXPECT_DOUBLE_EQ(daily[0].equity, 100 + 360 / 100.0);
  EXPECT_EQ(CivilDate::FromDays(daily[1].day), (CivilDate{2021, 3, 2}));
}

TEST(Analyzers, TradeStatsHandComputed) {
  std::vector<TradeRecord> t(6);
  const double pnl[] = {10, -5, 20, -5, 0};
  for (int i = 0; i < 5; ++i) {
    t[i].pnl = Money::FromDouble(pnl[i]);
    t[i].bars_held = i + 1;
  }
  t[5].pnl = Money::FromInt(1000);
  t[5].closed = false;  // open trades are not counted
  TradeStats s = ComputeTradeStats(t);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(s.wins, 2);
  EXPECT_EQ(s.losses, 2);
  EXPECT_DOUBLE_EQ(s.win_rate, 0.4);
  EXPECT_DOUBLE_EQ(s.gross_profit, 30);
  EXPECT_DOUBLE_EQ(s.gross_loss, -10);
  EXPECT_DOUBLE_EQ(*s.profit_factor, 3);
  EXPECT_DOUBLE_EQ(s.avg_win, 15);
  EXPECT_DOUBLE_EQ(s.avg_loss, -5);
  EXPECT_DOUBLE_EQ(s.expectancy, 4);
  // Deviations from 4: 6, -9, 16, -9, -4 -> sum of squares 470, sample variance 117.5.
  EXPECT_NEAR(s.sqn, std::sqrt(5.0) * 4 / std::sqrt(117.5), 1e-12);
  EXPECT_DOUBLE_EQ(s.best, 20);
  EXPECT_DOUBLE_EQ(s.worst, -5);
  EXPECT_DOUBLE_EQ(s.avg_bars_held, 3);
}

TEST(Analyzers, ExposureAndTurnover) {
  auto pts = Daily({100, 100, 100, 100});
  pts[0].gross = 0;
  pts[1].gross = 50;
  pts[2].gross = 100;
  pts[3].gross = 0;
  ExposureStats e = ComputeExposure(pts, 1000, 2.0);
  EXPECT_DOUBLE_EQ(e.time_in_market, 0.5);
  EXPECT_DOUBLE_EQ(e.avg_gross_exposure, (0 + 0.5 + 1 + 0) / 4);
  EXPECT_DOUBLE_EQ(e.turnover, 1000 / 100.0 / 2.0);
}

TEST(Analyzers, BenchmarkBetaOfALeveragedCopyIsTwo) {
  std::mt19937 rng(5);
  std::normal_distribution<double> n(0.0005, 0.01);
  std::vector<double> bench, strat;
  double b = 100, s = 100;
  for (int i = 0; i < 300; ++i) {
    const double r = n(rng);
    b *= 1 + r;
    s *= 1 + 2 * r;
    bench.push_back(b);
    strat.push_back(s);
  }
  auto pts = Daily(strat);
  BenchmarkStats st = ComputeBenchmark(pts, bench, 100, {});
  EXPECT_NEAR(st.beta, 2, 1e-9);
  EXPECT_NEAR(st.correlation, 1, 1e-9);
  EXPECT_NEAR(st.alpha, 0, 1e-9);
  EXPECT_NEAR(st.returns.total_return, b / 100 - 1, 1e-12);
  EXPECT_NEAR(st.excess_return, (s - b) / 100, 1e-12);
}

// A benchmark file that ends before the run (SPY 2008-2017 against a 2013-2021 backtest) is
// compared over the overlap only; holding its last value flat would report a smaller CAGR, a
// larger beta denominator of zero returns, and an excess return over mismatched windows.
TEST(Analyzers, PartialBenchmarkIsComparedOverItsOverlapOnly) {
  // Strategy points 110, 99, 121, 150, 140 (from 100); the benchmark has data for points 1..3
  // only, and its recorded value is held flat outside them.
  const auto pts = Daily({110, 99, 121, 150, 140});
  const std::vector<double> bench = {100, 100, 105, 126, 126};
  BenchmarkStats st = ComputeBenchmark(pts, bench, 100, {}, 1, 4);
  EXPECT_FALSE(st.covers_run);
  EXPECT_EQ(st.begin, 1u);
  EXPECT_EQ(st.end, 4u);
  // Over points 1..3 the strategy goes from 110 (its equity just before the window) to 150.
  EXPECT_NEAR(st.strategy_total_return, 150.0 / 110 - 1, 1e-12);
  EXPECT_NEAR(st.returns.total_return, 0.26, 1e-12);
  EXPECT_NEAR(st.excess_return, (150.0 / 110 - 1) - 0.26, 1e-12);
  EXPECT_NEAR(st.returns.years, 2 / 365.25, 1e-12);  // the window's 2 days, not the run's 4
  // Beta from the window's daily returns, computed here directly.
  const double r[] = {99.0 / 110 - 1, 121.0 / 99 - 1, 150.0 / 121 - 1};
  const double rb[] = {0.0, 0.05, 126.0 / 105 - 1};
  const double mr = (r[0] + r[1] + r[2]) / 3, mb = (rb[0] + rb[1] + rb[2]) / 3;
  double cov = 0, vb = 0;
  for (int k = 0; k < 3; ++k) {
    cov += (r[k] - mr) * (rb[k] - mb);
    vb += (rb[k] - mb) * (rb[k] - mb);
  }
  EXPECT_NEAR(st.beta, cov / vb, 1e-12);
  const BenchmarkStats full = ComputeBenchmark(pts, bench, 100, {});
  EXPECT_TRUE(full.covers_run);
  EXPECT_NEAR(full.strategy_total_return, 0.4, 1e-12);
}

TEST(Analyzers, MonthlyReturnsChainToTheTotal) {
  std::vector<double> eq;
  for (int i = 0; i < 70; ++i) eq.push_back(100 + i + (i % 5));  // 2021-03-01 .. 2021-05-09
  auto daily = ToDaily(Daily(eq));
  auto months = MonthlyReturns(daily, 100);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].month, 3);
  // March ends on day index 30: 100 + 30 + 0 = 130.
  EXPECT_NEAR(months[0].ret, 130 / 100.0 - 1, 1e-12);
  double chained = 1;
  for (const auto& m : months) chained *= 1 + m.ret;
  EXPECT_NEAR(chained - 1, eq.back() / 100 - 1, 1e-12);
}

TEST(Analyzers, SharpeMatchesASeparateLongDoubleComputation) {
  std::mt19937 rng(11);
  std::normal_distribution<double> n(0.0004, 0.012);
  std::vector<double> eq;
  double e = 1e6;
  for (int i = 0; i < 1000; ++i) eq.push_back(e *= 1 + n(rng));
  ReturnStats s = ComputeReturnStats(Daily(eq), 1e6, {});
  long double sum = 0, sum2 = 0, prev = 1e6L;
  for (double v : eq) {
    long double r = v / prev - 1;
    sum += r;
    sum2 += r * r;
    prev = v;
  }
  const long double N = eq.size();
  const long double var = (sum2 - sum * sum / N) / (N - 1);
  EXPECT_NEAR(s.sharpe, static_cast<double>(sum / N / std::sqrt(var) * std::sqrt(252.0L)), 1e-9);
}

}  // namespace
}  // namespace tradelet
