#include "forecast/l1_refine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tradelet::forecast::internal {
namespace {

// A series with one real slope change among 12 candidate changepoints, so the MAP has most
// deltas exactly at the Laplace kink; logistic or multiplicative (the models the exact lasso
// solver does not handle).
ModelData MakeData(Growth growth, bool multiplicative) {
  ModelData d;
  d.growth = growth;
  d.T = 300;
  d.K = 2;
  d.S = 12;
  std::mt19937 gen(11);
  std::normal_distribution<double> noise(0, 0.02);
  for (int i = 0; i < d.T; ++i) {
    const double t = i / (d.T - 1.0);
    d.t.push_back(t);
    const double trend = 0.3 + 0.4 * t + (t > 0.5 ? 0.5 * (t - 0.5) : 0.0);
    const double season = 0.05 * std::sin(40 * t);
    d.y.push_back(multiplicative ? trend * (1 + season) + noise(gen) : trend + season + noise(gen));
    if (growth == Growth::kLogistic) d.cap.push_back(1.5);
  }
  for (int j = 0; j < d.S; ++j) d.s.push_back(0.05 + 0.07 * j);
  d.X.resize(d.T, d.K);
  for (int i = 0; i < d.T; ++i) {
    d.X(i, 0) = std::sin(40 * d.t[i]);
    d.X(i, 1) = std::cos(40 * d.t[i]);
  }
  d.sigmas = {10, 10};
  d.s_a = {static_cast<uint8_t>(!multiplicative), static_cast<uint8_t>(!multiplicative)};
  d.s_m = {static_cast<uint8_t>(multiplicative), static_cast<uint8_t>(multiplicative)};
  d.tau = 0.05;
  return d;
}

// The optimality (KKT) conditions of the full, kinked problem, checked with the analytic
// gradient (itself checked against finite differences in objective_test.cc): every smooth
// coordinate and every nonzero delta has zero slope; a zero delta has a smooth-part slope within
// the prior's 1/tau. Returns the worst violation relative to 1/tau.
double KktViolation(const ModelData& d, const std::vector<double>& x) {
  Objective obj(d);
  std::vector<double> g(d.num_params());
  double f = 0;
  EXPECT_TRUE(obj.Evaluate(x.data(), &f, g.data()));
  double worst = 0;
  for (int i = 0; i < d.num_params(); ++i) {
    const bool zero_delta = i >= 2 && i < 2 + d.S && x[i] == 0.0;
    // At delta = 0 the gradient is the smooth part's (the prior's slope is taken as 0 there).
    const double v = zero_delta ? std::max(0.0, std::fabs(g[i]) - 1.0 / d.tau) : std::fabs(g[i]);
    worst = std::max(worst, v * d.tau);
  }
  return worst;
}

void CheckRefinement(Growth growth, bool multiplicative) {
  const ModelData d = MakeData(growth, multiplicative);
  Objective obj(d);
  std::vector<double> x0(d.num_params(), 0.0);
  x0[0] = 0.5;
  x0[1] = 0.3;
  OptimizerOptions options;
  const OptimResult start = MinimizeLbfgs(obj, x0, options);
  ASSERT_NE(start.termination, Termination::kLineSearchFailed);
  const OptimResult refined = RefineL1(d, start, options);
  EXPECT_LE(refined.f, start.f);
  EXPECT_GE(refined.iterations, start.iterations);
  // Stan's L-BFGS stops with deltas hovering near 0: the conditions fail there...
  EXPECT_GT(KktViolation(d, start.x), 1e-3);
  // ...and hold after the refinement to rounding level (measured ~1e-12).
  EXPECT_LT(KktViolation(d, refined.x), 1e-8);
  int zeros = 0;
  for (int j = 0; j < d.S; ++j) zeros += refined.x[2 + j] == 0.0;
  EXPECT_GE(zeros, d.S / 2) << "most deltas of a one-kink series belong at exactly 0";
  EXPECT_LT(zeros, d.S) << "the real slope change needs a nonzero delta";
}

TEST(RefineL1Test, LogisticReachesTheKinkedOptimum) { CheckRefinement(Growth::kLogistic, false); }

TEST(RefineL1Test, MultiplicativeReachesTheKinkedOptimum) {
  CheckRefinement(Growth::kLinear, true);
}

}  // namespace
}  // namespace tradelet::forecast::internal
