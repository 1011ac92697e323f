// The fitted state behind Prophet (scales, resolved seasonalities, feature layout, params).
#pragma once

#include <string>
#include <vector>

#include "forecast/objective.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {
namespace internal {

struct ResolvedSeasonality {
  std::string name;
  double period = 0;  // days
  int order = 0;
  double prior_scale = 10;
  Mode mode = Mode::kAdditive;
  std::string condition_name;
};

struct ResolvedRegressor {
  std::string name;
  double prior_scale = 10;
  Mode mode = Mode::kAdditive;
  double mu = 0, std = 1;
};

// A predict() component: which feature columns it sums, and whether it is on the data scale
// (additive) or a fraction (multiplicative).
struct Component {
  std::string name;
  std::vector<int> cols;
  bool additive = true;
};

// Columns of X and their bookkeeping (fixed at fit, reused for every predict frame).
struct FeatureLayout {
  std::vector<std::string> names;
  std::vector<double> sigmas;
  std::vector<uint8_t> s_a, s_m;
  std::vector<Component> components;  // sorted by name
  // Holiday columns: (name, offset) per column, and the events table.
  struct HolidayCol {
    std::string holiday;
    int offset = 0;
  };
  std::vector<std::pair<int, HolidayCol>> holiday_cols;  // (column index, what)
  bool zeros_only = false;
};

}  // namespace internal

struct Prophet::State {
  bool fitted = false;
  int64_t start_ns = 0;
  double t_scale_ns = 1;
  double y_scale = 1;
  double y_min = 0;
  bool logistic_floor = false;
  std::vector<internal::ResolvedSeasonality> seasonalities;
  std::vector<HolidayEvent> holidays;
  std::vector<internal::ResolvedRegressor> regressors;
  internal::FeatureLayout layout;
  std::vector<double> changepoints_t;
  std::vector<Timestamp> changepoints;
  Frame history;                       // sorted training rows with finite y
  std::vector<Timestamp> history_dates;  // sorted unique ds of the whole input (NaN y too)
  internal::ModelData data;
  ProphetParams params;                // folded (dummy changepoint merged into k)
  FitSummary summary;
};

}  // namespace tradelet::forecast
