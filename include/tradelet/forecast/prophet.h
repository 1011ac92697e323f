// Prophet: a C++ re-implementation of Facebook Prophet's MAP model (v1.3.0 semantics, checked
// against R prophet reference fits). Pure: no I/O, no clock, no global state.
//
// Usage (ceres style: options in, summary out):
//
//   forecast::ProphetOptions options;            // Prophet's defaults
//   options.uncertainty_samples = 1000;
//   forecast::Prophet model(options);
//   TL_ASSIGN_OR_RETURN(forecast::FitSummary summary, model.Fit(history));
//   TL_ASSIGN_OR_RETURN(forecast::Frame future,
//                       model.MakeFutureDataFrame(15, *forecast::Frequency::Parse("1min")));
//   TL_ASSIGN_OR_RETURN(forecast::Forecast fc, model.Predict(future));
//   const std::vector<double>& yhat = fc.Get("yhat");
//
// Or in one call for a plain series: `FitAndForecast(ds, y, 15, freq, options)`.
//
// The default optimizer is Algorithm::kAuto: Stan's L-BFGS/Newton run as Prophet runs them, so
// the answer is what R/Python prophet() returns. Algorithm::kExact is the true optimum of
// Prophet's model, which Prophet's own optimizer often stops short of. docs/forecaster.md
// compares both with R prophet.
//
// Model, defaults and numerics: docs/forecaster.md (and ../shared/docs/prophet-spec.md).
// Thread-safety: a fitted Prophet is immutable; Predict() is const and may run concurrently.
// A Prophet may be fitted once (like Prophet); Fit() on a fitted model is an error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/forecast/frame.h"

namespace tradelet::forecast {

enum class Growth { kLinear, kLogistic, kFlat };
enum class Mode { kAdditive, kMultiplicative };
enum class Scaling { kAbsMax, kMinMax };
// kAuto (default): Prophet's choice, Newton if T < 100 else L-BFGS (Stan's algorithms,
// reproduced), giving what prophet() gives.
// kExact: the true optimum of Prophet's model, which Prophet's own optimizer often stops short
// of. Linear/flat growth with additive features: feature-sign lasso on the Gram matrix
// alternating with sigma's closed form. Other models (logistic, multiplicative): Stan's L-BFGS
// with the smoothed-prior polish and Stan's Newton, both from Prophet's start, each finished by
// the active-set refinement (l1_refine); the lower -log posterior wins.
enum class Algorithm { kAuto, kLbfgs, kNewton, kExact };

Result<Growth> ParseGrowth(std::string_view text);  // linear, logistic, flat
Result<Mode> ParseMode(std::string_view text);      // additive, multiplicative
Result<Scaling> ParseScaling(std::string_view text);  // absmax, minmax
Result<Algorithm> ParseAlgorithm(std::string_view text);  // auto, lbfgs, newton, exact
std::string_view AlgorithmName(Algorithm a);

// yearly/weekly/daily_seasonality: "auto", "true", "false" or a Fourier order.
struct SeasonalityToggle {
  enum class Kind { kAuto, kOn, kOff, kOrder };
  Kind kind = Kind::kAuto;
  int order = 0;  // kOrder only, >= 1
  static Result<SeasonalityToggle> Parse(std::string_view text);
};

// add_seasonality(): a custom Fourier seasonality.
struct SeasonalitySpec {
  std::string name;
  double period_days = 0;              // > 0
  int fourier_order = 0;               // > 0
  std::optional<double> prior_scale;   // default seasonality_prior_scale; > 0
  std::optional<Mode> mode;            // default seasonality_mode
  std::string condition_name;          // optional 0/1 column; rows with 0 get no seasonality
};

// One row of Prophet's holidays table.
struct HolidayEvent {
  std::string name;
  CivilDate date;
  int lower_window = 0;  // <= 0
  int upper_window = 0;  // >= 0
  std::optional<double> prior_scale;  // default holidays_prior_scale; same for all rows of a name
};

// add_regressor(): an extra column of the frame.
struct RegressorSpec {
  enum class Standardize { kAuto, kTrue, kFalse };
  std::string name;
  std::optional<double> prior_scale;  // default holidays_prior_scale
  Standardize standardize = Standardize::kAuto;
  std::optional<Mode> mode;           // default seasonality_mode
};

// Stan's optimizer settings (CmdStan defaults, as Prophet uses them).
struct OptimizerOptions {
  // Default kAuto: Prophet's Stan run (see Algorithm); kExact: the true MAP.
  Algorithm algorithm = Algorithm::kAuto;
  int max_iterations = 10000;  // Prophet's iter
  double init_alpha = 1e-3;
  double tol_obj = 1e-12;
  double tol_rel_obj = 1e4;    // times machine epsilon
  double tol_grad = 1e-8;
  double tol_rel_grad = 1e7;   // times machine epsilon
  double tol_param = 1e-8;
  int history_size = 5;
  bool newton_fallback = true;  // rerun with Newton when L-BFGS fails (Prophet does)
  // Stan's L-BFGS stops where its quasi-Newton model predicts no progress, which the Laplace
  // prior's kinks make a noisy point: two runs that differ by rounding stop at objectives a few
  // units apart. After Stan's stopping test fires, restart L-BFGS from the stopping point with
  // fresh memory, up to this many times, while a restart still lowers -log posterior by more
  // than polish_tol * max(1, |f|). 0 reproduces Stan's single run exactly.
  int polish_restarts = 0;
  double polish_tol = 1e-9;
};

struct ProphetOptions {
  Growth growth = Growth::kLinear;
  // Explicit changepoints (any order; must lie within the history). When set, n_changepoints
  // is ignored; an empty vector means no changepoints.
  std::optional<std::vector<Timestamp>> changepoints;
  int n_changepoints = 25;
  double changepoint_range = 0.8;  // [0, 1]
  SeasonalityToggle yearly_seasonality;
  SeasonalityToggle weekly_seasonality;
  SeasonalityToggle daily_seasonality;
  Mode seasonality_mode = Mode::kAdditive;
  std::optional<Mode> holidays_mode;  // default seasonality_mode
  double seasonality_prior_scale = 10.0;
  double holidays_prior_scale = 10.0;
  double changepoint_prior_scale = 0.05;
  double interval_width = 0.80;
  int uncertainty_samples = 1000;  // 0 disables intervals
  Scaling scaling = Scaling::kAbsMax;
  std::vector<SeasonalitySpec> seasonalities;  // add_seasonality calls, in order
  std::vector<HolidayEvent> holidays;
  std::vector<RegressorSpec> regressors;       // add_regressor calls, in order
  OptimizerOptions optimizer;
  // Seed of the interval simulation: the same seed gives identical intervals.
  uint64_t seed = 0;
  // History rows (t <= 1) carry no trend uncertainty under MAP, so their simulated interval is
  // yhat plus quantiles of N(0, sigma * y_scale); by default those quantiles are computed
  // exactly (the limit of Prophet's simulation). true: simulate them like Prophet does.
  bool simulate_history_intervals = false;
};

enum class Termination {
  kConvergedAbsObjective,   // |f_{k-1} - f_k| < tol_obj
  kConvergedRelObjective,   // relative objective decrease < tol_rel_obj * eps
  kConvergedAbsGradient,    // ||g|| < tol_grad
  kConvergedRelGradient,    // g' H^-1 g / max(|f|, 1) < tol_rel_grad * eps
  kConvergedAbsParameter,   // ||x_k - x_{k-1}|| < tol_param
  kConvergedNewton,         // Newton: lp change <= 1e-8 (or no improving step)
  kMaxIterations,           // a normal termination in Stan (may not be at an optimum)
  kLineSearchFailed,        // no progress possible (Prophet then falls back to Newton)
  kNoOptimization,          // constant history with linear/flat growth: initial values used
};
std::string_view TerminationName(Termination t);

struct FitSummary {
  Termination termination = Termination::kNoOptimization;
  Algorithm algorithm = Algorithm::kLbfgs;  // the algorithm that produced the parameters
  bool fell_back_to_newton = false;
  int iterations = 0;
  int evaluations = 0;      // objective+gradient evaluations
  double objective = 0;     // -log posterior (Stan's propto, no Jacobian) at the optimum
  double initial_objective = 0;
  int rows = 0;             // T
  int features = 0;         // K
  int changepoints = 0;     // S (1 for the dummy changepoint)
  std::string message;      // human-readable: the termination reason and notes
};

// Parameters on Prophet's scaled axis, in Stan's order (k, m, delta, sigma_obs, beta).
struct ProphetParams {
  double k = 0;
  double m = 0;
  std::vector<double> delta;
  double sigma_obs = 1;
  std::vector<double> beta;
};

// predict() output: `ds` plus named columns in Prophet's order.
struct Forecast {
  std::vector<Timestamp> ds;
  std::vector<std::pair<std::string, std::vector<double>>> columns;
  // Column by name; aborts if absent (use Find for optional columns).
  const std::vector<double>& Get(std::string_view name) const;
  const std::vector<double>* Find(std::string_view name) const;
  // CSV with header ds,<columns...> (ds as "YYYY-MM-DD HH:MM:SS").
  std::string ToCsv() const;
};

class Prophet {
 public:
  explicit Prophet(ProphetOptions options = {});
  ~Prophet();
  Prophet(Prophet&&) noexcept;
  Prophet& operator=(Prophet&&) noexcept;
  Prophet(const Prophet&);
  Prophet& operator=(const Prophet&);

  // Fits by MAP. Validates the input (errors name the problem), prepares scales and features,
  // and runs Stan's L-BFGS (Newton for T < 100). An optimizer that stops early is reported in
  // the summary, not as an error; a non-finite result is an error.
  Result<FitSummary> Fit(const Frame& history);
  // Same, starting from `init` (Prophet's fit(init=...)); mismatched sizes fall back to defaults.
  Result<FitSummary> Fit(const Frame& history, const ProphetParams& init);

  bool fitted() const;
  const ProphetOptions& options() const { return options_; }
  const FitSummary& summary() const;
  // Fitted parameters (after folding the dummy changepoint into k).
  const ProphetParams& params() const;

  // make_future_dataframe: `periods` steps after the last history date (dates with missing y
  // included), optionally preceded by every history date. Carries no cap/regressors: add them.
  Result<Frame> MakeFutureDataFrame(int periods, const Frequency& freq,
                                    bool include_history = true) const;

  // predict(df): every Prophet output column. An empty frame is an error.
  Result<Forecast> Predict(const Frame& df) const;
  // predict() on the fitted history.
  Result<Forecast> Predict() const;

  // -log posterior (as Stan's optimizer sees it) of the training data at `params` given
  // unfolded Stan parameters (delta has S entries). For checking optima against references.
  Result<double> Objective(const ProphetParams& params) const;

  // Introspection for plots and diagnostics.
  std::vector<Timestamp> ChangepointTimes() const;
  std::vector<std::string> SeasonalityNames() const;  // enabled seasonalities, table order
  // The resolved seasonality table (built-ins included) as add_seasonality specs.
  std::vector<SeasonalitySpec> FittedSeasonalities() const;
  std::vector<std::string> ComponentNames() const;     // predict()'s components, sorted
  const Frame& history() const;                        // prepared training rows (sorted)
  double y_scale() const;

  struct State;  // implementation detail (src/forecast/model_state.h)

 private:
  ProphetOptions options_;
  std::unique_ptr<State> state_;
};

// Convenience for the strategy: fit (ds, y) and forecast the next `periods` steps.
struct SimpleForecast {
  std::vector<Timestamp> ds;  // future instants only
  std::vector<double> yhat, yhat_lower, yhat_upper, trend;
  FitSummary summary;
};
Result<SimpleForecast> FitAndForecast(std::span<const Timestamp> ds, std::span<const double> y,
                                      int periods, const Frequency& freq,
                                      const ProphetOptions& options = {});

}  // namespace tradelet::forecast
