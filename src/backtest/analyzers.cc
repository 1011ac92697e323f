#include "tradelet/backtest/analyzers.h"

#include <algorithm>
#include <cmath>

namespace tradelet {
namespace {

constexpr double kNanosPerDay = 86'400e9;

double Mean(const std::vector<double>& x) {
  if (x.empty()) return 0;
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double SampleStd(const std::vector<double>& x) {
  if (x.size() < 2) return 0;
  const double m = Mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / static_cast<double>(x.size() - 1));
}

}  // namespace

std::vector<DailyEquity> ToDaily(const std::vector<EquityPoint>& points) {
  std::vector<DailyEquity> out;
  const TimeZone& ny = TimeZone::NewYork();
  int64_t last_day = INT64_MIN;
  for (const EquityPoint& p : points) {
    const int64_t day = ny.ToLocal(Timestamp::FromUnixNanos(p.time_ns)).date.ToDays();
    if (day == last_day) {
      out.back().equity = p.equity;
    } else {
      out.push_back({day, p.equity});
      last_day = day;
    }
  }
  return out;
}

std::vector<double> DailyReturns(const std::vector<DailyEquity>& daily, double initial) {
  std::vector<double> r;
  r.reserve(daily.size());
  double prev = initial;
  for (const DailyEquity& d : daily) {
    r.push_back(prev != 0 ? d.equity / prev - 1 : 0);
    prev = d.equity;
  }
  return r;
}

DrawdownStats ComputeDrawdown(const std::vector<EquityPoint>& points, double initial) {
  DrawdownStats s;
  double peak = initial;
  int64_t peak_time = points.empty() ? 0 : points.front().time_ns;
  int64_t peak_step = -1;
  bool underwater = false;
  for (size_t i = 0; i < points.size(); ++i) {
    const EquityPoint& p = points[i];
    if (p.equity >= peak) {
      if (underwater) {
        const double days = (p.time_ns - peak_time) / kNanosPerDay;
        s.max_duration_days = std::max(s.max_duration_days, days);
        s.max_duration_steps = std::max<int64_t>(s.max_duration_steps, static_cast<int64_t>(i) - peak_step);
      }
      underwater = false;
      peak = p.equity;
      peak_time = p.time_ns;
      peak_step = static_cast<int64_t>(i);
      continue;
    }
    underwater = true;
    const double dd = peak > 0 ? 1 - p.equity / peak : 0;
    if (dd > s.max_drawdown) {
      s.max_drawdown = dd;
      s.peak_time_ns = peak_time;
      s.trough_time_ns = p.time_ns;
    }
    s.max_drawdown_money = std::max(s.max_drawdown_money, peak - p.equity);
  }
  if (underwater) {
    const double days = (points.back().time_ns - peak_time) / kNanosPerDay;
    s.max_duration_days = std::max(s.max_duration_days, days);
    s.max_duration_steps = std::max<int64_t>(
        s.max_duration_steps, static_cast<int64_t>(points.size()) - 1 - peak_step);
  }
  return s;
}

ReturnStats ComputeReturnStats(const std::vector<EquityPoint>& points, double initial,
                               const AnalyzerOptions& o) {
  ReturnStats s;
  if (points.empty() || initial <= 0) return s;
  const double end = points.back().equity;
  s.total_return = end / initial - 1;
  s.years = (points.back().time_ns - points.front().time_ns) / kNanosPerDay / 365.25;
  if (s.years > 0 && end > 0) s.cagr = std::pow(end / initial, 1 / s.years) - 1;
  const std::vector<double> r = DailyReturns(ToDaily(points), initial);
  const double p = o.periods_per_year;
  const double rf_d = std::pow(1 + o.risk_free_rate, 1 / p) - 1;
  std::vector<double> ex(r.size());
  for (size_t i = 0; i < r.size(); ++i) ex[i] = r[i] - rf_d;
  const double sd = SampleStd(r);
  s.volatility = sd * std::sqrt(p);
  const double mean_ex = Mean(ex);
  s.sharpe = sd > 0 ? mean_ex / sd * std::sqrt(p) : 0;
  double down = 0;
  for (double v : ex) down += v < 0 ? v * v : 0;
  down = ex.empty() ? 0 : std::sqrt(down / static_cast<double>(ex.size()));
  s.sortino = down > 0 ? mean_ex / down * std::sqrt(p) : 0;
  s.drawdown = ComputeDrawdown(points, initial);
  if (s.drawdown.max_drawdown > 0) s.calmar = s.cagr / s.drawdown.max_drawdown;
  return s;
}

TradeStats ComputeTradeStats(const std::vector<TradeRecord>& trades) {
  TradeStats s;
  std::vector<double> pnl;
  double bars = 0;
  for (const TradeRecord& t : trades) {
    if (!t.closed) continue;
    const double v = t.pnl.ToDouble();
    pnl.push_back(v);
    bars += static_cast<double>(t.bars_held);
    if (v > 0) {
      ++s.wins;
      s.gross_profit += v;
    } else if (v < 0) {
      ++s.losses;
      s.gross_loss += v;
    }
  }
  s.count = static_cast<int64_t>(pnl.size());
  if (s.count == 0) return s;
  s.win_rate = static_cast<double>(s.wins) / s.count;
  if (s.gross_loss < 0) s.profit_factor = s.gross_profit / -s.gross_loss;
  s.avg_win = s.wins ? s.gross_profit / s.wins : 0;
  s.avg_loss = s.losses ? s.gross_loss / s.losses : 0;
  s.expectancy = Mean(pnl);
  const double sd = SampleStd(pnl);
  s.sqn = sd > 0 ? std::sqrt(static_cast<double>(s.count)) * s.expectancy / sd : 0;
  s.best = *std::max_element(pnl.begin(), pnl.end());
  s.worst = *std::min_element(pnl.begin(), pnl.end());
  s.avg_bars_held = bars / s.count;
  return s;
}

ExposureStats ComputeExposure(const std::vector<EquityPoint>& points, double traded_value,
                              double years) {
  ExposureStats s;
  if (points.empty()) return s;
  double in_market = 0, gross = 0, eq = 0;
  for (const EquityPoint& p : points) {
    in_market += p.gross > 0 ? 1 : 0;
    gross += p.equity > 0 ? p.gross / p.equity : 0;
    eq += p.equity;
  }
  const double n = static_cast<double>(points.size());
  s.time_in_market = in_market / n;
  s.avg_gross_exposure = gross / n;
  const double mean_eq = eq / n;
  if (mean_eq > 0 && years > 0) s.turnover = traded_value / mean_eq / years;
  return s;
}

BenchmarkStats ComputeBenchmark(const std::vector<EquityPoint>& strategy,
                                const std::vector<double>& benchmark, double initial,
                                const AnalyzerOptions& o, size_t begin, size_t end) {
  BenchmarkStats b;
  if (benchmark.size() != strategy.size() || strategy.empty()) return b;
  if (end == 0) end = strategy.size();
  if (begin >= end || end > strategy.size()) return b;
  b.begin = begin;
  b.end = end;
  b.covers_run = begin == 0 && end == strategy.size();
  // The strategy's own points over the overlap, starting from its equity just before it.
  const std::vector<EquityPoint> strat(strategy.begin() + begin, strategy.begin() + end);
  const double strat_initial = begin == 0 ? initial : strategy[begin - 1].equity;
  std::vector<EquityPoint> bench_points = strat;
  for (size_t i = 0; i < strat.size(); ++i) {
    bench_points[i].equity = benchmark[begin + i];
    bench_points[i].gross = benchmark[begin + i];
  }
  b.returns = ComputeReturnStats(bench_points, initial, o);
  b.strategy_total_return = strat_initial != 0 ? strat.back().equity / strat_initial - 1 : 0;
  const std::vector<double> r = DailyReturns(ToDaily(strat), strat_initial);
  const std::vector<double> rb = DailyReturns(ToDaily(bench_points), initial);
  const double mr = Mean(r), mb = Mean(rb);
  double cov = 0, vb = 0, vr = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    cov += (r[i] - mr) * (rb[i] - mb);
    vb += (rb[i] - mb) * (rb[i] - mb);
    vr += (r[i] - mr) * (r[i] - mr);
  }
  b.beta = vb > 0 ? cov / vb : 0;
  b.alpha = (mr - b.beta * mb) * o.periods_per_year;
  b.correlation = vb > 0 && vr > 0 ? cov / std::sqrt(vb * vr) : 0;
  b.excess_return = b.strategy_total_return - b.returns.total_return;
  return b;
}

std::vector<MonthlyReturn> MonthlyReturns(const std::vector<DailyEquity>& daily, double initial) {
  std::vector<MonthlyReturn> out;
  double prev_end = initial;
  for (size_t i = 0; i < daily.size(); ++i) {
    const CivilDate d = CivilDate::FromDays(daily[i].day);
    const bool last_of_month =
        i + 1 == daily.size() || CivilDate::FromDays(daily[i + 1].day).month != d.month ||
        CivilDate::FromDays(daily[i + 1].day).year != d.year;
    if (!last_of_month) continue;
    out.push_back({d.year, d.month, prev_end != 0 ? daily[i].equity / prev_end - 1 : 0});
    prev_end = daily[i].equity;
  }
  return out;
}

}  // namespace tradelet
