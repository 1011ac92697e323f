#include "forecast/optimizer.h"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

namespace tradelet::forecast::internal {
namespace {

using Vec = Eigen::VectorXd;

// Minimiser on [lo, hi] of the cubic through (0, 0) with slope df0 and (x1, f1) with slope df1.
double CubicMin(double df0, double x1, double f1, double df1, double lo, double hi) {
  const double c3 = (-12.0 * f1 + 6.0 * x1 * (df0 + df1)) / (x1 * x1 * x1);
  const double c2 = -(4.0 * df0 + 2.0 * df1) / x1 + 6.0 * f1 / (x1 * x1);
  const double c1 = df0;
  const double disc = std::sqrt(c2 * c2 - 2.0 * c1 * c3);
  const double r1 = -(c2 + disc) / c3;
  const double r2 = -(c2 - disc) / c3;
  auto cubic = [&](double x) { return x * (x * (x * c3 / 3.0 + c2) / 2.0 + c1); };
  double best_x = lo, best_f = cubic(lo);
  if (double v = cubic(hi); v < best_f) best_f = v, best_x = hi;
  if (lo < r1 && r1 < hi) {
    if (double v = cubic(r1); v < best_f) best_f = v, best_x = r1;
  }
  if (lo < r2 && r2 < hi) {
    if (double v = cubic(r2); v < best_f) best_f = v, best_x = r2;
  }
  return best_x;
}

class Evaluator {
 public:
  explicit Evaluator(Objective& obj) : obj_(obj) {}
  // Returns true on success (finite f and gradient).
  bool operator()(const Vec& x, double* f, Vec* g) {
    ++count;
    return obj_.Evaluate(x.data(), f, g->data());
  }
  int count = 0;

 private:
  Objective& obj_;
};

// Zoom phase of the strong-Wolfe search. Returns true on success.
bool Zoom(Evaluator& func, double* alpha, Vec* x1, double* f1, Vec* g1, const Vec& x0, double f0,
          double c1dfp, double c2dfp, const Vec& p, double alo, double alo_f, double alo_dfp,
          double ahi, double ahi_f, double ahi_dfp) {
  constexpr double kMinRange = 1e-16;
  int it = 0;
  while (true) {
    ++it;
    if (std::fabs(alo - ahi) < kMinRange || std::nextafter(alo, ahi) == ahi) return false;
    if (it % 5 == 0) {
      *alpha = 0.5 * (alo + ahi);
    } else {
      const double d1 = alo_dfp + ahi_dfp - 3.0 * (alo_f - ahi_f) / (alo - ahi);
      double d2 = std::sqrt(d1 * d1 - alo_dfp * ahi_dfp);
      if (ahi < alo) d2 = -d2;
      *alpha = ahi - (ahi - alo) * (ahi_dfp + d2 - d1) / (ahi_dfp - alo_dfp + 2.0 * d2);
      const double lo = std::min(alo, ahi), hi = std::max(alo, ahi), w = std::fabs(alo - ahi);
      if (!std::isfinite(*alpha) || *alpha < lo + 0.01 * w || *alpha > hi - 0.01 * w) {
        *alpha = 0.5 * (alo + ahi);
      }
    }
    x1->noalias() = x0 + *alpha * p;
    while (!func(*x1, f1, g1)) {
      const double prev = *alpha;
      *alpha = 0.5 * (*alpha + std::min(alo, ahi));
      if (std::fabs(std::min(alo, ahi) - *alpha) < kMinRange || *alpha == prev) return false;
      x1->noalias() = x0 + *alpha * p;
    }
    const double dfp = g1->dot(p);
    if (*f1 > f0 + *alpha * c1dfp || *f1 >= alo_f) {
      ahi = *alpha;
      ahi_f = *f1;
      ahi_dfp = dfp;
    } else {
      if (std::fabs(dfp) <= -c2dfp) return true;
      if (dfp * (ahi - alo) >= 0) {
        ahi = alo;
        ahi_f = alo_f;
        ahi_dfp = alo_dfp;
      }
      alo = *alpha;
      alo_f = *f1;
      alo_dfp = dfp;
    }
  }
}

// Stan's WolfeLineSearch (c1 = 1e-4, c2 = 0.9, x10 expansion, <= 20 expansions, <= 10
// restarts after failed evaluations). Note: like Stan, the sufficient-decrease test of the
// expansion phase uses the initial step `alpha`, not the current trial.
bool WolfeSearch(Evaluator& func, double* alpha, Vec* x1, double* f1, Vec* g1, const Vec& p,
                 const Vec& x0, double f0, const Vec& g0, double min_alpha) {
  constexpr double kC1 = 1e-4, kC2 = 0.9;
  constexpr int kMaxIts = 20, kMaxRestarts = 10;
  const double dfp = g0.dot(p);
  const double c1dfp = kC1 * dfp, c2dfp = kC2 * dfp;
  double a0 = min_alpha, a1 = *alpha;
  double prev_f = f0, prev_dfp = dfp;
  int nits = 0, restarts = 0;
  while (true) {
    if (nits >= kMaxIts) return false;
    x1->noalias() = x0 + a1 * p;
    if (!func(*x1, f1, g1)) {
      if (restarts >= kMaxRestarts) return false;
      a1 = 0.5 * (a0 + a1);
      ++restarts;
      continue;
    }
    restarts = 0;
    const double new_dfp = g1->dot(p);
    if (*f1 > f0 + *alpha * c1dfp || (*f1 >= prev_f && nits > 0)) {
      return Zoom(func, alpha, x1, f1, g1, x0, f0, c1dfp, c2dfp, p, a0, prev_f, prev_dfp, a1, *f1,
                  new_dfp);
    }
    if (std::fabs(new_dfp) <= -c2dfp) {
      *alpha = a1;
      return true;
    }
    if (new_dfp >= 0) {
      return Zoom(func, alpha, x1, f1, g1, x0, f0, c1dfp, c2dfp, p, a1, *f1, new_dfp, a0, prev_f,
                  prev_dfp);
    }
    a0 = a1;
    prev_f = *f1;
    prev_dfp = new_dfp;
    a1 *= 10.0;
    ++nits;
  }
}

// L-BFGS memory: the last m (1/s'y, y, s) triples and the scale of the newest pair.
class LbfgsMemory {
 public:
  LbfgsMemory(int m, int n) : m_(m), s_(m, Vec(n)), y_(m, Vec(n)), rho_(m), alpha_(m) {}
  // Returns ||y||^2 / s'y on reset (the initial Hessian scale), else 1.
  double Update(const Vec& yk, const Vec& sk, bool reset) {
    const double sy = yk.dot(sk);
    double b0 = 1.0;
    if (reset) {
      b0 = yk.squaredNorm() / sy;
      size_ = 0;
      head_ = 0;
    }
    gamma_ = sy / yk.squaredNorm();
    const int slot = (head_ + size_) % m_;
    if (size_ < m_) {
      ++size_;
    } else {
      head_ = (head_ + 1) % m_;
    }
    s_[slot] = sk;
    y_[slot] = yk;
    rho_[slot] = 1.0 / sy;
    return b0;
  }
  void Direction(Vec* p, const Vec& g) {
    *p = -g;
    for (int c = size_ - 1; c >= 0; --c) {
      const int i = (head_ + c) % m_;
      alpha_[i] = rho_[i] * s_[i].dot(*p);
      *p -= alpha_[i] * y_[i];
    }
    *p *= gamma_;
    for (int c = 0; c < size_; ++c) {
      const int i = (head_ + c) % m_;
      const double beta = rho_[i] * y_[i].dot(*p);
      *p += (alpha_[i] - beta) * s_[i];
    }
  }

 private:
  int m_, size_ = 0, head_ = 0;
  std::vector<Vec> s_, y_;
  std::vector<double> rho_, alpha_;
  double gamma_ = 1.0;
};

}  // namespace

OptimResult MinimizeLbfgs(Objective& obj, const std::vector<double>& x0,
                          const OptimizerOptions& o) {
  const int n = obj.num_params();
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  constexpr double kMinAlpha = 1e-12;
  Evaluator func(obj);
  OptimResult res;
  Vec xk = Eigen::Map<const Vec>(x0.data(), n), gk(n), pk(n), xk1(n), gk1(n), pk1(n), sk(n),
      yk(n);
  double fk = 0, fk1 = 0, alphak1 = 0;
  if (!func(xk, &fk, &gk)) {
    res.termination = Termination::kLineSearchFailed;
    res.note = "the initial point has a non-finite log posterior or gradient";
    res.x = x0;
    res.f = fk;
    res.evaluations = func.count;
    return res;
  }
  pk = -gk;
  LbfgsMemory memory(std::max(1, o.history_size), n);
  int it = 0;
  while (true) {
    ++it;
    int reset = it == 1 ? 1 : 0;
    double alpha = 0;
    while (true) {
      if (reset) pk = -gk;
      if (it > 1 && reset != 2) {
        alpha = std::min(1.0, 1.01 * CubicMin(gk1.dot(pk1), alphak1, fk - fk1, gk.dot(pk1),
                                              kMinAlpha, 1.0));
      } else {
        alpha = o.init_alpha;
      }
      // On success the new point lands in (xk1, fk1, gk1), then we swap.
      if (WolfeSearch(func, &alpha, &xk1, &fk1, &gk1, pk, xk, fk, gk, kMinAlpha)) break;
      if (reset) {
        res.termination = Termination::kLineSearchFailed;
        res.iterations = it;
        res.evaluations = func.count;
        res.f = fk;
        res.x.assign(xk.data(), xk.data() + n);
        return res;
      }
      reset = 2;
      res.note = "LS failed, Hessian reset";
    }
    std::swap(fk, fk1);
    xk.swap(xk1);
    gk.swap(gk1);
    pk.swap(pk1);
    sk.noalias() = xk - xk1;
    yk.noalias() = gk - gk1;
    const double grad_norm = gk.norm();
    const double step_norm = sk.norm();
    if (reset) {
      const double b0 = memory.Update(yk, sk, true);
      pk1 /= b0;
      alphak1 = alpha * b0;
    } else {
      memory.Update(yk, sk, false);
      alphak1 = alpha;
    }
    memory.Direction(&pk, gk);
    const double rel_obj =
        std::fabs(fk1 - fk) / std::max({std::fabs(fk1), std::fabs(fk), 1.0});
    const double rel_grad = -pk.dot(gk) / std::max(std::fabs(fk), 1.0);
    Termination term;
    bool stop = true;
    if (std::fabs(fk1 - fk) < o.tol_obj) {
      term = Termination::kConvergedAbsObjective;
    } else if (grad_norm < o.tol_grad) {
      term = Termination::kConvergedAbsGradient;
    } else if (step_norm < o.tol_param) {
      term = Termination::kConvergedAbsParameter;
    } else if (it >= o.max_iterations) {
      term = Termination::kMaxIterations;
    } else if (rel_obj < o.tol_rel_obj * kEps) {
      term = Termination::kConvergedRelObjective;
    } else if (rel_grad < o.tol_rel_grad * kEps) {
      term = Termination::kConvergedRelGradient;
    } else {
      stop = false;
      term = Termination::kMaxIterations;
    }
    if (stop) {
      res.termination = term;
      res.iterations = it;
      res.evaluations = func.count;
      res.f = fk;
      res.x.assign(xk.data(), xk.data() + n);
      return res;
    }
  }
}

OptimResult MinimizeNewton(Objective& obj, const std::vector<double>& x0,
                           const OptimizerOptions& o) {
  const int n = obj.num_params();
  OptimResult res;
  res.x = x0;
  std::vector<double> g(n), gp(n), xn(n), xp(n);
  Eigen::MatrixXd H(n, n);
  auto eval = [&](const std::vector<double>& x, double* lp, std::vector<double>* grad) {
    ++res.evaluations;
    double f;
    if (!obj.Evaluate(x.data(), &f, grad->data())) return false;
    *lp = -f;
    for (double& v : *grad) v = -v;  // gradient of lp
    return true;
  };
  double lp;
  if (!eval(res.x, &lp, &g)) {
    res.termination = Termination::kLineSearchFailed;
    res.note = "the initial point has a non-finite log posterior or gradient";
    return res;
  }
  constexpr double kH = 1e-3;
  const double offsets[4] = {-2 * kH, -kH, kH, 2 * kH};
  const double coeffs[4] = {1.0 / 12.0, -2.0 / 3.0, 2.0 / 3.0, -1.0 / 12.0};
  double last_lp = lp - 1.0;  // the first step always runs
  int it = 0;
  res.termination = Termination::kConvergedNewton;
  while (lp - last_lp > 1e-8) {
    if (it >= o.max_iterations) {
      res.termination = Termination::kMaxIterations;
      break;
    }
    last_lp = lp;
    // Hessian of lp by a 4-point stencil on the analytic gradient.
    H.setZero();
    xp = res.x;
    bool ok = true;
    for (int d = 0; d < n && ok; ++d) {
      for (int q = 0; q < 4; ++q) {
        xp[d] = res.x[d] + offsets[q];
        double f_unused;
        if (!eval(xp, &f_unused, &gp)) {
          ok = false;
          break;
        }
        for (int e = 0; e < n; ++e) H(d, e) += coeffs[q] * gp[e] / kH;
      }
      xp[d] = res.x[d];
    }
    if (!ok) break;
    H = 0.5 * (H + H.transpose()).eval();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(H);
    const Eigen::Map<const Eigen::VectorXd> gv(g.data(), n);
    Eigen::VectorXd proj = solver.eigenvectors().transpose() * gv;
    for (int i = 0; i < n; ++i) {
      const double lam = std::fabs(solver.eigenvalues()[i]);
      proj[i] = lam > 0 ? proj[i] / lam : 0.0;
    }
    const Eigen::VectorXd dir = solver.eigenvectors() * proj;  // ascent direction
    double step = 2.0, lp_new = -1e100;
    bool moved = false;
    while (lp_new < lp) {
      step *= 0.5;
      if (step < 1e-50) break;
      for (int i = 0; i < n; ++i) xn[i] = res.x[i] + step * dir[i];
      if (!eval(xn, &lp_new, &gp)) lp_new = -1e100;
      moved = lp_new >= lp;
    }
    ++it;
    if (!moved) break;  // no improving step: Stan keeps the point and stops (lp unchanged)
    res.x = xn;
    lp = lp_new;
    g = gp;
  }
  res.iterations = it;
  res.f = -lp;
  return res;
}

}  // namespace tradelet::forecast::internal
