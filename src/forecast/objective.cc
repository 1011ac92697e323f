#include "forecast/objective.h"

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

  double abs_delta = 0;
  const double eps = data_.l1_smoothing;
  if (!data_.delta_sign.empty()) {
    for (int j = 0; j < S; ++j) abs_delta += data_.delta_sign[j] * delta[j];
  } else if (eps > 0) {
    for (int j = 0; j < S; ++j) abs_delta += std::sqrt(delta[j] * delta[j] + eps * eps);
  } else {
    for (int j = 0; j < S; ++j) abs_delta += std::fabs(delta[j]);
  }
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
  if (!data_.delta_sign.empty()) {
    for (int j = 0; j < S; ++j) gd[j] = -data_.delta_sign[j] / data_.tau;
  } else if (eps > 0) {
    for (int j = 0; j < S; ++j) gd[j] = -delta[j] / std::sqrt(delta[j] * delta[j] + eps * eps) / data_.tau;
  } else {
    for (int j = 0; j < S; ++j) gd[j] = delta[j] > 0 ? -1.0 / data_.tau : (delta[j] < 0 ? 1.0 / data_.tau : 0.0);
  }
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
