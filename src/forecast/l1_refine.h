// Finishes an approximate optimum of Prophet's objective exactly when the model is not one the
// exact solver handles (logistic growth, multiplicative features). Smooth optimizers (Stan's
// L-BFGS, our smoothed-prior polish) stop short of the MAP because the Laplace prior on the
// changepoint deltas has a kink at 0 and the optimum has most deltas exactly there. This is an
// active-set method: deltas at 0 are removed from the model (a changepoint with delta = 0
// contributes nothing, and its prior term is 0), the rest keep their sign, so the remaining
// problem is smooth and Newton converges on it; then the optimality conditions of the full
// problem decide which deltas enter or leave the zero set (a zero delta must have
// |d(smooth part)/d delta| <= 1/tau), and the solve repeats until the set is stable.
#pragma once

#include <vector>

#include "forecast/objective.h"
#include "forecast/optimizer.h"

namespace tradelet::forecast::internal {

// Refines `start` (a point of `d`'s objective with its value) and returns the better of the two.
// Iterations and evaluations of the refinement are added to the start's counts. `options` are
// the caller's optimizer settings (iteration cap). The smooth subproblems are solved with Newton.
OptimResult RefineL1(const ModelData& d, const OptimResult& start, const OptimizerOptions& options);

// `exact` on models the exact solver does not handle (logistic, multiplicative): they are not
// convex, and Stan's L-BFGS and Newton from Prophet's start can end in different optima
// (Prophet's test `seasonality_modes`: L-BFGS -1729.65, Newton -1736.39). `best` is the
// L-BFGS result (polished and refined) or, when `best_is_newton`, Newton's. Runs Stan's Newton
// from x0 when best is not already Newton's, refines it with RefineL1 (also a Newton result
// that was not refined yet) and keeps the lower -log posterior in `best` (iterations and
// evaluations of every run added). Returns true when Newton's point won.
bool NewtonCandidate(const ModelData& d, const std::vector<double>& x0,
                     const OptimizerOptions& options, bool best_is_newton, OptimResult* best);

}  // namespace tradelet::forecast::internal
