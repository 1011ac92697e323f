// Fits a small daily series with an installed tradelet (tradelet::forecast) and checks the
// forecast against the function that generated the series. Exit 0 when it agrees.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "tradelet/forecast/prophet.h"

namespace fc = tradelet::forecast;

// A linear trend plus a weekly cycle, with a small deterministic wiggle as noise.
static double Truth(int day) {
  return 50.0 + 0.2 * day + 3.0 * std::sin(2 * std::numbers::pi * day / 7.0);
}

int main() {
  constexpr int kDays = 140, kAhead = 14;
  const auto t0 = tradelet::Timestamp::FromUnixSeconds(1'704'067'200);  // 2024-01-01 UTC
  std::vector<tradelet::Timestamp> ds;
  std::vector<double> y;
  for (int d = 0; d < kDays; ++d) {
    ds.push_back(t0 + std::chrono::hours(24 * d));
    y.push_back(Truth(d) + 0.1 * std::sin(1.7 * d));
  }
  fc::ProphetOptions options;
  options.yearly_seasonality.kind = fc::SeasonalityToggle::Kind::kOff;
  options.daily_seasonality.kind = fc::SeasonalityToggle::Kind::kOff;
  options.uncertainty_samples = 0;
  auto freq = fc::Frequency::Parse("day");
  if (!freq.ok()) return std::printf("Frequency::Parse: %s\n", freq.status().ToString().c_str()), 1;
  auto result = fc::FitAndForecast(ds, y, kAhead, *freq, options);
  if (!result.ok())
    return std::printf("FitAndForecast: %s\n", result.status().ToString().c_str()), 1;
  if (result->yhat.size() != kAhead || result->summary.rows != kDays) {
    std::printf("expected %d forecasts from %d rows, got %zu from %d\n", kAhead, kDays,
                result->yhat.size(), result->summary.rows);
    return 1;
  }
  double worst = 0;
  for (int i = 0; i < kAhead; ++i)
    worst = std::max(worst, std::fabs(result->yhat[i] - Truth(kDays + i)));
  std::printf("fitted %d rows; %d-day forecast within %.3f of the truth\n", kDays, kAhead, worst);
  return worst < 0.1 ? 0 : 1;  // the noise is 0.1 at most; a fit gets ~0.01
}
