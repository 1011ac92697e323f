#include "tradelet/forecast/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace tradelet::forecast {
namespace {

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

Frame Slice(const Frame& f, const std::vector<size_t>& rows) {
  Frame out;
  for (size_t i : rows) out.ds.push_back(f.ds[i]);
  auto take = [&](const std::vector<double>& v) {
    std::vector<double> r;
    if (v.empty()) return r;
    for (size_t i : rows) r.push_back(v[i]);
    return r;
  };
  out.y = take(f.y);
  out.cap = take(f.cap);
  out.floor = take(f.floor);
  for (const auto& [n, v] : f.columns) out.columns.emplace_back(n, take(v));
  return out;
}

}  // namespace

Result<std::vector<Timestamp>> GenerateCutoffs(const std::vector<Timestamp>& ds, Duration horizon,
                                               Duration period, Duration initial) {
  if (ds.empty()) return InvalidArgument("cross validation: empty history");
  const Timestamp min_ds = ds.front(), max_ds = ds.back();
  Timestamp c = max_ds - horizon;
  if (c < min_ds) return InvalidArgument("cross validation: less data than the horizon");
  std::vector<Timestamp> result{c};
  while (result.back() >= min_ds + initial) {
    c = result.back() - period;
    // No data in (c, c + horizon]: move c back to the last date <= c, minus the horizon.
    const bool has_data =
        std::any_of(ds.begin(), ds.end(), [&](Timestamp t) { return t > c && t <= c + horizon; });
    if (!has_data && c > min_ds) {
      auto it = std::upper_bound(ds.begin(), ds.end(), c);
      if (it != ds.begin()) c = *(it - 1) - horizon;
    }
    result.push_back(c);
  }
  result.pop_back();
  if (result.empty()) {
    return InvalidArgument(
        "cross validation: less data than horizon after initial window; make horizon or "
        "initial shorter");
  }
  std::reverse(result.begin(), result.end());
  return result;
}

Result<CrossValidationResult> CrossValidation(const Prophet& model,
                                              const CrossValidationOptions& o) {
  if (!model.fitted()) return FailedPrecondition("cross validation needs a fitted model");
  if (o.horizon.count() <= 0) return InvalidArgument("cross validation: horizon must be > 0");
  const Frame& hist = model.history();
  std::vector<SeasonalitySpec> seas = model.FittedSeasonalities();
  double longest_days = 0;
  for (const auto& s : seas) longest_days = std::max(longest_days, s.period_days);
  const Duration period = o.period.value_or(o.horizon / 2);
  Duration initial = o.initial.value_or(
      std::max<Duration>(3 * o.horizon, Duration(static_cast<int64_t>(longest_days * 86400e9))));
  if (period.count() <= 0) return InvalidArgument("cross validation: period must be > 0");
  std::vector<Timestamp> cutoffs = o.cutoffs;
  if (cutoffs.empty()) {
    TL_ASSIGN_OR_RETURN(cutoffs, GenerateCutoffs(hist.ds, o.horizon, period, initial));
  } else {
    std::sort(cutoffs.begin(), cutoffs.end());
    for (Timestamp c : cutoffs) {
      if (c <= hist.ds.front() || c > hist.ds.back() - o.horizon) {
        return InvalidArgument("cross validation: cutoff " + FormatTimestamp(c) +
                               " must be after the first date and at most the last date minus "
                               "the horizon");
      }
    }
  }
  // Same settings; the fitted seasonality table is copied so every cutoff uses the same one.
  ProphetOptions base = model.options();
  base.yearly_seasonality.kind = SeasonalityToggle::Kind::kOff;
  base.weekly_seasonality.kind = SeasonalityToggle::Kind::kOff;
  base.daily_seasonality.kind = SeasonalityToggle::Kind::kOff;
  base.seasonalities = seas;
  CrossValidationResult out;
  out.cutoffs = cutoffs;
  size_t done = 0;
  for (Timestamp cut : cutoffs) {
    std::vector<size_t> train, test;
    for (size_t i = 0; i < hist.size(); ++i) {
      if (hist.ds[i] <= cut) {
        train.push_back(i);
      } else if (hist.ds[i] <= cut + o.horizon) {
        test.push_back(i);
      }
    }
    if (train.size() < 2) {
      return InvalidArgument("cross validation: fewer than 2 rows before cutoff " +
                             FormatTimestamp(cut));
    }
    if (test.empty()) continue;
    ProphetOptions opts = base;
    if (opts.changepoints) {
      const Timestamp last_train = hist.ds[train.back()];
      std::vector<Timestamp> kept;
      for (Timestamp c : *opts.changepoints) {
        if (c < last_train) kept.push_back(c);
      }
      opts.changepoints = kept;
    }
    Prophet m(opts);
    auto fit = m.Fit(Slice(hist, train));
    if (!fit.ok()) return fit.status().WithContext("cutoff " + FormatTimestamp(cut));
    Frame future = Slice(hist, test);
    auto fc = m.Predict(future);
    if (!fc.ok()) return fc.status().WithContext("cutoff " + FormatTimestamp(cut));
    const auto& yhat = fc->Get("yhat");
    const auto* lo = fc->Find("yhat_lower");
    const auto* hi = fc->Find("yhat_upper");
    for (size_t r = 0; r < test.size(); ++r) {
      out.ds.push_back(fc->ds[r]);
      out.cutoff.push_back(cut);
      out.yhat.push_back(yhat[r]);
      if (lo) out.yhat_lower.push_back((*lo)[r]);
      if (hi) out.yhat_upper.push_back((*hi)[r]);
      out.y.push_back(future.y[r]);
    }
    if (o.on_cutoff) o.on_cutoff(++done, cutoffs.size());
  }
  return out;
}

std::string CrossValidationResult::ToCsv() const {
  const bool iv = !yhat_lower.empty();
  std::string s = iv ? "ds,yhat,yhat_lower,yhat_upper,y,cutoff\n" : "ds,yhat,y,cutoff\n";
  for (size_t i = 0; i < ds.size(); ++i) {
    s += FormatTimestampForCsv(ds[i]) + "," + Num(yhat[i]);
    if (iv) s += "," + Num(yhat_lower[i]) + "," + Num(yhat_upper[i]);
    s += "," + Num(y[i]) + "," + FormatTimestampForCsv(cutoff[i]) + "\n";
  }
  return s;
}

namespace {

// Windowed mean over horizons (Prophet's rolling_mean_by_h): each horizon h gets the mean of
// exactly w points ending at h, the earliest group contributing a fractional share.
void RollingMean(const std::vector<double>& x, const std::vector<int64_t>& h, size_t w,
                 std::vector<int64_t>* out_h, std::vector<double>* out_x) {
  std::vector<int64_t> hs;
  std::vector<double> xs, ns;
  for (size_t i = 0; i < x.size(); ++i) {
    if (hs.empty() || hs.back() != h[i]) {
      hs.push_back(h[i]);
      xs.push_back(0);
      ns.push_back(0);
    }
    xs.back() += x[i];
    ns.back() += 1;
  }
  const int64_t G = static_cast<int64_t>(hs.size());
  std::vector<double> res(G, 0.0);
  int64_t trailing = G - 1;
  double x_sum = 0, n_sum = 0;
  for (int64_t i = G - 1; i >= 0; --i) {
    x_sum += xs[i];
    n_sum += ns[i];
    while (n_sum >= static_cast<double>(w)) {
      const double excess_n = n_sum - static_cast<double>(w);
      const double excess_x = excess_n * xs[i] / ns[i];
      res[trailing] = (x_sum - excess_x) / static_cast<double>(w);
      x_sum -= xs[trailing];
      n_sum -= ns[trailing];
      --trailing;
    }
  }
  out_h->assign(hs.begin() + (trailing + 1), hs.end());
  out_x->assign(res.begin() + (trailing + 1), res.end());
}

double MedianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Prophet's rolling_median_by_h: all values of horizon h plus earlier rows one by one until w.
void RollingMedian(const std::vector<double>& x, const std::vector<int64_t>& h, size_t w,
                   std::vector<int64_t>* out_h, std::vector<double>* out_x) {
  std::vector<int64_t> rh;
  std::vector<double> rx;
  int64_t end = static_cast<int64_t>(x.size());
  while (end > 0) {
    const int64_t hv = h[end - 1];
    int64_t first = end - 1;
    while (first > 0 && h[first - 1] == hv) --first;
    std::vector<double> vals(x.begin() + first, x.begin() + end);
    int64_t next = first - 1;
    while (vals.size() < w && next >= 0) vals.push_back(x[next--]);
    if (vals.size() < w) break;
    rh.push_back(hv);
    rx.push_back(MedianOf(vals));
    end = first;
  }
  std::reverse(rh.begin(), rh.end());
  std::reverse(rx.begin(), rx.end());
  *out_h = rh;
  *out_x = rx;
}

}  // namespace

Result<PerformanceMetrics> ComputePerformanceMetrics(const CrossValidationResult& cv,
                                                     std::vector<std::string> metrics,
                                                     double rolling_window) {
  const size_t n = cv.ds.size();
  if (n == 0) return InvalidArgument("performance metrics: no cross-validation rows");
  const bool has_iv = !cv.yhat_lower.empty() && !cv.yhat_upper.empty();
  double min_abs_y = INFINITY;
  for (double y : cv.y) min_abs_y = std::min(min_abs_y, std::fabs(y));
  // Prophet 1.0 (R's performance_metrics): unknown or repeated names are errors; coverage
  // is dropped without interval columns and mape/mdape when min |y| < 1e-8, whether listed or
  // defaulted; nothing left is an error here (Prophet returns NULL).
  static const std::vector<std::string> kKnown = {"mse",   "rmse",  "mae",     "mape",
                                                  "mdape", "smape", "coverage"};
  if (metrics.empty()) metrics = kKnown;
  for (size_t i = 0; i < metrics.size(); ++i) {
    const std::string& m = metrics[i];
    if (std::find(kKnown.begin(), kKnown.end(), m) == kKnown.end()) {
      return InvalidArgument("unknown metric '" + m +
                             "' (use mse, rmse, mae, mape, mdape, smape, coverage)");
    }
    if (std::find(metrics.begin(), metrics.begin() + static_cast<std::ptrdiff_t>(i), m) !=
        metrics.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgument("metric '" + m + "' listed twice (metrics must be unique)");
    }
  }
  std::vector<std::string> dropped_why;
  std::vector<std::string> dropped;
  auto drop = [&](const std::string& name, const std::string& why) {
    auto it = std::find(metrics.begin(), metrics.end(), name);
    if (it == metrics.end()) return;
    metrics.erase(it);
    dropped.push_back(name);
    dropped_why.push_back(name + " (" + why + ")");
  };
  if (!has_iv) drop("coverage", "the cross-validation rows have no yhat_lower/yhat_upper");
  if (min_abs_y < 1e-8) {
    const std::string why = "min |y| = " + Num(min_abs_y) + " < 1e-8";
    drop("mape", why);
    drop("mdape", why);
  }
  if (metrics.empty()) {
    std::string list;
    for (const auto& d : dropped_why) list += (list.empty() ? "" : ", ") + d;
    return InvalidArgument("performance metrics: no metric left to compute: dropped " + list);
  }
  // Rows sorted by horizon (stable).
  std::vector<size_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::vector<int64_t> hz(n);
  for (size_t i = 0; i < n; ++i) hz[i] = (cv.ds[i] - cv.cutoff[i]).count();
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return hz[a] < hz[b]; });
  std::vector<int64_t> h(n);
  std::vector<double> se(n), ae(n), ape(n), sape(n), cov(n);
  for (size_t r = 0; r < n; ++r) {
    const size_t i = idx[r];
    h[r] = hz[i];
    const double e = cv.y[i] - cv.yhat[i];
    se[r] = e * e;
    ae[r] = std::fabs(e);
    ape[r] = std::fabs(e / cv.y[i]);
    const double denom = (std::fabs(cv.y[i]) + std::fabs(cv.yhat[i])) / 2;
    sape[r] = denom == 0 ? 0.0 : std::fabs(e) / denom;
    if (std::isnan(sape[r])) sape[r] = 0;
    cov[r] = has_iv && cv.yhat_lower[i] <= cv.y[i] && cv.y[i] <= cv.yhat_upper[i] ? 1.0 : 0.0;
  }
  PerformanceMetrics out;
  out.dropped = dropped;
  out.dropped_reasons = dropped_why;
  int64_t w = static_cast<int64_t>(rolling_window * static_cast<double>(n));
  const bool per_row = w < 0;
  if (!per_row) w = std::min<int64_t>(std::max<int64_t>(w, 1), static_cast<int64_t>(n));
  bool first = true;
  for (const auto& m : metrics) {
    const std::vector<double>& src = m == "mse" || m == "rmse"     ? se
                                     : m == "mae"                  ? ae
                                     : m == "mape" || m == "mdape" ? ape
                                     : m == "smape"                ? sape
                                                                   : cov;
    std::vector<int64_t> rh;
    std::vector<double> rx;
    if (per_row) {
      rh = h;
      rx = src;
    } else if (m == "mdape") {
      RollingMedian(src, h, static_cast<size_t>(w), &rh, &rx);
    } else {
      RollingMean(src, h, static_cast<size_t>(w), &rh, &rx);
    }
    if (m == "rmse") {
      for (double& v : rx) v = std::sqrt(v);
    }
    if (first) {
      for (int64_t v : rh) out.horizon.push_back(Duration(v));
      first = false;
    } else if (rh.size() != out.horizon.size()) {
      // mdape can stop earlier than the means: align on the common tail.
      const size_t keep = std::min(rh.size(), out.horizon.size());
      out.horizon.erase(out.horizon.begin(), out.horizon.end() - static_cast<std::ptrdiff_t>(keep));
      for (auto& [name, vals] : out.metrics) {
        vals.erase(vals.begin(), vals.end() - static_cast<std::ptrdiff_t>(keep));
      }
      rx.erase(rx.begin(), rx.end() - static_cast<std::ptrdiff_t>(keep));
    }
    out.metrics.emplace_back(m, std::move(rx));
  }
  return out;
}

std::string PerformanceMetrics::ToCsv() const {
  std::string s = "horizon";
  for (const auto& [n, v] : metrics) s += "," + n;
  s += "\n";
  for (size_t i = 0; i < horizon.size(); ++i) {
    // Horizon in days (Prophet prints a timedelta; days are the unambiguous numeric form).
    s += Num(static_cast<double>(horizon[i].count()) / 86400e9) + " days";
    for (const auto& [n, v] : metrics) s += "," + Num(v[i]);
    s += "\n";
  }
  return s;
}

}  // namespace tradelet::forecast
