// Prophet: options parsing, Fit (BuildFitProblem, then SolveFitProblem: fit_problem.h), and
// the small accessors. Predict lives in predict.cc.
#include "tradelet/forecast/prophet.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "forecast/fit_problem.h"
#include "forecast/model_state.h"

namespace tradelet::forecast {

Result<Growth> ParseGrowth(std::string_view text) {
  if (text == "linear") return Growth::kLinear;
  if (text == "logistic") return Growth::kLogistic;
  if (text == "flat") return Growth::kFlat;
  return InvalidArgument("unknown growth '" + std::string(text) + "' (use linear, logistic, flat)");
}

Result<Mode> ParseMode(std::string_view text) {
  if (text == "additive") return Mode::kAdditive;
  if (text == "multiplicative") return Mode::kMultiplicative;
  return InvalidArgument("unknown mode '" + std::string(text) + "' (use additive, multiplicative)");
}

Result<Scaling> ParseScaling(std::string_view text) {
  if (text == "absmax") return Scaling::kAbsMax;
  if (text == "minmax") return Scaling::kMinMax;
  return InvalidArgument("unknown scaling '" + std::string(text) + "' (use absmax, minmax)");
}

Result<Algorithm> ParseAlgorithm(std::string_view text) {
  if (text == "auto") return Algorithm::kAuto;
  if (text == "lbfgs") return Algorithm::kLbfgs;
  if (text == "newton") return Algorithm::kNewton;
  if (text == "exact") return Algorithm::kExact;
  return InvalidArgument("unknown algorithm '" + std::string(text) +
                         "' (use auto, lbfgs, newton, exact)");
}

std::string_view AlgorithmName(Algorithm a) {
  switch (a) {
    case Algorithm::kAuto:
      return "auto";
    case Algorithm::kLbfgs:
      return "lbfgs";
    case Algorithm::kNewton:
      return "newton";
    case Algorithm::kExact:
      return "exact";
  }
  return "?";
}

Result<SeasonalityToggle> SeasonalityToggle::Parse(std::string_view text) {
  SeasonalityToggle t;
  if (text == "auto") return t;
  if (text == "true" || text == "TRUE" || text == "True") {
    t.kind = Kind::kOn;
    return t;
  }
  if (text == "false" || text == "FALSE" || text == "False") {
    t.kind = Kind::kOff;
    return t;
  }
  const std::string s(text);
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size() || v < 1 || v > 1000) {
    return InvalidArgument("seasonality must be auto, true, false or a Fourier order >= 1, got '" +
                           s + "'");
  }
  t.kind = Kind::kOrder;
  t.order = static_cast<int>(v);
  return t;
}

std::string_view TerminationName(Termination t) {
  switch (t) {
    case Termination::kConvergedAbsObjective:
      return "converged_abs_objective";
    case Termination::kConvergedRelObjective:
      return "converged_rel_objective";
    case Termination::kConvergedAbsGradient:
      return "converged_abs_gradient";
    case Termination::kConvergedRelGradient:
      return "converged_rel_gradient";
    case Termination::kConvergedAbsParameter:
      return "converged_abs_parameter";
    case Termination::kConvergedNewton:
      return "converged_newton";
    case Termination::kMaxIterations:
      return "max_iterations";
    case Termination::kLineSearchFailed:
      return "line_search_failed";
    case Termination::kNoOptimization:
      return "no_optimization";
  }
  return "unknown";
}

Prophet::Prophet(ProphetOptions options) : options_(std::move(options)) {}
Prophet::~Prophet() = default;
Prophet::Prophet(Prophet&&) noexcept = default;
Prophet& Prophet::operator=(Prophet&&) noexcept = default;
Prophet::Prophet(const Prophet& o)
    : options_(o.options_), state_(o.state_ ? std::make_unique<State>(*o.state_) : nullptr) {}
Prophet& Prophet::operator=(const Prophet& o) {
  if (this != &o) {
    options_ = o.options_;
    state_ = o.state_ ? std::make_unique<State>(*o.state_) : nullptr;
  }
  return *this;
}

bool Prophet::fitted() const { return state_ && state_->fitted; }
const FitSummary& Prophet::summary() const {
  TL_CHECK(fitted());
  return state_->summary;
}
const ProphetParams& Prophet::params() const {
  TL_CHECK(fitted());
  return state_->params;
}
const Frame& Prophet::history() const {
  TL_CHECK(fitted());
  return state_->history;
}
double Prophet::y_scale() const {
  TL_CHECK(fitted());
  return state_->y_scale;
}
std::vector<Timestamp> Prophet::ChangepointTimes() const {
  TL_CHECK(fitted());
  return state_->changepoints;
}
std::vector<std::string> Prophet::SeasonalityNames() const {
  TL_CHECK(fitted());
  std::vector<std::string> out;
  for (const auto& s : state_->seasonalities) out.push_back(s.name);
  return out;
}
std::vector<SeasonalitySpec> Prophet::FittedSeasonalities() const {
  TL_CHECK(fitted());
  std::vector<SeasonalitySpec> out;
  for (const auto& s : state_->seasonalities) {
    out.push_back({s.name, s.period, s.order, s.prior_scale, s.mode, s.condition_name});
  }
  return out;
}
std::vector<std::string> Prophet::ComponentNames() const {
  TL_CHECK(fitted());
  std::vector<std::string> out;
  for (const auto& c : state_->layout.components) out.push_back(c.name);
  return out;
}

Result<FitSummary> Prophet::Fit(const Frame& history) { return Fit(history, ProphetParams{}); }

Result<FitSummary> Prophet::Fit(const Frame& input, const ProphetParams& init) {
  using namespace internal;
  if (fitted()) return FailedPrecondition("this Prophet object is already fitted; make a new one");
  TL_ASSIGN_OR_RETURN(FitProblem problem, BuildFitProblem(input, options_, init));
  TL_ASSIGN_OR_RETURN(FitSolution solution, SolveFitProblem(problem, options_.optimizer));
  auto st = std::make_unique<State>(std::move(problem.state));
  st->params = FoldParams(solution.x, st->data.S, problem.dummy_changepoint);
  st->summary = std::move(solution.summary);
  st->fitted = true;
  state_ = std::move(st);
  return state_->summary;
}

Result<double> Prophet::Objective(const ProphetParams& params) const {
  if (!fitted()) return FailedPrecondition("Objective() needs a fitted model");
  const auto& d = state_->data;
  if (static_cast<int>(params.delta.size()) != d.S || static_cast<int>(params.beta.size()) != d.K) {
    return InvalidArgument("params have " + std::to_string(params.delta.size()) + " deltas and " +
                           std::to_string(params.beta.size()) + " betas; the model has " +
                           std::to_string(d.S) + " and " + std::to_string(d.K));
  }
  if (!(params.sigma_obs > 0)) return InvalidArgument("sigma_obs must be > 0");
  std::vector<double> x;
  x.push_back(params.k);
  x.push_back(params.m);
  x.insert(x.end(), params.delta.begin(), params.delta.end());
  x.push_back(std::log(params.sigma_obs));
  x.insert(x.end(), params.beta.begin(), params.beta.end());
  internal::Objective obj(d);
  double f = 0;
  if (!obj.Value(x.data(), &f)) return InvalidArgument("the log posterior is not finite at params");
  return f;
}

Result<Frame> Prophet::MakeFutureDataFrame(int periods, const Frequency& freq,
                                           bool include_history) const {
  if (!fitted()) return FailedPrecondition("make_future_dataframe needs a fitted model");
  if (periods < 0) return InvalidArgument("periods must be >= 0");
  Frame f;
  if (include_history) f.ds = state_->history_dates;
  const Timestamp last = state_->history_dates.back();
  for (int64_t i = 1; i <= periods; ++i) {
    const Timestamp t = freq.Advance(last, i);
    if (t <= last)
      return InvalidArgument("frequency " + freq.ToString() + " does not advance time");
    f.ds.push_back(t);
  }
  return f;
}

Result<SimpleForecast> FitAndForecast(std::span<const Timestamp> ds, std::span<const double> y,
                                      int periods, const Frequency& freq,
                                      const ProphetOptions& options) {
  if (ds.size() != y.size()) {
    return InvalidArgument("ds has " + std::to_string(ds.size()) + " values but y has " +
                           std::to_string(y.size()));
  }
  Frame hist;
  hist.ds.assign(ds.begin(), ds.end());
  hist.y.assign(y.begin(), y.end());
  Prophet model(options);
  TL_ASSIGN_OR_RETURN(FitSummary summary, model.Fit(hist));
  TL_ASSIGN_OR_RETURN(Frame future, model.MakeFutureDataFrame(periods, freq, false));
  TL_ASSIGN_OR_RETURN(Forecast fc, model.Predict(future));
  SimpleForecast out;
  out.ds = std::move(fc.ds);
  out.yhat = fc.Get("yhat");
  out.trend = fc.Get("trend");
  if (const auto* lo = fc.Find("yhat_lower")) out.yhat_lower = *lo;
  if (const auto* hi = fc.Find("yhat_upper")) out.yhat_upper = *hi;
  out.summary = summary;
  return out;
}

}  // namespace tradelet::forecast
