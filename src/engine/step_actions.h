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
  // A symbol's columns and the actions found in the stretch scanned last.
  struct Symbol {
    const double* dividend = nullptr;  // null: no column (all 0)
    const double* split = nullptr;     // null: no column (all 1)
    uint32_t size = 0;
    uint32_t scanned = 0;                   // bars before it are scanned (or skipped)
    std::vector<MarketStep::Action> found;  // in [the stretch's start, scanned), ascending
    size_t next = 0;                        // first of `found` not yet at or passed
  };
  // Lists the action at `bar` of symbol `s` if any, scanning the next stretch of its columns
  // when `bar` reaches it, and sets next_[s].
  void Advance(uint32_t s, uint32_t bar, MarketStep* step);
  // Scans a stretch of `y`'s columns from `from` into y.found.
  static void Scan(Symbol& y, uint32_t s, uint32_t from);

  std::vector<Symbol> symbols_;
  // Per symbol, the first bar at which List must call Advance: its next found action, or the
  // end of what is scanned. One compare per bar on the common path.
  std::vector<uint32_t> next_;
};

}  // namespace tradelet::kernel_internal
