// Stan's optimizers, re-implemented from their documented behaviour: L-BFGS with a strong-Wolfe
// line search and Stan's convergence tests (stan/optimization/bfgs.hpp), and Newton with a
// finite-difference Hessian made negative definite (stan/optimization/newton.hpp).
#pragma once

#include <string>
#include <vector>

#include "forecast/objective.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast::internal {

struct OptimResult {
  Termination termination = Termination::kLineSearchFailed;
  int iterations = 0;
  int evaluations = 0;
  double f = 0;            // -log posterior at x
  std::vector<double> x;
  std::string note;        // e.g. "LS failed, Hessian reset"
};

// Minimises obj from x0. Never loops forever: max_iterations bounds the outer loop and the
// line search is bounded as in Stan (20 expansions, 10 restarts after failed evaluations).
// If x0 itself cannot be evaluated the result is kLineSearchFailed with a note.
OptimResult MinimizeLbfgs(Objective& obj, const std::vector<double>& x0,
                          const OptimizerOptions& options);

// Stan's Newton: maximises log posterior; stops when lp improves by <= 1e-8 or at
// max_iterations.
OptimResult MinimizeNewton(Objective& obj, const std::vector<double>& x0,
                           const OptimizerOptions& options);

}  // namespace tradelet::forecast::internal
