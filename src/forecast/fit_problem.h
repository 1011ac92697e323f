// Prophet::Fit in two steps that each read alone (prophet.cc composes them):
//   BuildFitProblem (fit_problem.cc): options + history -> the MAP problem: the prepared state
//     (sorted history, scales, seasonalities, feature layout, changepoint instants) with its
//     ModelData (scaled t, y and cap, the feature matrix X, prior scales, changepoint
//     positions) and the initial parameters;
//   SolveFitProblem (fit_solve.cc): the problem -> the optimum (Stan's L-BFGS or Newton, or the
//     exact solver, then the polish, the L1 refinement, the Newton fallback and candidate) and
//     the FitSummary. It reads the problem only.
#pragma once

#include <vector>

#include "forecast/model_state.h"

namespace tradelet::forecast::internal {

struct FitProblem {
  Prophet::State state;    // prepared; state.data is the model the solver minimises
  std::vector<double> x0;  // initial parameters in Stan's order (k, m, delta, log sigma, beta)
  bool dummy_changepoint = false;  // no changepoints: Prophet's placeholder at t = 0
  bool constant_history = false;   // every y equal (not logistic): Prophet skips the optimizer
};

// Validates options and data (errors name the row and column) and builds the problem. x0 is
// Prophet's start, overridden by `init` where its shape matches (fit(init=...)).
Result<FitProblem> BuildFitProblem(const Frame& input, const ProphetOptions& options,
                                   const ProphetParams& init);

struct FitSolution {
  std::vector<double> x;  // the optimum in Stan's order (finite)
  FitSummary summary;
};

// Minimises the problem's -log posterior. An optimizer that stops early is reported in the
// summary; no usable start or a non-finite optimum is an error.
Result<FitSolution> SolveFitProblem(const FitProblem& problem, const OptimizerOptions& options);

// The solution as Prophet's parameters, the placeholder changepoint's rate folded into k.
ProphetParams FoldParams(const std::vector<double>& x, int S, bool dummy_changepoint);

}  // namespace tradelet::forecast::internal
