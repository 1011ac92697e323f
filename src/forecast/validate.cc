// Input checks before a fit or a prediction: option ranges and names, and the history or
// future frame (columns, order, duplicates, missing values).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "forecast/prepare.h"

namespace tradelet::forecast::internal {
namespace {

bool IsReserved(const std::string& name) {
  static const std::set<std::string> kReserved = [] {
    std::set<std::string> r;
    for (const char* base : {"trend", "additive_terms", "daily", "weekly", "yearly", "holidays",
                             "zeros", "extra_regressors_additive", "yhat",
                             "extra_regressors_multiplicative", "multiplicative_terms"}) {
      r.insert(base);
      r.insert(std::string(base) + "_lower");
      r.insert(std::string(base) + "_upper");
    }
    for (const char* n : {"ds", "y", "cap", "floor", "y_scaled", "cap_scaled"}) r.insert(n);
    return r;
  }();
  return kReserved.count(name) > 0;
}

Status CheckName(const std::string& what, const std::string& name, bool allow_builtin) {
  if (name.empty()) return InvalidArgument(what + " name is empty");
  if (name.find("_delim_") != std::string::npos) {
    return InvalidArgument(what + " name '" + name + "' must not contain '_delim_'");
  }
  const bool builtin = name == "yearly" || name == "weekly" || name == "daily";
  if (IsReserved(name) && !(allow_builtin && builtin)) {
    return InvalidArgument(what + " name '" + name + "' is reserved");
  }
  return Status::Ok();
}

}  // namespace

std::string RowAt(const Frame& f, size_t i) {
  return " at row " + std::to_string(i + 1) + " (ds " + FormatTimestamp(f.ds[i]) + ")";
}

Status ValidateOptions(const ProphetOptions& o) {
  if (!(o.changepoint_range >= 0 && o.changepoint_range <= 1)) {
    return InvalidArgument("changepoint_range must be in [0, 1], got " +
                           std::to_string(o.changepoint_range));
  }
  if (o.n_changepoints < 0) return InvalidArgument("n_changepoints must be >= 0");
  if (!(o.changepoint_prior_scale > 0) || !std::isfinite(o.changepoint_prior_scale)) {
    return InvalidArgument("changepoint_prior_scale must be > 0");
  }
  if (!(o.seasonality_prior_scale > 0) || !std::isfinite(o.seasonality_prior_scale)) {
    return InvalidArgument("seasonality_prior_scale must be > 0");
  }
  if (!(o.holidays_prior_scale > 0) || !std::isfinite(o.holidays_prior_scale)) {
    return InvalidArgument("holidays_prior_scale must be > 0");
  }
  if (!(o.interval_width > 0 && o.interval_width < 1)) {
    return InvalidArgument("interval_width must be in (0, 1), got " +
                           std::to_string(o.interval_width));
  }
  if (o.uncertainty_samples < 0 || o.uncertainty_samples > 100000) {
    return InvalidArgument("uncertainty_samples must be in [0, 100000]");
  }
  if (o.optimizer.max_iterations < 1)
    return InvalidArgument("optimizer max_iterations must be >= 1");
  for (const auto* t : {&o.yearly_seasonality, &o.weekly_seasonality, &o.daily_seasonality}) {
    if (t->kind == SeasonalityToggle::Kind::kOrder && t->order < 1) {
      return InvalidArgument("a seasonality Fourier order must be >= 1");
    }
  }
  std::set<std::string> names;
  for (const auto& s : o.seasonalities) {
    TL_RETURN_IF_ERROR(CheckName("seasonality", s.name, /*allow_builtin=*/true));
    if (!names.insert(s.name).second) {
      return InvalidArgument("seasonality '" + s.name + "' is added twice");
    }
    if (!(s.period_days > 0) || !std::isfinite(s.period_days)) {
      return InvalidArgument("seasonality '" + s.name + "': period must be > 0");
    }
    if (s.fourier_order < 1) {
      return InvalidArgument("seasonality '" + s.name + "': fourier_order must be > 0");
    }
    if (s.prior_scale && !(*s.prior_scale > 0)) {
      return InvalidArgument("seasonality '" + s.name + "': prior_scale must be > 0");
    }
  }
  std::set<std::string> holiday_names;
  for (const auto& h : o.holidays) {
    TL_RETURN_IF_ERROR(CheckName("holiday", h.name, false));
    if (names.count(h.name)) {
      return InvalidArgument("holiday name '" + h.name + "' is already a seasonality name");
    }
    if (h.lower_window > 0) {
      return InvalidArgument("holiday '" + h.name + "': lower_window must be <= 0");
    }
    if (h.upper_window < 0) {
      return InvalidArgument("holiday '" + h.name + "': upper_window must be >= 0");
    }
    if (h.prior_scale && !(*h.prior_scale > 0)) {
      return InvalidArgument("holiday '" + h.name + "': prior_scale must be > 0");
    }
    if (!h.date.IsValid()) return InvalidArgument("holiday '" + h.name + "': invalid date");
    holiday_names.insert(h.name);
  }
  std::set<std::string> reg_names;
  for (const auto& r : o.regressors) {
    TL_RETURN_IF_ERROR(CheckName("regressor", r.name, false));
    if (names.count(r.name) || holiday_names.count(r.name)) {
      return InvalidArgument("regressor name '" + r.name +
                             "' is already a seasonality or holiday name");
    }
    if (!reg_names.insert(r.name).second) {
      return InvalidArgument("regressor '" + r.name + "' is added twice");
    }
    if (r.prior_scale && !(*r.prior_scale > 0)) {
      return InvalidArgument("regressor '" + r.name + "': prior_scale must be > 0");
    }
  }
  return Status::Ok();
}

Result<Frame> CheckAndSortFrame(const Frame& in, const Prophet::State& st, const ProphetOptions& o,
                                bool is_fit) {
  const size_t n = in.ds.size();
  if (n == 0) return InvalidArgument("the frame has no rows");
  if (is_fit && in.y.size() != n) {
    return InvalidArgument("column 'y' has " + std::to_string(in.y.size()) + " values for " +
                           std::to_string(n) + " rows of 'ds'");
  }
  if (!in.y.empty() && in.y.size() != n) return InvalidArgument("column 'y' has the wrong length");
  if (!in.cap.empty() && in.cap.size() != n)
    return InvalidArgument("column 'cap' has the wrong length");
  if (!in.floor.empty() && in.floor.size() != n) {
    return InvalidArgument("column 'floor' has the wrong length");
  }
  for (const auto& [name, v] : in.columns) {
    if (v.size() != n) return InvalidArgument("column '" + name + "' has the wrong length");
  }
  // Rows kept: fit drops rows with missing y.
  std::vector<size_t> keep;
  keep.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (is_fit) {
      if (std::isnan(in.y[i])) continue;
      if (std::isinf(in.y[i])) return InvalidArgument("column 'y': infinite value" + RowAt(in, i));
    }
    keep.push_back(i);
  }
  if (is_fit && keep.size() < 2) {
    return InvalidArgument("the history has fewer than 2 rows with a non-missing y (" +
                           std::to_string(keep.size()) + " usable of " + std::to_string(n) + ")");
  }
  std::stable_sort(keep.begin(), keep.end(),
                   [&](size_t a, size_t b) { return in.ds[a] < in.ds[b]; });
  Frame out;
  out.ds.reserve(keep.size());
  for (size_t i : keep) out.ds.push_back(in.ds[i]);
  auto take = [&](const std::vector<double>& v) {
    std::vector<double> r;
    r.reserve(keep.size());
    for (size_t i : keep) r.push_back(v[i]);
    return r;
  };
  if (!in.y.empty()) out.y = take(in.y);
  const bool logistic = o.growth == Growth::kLogistic;
  if (logistic) {
    if (in.cap.empty()) {
      return InvalidArgument("logistic growth needs a 'cap' column (the capacity) in every frame");
    }
    out.cap = take(in.cap);
    for (size_t r = 0; r < out.cap.size(); ++r) {
      if (!std::isfinite(out.cap[r]))
        return InvalidArgument("column 'cap': not finite" + RowAt(out, r));
    }
  } else if (!in.cap.empty()) {
    out.cap = take(in.cap);
  }
  const bool use_floor = logistic && (is_fit ? !in.floor.empty() : st.logistic_floor);
  if (use_floor) {
    if (in.floor.empty()) {
      return InvalidArgument("the model was fitted with a 'floor' column: the frame needs one too");
    }
    out.floor = take(in.floor);
    for (size_t r = 0; r < out.floor.size(); ++r) {
      if (!std::isfinite(out.floor[r])) {
        return InvalidArgument("column 'floor': not finite" + RowAt(out, r));
      }
    }
  }
  if (logistic) {
    for (size_t r = 0; r < out.cap.size(); ++r) {
      const double fl = use_floor ? out.floor[r] : 0.0;
      if (!(out.cap[r] > fl)) {
        return InvalidArgument("logistic growth needs cap > floor on every row: cap " +
                               std::to_string(out.cap[r]) + " <= floor " + std::to_string(fl) +
                               RowAt(out, r));
      }
    }
  }
  for (const auto& r : o.regressors) {
    const std::vector<double>* v = in.Column(r.name);
    if (!v) return InvalidArgument("regressor '" + r.name + "' is missing from the frame");
    std::vector<double> col = take(*v);
    for (size_t i = 0; i < col.size(); ++i) {
      if (!std::isfinite(col[i])) {
        return InvalidArgument("regressor '" + r.name + "': missing or non-finite value" +
                               RowAt(out, i));
      }
    }
    out.SetColumn(r.name, std::move(col));
  }
  for (const auto& s : o.seasonalities) {
    if (s.condition_name.empty()) continue;
    const std::vector<double>* v = in.Column(s.condition_name);
    if (!v) {
      return InvalidArgument("condition column '" + s.condition_name + "' of seasonality '" +
                             s.name + "' is missing from the frame");
    }
    std::vector<double> col = take(*v);
    for (size_t i = 0; i < col.size(); ++i) {
      if (col[i] != 0.0 && col[i] != 1.0) {
        return InvalidArgument("condition column '" + s.condition_name +
                               "' must be boolean (0/1, true/false)" + RowAt(out, i));
      }
    }
    out.SetColumn(s.condition_name, std::move(col));
  }
  return out;
}

}  // namespace tradelet::forecast::internal
