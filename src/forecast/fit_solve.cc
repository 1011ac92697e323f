// Solving the MAP problem of a Prophet fit (fit_problem.h): the optimizer choice, the polish,
// the L1 refinement, the Newton fallback and candidate, and the summary.
#include <cmath>
#include <string>

#include "forecast/exact_solver.h"
#include "forecast/fit_problem.h"
#include "forecast/l1_refine.h"
#include "forecast/optimizer.h"

namespace tradelet::forecast::internal {
namespace {

void AddNote(std::string* note, const std::string& more) {
  *note += (note->empty() ? "" : "; ") + more;
}

// The first solve: the exact solver when asked and applicable, else Stan's Newton (T < 100) or
// L-BFGS. `algo` ends as the Stan algorithm used (kExact only when the exact solver solved).
OptimResult FirstSolve(const ModelData& d, Objective& obj, const std::vector<double>& x0,
                       const OptimizerOptions& options, Algorithm* algo, bool* solved,
                       std::string* note) {
  OptimResult r;
  *algo = options.algorithm;
  *solved = false;
  if (*algo == Algorithm::kExact) {
    if (ExactSolverApplies(d)) {
      r = MinimizeExact(obj, x0, options);
      *solved = r.termination != Termination::kLineSearchFailed;
      if (!*solved) *note = r.note + "; used Stan's algorithms instead";
    } else {
      *note = "exact solver needs linear/flat growth and additive features; used Stan's algorithms";
    }
    if (!*solved) *algo = Algorithm::kAuto;
  }
  if (*algo == Algorithm::kAuto) *algo = d.T < 100 ? Algorithm::kNewton : Algorithm::kLbfgs;
  if (!*solved) {
    r = *algo == Algorithm::kNewton ? MinimizeNewton(obj, x0, options)
                                    : MinimizeLbfgs(obj, x0, options);
    if (!r.note.empty()) AddNote(note, r.note);
  }
  return r;
}

// Polish (see OptimizerOptions::polish_restarts): L-BFGS on a smoothed Laplace prior
// (continuation in eps), then Stan's L-BFGS on the exact objective; keeps the best in `r`.
void Polish(const ModelData& d, Objective& obj, const OptimizerOptions& options, OptimResult* r,
            std::string* note) {
  ModelData smooth = d;
  OptimizerOptions po = options;
  po.tol_rel_grad = 0;
  po.tol_rel_obj = 1;
  po.tol_obj = 0;
  std::vector<double> xs = r->x;
  int extra_iters = 0, extra_evals = 0;
  for (double eps : {1e-4, 1e-6, 1e-8}) {
    smooth.l1_smoothing = eps;
    Objective sobj(smooth);
    po.max_iterations = 2000;
    OptimResult ps = MinimizeLbfgs(sobj, xs, po);
    extra_iters += ps.iterations;
    extra_evals += ps.evaluations;
    if (ps.termination != Termination::kLineSearchFailed || ps.iterations > 1) xs = ps.x;
  }
  OptimResult pe = MinimizeLbfgs(obj, xs, options);
  extra_iters += pe.iterations;
  extra_evals += pe.evaluations;
  r->iterations += extra_iters;
  r->evaluations += extra_evals;
  if (pe.f < r->f) {
    r->x = std::move(pe.x);
    r->f = pe.f;
    if (pe.termination != Termination::kLineSearchFailed) r->termination = pe.termination;
    AddNote(note, "polished (smoothed-prior L-BFGS)");
  }
}

bool Stopped(const OptimResult& r) {
  return r.termination == Termination::kLineSearchFailed ||
         r.termination == Termination::kMaxIterations;
}

}  // namespace

Result<FitSolution> SolveFitProblem(const FitProblem& problem, const OptimizerOptions& options) {
  const ModelData& d = problem.state.data;
  const std::vector<double>& x0 = problem.x0;
  const int n = d.num_params();
  FitSolution out;
  FitSummary& sum = out.summary;
  sum.rows = d.T;
  sum.features = d.K;
  sum.changepoints = d.S;
  Objective obj(d);
  {
    std::vector<double> g(n);
    double f0 = 0;
    if (obj.Evaluate(x0.data(), &f0, g.data())) sum.initial_objective = f0;
  }
  std::vector<double>& x = out.x;
  if (problem.constant_history) {
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
    Algorithm algo = Algorithm::kAuto;
    bool solved = false;
    std::string note;
    OptimResult r = FirstSolve(d, obj, x0, options, &algo, &solved, &note);
    sum.algorithm = algo;
    const bool exact = options.algorithm == Algorithm::kExact;
    if (algo == Algorithm::kLbfgs && !Stopped(r) && (options.polish_restarts > 0 || exact)) {
      Polish(d, obj, options, &r, &note);
    }
    if (exact && !solved && algo == Algorithm::kLbfgs && !Stopped(r)) {
      // The polish still stops short of the kinked optimum (~1e-5 in -log posterior on the
      // logistic and multiplicative reference cases); the active-set refinement reaches it.
      const double before = r.f;
      r = RefineL1(d, r, options);
      if (r.f < before) AddNote(&note, "active-set refined");
    }
    if (r.termination == Termination::kLineSearchFailed && algo == Algorithm::kLbfgs &&
        options.newton_fallback) {
      OptimResult rn = MinimizeNewton(obj, x0, options);
      rn.evaluations += r.evaluations;
      note = "L-BFGS terminated abnormally after " + std::to_string(r.iterations) +
             " iterations; fell back to Newton";
      r = std::move(rn);
      sum.algorithm = Algorithm::kNewton;
      sum.fell_back_to_newton = true;
    }
    if (exact && !solved) {
      // Not convex: also Stan's Newton from Prophet's start (refined); the lower one wins.
      const bool was_newton = sum.algorithm == Algorithm::kNewton;
      if (NewtonCandidate(d, x0, options, was_newton, &r) && !was_newton) {
        sum.algorithm = Algorithm::kNewton;
        AddNote(&note, "Newton from Prophet's start was better");
      }
    }
    sum.termination = r.termination;
    sum.iterations = r.iterations;
    sum.evaluations = r.evaluations;
    sum.objective = r.f;
    sum.message = std::string(TerminationName(r.termination)) + (note.empty() ? "" : "; " + note);
    x = std::move(r.x);
    if (r.termination == Termination::kLineSearchFailed && r.iterations == 0) {
      return Internal("the optimizer failed (" + sum.message +
                      "): " + "the log posterior could not be evaluated from the initial point");
    }
  }
  for (double v : x) {
    if (!std::isfinite(v)) {
      return Internal("the fit produced a non-finite parameter (" + sum.message + ")");
    }
  }
  return out;
}

}  // namespace tradelet::forecast::internal
