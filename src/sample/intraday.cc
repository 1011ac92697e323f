// 1-minute bars of one session: a Brownian bridge from the session's open to its close whose
// per-minute variance follows the U-shaped intraday profile (busy open, quiet lunch, active
// close), fat-tailed minute shocks, and volume with its own U shape (the closing auction spike)
// that rises with the size of the move. The daily bar becomes the exact aggregate.
#include <algorithm>
#include <cmath>
#include <vector>

#include "sample/model.h"

namespace tradelet::sample {
namespace {

// x in [0, 1): position in the session.
double VarianceProfile(double x) {
  return 0.7 + 2.2 * std::exp(-x / 0.06) + 0.8 * std::exp(-(1 - x) / 0.05);
}
double VolumeProfile(double x) {
  return 0.6 + 3.0 * std::exp(-x / 0.04) + 2.2 * std::exp(-(1 - x) / 0.04);
}

}  // namespace

void SimulateMinutes(const Session& session, double intraday_var, Rng& rng, size_t day,
                     BarSeries* daily, BarSeries* minute) {
  const int64_t minute_ns = 60'000'000'000;
  const size_t n = static_cast<size_t>((session.close - session.open).count() / minute_ns);
  const double open = daily->open[day];
  const double close = daily->close[day];
  const double b = std::log(close / open);

  // Per-minute variance weights (sum 1) and an unconstrained fat-tailed walk.
  std::vector<double> weight(n), walk(n + 1, 0.0), cum_weight(n + 1, 0.0);
  double total = 0;
  for (size_t k = 0; k < n; ++k) {
    weight[k] = VarianceProfile((static_cast<double>(k) + 0.5) / static_cast<double>(n));
    total += weight[k];
  }
  for (size_t k = 0; k < n; ++k) {
    weight[k] /= total;
    walk[k + 1] = walk[k] + std::sqrt(intraday_var * weight[k]) * rng.FatTailed();
    cum_weight[k + 1] = cum_weight[k] + weight[k];
  }
  // Pin it to the close: subtracting the endpoint error in proportion to elapsed variance
  // turns the walk into a bridge from 0 to b.
  const double err = walk[n] - b;
  for (size_t k = 1; k <= n; ++k) walk[k] -= cum_weight[k] * err;

  // Volume shares: profile x lognormal noise x (1 + |move| in sds).
  std::vector<double> share(n);
  double share_total = 0;
  for (size_t k = 0; k < n; ++k) {
    const double x = (static_cast<double>(k) + 0.5) / static_cast<double>(n);
    const double sd = std::sqrt(intraday_var * weight[k]);
    const double move = sd > 0 ? std::fabs(walk[k + 1] - walk[k]) / sd : 0.0;
    share[k] = VolumeProfile(x) * std::exp(0.4 * rng.Normal()) * (1.0 + 0.5 * move);
    share_total += share[k];
  }

  const double daily_volume = daily->volume[day];
  double high = open, low = open, volume_sum = 0;
  double prev = open;
  for (size_t k = 0; k < n; ++k) {
    const double o = prev;
    const double c = k + 1 == n ? close : RoundCents(open * std::exp(walk[k + 1]));
    const double v = intraday_var * weight[k];
    const double step = std::log(c / o);
    const double up = 0.5 * (step + std::sqrt(step * step - 2.0 * v * std::log(rng.Uniform())));
    const double dn = 0.5 * (step - std::sqrt(step * step - 2.0 * v * std::log(rng.Uniform())));
    const double h = std::max({RoundCents(o * std::exp(up)), o, c});
    const double l = std::max(0.01, std::min({RoundCents(o * std::exp(dn)), o, c}));
    const double vol = std::max(1.0, std::round(daily_volume * share[k] / share_total));
    minute->time_ns.push_back(session.open.unix_nanos() + static_cast<int64_t>(k) * minute_ns);
    minute->open.push_back(o);
    minute->high.push_back(h);
    minute->low.push_back(l);
    minute->close.push_back(c);
    minute->volume.push_back(vol);
    high = std::max(high, h);
    low = std::min(low, l);
    volume_sum += vol;
    prev = c;
  }
  daily->high[day] = high;
  daily->low[day] = low;
  daily->volume[day] = volume_sum;
}

}  // namespace tradelet::sample
