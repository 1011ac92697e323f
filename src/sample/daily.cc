// Daily bars of one security: factor model returns split into an overnight gap and an intraday
// move, Brownian-bridge highs and lows, volume that clusters and rises with surprises,
// quarterly dividends, and splits with the raw price jumping.
#include <algorithm>
#include <cmath>

#include "sample/model.h"

namespace tradelet::sample {
namespace {

// Per-sector stock characteristics (GicsSectors() order): typical beta, annual idiosyncratic
// volatility, probability of paying a dividend and typical annual yield.
struct SectorProfile {
  double beta, idio_vol, dividend_prob, dividend_yield;
};
constexpr SectorProfile kProfiles[11] = {
    {1.20, 0.30, 0.50, 0.010},  // Information Technology
    {0.85, 0.28, 0.60, 0.015},  // Health Care
    {1.10, 0.22, 0.85, 0.025},  // Financials
    {1.15, 0.30, 0.50, 0.012},  // Consumer Discretionary
    {1.00, 0.22, 0.80, 0.018},  // Industrials
    {1.00, 0.28, 0.40, 0.015},  // Communication Services
    {0.60, 0.16, 0.95, 0.028},  // Consumer Staples
    {1.10, 0.30, 0.90, 0.035},  // Energy
    {0.45, 0.15, 1.00, 0.035},  // Utilities
    {0.85, 0.20, 0.95, 0.035},  // Real Estate
    {1.05, 0.25, 0.85, 0.020},  // Materials
};

constexpr int kQuarter = 63;  // sessions per quarter

double Clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }

// The maximum (sign = +1) or minus the minimum (sign = -1) of a Brownian bridge from 0 to b
// with total variance v, sampled exactly: P(max > m) = exp(-2 m (m - b) / v) for m >= max(0, b).
double BridgeExtreme(double b, double v, double u, int sign) {
  const double bb = sign * b;
  return sign * 0.5 * (bb + std::sqrt(bb * bb - 2.0 * v * std::log(u)));
}

}  // namespace

SecurityParams DrawStockParams(Rng& rng, int sector) {
  const SectorProfile& prof = kProfiles[sector];
  SecurityParams p;
  p.sector = sector;
  p.beta = Clamp(prof.beta + 0.25 * rng.Normal(), 0.2, 2.5);
  p.sector_loading = Clamp(0.9 + 0.25 * rng.Normal(), 0.3, 1.5);
  const double idio_vol = Clamp(prof.idio_vol * std::exp(0.35 * rng.Normal()), 0.08, 0.9);
  p.idio_var = idio_vol * idio_vol / kTradingDays;
  p.drift = (0.02 + 0.06 * rng.Normal()) / kTradingDays;
  p.initial_price = RoundCents(Clamp(std::exp(std::log(50.0) + 0.8 * rng.Normal()), 5, 900));
  p.base_volume =
      std::exp(std::log(2.5e6) + 0.9 * rng.Normal()) * std::pow(50.0 / p.initial_price, 0.3);
  if (rng.Bernoulli(prof.dividend_prob)) {
    p.dividend_yield = prof.dividend_yield * std::exp(0.3 * rng.Normal());
  }
  p.dividend_phase = static_cast<int>(rng.Below(kQuarter));
  p.earnings_phase = static_cast<int>(rng.Below(kQuarter));
  p.earnings_jump_sd = 0.15 * idio_vol;
  p.splits = true;
  p.split_threshold = 300 + static_cast<double>(rng.Below(700));
  return p;
}

SecurityParams BenchmarkParams() {
  SecurityParams p;
  p.sector = -1;
  p.beta = 1.0;
  p.sector_loading = 0.0;
  p.idio_var = 0.01 * 0.01 / kTradingDays;  // tracking noise of ~1%/yr
  p.drift = 0.0;
  p.initial_price = 200.0;
  p.base_volume = 7e7;
  p.dividend_yield = 0.014;
  p.dividend_phase = 40;
  p.earnings_jump_sd = 0.0;
  p.splits = false;
  return p;
}

DailyPath SimulateDaily(const SecurityParams& p, const FactorPaths& f,
                        std::span<const Session> sessions, Rng& rng) {
  const size_t n = sessions.size();
  DailyPath out;
  BarSeries& s = out.bars;
  s.interval = BarInterval::k1Day;
  s.Reserve(n);
  s.dividend.reserve(n);
  s.split.reserve(n);
  out.intraday_var.reserve(n);

  Garch idio(0.06, 0.92, p.idio_var);
  double prev_close = p.initial_price;
  double base_volume = p.base_volume;
  double volume_state = 0.0;  // AR(1) in log volume
  double pending_split = 1.0;
  const double full_session_ns = 6.5 * 3600e9;

  for (size_t t = 0; t < n; ++t) {
    const Session& session = sessions[t];
    const double split = pending_split;
    pending_split = 1.0;
    double dividend = 0.0;
    if (p.dividend_yield > 0 && t > 0 && split == 1.0 &&
        static_cast<int>(t % kQuarter) == p.dividend_phase) {
      dividend = std::max(0.01, RoundCents(prev_close * p.dividend_yield / 4));
      dividend = std::min(dividend, RoundCents(prev_close * 0.2));
    }
    const double reference = t == 0 ? p.initial_price : (prev_close - dividend) / split;

    const double sector_ret = p.sector >= 0 ? f.sector[static_cast<size_t>(p.sector)][t] : 0.0;
    const double sector_var = p.sector >= 0 ? f.sector_var[static_cast<size_t>(p.sector)][t] : 0;
    const double var = p.beta * p.beta * f.market_var[t] +
                       p.sector_loading * p.sector_loading * sector_var + idio.h;
    const double idio_shock = std::sqrt(idio.h) * rng.FatTailed();
    idio.Update(idio_shock);
    const double diffusive = p.drift + p.beta * f.market[t] + p.sector_loading * sector_ret +
                             idio_shock - 0.5 * idio.long_run_var;
    // Earnings are announced outside trading hours: the surprise shows up as an opening gap.
    double jump = 0.0;
    if (p.earnings_jump_sd > 0 && static_cast<int>(t % kQuarter) == p.earnings_phase) {
      jump = p.earnings_jump_sd * rng.FatTailed();
    }
    // The overnight part is the Brownian bridge's value at the overnight share of the
    // variance, given the day's total diffusive move.
    constexpr double w = kOvernightVarianceShare;
    const double gap = w * diffusive + std::sqrt(w * (1 - w) * var) * rng.Normal() + jump;
    const double move = diffusive + jump - gap;

    const double length_share =
        static_cast<double>((session.close - session.open).count()) / full_session_ns;
    const double open = std::max(0.01, RoundCents(reference * std::exp(gap)));
    const double close = std::max(0.01, RoundCents(open * std::exp(move)));
    const double v_intraday = (1 - w) * var * length_share;
    const double b = std::log(close / open);
    const double hi = BridgeExtreme(b, v_intraday, rng.Uniform(), +1);
    const double lo = BridgeExtreme(b, v_intraday, rng.Uniform(), -1);
    const double high = std::max({RoundCents(open * std::exp(hi)), open, close});
    const double low = std::max(0.01, std::min({RoundCents(open * std::exp(lo)), open, close}));

    if (split != 1.0) base_volume *= split;  // more (or fewer) shares outstanding
    volume_state = 0.75 * volume_state + 0.3 * rng.Normal();
    const double surprise = std::fabs(diffusive + jump - p.drift) / std::sqrt(var);
    const double volume =
        std::max(100.0, std::round(base_volume * std::exp(volume_state) * (0.55 + 0.45 * surprise) *
                                   (0.4 + 0.6 * length_share)));

    s.time_ns.push_back(session.open.unix_nanos());
    s.open.push_back(open);
    s.high.push_back(high);
    s.low.push_back(low);
    s.close.push_back(close);
    s.volume.push_back(volume);
    s.dividend.push_back(dividend);
    s.split.push_back(split);
    out.intraday_var.push_back(v_intraday);
    prev_close = close;

    // Corporate actions take effect at the next session.
    if (p.splits) {
      if (close > p.split_threshold && rng.Bernoulli(0.02)) {
        static constexpr double kRatios[] = {2, 2, 2, 3, 4, 5, 10};
        pending_split = kRatios[rng.Below(close > 2000 ? 7 : 6)];
      } else if (close < 2.0 && rng.Bernoulli(0.01)) {
        pending_split = 0.1;  // 1-for-10 reverse split
      } else if (close > 60 && rng.Bernoulli(1.0 / (kTradingDays * 40))) {
        pending_split = 2;
      }
    }
  }
  return out;
}

void ComputeAdjustedClose(BarSeries* daily) {
  const size_t n = daily->size();
  daily->adj_close.resize(n);
  // Walking back from the last bar, each event on bar t rescales every bar before t: a split of
  // ratio R divides by R, a dividend D multiplies by (1 - D / close[t-1]) (the CRSP/Yahoo/Alpha
  // Vantage convention).
  double factor = 1.0;
  for (size_t i = n; i-- > 0;) {
    daily->adj_close[i] = daily->close[i] * factor;
    if (i == 0) break;
    if (daily->dividend[i] > 0) factor *= 1.0 - daily->dividend[i] / daily->close[i - 1];
    if (daily->split[i] != 1.0) factor /= daily->split[i];
  }
}

}  // namespace tradelet::sample
