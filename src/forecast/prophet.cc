// Prophet: options parsing, Fit (data prep -> features -> changepoints -> MAP), and the
// small accessors. Predict lives in predict.cc.
#include "tradelet/forecast/prophet.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "forecast/exact_solver.h"
#include "forecast/features.h"
#include "forecast/l1_refine.h"
#include "forecast/model_state.h"
#include "forecast/optimizer.h"
#include "forecast/prepare.h"

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
    case Algorithm::kAuto: return "auto";
    case Algorithm::kLbfgs: return "lbfgs";
    case Algorithm::kNewton: return "newton";
    case Algorithm::kExact: return "exact";
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
    case Termination::kConvergedAbsObjective: return "converged_abs_objective";
    case Termination::kConvergedRelObjective: return "converged_rel_objective";
    case Termination::kConvergedAbsGradient: return "converged_abs_gradient";
    case Termination::kConvergedRelGradient: return "converged_rel_gradient";
    case Termination::kConvergedAbsParameter: return "converged_abs_parameter";
    case Termination::kConvergedNewton: return "converged_newton";
    case Termination::kMaxIterations: return "max_iterations";
    case Termination::kLineSearchFailed: return "line_search_failed";
    case Termination::kNoOptimization: return "no_optimization";
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
  TL_RETURN_IF_ERROR(ValidateOptions(options_));
  auto st = std::make_unique<State>();
  TL_ASSIGN_OR_RETURN(st->history, CheckAndSortFrame(input, *st, options_, /*is_fit=*/true));
  const Frame& hist = st->history;
  // Every input date (NaN y included), for make_future_dataframe.
  st->history_dates = input.ds;
  std::sort(st->history_dates.begin(), st->history_dates.end());
  st->history_dates.erase(std::unique(st->history_dates.begin(), st->history_dates.end()),
                          st->history_dates.end());
  TL_RETURN_IF_ERROR(EstimateScales(hist, options_, st.get()));
  TL_ASSIGN_OR_RETURN(st->seasonalities, ResolveSeasonalities(hist, options_));
  st->holidays = options_.holidays;
  TL_ASSIGN_OR_RETURN(st->layout, BuildLayout(*st, options_));

  ModelData& d = st->data;
  d.growth = options_.growth;
  d.T = static_cast<int>(hist.size());
  d.t = ScaledTime(hist, *st);
  const std::vector<double> fl = FloorOf(hist, *st, options_);
  d.y.resize(d.T);
  for (int i = 0; i < d.T; ++i) d.y[i] = (hist.y[i] - fl[i]) / st->y_scale;
  if (d.growth == Growth::kLogistic) {
    d.cap.resize(d.T);
    for (int i = 0; i < d.T; ++i) d.cap[i] = (hist.cap[i] - fl[i]) / st->y_scale;
  }
  BuildFeatures(*st, hist, &d.X);
  d.K = static_cast<int>(d.X.cols());
  d.sigmas = st->layout.sigmas;
  d.s_a = st->layout.s_a;
  d.s_m = st->layout.s_m;
  d.tau = options_.changepoint_prior_scale;
  TL_ASSIGN_OR_RETURN(st->changepoints, PlaceChangepoints(hist, options_));
  for (Timestamp c : st->changepoints) {
    d.s.push_back(static_cast<double>(c.unix_nanos() - st->start_ns) / st->t_scale_ns);
  }
  const bool dummy_changepoint = d.s.empty();
  if (dummy_changepoint) d.s.push_back(0.0);  // Prophet's placeholder: a real parameter
  d.S = static_cast<int>(d.s.size());
  st->changepoints_t = d.s;

  // Initial values (Prophet's), optionally overridden by a warm start of matching shape.
  const int n = d.num_params();
  std::vector<double> x0(n, 0.0);
  InitialTrend(d, &x0[0], &x0[1]);
  if (!init.delta.empty() || !init.beta.empty() || init.k != 0 || init.m != 0) {
    x0[0] = init.k;
    x0[1] = init.m;
    if (static_cast<int>(init.delta.size()) == d.S) {
      std::copy(init.delta.begin(), init.delta.end(), x0.begin() + 2);
    }
    if (init.sigma_obs > 0) x0[2 + d.S] = std::log(init.sigma_obs);
    if (static_cast<int>(init.beta.size()) == d.K) {
      std::copy(init.beta.begin(), init.beta.end(), x0.begin() + 3 + d.S);
    }
  }
  FitSummary& sum = st->summary;
  sum.rows = d.T;
  sum.features = d.K;
  sum.changepoints = d.S;
  internal::Objective obj(d);
  {
    std::vector<double> g(n);
    double f0 = 0;
    if (obj.Evaluate(x0.data(), &f0, g.data())) sum.initial_objective = f0;
  }
  std::vector<double> x;
  const auto [ymin, ymax] = std::minmax_element(hist.y.begin(), hist.y.end());
  if (*ymin == *ymax && options_.growth != Growth::kLogistic) {
    // Constant history: Prophet skips the optimizer and uses the initial values.
    x = x0;
    x[2 + d.S] = std::log(1e-9);
    sum.termination = Termination::kNoOptimization;
    sum.algorithm = Algorithm::kLbfgs;
    sum.message = "constant history: no optimization (initial values, sigma_obs = 1e-9)";
    double f = 0;
    std::vector<double> g(n);
    obj.Evaluate(x.data(), &f, g.data());
    sum.objective = f;
  } else {
    Algorithm algo = options_.optimizer.algorithm;
    std::string note;
    OptimResult r;
    bool solved = false;
    if (algo == Algorithm::kExact) {
      if (ExactSolverApplies(d)) {
        r = MinimizeExact(obj, x0, options_.optimizer);
        solved = r.termination != Termination::kLineSearchFailed;
        if (!solved) note = r.note + "; used Stan's algorithms instead";
      } else {
        note = "exact solver needs linear/flat growth and additive features; used Stan's algorithms";
      }
      if (!solved) algo = Algorithm::kAuto;
    }
    if (algo == Algorithm::kAuto) algo = d.T < 100 ? Algorithm::kNewton : Algorithm::kLbfgs;
    if (!solved) {
      r = algo == Algorithm::kNewton ? MinimizeNewton(obj, x0, options_.optimizer)
                                     : MinimizeLbfgs(obj, x0, options_.optimizer);
      if (!r.note.empty()) note += (note.empty() ? "" : "; ") + r.note;
    }
    sum.algorithm = algo;
    if (algo == Algorithm::kLbfgs && r.termination != Termination::kLineSearchFailed &&
        r.termination != Termination::kMaxIterations &&
        (options_.optimizer.polish_restarts > 0 ||
         options_.optimizer.algorithm == Algorithm::kExact)) {
      // Polish (see OptimizerOptions::polish_restarts): L-BFGS on a smoothed Laplace prior
      // (continuation in eps), then Stan's L-BFGS on the exact objective; keep the best.
      ModelData smooth = d;
      OptimizerOptions po = options_.optimizer;
      po.tol_rel_grad = 0;
      po.tol_rel_obj = 1;
      po.tol_obj = 0;
      std::vector<double> xs = r.x;
      int extra_iters = 0, extra_evals = 0;
      for (double eps : {1e-4, 1e-6, 1e-8}) {
        smooth.l1_smoothing = eps;
        internal::Objective sobj(smooth);
        po.max_iterations = 2000;
        OptimResult ps = MinimizeLbfgs(sobj, xs, po);
        extra_iters += ps.iterations;
        extra_evals += ps.evaluations;
        if (ps.termination != Termination::kLineSearchFailed || ps.iterations > 1) xs = ps.x;
      }
      OptimResult pe = MinimizeLbfgs(obj, xs, options_.optimizer);
      extra_iters += pe.iterations;
      extra_evals += pe.evaluations;
      r.iterations += extra_iters;
      r.evaluations += extra_evals;
      if (pe.f < r.f) {
        r.x = std::move(pe.x);
        r.f = pe.f;
        if (pe.termination != Termination::kLineSearchFailed) r.termination = pe.termination;
        note += (note.empty() ? "" : "; ") + std::string("polished (smoothed-prior L-BFGS)");
      }
    }
    if (options_.optimizer.algorithm == Algorithm::kExact && !solved &&
        algo == Algorithm::kLbfgs && r.termination != Termination::kLineSearchFailed &&
        r.termination != Termination::kMaxIterations) {
      // The polish still stops short of the kinked optimum (~1e-5 in -log posterior on the
      // logistic and multiplicative reference cases); the active-set refinement reaches it.
      const double before = r.f;
      r = internal::RefineL1(d, r, options_.optimizer);
      if (r.f < before) note += (note.empty() ? "" : "; ") + std::string("active-set refined");
    }
    if (r.termination == Termination::kLineSearchFailed && algo == Algorithm::kLbfgs &&
        options_.optimizer.newton_fallback) {
      OptimResult rn = MinimizeNewton(obj, x0, options_.optimizer);
      rn.evaluations += r.evaluations;
      note = "L-BFGS terminated abnormally after " + std::to_string(r.iterations) +
             " iterations; fell back to Newton";
      r = std::move(rn);
      sum.algorithm = Algorithm::kNewton;
      sum.fell_back_to_newton = true;
    }
    if (options_.optimizer.algorithm == Algorithm::kExact && !solved) {
      // Not convex: also Stan's Newton from Prophet's start (refined); the lower one wins.
      const bool was_newton = sum.algorithm == Algorithm::kNewton;
      if (internal::NewtonCandidate(d, x0, options_.optimizer, was_newton, &r) && !was_newton) {
        sum.algorithm = Algorithm::kNewton;
        note += (note.empty() ? "" : "; ") + std::string("Newton from Prophet's start was better");
      }
    }
    sum.termination = r.termination;
    sum.iterations = r.iterations;
    sum.evaluations = r.evaluations;
    sum.objective = r.f;
    sum.message = std::string(TerminationName(r.termination)) + (note.empty() ? "" : "; " + note);
    x = std::move(r.x);
    if (r.termination == Termination::kLineSearchFailed && r.iterations == 0) {
      return Internal("the optimizer failed (" + sum.message + "): " +
                      "the log posterior could not be evaluated from the initial point");
    }
  }
  for (double v : x) {
    if (!std::isfinite(v)) return Internal("the fit produced a non-finite parameter (" + sum.message + ")");
  }
  ProphetParams& p = st->params;
  p.k = x[0];
  p.m = x[1];
  p.delta.assign(x.begin() + 2, x.begin() + 2 + d.S);
  p.sigma_obs = std::exp(x[2 + d.S]);
  p.beta.assign(x.begin() + 3 + d.S, x.end());
  if (dummy_changepoint) {
    // Prophet folds the placeholder changepoint's rate change into k.
    p.k += p.delta[0];
    p.delta[0] = 0.0;
  }
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
    if (t <= last) return InvalidArgument("frequency " + freq.ToString() + " does not advance time");
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
