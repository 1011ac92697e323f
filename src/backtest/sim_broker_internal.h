// Small helpers shared by the simulated broker's source files (sim_broker*.cc).
#pragma once

#include <cstdint>

#include "tradelet/model/decimal.h"

namespace tradelet::sim_internal {

inline constexpr int64_t kNanosPerDay = 86'400'000'000'000;

inline bool IsWhole(Quantity q) { return q == q.Truncate(); }

}  // namespace tradelet::sim_internal
