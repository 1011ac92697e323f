// The SMA(10/30) crossover every backtest benchmark runs, as the text of a config file (the
// end-to-end runs write it to disk; the phase breakdown parses it in process).
#pragma once

namespace tradelet::bench {

inline constexpr char kSmaConfig[] = R"([strategy]
name = "sma_crossover"
fast = 10
slow = 30
sizing = "fixed_qty"
qty = 10
[backtest]
initial_cash = 10000000
)";

}  // namespace tradelet::bench
