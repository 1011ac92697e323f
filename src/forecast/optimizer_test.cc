#include "forecast/optimizer.h"

#include "forecast/exact_solver.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tradelet::forecast::internal {
namespace {

ModelData Data(int T) {
  ModelData d;
  d.growth = Growth::kLinear;
  d.T = T;
  d.K = 2;
  std::mt19937 gen(3);
  std::normal_distribution<double> noise(0, 0.02);
  for (int i = 0; i < T; ++i) {
    const double t = i / (T - 1.0);
    d.t.push_back(t);
    d.y.push_back(0.2 + 0.6 * t - (t > 0.5 ? 0.8 * (t - 0.5) : 0) + 0.05 * std::sin(20 * t) +
                  noise(gen));
  }
  d.s = {0.25, 0.5, 0.75};
  d.S = 3;
  d.X.resize(T, 2);
  for (int i = 0; i < T; ++i) {
    d.X(i, 0) = std::sin(20 * d.t[i]);
    d.X(i, 1) = std::cos(20 * d.t[i]);
  }
  d.sigmas = {10, 10};
  d.s_a = {1, 1};
  d.s_m = {0, 0};
  return d;
}

std::vector<double> Init(const ModelData& d) {
  std::vector<double> x(d.num_params(), 0.0);
  x[0] = d.y.back() - d.y.front();
  x[1] = d.y.front();
  return x;
}

TEST(OptimizerTest, LbfgsReachesTheOptimum) {
  ModelData d = Data(300);
  Objective obj(d);
  OptimizerOptions o;
  OptimResult r = MinimizeLbfgs(obj, Init(d), o);
  // Stan's L-BFGS may end in a line-search failure at the Laplace prior's kink (Prophet then
  // reruns Newton); either way the point reached must be the optimum found by Newton.
  EXPECT_NE(r.termination, Termination::kMaxIterations);
  EXPECT_GT(r.iterations, 5);
  OptimResult n = MinimizeNewton(obj, Init(d), o);
  EXPECT_NEAR(r.f, n.f, 1e-4 * std::fabs(n.f));
  // The fitted slope change at 0.5 is recovered; sigma near the noise level.
  EXPECT_NEAR(r.x[2 + 1], -0.8, 0.1);
  EXPECT_NEAR(std::exp(r.x[2 + d.S]), 0.02, 0.005);
  double f0;
  std::vector<double> x0 = Init(d);
  ASSERT_TRUE(obj.Value(x0.data(), &f0));
  EXPECT_LT(r.f, f0);
}

TEST(OptimizerTest, ExactSolverFindsALowerOrEqualOptimum) {
  ModelData d = Data(300);
  Objective obj(d);
  ASSERT_TRUE(ExactSolverApplies(d));
  OptimResult e = MinimizeExact(obj, Init(d), OptimizerOptions{});
  ASSERT_EQ(e.termination, Termination::kConvergedRelObjective) << e.note;
  OptimResult l = MinimizeLbfgs(obj, Init(d), OptimizerOptions{});
  EXPECT_LE(e.f, l.f + 1e-9 * std::fabs(l.f));
  // Stationarity: the gradient vanishes except for deltas sitting exactly at 0, whose data
  // gradient is inside the Laplace subgradient [-1/tau, 1/tau].
  std::vector<double> g(d.num_params());
  double f;
  ASSERT_TRUE(obj.Evaluate(e.x.data(), &f, g.data()));
  for (int i = 0; i < d.num_params(); ++i) {
    const bool zero_delta = i >= 2 && i < 2 + d.S && e.x[i] == 0.0;
    if (zero_delta) {
      EXPECT_LE(std::fabs(g[i]), 1.0 / d.tau + 1e-6) << i;
    } else {
      EXPECT_NEAR(g[i], 0.0, 1e-4 * std::max(1.0, std::fabs(f) / 100)) << i;
    }
  }
}

TEST(OptimizerTest, NewtonReachesTheSameOptimumAsLbfgs) {
  ModelData d = Data(80);
  Objective obj(d);
  OptimizerOptions o;
  OptimResult a = MinimizeLbfgs(obj, Init(d), o);
  OptimResult b = MinimizeNewton(obj, Init(d), o);
  EXPECT_EQ(b.termination, Termination::kConvergedNewton);
  EXPECT_NEAR(a.f, b.f, 1e-3 * std::fabs(a.f));
  EXPECT_NEAR(a.x[0], b.x[0], 0.05);
}

TEST(OptimizerTest, IterationCapStopsTheLoop) {
  ModelData d = Data(300);
  Objective obj(d);
  OptimizerOptions o;
  o.max_iterations = 3;
  OptimResult r = MinimizeLbfgs(obj, Init(d), o);
  EXPECT_EQ(r.termination, Termination::kMaxIterations);
  EXPECT_EQ(r.iterations, 3);
  o.max_iterations = 2;
  OptimResult n = MinimizeNewton(obj, Init(d), o);
  EXPECT_LE(n.iterations, 2);
}

TEST(OptimizerTest, NonFiniteStartIsReported) {
  ModelData d = Data(50);
  Objective obj(d);
  std::vector<double> x = Init(d);
  x[0] = NAN;
  OptimResult r = MinimizeLbfgs(obj, x, OptimizerOptions{});
  EXPECT_EQ(r.termination, Termination::kLineSearchFailed);
  EXPECT_EQ(r.iterations, 0);
}

}  // namespace
}  // namespace tradelet::forecast::internal
