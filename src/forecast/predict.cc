// Prophet::Predict: trend, components, yhat and the simulated uncertainty intervals.
#include <algorithm>
#include <cmath>

#include "forecast/features.h"
#include "forecast/model_state.h"
#include "forecast/prepare.h"
#include "forecast/uncertainty.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {

const std::vector<double>* Forecast::Find(std::string_view name) const {
  for (const auto& [n, v] : columns) {
    if (n == name) return &v;
  }
  return nullptr;
}

const std::vector<double>& Forecast::Get(std::string_view name) const {
  const std::vector<double>* v = Find(name);
  if (!v) ::tradelet::internal::DieCheckFailed(("forecast column present: " + std::string(name)).c_str(),
                                   __FILE__, __LINE__);
  return *v;
}

std::string Forecast::ToCsv() const {
  std::string out = "ds";
  for (const auto& [n, v] : columns) out += "," + n;
  out += "\n";
  char buf[40];
  for (size_t i = 0; i < ds.size(); ++i) {
    out += FormatTimestampForCsv(ds[i]);
    for (const auto& [n, v] : columns) {
      out += ',';
      if (std::isfinite(v[i])) {
        std::snprintf(buf, sizeof(buf), "%.17g", v[i]);
        out += buf;
      } else if (!std::isnan(v[i])) {
        out += v[i] > 0 ? "inf" : "-inf";
      }
    }
    out += '\n';
  }
  return out;
}

namespace internal {

void EvaluateTrend(Growth growth, const std::vector<double>& t, const std::vector<double>& cap,
                   double k, double m, const std::vector<double>& s,
                   const std::vector<double>& delta, std::vector<double>* out) {
  const size_t n = t.size(), S = s.size();
  out->resize(n);
  switch (growth) {
    case Growth::kFlat:
      std::fill(out->begin(), out->end(), m);
      return;
    case Growth::kLinear:
      for (size_t i = 0; i < n; ++i) {
        double rate = k, offset = m;
        for (size_t j = 0; j < S && s[j] <= t[i]; ++j) {
          rate += delta[j];
          offset -= s[j] * delta[j];
        }
        (*out)[i] = rate * t[i] + offset;
      }
      return;
    case Growth::kLogistic: {
      std::vector<double> ks(S + 1), ms(S + 1);
      ks[0] = k;
      ms[0] = m;
      for (size_t j = 1; j <= S; ++j) {
        ks[j] = ks[j - 1] + delta[j - 1];
        ms[j] = ms[j - 1] + (s[j - 1] - ms[j - 1]) * (1.0 - ks[j - 1] / ks[j]);
      }
      for (size_t i = 0; i < n; ++i) {
        size_t j = 0;
        while (j < S && s[j] <= t[i]) ++j;
        (*out)[i] = cap[i] / (1.0 + std::exp(-ks[j] * (t[i] - ms[j])));
      }
      return;
    }
  }
}

}  // namespace internal

Result<Forecast> Prophet::Predict() const {
  if (!fitted()) return FailedPrecondition("predict needs a fitted model");
  return Predict(state_->history);
}

Result<Forecast> Prophet::Predict(const Frame& input) const {
  using namespace internal;
  if (!fitted()) return FailedPrecondition("predict needs a fitted model");
  if (input.ds.empty()) return InvalidArgument("predict: the frame has no rows");
  const State& st = *state_;
  TL_ASSIGN_OR_RETURN(Frame df, CheckAndSortFrame(input, st, options_, /*is_fit=*/false));
  const size_t n = df.size();
  const std::vector<double> t = ScaledTime(df, st);
  const std::vector<double> fl = FloorOf(df, st, options_);
  std::vector<double> cap_scaled;
  if (options_.growth == Growth::kLogistic) {
    cap_scaled.resize(n);
    for (size_t i = 0; i < n; ++i) cap_scaled[i] = (df.cap[i] - fl[i]) / st.y_scale;
  }
  const ProphetParams& p = st.params;
  std::vector<double> g;
  EvaluateTrend(options_.growth, t, cap_scaled, p.k, p.m, st.changepoints_t, p.delta, &g);
  std::vector<double> trend(n);
  for (size_t i = 0; i < n; ++i) trend[i] = g[i] * st.y_scale + fl[i];

  Eigen::MatrixXd X;
  BuildFeatures(st, df, &X);
  const Eigen::Map<const Eigen::VectorXd> beta(p.beta.data(), static_cast<Eigen::Index>(p.beta.size()));
  std::vector<std::pair<std::string, std::vector<double>>> comps;
  std::vector<double> add_terms(n, 0.0), mult_terms(n, 0.0);
  for (const auto& c : st.layout.components) {
    std::vector<double> v(n, 0.0);
    if (!c.cols.empty() && !st.layout.zeros_only) {
      Eigen::VectorXd acc = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
      for (int q : c.cols) acc += X.col(q) * beta[q];
      const double scale = c.additive ? st.y_scale : 1.0;
      for (size_t i = 0; i < n; ++i) v[i] = acc[static_cast<Eigen::Index>(i)] * scale;
    }
    if (c.name == "additive_terms") add_terms = v;
    if (c.name == "multiplicative_terms") mult_terms = v;
    comps.emplace_back(c.name, std::move(v));
  }
  std::vector<double> yhat(n);
  for (size_t i = 0; i < n; ++i) yhat[i] = trend[i] * (1.0 + mult_terms[i]) + add_terms[i];

  Forecast out;
  out.ds = df.ds;
  out.columns.emplace_back("trend", trend);
  if (!df.cap.empty()) out.columns.emplace_back("cap", df.cap);
  if (st.logistic_floor) out.columns.emplace_back("floor", df.floor);
  const bool intervals = options_.uncertainty_samples > 0;
  if (intervals) {
    IntervalInput in{options_, st, t, cap_scaled, fl, g, trend, yhat, add_terms, mult_terms};
    Intervals iv = SimulateIntervals(in);
    out.columns.emplace_back("yhat_lower", std::move(iv.yhat_lower));
    out.columns.emplace_back("yhat_upper", std::move(iv.yhat_upper));
    out.columns.emplace_back("trend_lower", std::move(iv.trend_lower));
    out.columns.emplace_back("trend_upper", std::move(iv.trend_upper));
  }
  for (auto& [name, v] : comps) {
    if (intervals) {
      out.columns.emplace_back(name, v);
      out.columns.emplace_back(name + "_lower", v);
      out.columns.emplace_back(name + "_upper", std::move(v));
    } else {
      out.columns.emplace_back(name, std::move(v));
    }
  }
  out.columns.emplace_back("yhat", std::move(yhat));
  for (const auto& [name, v] : out.columns) {
    for (size_t i = 0; i < n; ++i) {
      if (std::isnan(v[i])) {
        return Internal("predict produced NaN in column '" + name + "' at ds " +
                        FormatTimestamp(out.ds[i]));
      }
    }
  }
  return out;
}

}  // namespace tradelet::forecast
