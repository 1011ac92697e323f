#include "forecast/exact_solver.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace tradelet::forecast::internal {
namespace {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;

// Lasso-form subproblem: minimise 0.5 th' H th - b' th + lambda * sum_{j in L} |th_j|, where
// L (penalised) are the delta coordinates. Feature-sign search (Lee et al., 2007): grow the
// active set one violating coordinate at a time, solve the sign-fixed quadratic exactly, and
// step back to the first sign change when the solution crosses zero.
class FeatureSign {
 public:
  FeatureSign(const Mat& H, const Vec& b, const std::vector<uint8_t>& penalised, double lambda)
      : H_(H), b_(b), pen_(penalised), lambda_(lambda) {}

  double Value(const Vec& th) const {
    double l1 = 0;
    for (int p = 0; p < th.size(); ++p) {
      if (pen_[p]) l1 += std::fabs(th[p]);
    }
    return 0.5 * th.dot(H_ * th) - b_.dot(th) + lambda_ * l1;
  }

  // Solves from th (in/out). Returns false on a numerical breakdown or if the step cap hits.
  bool Solve(Vec* th, int max_steps) {
    const int P = static_cast<int>(th->size());
    std::vector<int> active;
    Vec sign = Vec::Zero(P);
    for (int p = 0; p < P; ++p) {
      if (!pen_[p]) {
        active.push_back(p);
      } else if ((*th)[p] != 0) {
        active.push_back(p);
        sign[p] = (*th)[p] > 0 ? 1 : -1;
      }
    }
    for (int step = 0; step < max_steps; ++step) {
      // Optimality of the active set: solve the sign-fixed quadratic, with a discrete line
      // search back to sign changes.
      for (int inner = 0; inner < 4 * P + 4; ++inner) {
        const int A = static_cast<int>(active.size());
        Mat HA(A, A);
        Vec rhs(A);
        for (int a = 0; a < A; ++a) {
          for (int c = 0; c < A; ++c) HA(a, c) = H_(active[a], active[c]);
          rhs[a] = b_[active[a]] - lambda_ * sign[active[a]];
        }
        Eigen::LDLT<Mat> ldlt(HA);
        if (ldlt.info() != Eigen::Success) return false;
        Vec sol = ldlt.solve(rhs);
        if (!sol.allFinite()) return false;
        Vec cand = *th;
        for (int a = 0; a < A; ++a) cand[active[a]] = sol[a];
        bool consistent = true;
        for (int a = 0; a < A; ++a) {
          const int p = active[a];
          if (pen_[p] && cand[p] * sign[p] <= 0) consistent = false;
        }
        if (consistent) {
          *th = cand;
          break;
        }
        // Candidates: the new solution and every zero crossing on the segment th -> cand.
        Vec best = *th;
        double best_v = Value(*th);
        auto consider = [&](const Vec& v) {
          const double val = Value(v);
          if (val < best_v) best_v = val, best = v;
        };
        consider(cand);
        for (int a = 0; a < A; ++a) {
          const int p = active[a];
          if (!pen_[p]) continue;
          const double from = (*th)[p], to = cand[p];
          if (from != 0 && from * to < 0) {
            const double s = from / (from - to);
            Vec v = *th + s * (cand - *th);
            v[p] = 0;
            consider(v);
          }
        }
        *th = best;
        // Drop penalised active coordinates that are now zero.
        std::vector<int> kept;
        for (int p : active) {
          if (pen_[p] && (*th)[p] == 0) {
            sign[p] = 0;
          } else {
            kept.push_back(p);
            if (pen_[p]) sign[p] = (*th)[p] > 0 ? 1 : -1;
          }
        }
        active.swap(kept);
      }
      // Optimality of the zero coordinates: |grad| <= lambda; otherwise activate the worst.
      const Vec grad = H_ * *th - b_;
      int worst = -1;
      double worst_v = lambda_ * (1 + 1e-12);
      for (int p = 0; p < P; ++p) {
        if (pen_[p] && (*th)[p] == 0 && std::fabs(grad[p]) > worst_v) {
          worst_v = std::fabs(grad[p]);
          worst = p;
        }
      }
      if (worst < 0) return true;
      sign[worst] = grad[worst] > 0 ? -1 : 1;
      active.push_back(worst);
      std::sort(active.begin(), active.end());
    }
    return false;
  }

 private:
  const Mat& H_;
  const Vec& b_;
  const std::vector<uint8_t>& pen_;
  double lambda_;
};

}  // namespace

bool ExactSolverApplies(const ModelData& d) {
  if (d.growth == Growth::kLogistic) return false;
  for (uint8_t m : d.s_m) {
    if (m) return false;
  }
  return true;
}

OptimResult MinimizeExact(Objective& obj, const std::vector<double>& x0,
                          const OptimizerOptions& o) {
  const ModelData& d = obj.data();
  const int T = d.T, S = d.S, K = d.K;
  const bool flat = d.growth == Growth::kFlat;
  // Coordinates of theta in Stan's layout minus rho: [k, m, delta_1..S, beta_1..K].
  const int P = 2 + S + K;
  OptimResult res;
  res.x = x0;
  // Design D (T x P) and its Gram matrix. Flat growth: k and delta have no data columns.
  Mat D = Mat::Zero(T, P);
  for (int i = 0; i < T; ++i) {
    const double t = d.t[i];
    D(i, 1) = 1.0;
    if (!flat) {
      D(i, 0) = t;
      for (int j = 0; j < S; ++j) D(i, 2 + j) = t >= d.s[j] ? t - d.s[j] : 0.0;
    }
  }
  if (K > 0) D.rightCols(K) = d.X;
  const Eigen::Map<const Vec> y(d.y.data(), T);
  const Mat G = D.transpose() * D;
  const Vec by = D.transpose() * y;
  std::vector<uint8_t> pen(P, 0);
  Vec ridge = Vec::Zero(P);
  ridge[0] = 1.0 / 25.0;
  ridge[1] = 1.0 / 25.0;
  for (int j = 0; j < S; ++j) pen[2 + j] = 1;
  for (int q = 0; q < K; ++q) ridge[2 + S + q] = 1.0 / (d.sigmas[q] * d.sigmas[q]);
  Vec th(P);
  th[0] = x0[0];
  th[1] = x0[1];
  for (int j = 0; j < S; ++j) th[2 + j] = x0[2 + j];
  for (int q = 0; q < K; ++q) th[2 + S + q] = x0[3 + S + q];
  if (flat) {
    th[0] = 0;
    for (int j = 0; j < S; ++j) th[2 + j] = 0;
  }
  double s2 = std::exp(2 * x0[2 + S]);
  double f_prev = INFINITY;
  std::vector<double> x(x0.size());
  const int max_outer = std::min(o.max_iterations, 500);
  int outer = 0;
  for (; outer < max_outer; ++outer) {
    // theta | sigma: (G + s2 * ridge) th - by + (s2 / tau) * dsign = 0.
    Mat H = G;
    H.diagonal() += s2 * ridge;
    if (flat) {
      for (int j = 0; j < S; ++j) H(2 + j, 2 + j) += 1.0;  // decoupled; stays at 0
      H(0, 0) += 1.0;
    }
    FeatureSign fs(H, by, pen, s2 / d.tau);
    if (!fs.Solve(&th, 8 * P + 50)) {
      res.termination = Termination::kLineSearchFailed;
      res.note = "exact solver: feature-sign search did not converge";
      return res;
    }
    // sigma | theta: 4 s^2 + T = rss / s2, i.e. 4 s2^2 + T s2 - rss = 0 (rss from residuals,
    // not the Gram expansion, to avoid cancellation).
    const double rss = (y - D * th).squaredNorm();
    s2 = (-T + std::sqrt(static_cast<double>(T) * T + 16.0 * rss)) / 8.0;
    if (!(s2 > 0) || !std::isfinite(s2)) {
      res.termination = Termination::kLineSearchFailed;
      res.note = "exact solver: sigma collapsed (perfect fit)";
      return res;
    }
    x[0] = th[0];
    x[1] = th[1];
    for (int j = 0; j < S; ++j) x[2 + j] = th[2 + j];
    x[2 + S] = 0.5 * std::log(s2);
    for (int q = 0; q < K; ++q) x[3 + S + q] = th[2 + S + q];
    double f;
    ++res.evaluations;
    if (!obj.Value(x.data(), &f)) {
      res.termination = Termination::kLineSearchFailed;
      res.note = "exact solver: non-finite objective";
      return res;
    }
    const bool done = std::fabs(f_prev - f) <= 1e-13 * std::max(1.0, std::fabs(f));
    f_prev = f;
    res.x = x;
    res.f = f;
    if (done) {
      ++outer;
      break;
    }
  }
  res.iterations = outer;
  res.termination =
      outer >= max_outer ? Termination::kMaxIterations : Termination::kConvergedRelObjective;
  return res;
}

}  // namespace tradelet::forecast::internal
