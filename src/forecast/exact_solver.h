// An exact MAP solver for the common case (linear or flat growth, additive features only),
// much faster than Stan's L-BFGS: for fixed sigma the problem is a lasso (least squares with
// ridge priors on k, m, beta and an L1 prior on delta), solved exactly by feature-sign search
// on the precomputed Gram matrix; sigma then has a closed form; the two alternate to a fixed
// point. It reaches the true optimum (a lower -log posterior than Stan's stopping point).
#pragma once

#include <vector>

#include "forecast/objective.h"
#include "forecast/optimizer.h"

namespace tradelet::forecast::internal {

// True when the exact solver handles this model (linear/flat growth, no multiplicative column).
bool ExactSolverApplies(const ModelData& d);

// Returns kConvergedRelObjective on success; kLineSearchFailed (with a note) if the solve broke
// down numerically, in which case the caller falls back to L-BFGS.
OptimResult MinimizeExact(Objective& obj, const std::vector<double>& x0,
                          const OptimizerOptions& options);

}  // namespace tradelet::forecast::internal
