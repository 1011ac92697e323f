// Market and sector factors: a two-state (bull/bear) Markov regime, GARCH(1,1) conditional
// variance with fat-tailed shocks, and rare crash jumps that also feed the GARCH recursion (so a
// crash is followed by a volatile stretch, as in 1987, 2008 or 2020).
#include <cmath>

#include "sample/model.h"

namespace tradelet::sample {
namespace {

constexpr int kBurnIn = 500;

// Annualised sector factor volatilities (GicsSectors() order): energy and tech swing most.
constexpr double kSectorVol[11] = {0.12, 0.10, 0.11, 0.11, 0.08, 0.11,
                                   0.08, 0.20, 0.10, 0.11, 0.11};

}  // namespace

FactorPaths SimulateFactors(uint64_t seed, size_t num_sessions) {
  FactorPaths f;
  f.market.resize(num_sessions);
  f.market_var.resize(num_sessions);
  f.bear.resize(num_sessions);
  f.sector.assign(11, std::vector<double>(num_sessions));
  f.sector_var.assign(11, std::vector<double>(num_sessions));

  // Market: bull drift +12%/yr, bear -25%/yr with 1.8x volatility; a bull market lasts ~3 years
  // on average, a bear market ~9 months.
  Rng rng(StreamSeed(seed, 1));
  const double base_vol = 0.14 / std::sqrt(kTradingDays);
  Garch garch(0.09, 0.89, base_vol * base_vol);
  bool bear = false;
  for (int t = -kBurnIn; t < static_cast<int>(num_sessions); ++t) {
    bear = bear ? !rng.Bernoulli(1.0 / 190) : rng.Bernoulli(1.0 / 750);
    const double mult = bear ? 1.8 : 1.0;
    const double drift = (bear ? -0.25 : 0.12) / kTradingDays;
    const double var = garch.h * mult * mult;
    double shock = std::sqrt(var) * rng.FatTailed();
    if (rng.Bernoulli(bear ? 0.012 : 0.003)) shock += -0.03 + 0.02 * rng.Normal();  // crash
    garch.Update(shock / mult);
    if (t >= 0) {
      const auto i = static_cast<size_t>(t);
      f.market[i] = drift - 0.5 * var + shock;
      f.market_var[i] = var;
      f.bear[i] = bear;
    }
  }
  for (size_t s = 0; s < 11; ++s) {
    Rng srng(StreamSeed(seed, 100 + s));
    const double vol = kSectorVol[s] / std::sqrt(kTradingDays);
    Garch g(0.07, 0.91, vol * vol);
    for (int t = -kBurnIn; t < static_cast<int>(num_sessions); ++t) {
      const double shock = std::sqrt(g.h) * srng.FatTailed();
      const double var = g.h;
      g.Update(shock);
      if (t >= 0) {
        f.sector[s][static_cast<size_t>(t)] = shock;
        f.sector_var[s][static_cast<size_t>(t)] = var;
      }
    }
  }
  return f;
}

}  // namespace tradelet::sample
