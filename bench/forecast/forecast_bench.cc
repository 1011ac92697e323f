// Forecaster speed against R prophet: fits and predicts (1000 uncertainty samples) every
// reference case in ../shared/prophet-ref and prints per-case times and the ratio to R.
// R is measured in the same run when Rscript with prophet is installed (bench/forecast/
// r_anchor.R); otherwise the ratio uses timing_s from each reference.json.
//
//   build/release/bench/forecast_bench [--reps N] [--no-r] [--cases a,b]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ref_case.h"
#include "tradelet/forecast/prophet.h"

namespace tl = tradelet;
namespace fc = tradelet::forecast;

namespace {

// CPU time of this thread: the machine may be shared, and R's anchor is measured the same way.
double Now() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

bool HaveRProphet() {
  return std::system("Rscript -e 'suppressMessages(library(prophet))' >/dev/null 2>&1") == 0;
}

// Runs the R anchor; returns fit+predict seconds or a negative value on failure.
double RunR(const std::string& dir, const std::string& name, double* fit_s, double* pred_s) {
  const std::string cmd = "TZ=UTC Rscript " TRADELET_SOURCE_DIR "/bench/forecast/r_anchor.R " +
                          dir + " " + name + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) return -1;
  char line[256];
  while (fgets(line, sizeof(line), p.get())) {
    if (std::sscanf(line, "fit_s=%lf predict_s=%lf", fit_s, pred_s) == 2) return *fit_s + *pred_s;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 20;
  bool use_r = true;
  std::string only, algorithm = "both";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--no-r") use_r = false;
    else if (a == "--algorithm" && i + 1 < argc) algorithm = argv[++i];
    else if (a == "--cases" && i + 1 < argc) only = argv[++i];
    else {
      std::fprintf(stderr, "usage: forecast_bench [--reps N] [--no-r] [--cases a,b] [--algorithm both|auto|exact]\n");
      return 2;
    }
  }
  const char* env = std::getenv("TRADELET_SHARED");
  const std::string dir = std::string(env ? env : TRADELET_SHARED_DIR) + "/prophet-ref";
  const bool r_live = use_r && HaveRProphet();
  std::printf("forecaster (algorithm %s) vs R prophet (%s); fit+predict with 1000 uncertainty "
              "samples, CPU time, best of %d\n", algorithm.c_str(),
              r_live ? "R measured in this run" : "R from reference.json timing_s", reps);
  std::printf("%-20s %-6s %7s %4s %6s %10s %10s %10s %12s %10s %9s\n", "case", "algo", "rows", "K", "iters",
              "fit_ms", "predict_ms", "total_ms", "R_total_ms", "ratio", "X_MiB");
  std::map<std::string, std::vector<double>> ratios;
  std::vector<std::string> algorithms = {"auto", "exact"};
  if (algorithm != "both") algorithms = {algorithm};
  for (const char* name : fc::testing::kRefCases) {
    if (!only.empty() && ("," + only + ",").find("," + std::string(name) + ",") == std::string::npos) {
      continue;
    }
    auto c = fc::testing::LoadRefCase(dir, name);
    if (!c.ok()) {
      std::printf("%-20s skipped: %s\n", name, c.status().ToString().c_str());
      continue;
    }
    double r_fit = c->r_fit_s, r_pred = c->r_predict_s;
    if (r_live) {
      double f, p;
      if (RunR(dir, name, &f, &p) > 0) {
        r_fit = f;
        r_pred = p;
      }
    }
    const double theirs = r_fit + r_pred;
    for (const std::string& algo : algorithms) {
      double best_fit = 1e9, best_pred = 1e9;
      fc::FitSummary summary;
      size_t rows = 0;
      for (int r = 0; r < reps; ++r) {
        fc::ProphetOptions opts = c->options;
        opts.optimizer.algorithm = *fc::ParseAlgorithm(algo);
        fc::Prophet model(opts);
        const double t0 = Now();
        auto s = model.Fit(c->input);
        const double t1 = Now();
        if (!s.ok()) {
          std::printf("%-20s fit failed: %s\n", name, s.status().ToString().c_str());
          return 1;
        }
        auto fut = fc::testing::FutureFrame(model, *c);
        const double t2 = Now();
        auto out = model.Predict(*fut);
        const double t3 = Now();
        if (!out.ok()) return 1;
        best_fit = std::min(best_fit, t1 - t0);
        best_pred = std::min(best_pred, t3 - t2);
        summary = *s;
        rows = out->ds.size();
      }
      const double ours = best_fit + best_pred;
      const double ratio = theirs / ours;
      ratios[algo].push_back(ratio);
      const double x_mib = static_cast<double>(rows) * summary.features * 8.0 / (1 << 20);
      std::printf("%-20s %-6s %7zu %4d %6d %10.3f %10.3f %10.3f %12.1f %9.0fx %9.2f\n", name,
                  algo.c_str(), rows, summary.features, summary.iterations, best_fit * 1e3,
                  best_pred * 1e3, ours * 1e3, theirs * 1e3, ratio, x_mib);
      std::fflush(stdout);
    }
  }
  for (auto& [algo, rs] : ratios) {
    std::sort(rs.begin(), rs.end());
    const size_t n = rs.size();
    const double median = n % 2 ? rs[n / 2] : 0.5 * (rs[n / 2 - 1] + rs[n / 2]);
    std::printf("median ratio to R prophet, algorithm %s: %.0fx (target >= 300x)\n", algo.c_str(),
                median);
  }
  return 0;
}
