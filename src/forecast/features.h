// Prophet's feature matrix: Fourier seasonalities, holiday windows and extra regressors.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "forecast/model_state.h"

namespace tradelet::forecast::internal {

// Builds the column layout (names, prior scales, modes, components) from the resolved
// seasonalities, holidays and regressors. Errors: inconsistent holiday prior scales.
Result<FeatureLayout> BuildLayout(const Prophet::State& st, const ProphetOptions& options);

// Fills X (rows x K) for a prepared frame: `frame` has standardized regressor columns and
// condition columns already validated.
void BuildFeatures(const Prophet::State& st, const Frame& frame, Eigen::MatrixXd* X);

// Fourier terms of one seasonality for absolute days since the epoch: columns 2n-2, 2n-1 of
// `out` (starting at `col`) are sin(2 pi n t / period), cos(2 pi n t / period), n = 1..order.
void FourierColumns(const std::vector<Timestamp>& ds, double period_days, int order, int col,
                    Eigen::MatrixXd* out);

}  // namespace tradelet::forecast::internal
