#include "forecast/uncertainty.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tradelet::forecast::internal {

double Rng::Laplace(double scale) {
  const double u = Uniform() - 0.5;
  return u < 0 ? scale * std::log(1.0 + 2.0 * u) : -scale * std::log(1.0 - 2.0 * u);
}

int64_t Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const double limit = std::exp(-mean);
    double prod = Uniform();
    int64_t k = 0;
    while (prod > limit) {
      prod *= Uniform();
      ++k;
    }
    return k;
  }
  // Large means: sum of independent Poisson pieces keeps it exact without a rejection sampler.
  int64_t total = 0;
  double left = mean;
  while (left > 0) {
    const double piece = std::min(left, 20.0);
    total += Poisson(piece);
    left -= piece;
  }
  return total;
}

double NormalQuantile(double p) {
  // Acklam's rational approximation, refined by one Halley step on erfc.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                             -2.759285104469687e+02, 1.383577518672690e+02,
                             -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                             -1.556989798598866e+02, 6.680131188771972e+01,
                             -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                             -2.400758277161838e+00, -2.549732539343734e+00,
                             4.374664141464968e+00, 2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                             2.445134137142996e+00, 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double Percentile(std::vector<double>* v, double q) {
  const size_t n = v->size();
  if (n == 1) return (*v)[0];
  const double h = (static_cast<double>(n) - 1.0) * q / 100.0;
  const size_t lo = static_cast<size_t>(std::floor(h));
  std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(lo), v->end());
  const double a = (*v)[lo];
  if (lo + 1 >= n) return a;
  const double b = *std::min_element(v->begin() + static_cast<std::ptrdiff_t>(lo) + 1, v->end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

void TwoPercentiles(std::vector<double>* v, double q_lo, double q_hi, double* lo, double* hi) {
  // Order statistics at floor(h) and floor(h)+1 for both quantiles, partitioning once per
  // needed rank on the shrinking upper part (q_lo <= q_hi).
  const size_t n = v->size();
  auto at = [&](double q, size_t from, double* out, size_t* next_from) {
    const double h = (static_cast<double>(n) - 1.0) * q / 100.0;
    const size_t k = static_cast<size_t>(std::floor(h));
    std::nth_element(v->begin() + static_cast<std::ptrdiff_t>(from),
                     v->begin() + static_cast<std::ptrdiff_t>(k), v->end());
    const double a = (*v)[k];
    double b = a;
    if (k + 1 < n) b = *std::min_element(v->begin() + static_cast<std::ptrdiff_t>(k) + 1, v->end());
    *out = a + (h - static_cast<double>(k)) * (b - a);
    *next_from = k + 1 < n ? k + 1 : k;
  };
  size_t from = 0;
  at(q_lo, 0, lo, &from);
  const double h_hi = (static_cast<double>(n) - 1.0) * q_hi / 100.0;
  if (static_cast<size_t>(std::floor(h_hi)) < from) from = 0;
  at(q_hi, from, hi, &from);
}

Intervals SimulateIntervals(const IntervalInput& in) {
  const auto& st = in.st;
  const auto& p = st.params;
  const size_t n = in.t.size();
  const int nsim = in.options.uncertainty_samples;
  const double w = in.options.interval_width;
  const double q_lo = 100.0 * (1.0 - w) / 2.0, q_hi = 100.0 * (1.0 + w) / 2.0;
  const double noise_sd = p.sigma_obs * st.y_scale;
  Intervals out;
  out.yhat_lower.resize(n);
  out.yhat_upper.resize(n);
  out.trend_lower = in.trend;
  out.trend_upper = in.trend;

  // Rows that new changepoints can touch: t > 1. Earlier rows' trend is the MAP trend.
  std::vector<size_t> sim_rows;
  double t_max = 1.0;
  for (size_t i = 0; i < n; ++i) {
    const bool future = in.t[i] > 1.0;
    if (future) t_max = std::max(t_max, in.t[i]);
    if (future || in.options.simulate_history_intervals) {
      sim_rows.push_back(i);
    } else {
      // Exact quantiles of yhat + N(0, noise_sd): the limit of the simulation for these rows.
      out.yhat_lower[i] = in.yhat[i] + noise_sd * NormalQuantile(q_lo / 100.0);
      out.yhat_upper[i] = in.yhat[i] + noise_sd * NormalQuantile(q_hi / 100.0);
    }
  }
  if (sim_rows.empty()) return out;

  const size_t S = st.changepoints_t.size();
  double lambda = 0;
  for (double d : p.delta) lambda += std::fabs(d);
  lambda = lambda / static_cast<double>(std::max<size_t>(S, 1)) + 1e-8;
  const double rate = static_cast<double>(S) * (t_max - 1.0);

  // Logistic: the rate and offset in force after the last fitted changepoint.
  double k_last = p.k, m_last = p.m;
  if (in.options.growth == Growth::kLogistic) {
    for (size_t j = 0; j < S; ++j) {
      const double k_new = k_last + p.delta[j];
      m_last = m_last + (st.changepoints_t[j] - m_last) * (1.0 - k_last / k_new);
      k_last = k_new;
    }
  }

  Rng rng(in.options.seed);
  const size_t R = sim_rows.size();
  std::vector<double> ysamp(R * static_cast<size_t>(nsim)), tsamp(R * static_cast<size_t>(nsim));
  std::vector<double> new_t, new_d;
  for (int s = 0; s < nsim; ++s) {
    new_t.clear();
    new_d.clear();
    if (t_max > 1.0 && in.options.growth != Growth::kFlat) {
      const int64_t nc = rng.Poisson(rate);
      for (int64_t c = 0; c < nc; ++c) new_t.push_back(1.0 + rng.Uniform() * (t_max - 1.0));
      std::sort(new_t.begin(), new_t.end());
      for (int64_t c = 0; c < nc; ++c) new_d.push_back(rng.Laplace(lambda));
    }
    for (size_t r = 0; r < R; ++r) {
      const size_t i = sim_rows[r];
      const double ti = in.t[i];
      double gi = in.g[i];
      if (!new_t.empty() && ti > 1.0) {
        if (in.options.growth == Growth::kLinear) {
          for (size_t c = 0; c < new_t.size() && new_t[c] <= ti; ++c) {
            gi += new_d[c] * (ti - new_t[c]);
          }
        } else {  // logistic: continue the rate/offset recursion through the new changepoints
          double kk = k_last, mm = m_last;
          size_t c = 0;
          for (; c < new_t.size() && new_t[c] <= ti; ++c) {
            const double k_new = kk + new_d[c];
            mm = mm + (new_t[c] - mm) * (1.0 - kk / k_new);
            kk = k_new;
          }
          if (c > 0) gi = in.cap_scaled[i] / (1.0 + std::exp(-kk * (ti - mm)));
        }
      }
      const double tr = gi * st.y_scale + in.floor[i];
      const size_t at = r * static_cast<size_t>(nsim) + static_cast<size_t>(s);
      tsamp[at] = tr;
      ysamp[at] = tr * (1.0 + in.mult_terms[i]) + in.add_terms[i] + noise_sd * rng.Normal();
    }
  }
  std::vector<double> buf(static_cast<size_t>(nsim));
  for (size_t r = 0; r < R; ++r) {
    const size_t i = sim_rows[r];
    const double* ys = &ysamp[r * static_cast<size_t>(nsim)];
    const double* ts = &tsamp[r * static_cast<size_t>(nsim)];
    buf.assign(ys, ys + nsim);
    TwoPercentiles(&buf, q_lo, q_hi, &out.yhat_lower[i], &out.yhat_upper[i]);
    if (in.t[i] > 1.0) {
      // Many trend samples equal the MAP trend (no new changepoint before t): split them off
      // so selection runs only on the perturbed samples.
      buf.assign(ts, ts + nsim);
      const double map = in.trend[i];
      auto mid = std::partition(buf.begin(), buf.end(), [&](double v) { return v < map; });
      auto hi_begin = std::partition(mid, buf.end(), [&](double v) { return v == map; });
      const size_t n_less = static_cast<size_t>(mid - buf.begin());
      const size_t n_eq = static_cast<size_t>(hi_begin - mid);
      auto kth = [&](size_t k) {
        if (k < n_less) {
          std::nth_element(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(k), mid);
          return buf[k];
        }
        if (k < n_less + n_eq) return map;
        std::nth_element(hi_begin, buf.begin() + static_cast<std::ptrdiff_t>(k), buf.end());
        return buf[k];
      };
      auto pct = [&](double q) {
        const double h = (static_cast<double>(nsim) - 1.0) * q / 100.0;
        const size_t k = static_cast<size_t>(std::floor(h));
        const double a = kth(k);
        const double b = k + 1 < static_cast<size_t>(nsim) ? kth(k + 1) : a;
        return a + (h - static_cast<double>(k)) * (b - a);
      };
      out.trend_lower[i] = pct(q_lo);
      out.trend_upper[i] = pct(q_hi);
    }
  }
  return out;
}

}  // namespace tradelet::forecast::internal
