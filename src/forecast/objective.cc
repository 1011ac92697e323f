#include "forecast/objective.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace tradelet::forecast::internal {

Objective::Objective(const ModelData& data) : data_(data) {
  const int T = data.T, S = data.S, K = data.K;
  first_row_.resize(S);
  for (int j = 0; j < S; ++j) {
    first_row_[j] = static_cast<int>(
        std::lower_bound(data.t.begin(), data.t.end(), data.s[j]) - data.t.begin());
  }
  for (int q = 0; q < K; ++q) {
    if (data.s_m[q]) {
      mult_cols_.push_back(q);
    } else if (data.s_a[q]) {
      add_cols_.push_back(q);
    }
  }
  zero_features_ = data.X.size() == 0 || data.X.isZero(0.0);
  Xa_.resize(T, static_cast<Eigen::Index>(add_cols_.size()));
  for (size_t c = 0; c < add_cols_.size(); ++c) Xa_.col(c) = data.X.col(add_cols_[c]);
  Xm_.resize(T, static_cast<Eigen::Index>(mult_cols_.size()));
  for (size_t c = 0; c < mult_cols_.size(); ++c) Xm_.col(c) = data.X.col(mult_cols_[c]);
  g_.resize(T);
  xba_.setZero(T);
  xbm_.setZero(T);
  r_.resize(T);
  e_.resize(T);
  tmp_.resize(std::max<Eigen::Index>(K, 1));
  beta_a_.resize(static_cast<Eigen::Index>(add_cols_.size()));
  beta_m_.resize(static_cast<Eigen::Index>(mult_cols_.size()));
  kseg_.resize(S + 1);
  mseg_.resize(S + 1);
  wsum_.resize(S + 1);
  vsum_.resize(S + 1);
  ak_.resize(S + 1);
  am_.resize(S + 1);
  if (data.use_gram && data.growth != Growth::kLogistic && (mult_cols_.empty() || zero_features_)) {
    BuildGram();
  }
}

void Objective::BuildGram() {
  const int T = data_.T, S = data_.S, K = data_.K, P = 2 + S + K;
  const bool flat = data_.growth == Growth::kFlat;
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(T, P);
  for (int i = 0; i < T; ++i) {
    const double t = data_.t[i];
    A(i, 1) = 1.0;
    if (flat) continue;  // k and delta have no data columns
    A(i, 0) = t;
    for (int j = 0; j < S; ++j) A(i, 2 + j) = t >= data_.s[j] ? t - data_.s[j] : 0.0;
  }
  if (K > 0 && !zero_features_) A.rightCols(K) = data_.X;
  const Eigen::Map<const Eigen::VectorXd> y(data_.y.data(), T);
  gram_ata_.setZero(P, P);
  gram_ata_.selfadjointView<Eigen::Lower>().rankUpdate(A.transpose());
  // Expanding around theta = 0 would take rss as the small difference of y'y-sized terms and
  // the gradient A'A theta - A'y as a difference of T-sized ones: noise far above Stan's
  // row-by-row sums, enough to sway its line search near the stop. Expand instead around
  // theta0, close to where the optimizer ends: the ridge solution with Prophet's Gaussian
  // priors (and the Laplace prior's variance 2 tau^2 for delta) at a residual variance from a
  // first, lightly ridged least-squares fit. Then rss(theta) = r0'r0 - 2 d'A'r0 + d'A'A d with
  // d = theta - theta0 small and r0 = y - A theta0 of the size of the final residuals.
  const Eigen::VectorXd aty = A.transpose() * y;
  Eigen::MatrixXd reg = gram_ata_;
  const double scale = std::max(1.0, gram_ata_.diagonal().maxCoeff());
  reg.diagonal().array() += 1e-10 * scale;
  theta0_ = Eigen::LDLT<Eigen::MatrixXd>(reg.selfadjointView<Eigen::Lower>()).solve(aty);
  if (theta0_.allFinite()) {
    const double s2 = std::max((y - A * theta0_).squaredNorm() / T, 1e-12);
    reg = gram_ata_;
    reg.diagonal()[0] += s2 / 25.0;
    reg.diagonal()[1] += s2 / 25.0;
    for (int j = 0; j < S; ++j) reg.diagonal()[2 + j] += s2 / (2.0 * data_.tau * data_.tau);
    for (int q = 0; q < K; ++q)
      reg.diagonal()[2 + S + q] += s2 / (data_.sigmas[q] * data_.sigmas[q]);
    reg.diagonal().array() += 1e-10 * scale;
    theta0_ = Eigen::LDLT<Eigen::MatrixXd>(reg.selfadjointView<Eigen::Lower>()).solve(aty);
  }
  if (!theta0_.allFinite()) theta0_.setZero(P);
  const Eigen::VectorXd r0 = y - A * theta0_;
  aty_.noalias() = A.transpose() * r0;  // A'r0
  yty_ = r0.squaredNorm();              // r0'r0
  theta_.resize(P);
  q_.resize(P);
  gram_ = true;
}

double Objective::DeltaPrior(const double* delta, double* gd) const {
  const int S = data_.S;
  const double eps = data_.l1_smoothing;
  double abs_delta = 0;
  if (!data_.delta_sign.empty()) {
    for (int j = 0; j < S; ++j) abs_delta += data_.delta_sign[j] * delta[j];
  } else if (eps > 0) {
    for (int j = 0; j < S; ++j) abs_delta += std::sqrt(delta[j] * delta[j] + eps * eps);
  } else {
    for (int j = 0; j < S; ++j) abs_delta += std::fabs(delta[j]);
  }
  if (gd == nullptr) return abs_delta;
  if (!data_.delta_sign.empty()) {
    for (int j = 0; j < S; ++j) gd[j] = -data_.delta_sign[j] / data_.tau;
  } else if (eps > 0) {
    for (int j = 0; j < S; ++j)
      gd[j] = -delta[j] / std::sqrt(delta[j] * delta[j] + eps * eps) / data_.tau;
  } else {
    for (int j = 0; j < S; ++j)
      gd[j] = delta[j] > 0 ? -1.0 / data_.tau : (delta[j] < 0 ? 1.0 / data_.tau : 0.0);
  }
  return abs_delta;
}

double Objective::CoreGram(const double* x, bool want_grad, double* grad) {
  const int T = data_.T, S = data_.S, K = data_.K;
  const double k = x[0], m = x[1];
  const double* delta = x + 2;
  const double rho = x[2 + S];
  const double* beta = x + 3 + S;
  const double sigma = std::exp(rho);
  const double inv_s2 = 1.0 / (sigma * sigma);
  theta_[0] = k;
  theta_[1] = m;
  for (int j = 0; j < S; ++j) theta_[2 + j] = delta[j];
  for (int q = 0; q < K; ++q) theta_[2 + S + q] = beta[q];
  // d = theta - theta0; q_ = A'A d - A'r0 = -A'r; rss = r0'r0 - 2 d'A'r0 + d'A'A d.
  theta_ -= theta0_;
  q_.noalias() = gram_ata_.selfadjointView<Eigen::Lower>() * theta_;
  q_ -= aty_;
  const double quad = theta_.dot(q_ + aty_);  // d'A'A d >= 0
  const double rss = yty_ + quad - 2.0 * theta_.dot(aty_);
  // The expansion loses ~log10((r0'r0 + d'A'A d) / rss) digits; when that is more than 8 the
  // residuals are summed directly instead.
  if (!(rss > 1e-8 * (yty_ + quad))) return NAN;
  const double abs_delta = DeltaPrior(delta, want_grad ? grad + 2 : nullptr);
  double beta_pen = 0;
  for (int q = 0; q < K; ++q)
    beta_pen += beta[q] * beta[q] / (2.0 * data_.sigmas[q] * data_.sigmas[q]);
  const double L = -k * k / 50.0 - m * m / 50.0 - abs_delta / data_.tau - 2.0 * sigma * sigma -
                   beta_pen - T * rho - 0.5 * rss * inv_s2;
  if (!want_grad) return L;
  grad[0] = -k / 25.0 - q_[0] * inv_s2;
  grad[1] = -m / 25.0 - q_[1] * inv_s2;
  for (int j = 0; j < S; ++j) grad[2 + j] -= q_[2 + j] * inv_s2;
  grad[2 + S] = -static_cast<double>(T) + rss * inv_s2 - 4.0 * sigma * sigma;
  for (int q = 0; q < K; ++q) {
    grad[3 + S + q] = -beta[q] / (data_.sigmas[q] * data_.sigmas[q]) - q_[2 + S + q] * inv_s2;
  }
  return L;
}

bool Objective::Trend(double k, double m, const double* delta) {
  const int T = data_.T, S = data_.S;
  const double* t = data_.t.data();
  const double* s = data_.s.data();
  switch (data_.growth) {
    case Growth::kLinear: {
      double rate = k, offset = m;
      int j = 0;
      for (int i = 0; i < T; ++i) {
        while (j < S && s[j] <= t[i]) {
          rate += delta[j];
          offset -= s[j] * delta[j];
          ++j;
        }
        g_[i] = rate * t[i] + offset;
      }
      return true;
    }
    case Growth::kFlat:
      g_.setConstant(m);
      return true;
    case Growth::kLogistic: {
      kseg_[0] = k;
      mseg_[0] = m;
      for (int j = 1; j <= S; ++j) {
        kseg_[j] = kseg_[j - 1] + delta[j - 1];
        if (kseg_[j] == 0.0) return false;
        mseg_[j] = mseg_[j - 1] + (s[j - 1] - mseg_[j - 1]) * (1.0 - kseg_[j - 1] / kseg_[j]);
      }
      int j = 0;
      const double* cap = data_.cap.data();
      for (int i = 0; i < T; ++i) {
        while (j < S && s[j] <= t[i]) ++j;
        const double z = kseg_[j] * (t[i] - mseg_[j]);
        g_[i] = cap[i] / (1.0 + std::exp(-z));
      }
      return true;
    }
  }
  return false;
}

double Objective::Core(const double* x, bool want_grad, double* grad) {
  const int T = data_.T, S = data_.S, K = data_.K;
  const double k = x[0], m = x[1];
  const double* delta = x + 2;
  const double rho = x[2 + S];
  const double* beta = x + 3 + S;
  const double sigma = std::exp(rho);
  const double inv_s2 = 1.0 / (sigma * sigma);

  if (gram_) {
    const double L = CoreGram(x, want_grad, grad);
    if (!std::isnan(L)) return L;
  }
  if (!Trend(k, m, delta)) return NAN;

  const bool has_add = !add_cols_.empty() && !zero_features_;
  const bool has_mult = !mult_cols_.empty() && !zero_features_;
  if (has_add) {
    for (size_t c = 0; c < add_cols_.size(); ++c) beta_a_[c] = beta[add_cols_[c]];
    xba_.noalias() = Xa_ * beta_a_;
  }
  if (has_mult) {
    for (size_t c = 0; c < mult_cols_.size(); ++c) beta_m_[c] = beta[mult_cols_[c]];
    xbm_.noalias() = Xm_ * beta_m_;
  }
  const Eigen::Map<const Eigen::VectorXd> y(data_.y.data(), T);
  if (has_mult) {
    r_.array() = y.array() - g_.array() * (1.0 + xbm_.array()) - xba_.array();
  } else if (has_add) {
    r_ = y - g_ - xba_;
  } else {
    r_ = y - g_;
  }
  const double rss = r_.squaredNorm();

  const double abs_delta = DeltaPrior(delta, nullptr);
  double beta_pen = 0;
  for (int q = 0; q < K; ++q) beta_pen += beta[q] * beta[q] / (2.0 * data_.sigmas[q] * data_.sigmas[q]);
  const double L = -k * k / 50.0 - m * m / 50.0 - abs_delta / data_.tau - 2.0 * sigma * sigma -
                   beta_pen - T * rho - 0.5 * rss * inv_s2;
  if (!want_grad) return L;

  // Gradient of L (the caller negates).
  // beta
  for (int q = 0; q < K; ++q) grad[3 + S + q] = -beta[q] / (data_.sigmas[q] * data_.sigmas[q]);
  if (has_add) {
    tmp_.head(add_cols_.size()).noalias() = Xa_.transpose() * r_;
    for (size_t c = 0; c < add_cols_.size(); ++c) grad[3 + S + add_cols_[c]] += tmp_[c] * inv_s2;
  }
  if (has_mult) {
    e_ = r_.cwiseProduct(g_);
    tmp_.head(mult_cols_.size()).noalias() = Xm_.transpose() * e_;
    for (size_t c = 0; c < mult_cols_.size(); ++c) grad[3 + S + mult_cols_[c]] += tmp_[c] * inv_s2;
  }
  // rho
  grad[2 + S] = -static_cast<double>(T) + rss * inv_s2 - 4.0 * sigma * sigma;
  // e_i = dL/dg_i
  if (has_mult) {
    e_.array() = r_.array() * (1.0 + xbm_.array()) * inv_s2;
  } else {
    e_ = r_ * inv_s2;
  }
  double* gk = grad;
  double* gm = grad + 1;
  double* gd = grad + 2;
  *gk = -k / 25.0;
  *gm = -m / 25.0;
  DeltaPrior(delta, gd);
  const double* t = data_.t.data();
  const double* s = data_.s.data();
  switch (data_.growth) {
    case Growth::kLinear: {
      double se = 0, set = 0;
      int j = S - 1;
      while (j >= 0 && first_row_[j] >= T) {
        --j;  // changepoints after every row contribute nothing
      }
      for (int i = T - 1; i >= 0; --i) {
        se += e_[i];
        set += e_[i] * t[i];
        while (j >= 0 && first_row_[j] == i) {
          gd[j] += set - s[j] * se;
          --j;
        }
      }
      *gk += set;
      *gm += se;
      break;
    }
    case Growth::kFlat:
      *gm += e_.sum();
      break;
    case Growth::kLogistic: {
      std::fill(wsum_.begin(), wsum_.end(), 0.0);
      std::fill(vsum_.begin(), vsum_.end(), 0.0);
      const double* cap = data_.cap.data();
      int j = 0;
      for (int i = 0; i < T; ++i) {
        while (j < S && s[j] <= t[i]) ++j;
        const double w = e_[i] * g_[i] * (1.0 - g_[i] / cap[i]);
        wsum_[j] += w;
        vsum_[j] += w * (t[i] - mseg_[j]);
      }
      for (int q = 0; q <= S; ++q) {
        ak_[q] = vsum_[q];
        am_[q] = -kseg_[q] * wsum_[q];
      }
      for (int q = S; q >= 1; --q) {
        const double rho_q = kseg_[q - 1] / kseg_[q];
        const double a_rho = -(s[q - 1] - mseg_[q - 1]) * am_[q];
        am_[q - 1] += rho_q * am_[q];
        ak_[q - 1] += a_rho / kseg_[q];
        ak_[q] -= a_rho * kseg_[q - 1] / (kseg_[q] * kseg_[q]);
      }
      *gm += am_[0];
      double suffix = 0;
      for (int q = S; q >= 1; --q) {
        suffix += ak_[q];
        gd[q - 1] += suffix;
      }
      *gk += suffix + ak_[0];
      break;
    }
  }
  return L;
}

bool Objective::Evaluate(const double* x, double* f, double* grad) {
  const int n = num_params();
  const double L = Core(x, true, grad);
  if (!std::isfinite(L)) return false;
  *f = -L;
  for (int i = 0; i < n; ++i) {
    grad[i] = -grad[i];
    if (!std::isfinite(grad[i])) return false;
  }
  return true;
}

bool Objective::Value(const double* x, double* f) {
  const double L = Core(x, false, nullptr);
  if (!std::isfinite(L)) return false;
  *f = -L;
  return true;
}

}  // namespace tradelet::forecast::internal
