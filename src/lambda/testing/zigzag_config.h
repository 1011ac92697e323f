// The live strategy config that the packaged-function tests and the Lambda benchmark deploy:
// sma_crossover(1, 2) on AAA and BBB, 10 shares, against a paper exchange replaying the zigzag
// bars of tests/live/e2e_fixture.h (every slot wants a trade in each symbol). clock = "broker":
// the replaying exchange tells the time, so a 2024 slot is "now" for the job (docs/live.md).
#pragma once

namespace tradelet::lambda::testing {

inline constexpr char kZigzagLiveConfig[] = R"(name = "zz"
[live]
strategy_id = "zz"
symbols = ["AAA", "BBB"]
timeframe = "15Min"
lookback = "3d"
max_staleness = "5m"
clock = "broker"
[strategy]
name = "sma_crossover"
fast = 1
slow = 2
qty = 10
)";

}  // namespace tradelet::lambda::testing
