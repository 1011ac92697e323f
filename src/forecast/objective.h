// The log-posterior of Prophet's Stan model, exactly as Stan's optimizer sees it (constants
// dropped, sigma_obs optimised as rho = log(sigma) without the Jacobian), with its analytic
// gradient. Parameter vector layout (Stan's order): [k, m, delta_1..S, rho, beta_1..K].
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast::internal {

// The Stan model's data block, on the scaled axis.
struct ModelData {
  Growth growth = Growth::kLinear;
  int T = 0, S = 0, K = 0;
  std::vector<double> t;      // sorted, in [0, 1] for history
  std::vector<double> y;      // y_scaled
  std::vector<double> cap;    // cap_scaled (logistic), else empty
  std::vector<double> s;      // changepoints_t, sorted, S >= 1
  Eigen::MatrixXd X;          // T x K, column-major
  std::vector<double> sigmas; // K prior scales
  std::vector<uint8_t> s_a, s_m;  // K flags
  double tau = 0.05;
  // > 0: the Laplace prior's |delta| is replaced by sqrt(delta^2 + eps^2) (a smooth surrogate
  // used only to polish the optimum; 0 = Stan's exact objective).
  double l1_smoothing = 0;
  // Non-empty (size S, entries +-1): the Laplace prior's |delta_j| is taken as
  // delta_sign[j] * delta_j, one smooth face of the kinked prior (the active-set refinement,
  // l1_refine.h, solves on it). Empty = Stan's objective.
  std::vector<double> delta_sign;
  // Linear or flat growth with additive features only: the likelihood is quadratic in
  // theta = (k, m, delta, beta), so f and its gradient come from the sufficient statistics
  // A'A, A'y, y'y of the design A = [t, 1, (t - s_j)+, X] in O(P^2) per evaluation instead of
  // O(T*P) (the same sum in a different order). false forces the O(T*P) path (tests compare).
  bool use_gram = true;

  int num_params() const { return S + K + 3; }
};

// Evaluates f = -L(x) and its gradient. Holds preallocated buffers so evaluations do not
// allocate. Not thread-safe (one per fit).
class Objective {
 public:
  explicit Objective(const ModelData& data);

  // Returns f(x) (minimised) and writes grad (size num_params). Returns false when f or the
  // gradient is not finite (Stan rejects the point).
  bool Evaluate(const double* x, double* f, double* grad);
  // f only (no gradient).
  bool Value(const double* x, double* f);
  int num_params() const { return data_.num_params(); }
  bool uses_gram() const { return gram_; }  // evaluations come from the sufficient statistics
  const ModelData& data() const { return data_; }

 private:
  // Computes the trend g_ (and logistic intermediates) for parameters k, m, delta.
  bool Trend(double k, double m, const double* delta);
  // Computes the log-likelihood pieces; returns L (without the trend gradient).
  double Core(const double* x, bool want_grad, double* grad);
  // The same L and gradient from the sufficient statistics (gram_ is set). Returns NaN when
  // the expanded residual sum of squares is too small to trust (Core then sums residuals).
  double CoreGram(const double* x, bool want_grad, double* grad);
  // The |delta| sum as the data's prior variant defines it and, when gd is given,
  // d(-sum/tau)/d delta written into gd.
  double DeltaPrior(const double* delta, double* gd) const;
  void BuildGram();

  const ModelData& data_;
  std::vector<int> first_row_;      // first row i with t_i >= s_j
  std::vector<int> add_cols_, mult_cols_;
  Eigen::MatrixXd Xa_, Xm_;         // additive / multiplicative column subsets
  bool zero_features_ = false;      // X is identically zero (the `zeros` column)
  // Sufficient statistics (linear/flat growth, additive only), expanded around a least-squares
  // fit theta0_ with residuals r0: gram_ata_ = A'A (P x P, lower triangle), aty_ = A'r0,
  // yty_ = r0'r0; theta_, q_ are buffers of size P = 2 + S + K.
  bool gram_ = false;
  Eigen::MatrixXd gram_ata_;
  Eigen::VectorXd aty_, theta0_, theta_, q_;
  double yty_ = 0;
  // Buffers.
  Eigen::VectorXd g_, xba_, xbm_, r_, e_, tmp_, beta_a_, beta_m_;
  std::vector<double> kseg_, mseg_, wsum_, vsum_, ak_, am_;
};

}  // namespace tradelet::forecast::internal
