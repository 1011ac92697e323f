#include "forecast/prepare.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace tradelet::forecast::internal {
namespace {

constexpr int64_t kDayNs = 86'400'000'000'000;

}  // namespace

Status EstimateScales(const Frame& hist, const ProphetOptions& o, Prophet::State* st) {
  const size_t n = hist.size();
  st->logistic_floor = o.growth == Growth::kLogistic && !hist.floor.empty();
  const bool absmax = o.scaling == Scaling::kAbsMax;
  double y_scale = 0, y_min = 0;
  if (st->logistic_floor) {
    if (absmax) {
      double mx = 0, mn = INFINITY;
      for (size_t i = 0; i < n; ++i) {
        const double a = std::fabs(hist.y[i] - hist.floor[i]);
        mx = std::max(mx, a);
        mn = std::min(mn, a);
      }
      y_scale = mx;
      y_min = mn;
    } else {
      const double cmax = *std::max_element(hist.cap.begin(), hist.cap.end());
      const double fmin = *std::min_element(hist.floor.begin(), hist.floor.end());
      y_scale = cmax - fmin;
      y_min = fmin;
    }
  } else if (absmax) {
    for (double v : hist.y) y_scale = std::max(y_scale, std::fabs(v));
    y_min = 0;
  } else {
    const auto [mn, mx] = std::minmax_element(hist.y.begin(), hist.y.end());
    y_min = *mn;
    y_scale = *mx - *mn;
  }
  if (y_scale == 0) y_scale = 1.0;
  st->y_scale = y_scale;
  st->y_min = y_min;
  st->start_ns = hist.ds.front().unix_nanos();
  const double span = NsBetween(st->start_ns, hist.ds.back().unix_nanos());
  if (span <= 0) {
    return InvalidArgument("all " + std::to_string(n) + " history timestamps are equal (" +
                           FormatTimestamp(hist.ds.front()) + "): the time axis cannot be scaled");
  }
  st->t_scale_ns = span;
  if (o.growth == Growth::kLogistic) {
    const std::vector<double> fl = FloorOf(hist, *st, o);
    for (size_t i = 0; i < n; ++i) {
      if ((hist.cap[i] - fl[i]) / y_scale <= 0) {
        return InvalidArgument("logistic growth needs cap > floor" + RowAt(hist, i));
      }
    }
  }
  // Regressor standardisation.
  st->regressors.clear();
  for (const auto& r : o.regressors) {
    ResolvedRegressor rr;
    rr.name = r.name;
    rr.prior_scale = r.prior_scale.value_or(o.holidays_prior_scale);
    rr.mode = r.mode.value_or(o.seasonality_mode);
    const std::vector<double>& v = *hist.Column(r.name);
    std::set<double> distinct(v.begin(), v.end());
    bool standardize = r.standardize != RegressorSpec::Standardize::kFalse;
    if (distinct.size() < 2) standardize = false;
    if (r.standardize == RegressorSpec::Standardize::kAuto && distinct == std::set<double>{0, 1}) {
      standardize = false;
    }
    if (standardize) {
      const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(n);
      double ss = 0;
      for (double x : v) ss += (x - mean) * (x - mean);
      rr.mu = mean;
      rr.std = std::sqrt(ss / static_cast<double>(n - 1));
    }
    st->regressors.push_back(rr);
  }
  return Status::Ok();
}

std::vector<double> FloorOf(const Frame& f, const Prophet::State& st, const ProphetOptions& o) {
  if (st.logistic_floor) return f.floor;
  return std::vector<double>(f.size(), o.scaling == Scaling::kAbsMax ? 0.0 : st.y_min);
}

std::vector<double> ScaledTime(const Frame& f, const Prophet::State& st) {
  std::vector<double> t(f.size());
  for (size_t i = 0; i < f.size(); ++i) {
    t[i] = NsBetween(st.start_ns, f.ds[i].unix_nanos()) / st.t_scale_ns;
  }
  return t;
}

Result<std::vector<ResolvedSeasonality>> ResolveSeasonalities(const Frame& hist,
                                                              const ProphetOptions& o) {
  std::vector<ResolvedSeasonality> table;
  for (const auto& s : o.seasonalities) {
    table.push_back({s.name, s.period_days, s.fourier_order,
                     s.prior_scale.value_or(o.seasonality_prior_scale),
                     s.mode.value_or(o.seasonality_mode), s.condition_name});
  }
  const int64_t first = hist.ds.front().unix_nanos(), last = hist.ds.back().unix_nanos();
  const double span_days = NsBetween(first, last) / static_cast<double>(kDayNs);
  double min_dt = 0;
  for (size_t i = 1; i < hist.size(); ++i) {
    const double d = NsBetween(hist.ds[i - 1].unix_nanos(), hist.ds[i].unix_nanos());
    if (d > 0 && (min_dt == 0 || d < min_dt)) min_dt = d;
  }
  const double min_dt_days = min_dt / static_cast<double>(kDayNs);
  struct Builtin {
    const char* name;
    double period;
    int default_order;
    const SeasonalityToggle* toggle;
    bool auto_on;
  };
  const Builtin builtins[] = {
      {"yearly", 365.25, 10, &o.yearly_seasonality, span_days >= 730},
      {"weekly", 7, 3, &o.weekly_seasonality, span_days >= 14 && min_dt_days < 7},
      {"daily", 1, 4, &o.daily_seasonality, span_days >= 2 && min_dt_days < 1},
  };
  for (const auto& b : builtins) {
    auto existing = std::find_if(table.begin(), table.end(),
                                 [&](const ResolvedSeasonality& s) { return s.name == b.name; });
    int order = 0;
    switch (b.toggle->kind) {
      case SeasonalityToggle::Kind::kAuto:
        if (existing != table.end()) continue;  // a custom one of that name wins
        order = b.auto_on ? b.default_order : 0;
        break;
      case SeasonalityToggle::Kind::kOn:
        order = b.default_order;
        break;
      case SeasonalityToggle::Kind::kOff:
        order = 0;
        break;
      case SeasonalityToggle::Kind::kOrder:
        order = b.toggle->order;
        break;
    }
    if (order <= 0) continue;
    ResolvedSeasonality r{b.name, b.period, order, o.seasonality_prior_scale, o.seasonality_mode,
                          ""};
    if (existing != table.end()) {
      *existing = r;
    } else {
      table.push_back(r);
    }
  }
  return table;
}

Result<std::vector<Timestamp>> PlaceChangepoints(const Frame& hist, const ProphetOptions& o) {
  std::vector<Timestamp> cps;
  if (o.changepoints) {
    for (Timestamp c : *o.changepoints) {
      if (c < hist.ds.front() || c > hist.ds.back()) {
        return InvalidArgument(
            "changepoint " + FormatTimestamp(c) + " is outside the training data (" +
            FormatTimestamp(hist.ds.front()) + " to " + FormatTimestamp(hist.ds.back()) + ")");
      }
      cps.push_back(c);
    }
    std::sort(cps.begin(), cps.end());
    return cps;
  }
  const int64_t T = static_cast<int64_t>(hist.size());
  const int64_t hist_size =
      static_cast<int64_t>(std::floor(static_cast<double>(T) * o.changepoint_range));
  int64_t n = o.n_changepoints;
  if (n + 1 > hist_size) n = hist_size - 1;
  if (n <= 0) return cps;
  // n+1 evenly spaced positions on [0, hist_size-1], rounded half to even, first dropped.
  const double step = static_cast<double>(hist_size - 1) / static_cast<double>(n);
  for (int64_t j = 1; j <= n; ++j) {
    const double pos = j == n ? static_cast<double>(hist_size - 1) : static_cast<double>(j) * step;
    const int64_t idx = static_cast<int64_t>(std::nearbyint(pos));  // FE_TONEAREST: ties to even
    cps.push_back(hist.ds[static_cast<size_t>(idx)]);
  }
  return cps;
}

void InitialTrend(const ModelData& d, double* k, double* m) {
  // i0 / i1: first rows with the min / max ds (the data is sorted: 0 and the first of the last).
  const int i0 = 0;
  int i1 = d.T - 1;
  while (i1 > 0 && d.t[i1 - 1] == d.t[d.T - 1]) --i1;
  const double dT = d.t[i1] - d.t[i0];
  switch (d.growth) {
    case Growth::kLinear:
      *k = (d.y[i1] - d.y[i0]) / dT;
      *m = d.y[i0] - *k * d.t[i0];
      break;
    case Growth::kFlat: {
      *k = 0;
      double s = 0;
      for (double v : d.y) s += v;
      *m = s / d.T;
      break;
    }
    case Growth::kLogistic: {
      const double C0 = d.cap[i0], C1 = d.cap[i1];
      const double y0 = std::clamp(d.y[i0], 0.01 * C0, 0.99 * C0);
      const double y1 = std::clamp(d.y[i1], 0.01 * C1, 0.99 * C1);
      double r0 = C0 / y0;
      const double r1 = C1 / y1;
      if (std::fabs(r0 - r1) <= 0.01) r0 *= 1.05;
      const double L0 = std::log(r0 - 1), L1 = std::log(r1 - 1);
      *m = L0 * dT / (L0 - L1);
      *k = (L0 - L1) / dT;
      break;
    }
  }
}

}  // namespace tradelet::forecast::internal
