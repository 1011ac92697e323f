// `exact` reaches the best optimum on models that are not convex (multiplicative features,
// holidays, regressors): Prophet's own test `seasonality_modes` (python/prophet/tests,
// data.csv), where Stan's L-BFGS and Stan's Newton, both from Prophet's start, stop in
// different optima. exact must not be worse than either.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tradelet/forecast/prophet.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::forecast {
namespace {

ProphetOptions SeasonalityModesOptions(Algorithm algorithm) {
  ProphetOptions o;
  o.seasonality_mode = Mode::kMultiplicative;
  o.holidays.push_back({"xmas", CivilDate{2016, 12, 25}, -1, 0, std::nullopt});
  SeasonalitySpec monthly;
  monthly.name = "monthly";
  monthly.period_days = 30;
  monthly.fourier_order = 3;
  monthly.mode = Mode::kAdditive;
  o.seasonalities.push_back(monthly);
  RegressorSpec binary;
  binary.name = "binary_feature";
  binary.mode = Mode::kAdditive;
  o.regressors.push_back(binary);
  RegressorSpec numeric;
  numeric.name = "numeric_feature";
  o.regressors.push_back(numeric);
  o.uncertainty_samples = 0;
  o.optimizer.algorithm = algorithm;
  return o;
}

TEST(ProphetExactTest, SeasonalityModesExactIsNotWorseThanStansLbfgsOrNewton) {
  TL_REQUIRE_SHARED(path, "data/prophet/tests/data.csv");
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto frame = ParseFrameCsv(ss.str(), true, path);
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  ASSERT_EQ(frame->size(), 510u);
  std::vector<double> binary(510), numeric(510);
  for (int i = 0; i < 510; ++i) {
    binary[i] = i < 255 ? 0.0 : 1.0;
    numeric[i] = i;
  }
  frame->SetColumn("binary_feature", binary);
  frame->SetColumn("numeric_feature", numeric);

  double f[3];
  const Algorithm algos[3] = {Algorithm::kLbfgs, Algorithm::kNewton, Algorithm::kExact};
  for (int a = 0; a < 3; ++a) {
    Prophet m(SeasonalityModesOptions(algos[a]));
    auto s = m.Fit(*frame);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    f[a] = s->objective;
    std::printf("seasonality_modes %-6s -log posterior %.6f (%s, %d iterations)\n",
                std::string(AlgorithmName(algos[a])).c_str(), f[a], s->message.c_str(),
                s->iterations);
  }
  const double tol = 1e-9 * std::fabs(f[2]);
  EXPECT_LE(f[2], f[0] + tol) << "exact is worse than Stan's L-BFGS";
  EXPECT_LE(f[2], f[1] + tol) << "exact is worse than Stan's Newton from Prophet's start";
}

}  // namespace
}  // namespace tradelet::forecast
