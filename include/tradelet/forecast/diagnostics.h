// Prophet's diagnostics: cross_validation (simulated historical forecasts) and
// performance_metrics (rolling-window error metrics by horizon). Pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {

struct CrossValidationOptions {
  Duration horizon{0};              // required, > 0
  std::optional<Duration> period;   // default horizon / 2
  std::optional<Duration> initial;  // default max(3 horizon, longest seasonality period)
  std::vector<Timestamp> cutoffs;   // explicit cutoffs (then period/initial are unused)
  // Called after each cutoff's fit and forecast (progress on a terminal); may be empty.
  std::function<void(size_t done, size_t total)> on_cutoff;
};

// One row per (cutoff, predicted history row).
struct CrossValidationResult {
  std::vector<Timestamp> ds, cutoff;
  std::vector<double> yhat, yhat_lower, yhat_upper, y;  // bounds empty without intervals
  std::vector<Timestamp> cutoffs;                       // the cutoffs used, ascending
  std::string ToCsv() const;
};

// Prophet's cutoff rule (see docs/forecaster.md). Errors: horizon too long for the history,
// no cutoff possible.
Result<std::vector<Timestamp>> GenerateCutoffs(const std::vector<Timestamp>& history_ds,
                                               Duration horizon, Duration period, Duration initial);

// Refits `model`'s settings at every cutoff on the history up to it and predicts the
// following `horizon`. `model` must be fitted.
Result<CrossValidationResult> CrossValidation(const Prophet& model,
                                              const CrossValidationOptions& options);

struct PerformanceMetrics {
  std::vector<Duration> horizon;
  // Metric name -> values aligned with horizon, in the requested order.
  std::vector<std::pair<std::string, std::vector<double>>> metrics;
  // Requested (or default) metrics that do not apply to these rows, and why ("mape (min |y| =
  // 0 < 1e-8)"), in the order they were dropped.
  std::vector<std::string> dropped, dropped_reasons;
  std::string ToCsv() const;
};

// metrics: subset of mse, rmse, mae, mape, mdape, smape, coverage (empty = all seven), unique.
// As Prophet 1.0 (R): coverage is dropped without interval columns and mape/mdape when
// min |y| < 1e-8, listed or not (see PerformanceMetrics::dropped); an error when nothing is
// left (naming what was dropped and why), for an unknown or repeated name, or with no rows.
// rolling_window: fraction of rows per window; < 0 gives per-row values.
Result<PerformanceMetrics> ComputePerformanceMetrics(const CrossValidationResult& cv,
                                                     std::vector<std::string> metrics = {},
                                                     double rolling_window = 0.1);

}  // namespace tradelet::forecast
