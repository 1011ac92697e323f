// Shared by `tradelet forecast` and `tradelet forecast cv`: the model flags and the input
// handling for regressors and condition columns (future values from the same file).
#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "tradelet/forecast/flags.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::cli {

namespace fc = tradelet::forecast;

inline void AddModelFlags(CLI::App& app, fc::ProphetFlags* f, std::string* holidays_path) {
  app.add_option("--growth", f->growth, "linear, logistic or flat");
  app.add_option("--cap", f->cap, "logistic capacity (a number applied to every row)");
  app.add_option("--floor", f->floor, "logistic floor (a number applied to every row)");
  app.add_option("--n-changepoints", f->n_changepoints, "number of potential changepoints");
  app.add_option("--changepoint-range", f->changepoint_range, "share of history with changepoints");
  app.add_option("--changepoint-prior-scale", f->changepoint_prior_scale, "trend flexibility");
  app.add_option("--changepoints", f->changepoints,
                 "explicit changepoints: comma list of dates/date-times, or none");
  app.add_option("--yearly-seasonality", f->yearly_seasonality, "auto, true, false or an order");
  app.add_option("--weekly-seasonality", f->weekly_seasonality, "auto, true, false or an order");
  app.add_option("--daily-seasonality", f->daily_seasonality, "auto, true, false or an order");
  app.add_option("--add-seasonality", f->seasonalities,
                 "NAME:PERIOD_DAYS:ORDER[:PRIOR[:MODE[:CONDITION_COLUMN]]] (repeatable)");
  app.add_option("--seasonality-mode", f->seasonality_mode, "additive or multiplicative");
  app.add_option("--seasonality-prior-scale", f->seasonality_prior_scale, "seasonality strength");
  app.add_option("--regressor", f->regressors,
                 "input column NAME[:PRIOR[:STANDARDIZE[:MODE]]] (repeatable)");
  app.add_option("--holidays", *holidays_path, "CSV: holiday,ds[,lower_window,upper_window]");
  app.add_option("--country-holidays", f->country_holidays, "built-in holidays: US");
  app.add_option("--holidays-prior-scale", f->holidays_prior_scale, "holiday strength");
  app.add_option("--interval-width", f->interval_width, "width of the uncertainty interval");
  app.add_option("--uncertainty-samples", f->uncertainty_samples, "0 disables intervals");
  app.add_option("--seed", f->seed, "seed of the interval simulation");
  app.add_option("--scaling", f->scaling, "absmax or minmax");
  app.add_option("--algorithm", f->algorithm,
                 "auto (default: Stan's run as Prophet does it, what prophet() returns), exact "
                 "(the true optimum of Prophet's model), lbfgs or newton");
}

// The input columns the model reads besides ds/y/cap/floor: regressors and condition columns.
inline std::vector<std::string> ModelColumns(const fc::ProphetOptions& o) {
  std::vector<std::string> cols;
  for (const auto& r : o.regressors) cols.push_back(r.name);
  for (const auto& s : o.seasonalities) {
    if (!s.condition_name.empty()) cols.push_back(s.condition_name);
  }
  return cols;
}

// With regressors or condition columns, the input's trailing rows with an empty y (after the
// last observed y) are the future: they are not history (make_future_dataframe starts after
// the last observed y) and carry the future values of those columns. Without, every row is
// history (Prophet's rule: dates with a missing y still count for make_future_dataframe).
inline Result<fc::Frame> HistoryRows(const fc::Frame& all, const fc::ProphetOptions& o,
                                     const std::string& source) {
  for (const auto& c : ModelColumns(o)) {
    if (!all.Column(c)) {
      return InvalidArgument(source + ": no column '" + c +
                             "' (named by --regressor or --add-seasonality)");
    }
  }
  if (ModelColumns(o).empty()) return all;
  // Sort order of ds, then cut after the last row with a y.
  Timestamp last_y{};
  bool any = false;
  for (size_t i = 0; i < all.size(); ++i) {
    if (!all.y.empty() && !std::isnan(all.y[i]) && (!any || all.ds[i] > last_y)) {
      last_y = all.ds[i];
      any = true;
    }
  }
  if (!any) return all;  // the fit reports the missing y
  fc::Frame h;
  std::vector<size_t> rows;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all.ds[i] <= last_y) rows.push_back(i);
  }
  auto take = [&](const std::vector<double>& v) {
    std::vector<double> r;
    if (v.empty()) return r;
    for (size_t i : rows) r.push_back(v[i]);
    return r;
  };
  for (size_t i : rows) h.ds.push_back(all.ds[i]);
  h.y = take(all.y);
  h.cap = take(all.cap);
  h.floor = take(all.floor);
  for (const auto& [n, v] : all.columns) h.columns.emplace_back(n, take(v));
  return h;
}

// Copies the model's extra columns onto `future` by ds from the input rows (`all`). A ds with
// no input row is an error naming it.
inline Status FillModelColumns(const fc::Frame& all, const fc::ProphetOptions& o,
                               const std::string& source, fc::Frame* future) {
  const auto cols = ModelColumns(o);
  if (cols.empty()) return Status::Ok();
  std::map<Timestamp, size_t> row_of;
  for (size_t i = 0; i < all.size(); ++i) row_of.emplace(all.ds[i], i);
  for (const auto& c : cols) {
    const std::vector<double>& src = *all.Column(c);
    std::vector<double> v(future->size());
    for (size_t r = 0; r < future->size(); ++r) {
      auto it = row_of.find(future->ds[r]);
      if (it == row_of.end()) {
        return InvalidArgument(source + ": column '" + c + "' has no value for the forecast row " +
                               FormatTimestamp(future->ds[r]) +
                               " (add a row with that ds, an empty y and the value)");
      }
      v[r] = src[it->second];
    }
    future->SetColumn(c, std::move(v));
  }
  return Status::Ok();
}

}  // namespace tradelet::cli
