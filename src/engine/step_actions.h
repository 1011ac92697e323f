// StepActions: lists the corporate actions (dividends, splits) among a step's bars. It reads
// only bars, so the loop that prepares steps on a second thread runs it there and the broker
// on the account's thread only applies what it is handed (MarketStep::actions).
#pragma once

#include <cstdint>
#include <vector>

#include "tradelet/engine/ports.h"

namespace tradelet::kernel_internal {

class StepActions {
 public:
  explicit StepActions(const std::vector<const BarSeries*>& series);

  // Fills step->actions with the step's bars that carry an action, in the order of
  // step->symbols, and sets step->actions_listed. A bar has an action when its dividend is not
  // 0 or its split not 1 (NaN included; a missing column counts as 0 or 1), as the broker's
  // own scan decides. Each symbol's bars must come in ascending order (as a feed steps them).
  void List(MarketStep* step);

 private:
  // Looks at `bar` of symbol `s` and finds the next bar to look at again: its next action
  // within a window ahead, else the window's end.
  void Look(uint32_t s, uint32_t bar, MarketStep* step);

  struct Columns {
    const double* dividend = nullptr;  // null: no column (all 0)
    const double* split = nullptr;     // null: no column (all 1)
    uint32_t size = 0;
  };
  std::vector<Columns> columns_;
  // Per symbol, the first bar at which List must look again (everything before it, from the
  // last look, is known to have no action). One compare per bar on the common path.
  std::vector<uint32_t> next_;
};

}  // namespace tradelet::kernel_internal
