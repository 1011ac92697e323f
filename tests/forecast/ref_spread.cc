// Not a test: how far the default (`auto`, Stan's L-BFGS as Prophet runs it) stop moves when the
// input changes by rounding. For each case and k = 0..N it multiplies the first observed y by
// (1 + k * DBL_EPSILON) (a change of ~k ulps), fits, predicts as prophet_ref_test does, and prints
// the largest trend/yhat distance from R's stored forecast as a fraction of the series' range.
// tests/forecast/r_spread.R does the same to R prophet, so the two spreads can be compared
// (docs/forecaster.md, "Agreement with R prophet").
//   build/release/tests/forecast/forecast_ref_spread N [case ...]
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ref_case.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::forecast {
namespace {

int Run(int n, const std::vector<std::string>& cases) {
  const auto dir = ::tradelet::testing::SharedPath("prophet-ref");
  if (!dir) {
    std::fprintf(stderr, "shared data absent: %s/prophet-ref\n",
                 ::tradelet::testing::SharedRoot().c_str());
    return 1;
  }
  for (const std::string& name : cases) {
    auto loaded = testing::LoadRefCase(*dir, name);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return 1;
    }
    const testing::RefCase& c = *loaded;
    double ymin = INFINITY, ymax = -INFINITY;
    size_t first = c.input.y.size();
    for (size_t i = 0; i < c.input.y.size(); ++i) {
      if (std::isnan(c.input.y[i])) continue;
      first = std::min(first, i);
      ymin = std::min(ymin, c.input.y[i]);
      ymax = std::max(ymax, c.input.y[i]);
    }
    const double range = ymax - ymin;
    const auto& r_trend = *c.reference.Column("trend");
    const auto& r_yhat = *c.reference.Column("yhat");
    for (int k = 0; k <= n; ++k) {
      Frame input = c.input;
      input.y[first] *= 1.0 + k * DBL_EPSILON;
      ProphetOptions o = c.options;
      o.uncertainty_samples = 0;
      Prophet model(o);
      auto fit = model.Fit(input);
      if (!fit.ok()) {
        std::fprintf(stderr, "%s k=%d: %s\n", name.c_str(), k, fit.status().ToString().c_str());
        return 1;
      }
      auto future = testing::FutureFrame(model, c);
      auto fc = future.ok() ? model.Predict(*future) : Result<Forecast>(future.status());
      if (!fc.ok() || fc->ds != c.reference.ds) {
        std::fprintf(stderr, "%s k=%d: prediction failed or dates differ from R's\n", name.c_str(),
                     k);
        return 1;
      }
      double trend_max = 0, yhat_max = 0;
      for (size_t i = 0; i < fc->ds.size(); ++i) {
        trend_max = std::max(trend_max, std::fabs(fc->Get("trend")[i] - r_trend[i]) / range);
        yhat_max = std::max(yhat_max, std::fabs(fc->Get("yhat")[i] - r_yhat[i]) / range);
      }
      std::printf("SPREAD %-20s k=%2d iters=%5d term=%-24s trend_max=%.3e yhat_max=%.3e f=%.6f\n",
                  name.c_str(), k, fit->iterations,
                  std::string(TerminationName(fit->termination)).c_str(), trend_max, yhat_max,
                  fit->objective);
    }
  }
  return 0;
}

}  // namespace
}  // namespace tradelet::forecast

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 7;
  std::vector<std::string> cases(argv + std::min(argc, 2), argv + argc);
  if (cases.empty()) {
    cases.assign(std::begin(tradelet::forecast::testing::kRefCases),
                 std::end(tradelet::forecast::testing::kRefCases));
  }
  return tradelet::forecast::Run(n, cases);
}
