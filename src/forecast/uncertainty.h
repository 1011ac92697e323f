// Prophet's uncertainty intervals under MAP: simulated future trend changes (new changepoints
// at Poisson rate S per unit of scaled time with Laplace(0, mean|delta|) rate changes, the
// R / non-vectorised Python path) plus Gaussian observation noise.
#pragma once

#include <cstdint>
#include <vector>

#include "forecast/model_state.h"
#include "tradelet/base/random.h"

namespace tradelet::forecast::internal {

// base/random.h's fixed generator (xoshiro256** seeded through splitmix64, Marsaglia normals)
// plus the draws the trend simulation needs.
class Rng : public Xoshiro256 {
 public:
  using Xoshiro256::Xoshiro256;
  double Laplace(double scale);
  int64_t Poisson(double mean);
};

// The value that a sample of N from N(0,1) converges to at quantile p (inverse normal CDF).
double NormalQuantile(double p);

// Linear-interpolated percentile (numpy default / R type 7) of v (reordered in place).
double Percentile(std::vector<double>* v, double q);
// Both percentiles (q_lo <= q_hi) of v, reordering it; same values as two Percentile calls.
void TwoPercentiles(std::vector<double>* v, double q_lo, double q_hi, double* lo, double* hi);

void EvaluateTrend(Growth growth, const std::vector<double>& t, const std::vector<double>& cap,
                   double k, double m, const std::vector<double>& s,
                   const std::vector<double>& delta, std::vector<double>* out);

struct IntervalInput {
  const ProphetOptions& options;
  const Prophet::State& st;
  const std::vector<double>& t;           // scaled time of the frame (sorted)
  const std::vector<double>& cap_scaled;  // logistic only
  const std::vector<double>& floor;       // per row
  const std::vector<double>& g;           // MAP trend, scaled
  const std::vector<double>& trend;       // MAP trend, data scale
  const std::vector<double>& yhat;
  const std::vector<double>& add_terms;   // data scale
  const std::vector<double>& mult_terms;  // fractions
};

struct Intervals {
  std::vector<double> yhat_lower, yhat_upper, trend_lower, trend_upper;
};

Intervals SimulateIntervals(const IntervalInput& in);

}  // namespace tradelet::forecast::internal
