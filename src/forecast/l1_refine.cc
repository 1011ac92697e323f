#include "forecast/l1_refine.h"

#include <algorithm>
#include <cmath>

namespace tradelet::forecast::internal {

OptimResult RefineL1(const ModelData& d, const OptimResult& start,
                     const OptimizerOptions& options) {
  const int S = d.S, n = d.num_params();
  OptimResult best = start;
  // A delta below kZero is taken to belong at the kink: smooth methods leave such deltas
  // hovering at 1e-9..1e-6 instead of 0 (on the scaled axis, deltas that matter are >= 1e-3; a
  // wrongly zeroed one re-enters through the optimality test). kStep: how far a delta that
  // re-enters is moved off the kink, downhill.
  constexpr double kZero = 1e-5, kStep = 1e-7;
  std::vector<char> free(S);
  for (int j = 0; j < S; ++j) free[j] = std::fabs(start.x[2 + j]) >= kZero;
  OptimizerOptions po = options;
  po.tol_obj = 0;
  po.tol_rel_obj = 1;
  po.tol_grad = 0;
  po.tol_rel_grad = 0;
  po.tol_param = 0;
  po.max_iterations = std::min(options.max_iterations, 2000);
  Objective full(d);
  std::vector<double> x = start.x, g(n);
  for (int round = 0; round < 10; ++round) {
    std::vector<int> idx;
    for (int j = 0; j < S; ++j) {
      if (free[j]) idx.push_back(j);
    }
    if (idx.empty()) {
      // Every delta at 0: let the optimality test pick the ones that must move before solving
      // (the reduced model needs at least one changepoint).
      std::vector<double> x0 = x;
      for (int j = 0; j < S; ++j) x0[2 + j] = 0;
      double f0 = 0;
      if (!full.Evaluate(x0.data(), &f0, g.data())) break;
      for (int j = 0; j < S; ++j) {
        if (std::fabs(g[2 + j]) > (1.0 + 1e-9) / d.tau) {
          free[j] = 1;
          x[2 + j] = g[2 + j] > 0 ? -kStep : kStep;
          idx.push_back(j);
        }
      }
      if (idx.empty()) break;
    }
    // The reduced model: only the free changepoints.
    ModelData r = d;
    r.S = static_cast<int>(idx.size());
    r.s.clear();
    r.delta_sign.clear();
    for (int j : idx) {
      r.s.push_back(d.s[j]);
      r.delta_sign.push_back(x[2 + j] > 0 ? 1.0 : -1.0);
    }
    std::vector<double> xr;
    xr.push_back(x[0]);
    xr.push_back(x[1]);
    for (int j : idx) xr.push_back(x[2 + j]);
    xr.insert(xr.end(), x.begin() + 2 + S, x.end());
    Objective reduced(r);
    // The reduced problem is smooth and small (the free deltas, k, m, rho, beta): Newton
    // converges on it in a few steps where L-BFGS, restarted next to the optimum of an
    // ill-conditioned problem, fails its line search. Stan's Newton stops once a step gains
    // <= 1e-8, which can leave slopes of ~1e-2; one more run from there (quadratic convergence)
    // takes them to rounding level.
    OptimResult rr = MinimizeNewton(reduced, xr, po);
    best.iterations += rr.iterations;
    best.evaluations += rr.evaluations;
    for (int again = 0; again < 3; ++again) {
      OptimResult r2 = MinimizeNewton(reduced, rr.x, po);
      best.iterations += r2.iterations;
      best.evaluations += r2.evaluations;
      const double gain = rr.f - r2.f;
      if (gain > 0) rr = std::move(r2);
      if (gain <= 1e-12 * std::max(1.0, std::fabs(rr.f))) break;
    }
    std::vector<double> xn(n, 0.0);
    xn[0] = rr.x[0];
    xn[1] = rr.x[1];
    for (size_t c = 0; c < idx.size(); ++c) xn[2 + idx[c]] = rr.x[2 + c];
    std::copy(rr.x.begin() + 2 + r.S, rr.x.end(), xn.begin() + 2 + S);
    std::vector<double> side(S, 0.0);  // the face each free delta was solved on
    for (size_t c = 0; c < idx.size(); ++c) side[idx[c]] = r.delta_sign[c];
    double f = 0;
    if (!full.Evaluate(xn.data(), &f, g.data())) break;
    ++best.evaluations;
    x = xn;
    if (f < best.f) {
      best.f = f;
      best.x = xn;
    }
    // Optimality of the full problem at xn: a zero delta may stay zero only if the smooth
    // part's slope there is within the prior's 1/tau (g at delta = 0 is the smooth part's);
    // a free delta that ended on the other side of the kink leaves the free set.
    bool changed = false;
    for (int j = 0; j < S; ++j) {
      if (!free[j] && std::fabs(g[2 + j]) > (1.0 + 1e-9) / d.tau) {
        free[j] = 1;
        // Step off the kink downhill so the sign is right for the reduced solve.
        x[2 + j] = g[2 + j] > 0 ? -kStep : kStep;
        changed = true;
      } else if (free[j] && xn[2 + j] * side[j] <= 0) {
        // Crossed the kink: on this face the optimum wants the other sign or 0; put it at 0
        // and let the optimality test decide whether it re-enters with the other sign.
        free[j] = 0;
        x[2 + j] = 0;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return best;
}

bool NewtonCandidate(const ModelData& d, const std::vector<double>& x0,
                     const OptimizerOptions& options, bool best_is_newton, OptimResult* best) {
  if (best_is_newton) {
    if (best->termination != Termination::kLineSearchFailed) *best = RefineL1(d, *best, options);
    return true;
  }
  // Newton's finite-difference Hessian costs 4n gradients per step, and Stan's Newton crawls
  // along the prior's kinks for hundreds of steps once it is in its basin (470 on
  // seasonality_modes). Its first steps choose the basin; L-BFGS and the active-set refinement
  // finish from there far more cheaply.
  Objective obj(d);
  OptimizerOptions no = options;
  no.max_iterations = std::min(options.max_iterations, 15);
  OptimResult rn = MinimizeNewton(obj, x0, no);
  if (rn.iterations > 0) {
    OptimResult rl = MinimizeLbfgs(obj, rn.x, options);
    rl.iterations += rn.iterations;
    rl.evaluations += rn.evaluations;
    if (rl.termination != Termination::kLineSearchFailed && rl.f < rn.f) {
      rn = std::move(rl);
    } else {
      rn.iterations = rl.iterations;
      rn.evaluations = rl.evaluations;
    }
    // The refinement moves -log posterior by ~1e-5 relative at most; a point further behind
    // than that cannot win and is not refined (the refinement is the expensive part).
    if (rn.f < best->f + 1e-4 * std::max(1.0, std::fabs(best->f))) rn = RefineL1(d, rn, options);
  }
  const int iterations = best->iterations + rn.iterations;
  const int evaluations = best->evaluations + rn.evaluations;
  const bool newton_wins = rn.iterations > 0 && std::isfinite(rn.f) && rn.f < best->f;
  if (newton_wins) *best = std::move(rn);
  best->iterations = iterations;
  best->evaluations = evaluations;
  return newton_wins;
}

}  // namespace tradelet::forecast::internal
