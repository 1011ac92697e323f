// Built-in strategies that prove the engine: buy-and-hold and an SMA crossover, both made of
// the five framework stages.
#pragma once

#include <memory>

#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/params.h"
#include "tradelet/strategy/sizing.h"

namespace tradelet {

// Buys every symbol once, on its first bar, and holds. Options: sizing (default equal_weight
// with fraction 0.99 so commissions and the open-vs-close gap fit in cash).
struct BuyAndHoldOptions {
  SizingConfig sizing{SizingConfig::Mode::kEqualWeight, Decimal::FromInt(0), 0.99, true};
};
std::unique_ptr<FrameworkStrategy> MakeBuyAndHold(const BuyAndHoldOptions& options);
// Registered as "buy_and_hold".
Result<std::unique_ptr<Strategy>> MakeBuyAndHoldFromParams(const StrategyParams& p);

// Long when SMA(fast) crosses above SMA(slow), flat (or short with allow_short) when it crosses
// below. SMAs are incremental: O(1) per bar, computed from closes up to the current bar only.
// A cross is a change of sign of SMA(fast) - SMA(slow) between two consecutive bars, both with
// at least `slow` bars of history (like backtrader's CrossOver indicator).
struct SmaCrossoverOptions {
  int fast = 10;
  int slow = 30;
  bool allow_short = false;
  SizingConfig sizing;  // default: fixed 10 shares
};
std::unique_ptr<FrameworkStrategy> MakeSmaCrossover(const SmaCrossoverOptions& options);
// Registered as "sma_crossover".
Result<std::unique_ptr<Strategy>> MakeSmaCrossoverFromParams(const StrategyParams& p);

}  // namespace tradelet
