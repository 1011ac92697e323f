#include "forecast/objective.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tradelet::forecast::internal {
namespace {

// A small model with additive and multiplicative columns and 4 changepoints.
ModelData MakeData(Growth growth, bool multiplicative) {
  ModelData d;
  d.growth = growth;
  d.T = 60;
  d.K = 4;
  d.S = 4;
  std::mt19937 gen(7);
  std::normal_distribution<double> noise(0, 0.05);
  for (int i = 0; i < d.T; ++i) {
    const double t = i / 59.0;
    d.t.push_back(t);
    d.y.push_back(0.3 + 0.5 * t + 0.1 * std::sin(12 * t) + noise(gen));
    d.cap.push_back(growth == Growth::kLogistic ? 1.2 + 0.1 * t : 0.0);
  }
  if (growth != Growth::kLogistic) d.cap.clear();
  d.s = {0.2, 0.4, 0.6, 0.8};
  d.X.resize(d.T, d.K);
  for (int i = 0; i < d.T; ++i) {
    d.X(i, 0) = std::sin(12 * d.t[i]);
    d.X(i, 1) = std::cos(12 * d.t[i]);
    d.X(i, 2) = std::sin(24 * d.t[i]);
    d.X(i, 3) = (i % 7 == 0) ? 1.0 : 0.0;
  }
  d.sigmas = {10, 10, 5, 2};
  d.s_a = {1, 1, static_cast<uint8_t>(multiplicative ? 0 : 1), 1};
  d.s_m = {0, 0, static_cast<uint8_t>(multiplicative ? 1 : 0), 0};
  d.tau = 0.05;
  return d;
}

// Central finite differences of f against the analytic gradient at a point with every delta
// away from 0 (the Laplace kink).
void CheckGradient(const ModelData& d) {
  Objective obj(d);
  const int n = d.num_params();
  std::vector<double> x(n);
  x[0] = 1.3;  // k
  x[1] = 0.2;  // m
  for (int j = 0; j < d.S; ++j) x[2 + j] = 0.07 * (j % 2 ? -1 : 1) * (j + 1);
  x[2 + d.S] = std::log(0.2);
  for (int q = 0; q < d.K; ++q) x[3 + d.S + q] = 0.05 * (q + 1) * (q % 2 ? -1 : 1);
  std::vector<double> g(n);
  double f;
  ASSERT_TRUE(obj.Evaluate(x.data(), &f, g.data()));
  for (int i = 0; i < n; ++i) {
    const double h = 1e-6 * std::max(1.0, std::fabs(x[i]));
    std::vector<double> xp = x, xm = x;
    xp[i] += h;
    xm[i] -= h;
    double fp, fm;
    ASSERT_TRUE(obj.Value(xp.data(), &fp));
    ASSERT_TRUE(obj.Value(xm.data(), &fm));
    const double fd = (fp - fm) / (2 * h);
    EXPECT_NEAR(g[i], fd, 1e-6 * std::max(1.0, std::fabs(fd))) << "parameter " << i;
  }
}

TEST(ObjectiveTest, LinearGradientMatchesFiniteDifferences) {
  CheckGradient(MakeData(Growth::kLinear, false));
}
TEST(ObjectiveTest, LinearMultiplicativeGradientMatchesFiniteDifferences) {
  CheckGradient(MakeData(Growth::kLinear, true));
}
TEST(ObjectiveTest, LogisticGradientMatchesFiniteDifferences) {
  CheckGradient(MakeData(Growth::kLogistic, false));
}
TEST(ObjectiveTest, LogisticMultiplicativeGradientMatchesFiniteDifferences) {
  CheckGradient(MakeData(Growth::kLogistic, true));
}
TEST(ObjectiveTest, FlatGradientMatchesFiniteDifferences) {
  CheckGradient(MakeData(Growth::kFlat, false));
}

// The objective is the Stan formula written out independently here (no shared code path).
TEST(ObjectiveTest, ValueMatchesTheStanFormula) {
  ModelData d = MakeData(Growth::kLinear, true);
  Objective obj(d);
  const int n = d.num_params();
  std::vector<double> x(n, 0.1);
  x[2 + d.S] = std::log(0.3);
  double f;
  ASSERT_TRUE(obj.Value(x.data(), &f));
  const double k = x[0], m = x[1], sigma = 0.3;
  double L = -k * k / 50 - m * m / 50 - 2 * sigma * sigma - d.T * std::log(sigma);
  for (int j = 0; j < d.S; ++j) L -= std::fabs(x[2 + j]) / d.tau;
  for (int q = 0; q < d.K; ++q)
    L -= x[3 + d.S + q] * x[3 + d.S + q] / (2 * d.sigmas[q] * d.sigmas[q]);
  for (int i = 0; i < d.T; ++i) {
    double g = k * d.t[i] + m;
    for (int j = 0; j < d.S; ++j) {
      if (d.t[i] >= d.s[j]) g += x[2 + j] * (d.t[i] - d.s[j]);
    }
    double xa = 0, xm = 0;
    for (int q = 0; q < d.K; ++q) {
      xa += d.X(i, q) * x[3 + d.S + q] * d.s_a[q];
      xm += d.X(i, q) * x[3 + d.S + q] * d.s_m[q];
    }
    const double r = d.y[i] - (g * (1 + xm) + xa);
    L -= r * r / (2 * sigma * sigma);
  }
  EXPECT_NEAR(f, -L, 1e-10 * std::fabs(L));
}

TEST(ObjectiveTest, ZeroDeltaUsesZeroSubgradient) {
  ModelData d = MakeData(Growth::kLinear, false);
  Objective obj(d);
  std::vector<double> x(d.num_params(), 0.0);
  std::vector<double> g(d.num_params());
  double f;
  ASSERT_TRUE(obj.Evaluate(x.data(), &f, g.data()));
  // With delta = 0 the prior adds nothing: the gradient is the data term alone, which is
  // (linear) the suffix sum of residuals; check one by hand.
  const int j = 2;
  double expect = 0;
  for (int i = 0; i < d.T; ++i) {
    if (d.t[i] >= d.s[j]) expect -= d.y[i] * (d.t[i] - d.s[j]);  // r = y, sigma = 1
  }
  EXPECT_NEAR(g[2 + j], expect, 1e-9);
}

// The O(P^2) sufficient-statistics path (A'A, A'y) against the O(T*P) residual path: the same
// sums in a different order, so equal to rounding, for every prior variant and at points far
// from and near the fit.
void CheckGramMatchesDirect(ModelData d) {
  ModelData direct_data = d;
  direct_data.use_gram = false;
  Objective gram(d), direct(direct_data);
  ASSERT_TRUE(gram.uses_gram());
  ASSERT_FALSE(direct.uses_gram());
  const int n = d.num_params();
  for (int point = 0; point < 3; ++point) {
    std::vector<double> x(n);
    x[0] = 0.4 + 0.1 * point;
    x[1] = 0.3;
    for (int j = 0; j < d.S; ++j) x[2 + j] = (point == 2 ? 0.0 : 0.03) * (j % 2 ? -1 : 1);
    x[2 + d.S] = std::log(point == 0 ? 0.5 : 0.06);
    for (int q = 0; q < d.K; ++q) x[3 + d.S + q] = point == 0 ? 0.0 : 0.1 / (q + 1);
    std::vector<double> gg(n), gd(n);
    double fg, fd, vg;
    ASSERT_TRUE(gram.Evaluate(x.data(), &fg, gg.data()));
    ASSERT_TRUE(direct.Evaluate(x.data(), &fd, gd.data()));
    ASSERT_TRUE(gram.Value(x.data(), &vg));
    EXPECT_NEAR(fg, fd, 1e-12 * std::max(1.0, std::fabs(fd))) << "point " << point;
    EXPECT_EQ(fg, vg);
    for (int i = 0; i < n; ++i) {
      EXPECT_NEAR(gg[i], gd[i], 1e-10 * std::max(1.0, std::fabs(gd[i])))
          << "point " << point << " parameter " << i;
    }
  }
}

TEST(ObjectiveTest, GramPathMatchesResidualPathLinear) {
  ModelData d = MakeData(Growth::kLinear, false);
  CheckGramMatchesDirect(d);
  d.l1_smoothing = 1e-4;
  CheckGramMatchesDirect(d);
  d.l1_smoothing = 0;
  d.delta_sign = {1, -1, 1, -1};
  CheckGramMatchesDirect(d);
}

TEST(ObjectiveTest, GramPathMatchesResidualPathFlat) {
  CheckGramMatchesDirect(MakeData(Growth::kFlat, false));
}

TEST(ObjectiveTest, GramPathOnlyForLinearAdditiveModels) {
  EXPECT_FALSE(Objective(MakeData(Growth::kLogistic, false)).uses_gram());
  EXPECT_FALSE(Objective(MakeData(Growth::kLinear, true)).uses_gram());
  EXPECT_TRUE(Objective(MakeData(Growth::kFlat, false)).uses_gram());
}

// A near-perfect fit with a tiny sigma: rss is ~1e-13 of y'y, and rss / sigma^2 still
// dominates f. Expanded around theta = 0 the Gram path would lose every digit of it; expanded
// around the least-squares fit it keeps them.
TEST(ObjectiveTest, GramPathKeepsPrecisionOnANearPerfectFit) {
  ModelData d = MakeData(Growth::kLinear, false);
  std::mt19937 gen(3);
  std::normal_distribution<double> noise(0, 1e-7);
  for (int i = 0; i < d.T; ++i) d.y[i] = 0.2 + 0.5 * d.t[i] + noise(gen);
  ModelData direct_data = d;
  direct_data.use_gram = false;
  Objective gram(d), direct(direct_data);
  ASSERT_TRUE(gram.uses_gram());
  std::vector<double> x(d.num_params(), 0.0);
  x[0] = 0.5;
  x[1] = 0.2;
  x[2 + d.S] = std::log(1e-9);
  double fg, fd;
  ASSERT_TRUE(gram.Value(x.data(), &fg));
  ASSERT_TRUE(direct.Value(x.data(), &fd));
  EXPECT_NEAR(fg, fd, 1e-9 * std::fabs(fd));
}

TEST(ObjectiveTest, NonFiniteIsRejected) {
  ModelData d = MakeData(Growth::kLogistic, false);
  Objective obj(d);
  std::vector<double> x(d.num_params(), 0.0);
  x[0] = 1.0;
  x[2] = -1.0;  // k_1 = 0: division by zero in the offset recursion
  std::vector<double> g(d.num_params());
  double f;
  EXPECT_FALSE(obj.Evaluate(x.data(), &f, g.data()));
}

}  // namespace
}  // namespace tradelet::forecast::internal

#include "forecast/uncertainty.h"

namespace tradelet::forecast::internal {
namespace {

TEST(UncertaintyTest, PercentilesMatchNumpyLinearInterpolation) {
  // numpy.percentile([1..10], [10, 90]) = [1.9, 9.1]; [1,2,3,4] at 25 -> 1.75.
  std::vector<double> v = {10, 3, 7, 1, 9, 2, 8, 4, 6, 5};
  double lo, hi;
  TwoPercentiles(&v, 10, 90, &lo, &hi);
  EXPECT_DOUBLE_EQ(lo, 1.9);
  EXPECT_DOUBLE_EQ(hi, 9.1);
  std::vector<double> w = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(Percentile(&w, 25), 1.75);
  EXPECT_NEAR(NormalQuantile(0.9), 1.2815515655446004, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.025), -1.959963984540054, 1e-12);
}

TEST(UncertaintyTest, RngIsReproducibleAndRoughlyNormal) {
  Rng a(5), b(5);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = a.Normal();
    EXPECT_EQ(x, b.Normal());
    if (i > 1000) continue;
  }
  Rng c(9);
  for (int i = 0; i < n; ++i) {
    const double x = c.Normal();
    sum += x;
    sum2 += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.01);
  double pois = 0;
  for (int i = 0; i < 20000; ++i) pois += static_cast<double>(c.Poisson(3.5));
  EXPECT_NEAR(pois / 20000, 3.5, 0.05);
}

}  // namespace
}  // namespace tradelet::forecast::internal
