#include "step_actions.h"

#include <algorithm>

#include "tradelet/model/corporate_actions.h"

namespace tradelet::kernel_internal {
namespace {

// Bars scanned in one go, each read once: long stretches stream from memory at the hardware
// prefetcher's pace, where short windows (64 bars, looked at again when reached) measured ~4x
// slower: each started on cold lines, two columns at a time over hundreds of symbols.
constexpr uint32_t kStretch = 1024;
constexpr uint32_t kFirst = 64;

}  // namespace

StepActions::StepActions(const std::vector<const BarSeries*>& series)
    : symbols_(series.size()), next_(series.size(), 0) {
  for (size_t i = 0; i < series.size(); ++i) {
    const BarSeries& s = *series[i];
    Symbol& y = symbols_[i];
    y.dividend = s.dividend.empty() ? nullptr : s.dividend.data();
    y.split = s.split.empty() ? nullptr : s.split.data();
    y.size = static_cast<uint32_t>(s.size());
    // A series without either column has no actions: never look.
    if (!y.dividend && !y.split) next_[i] = UINT32_MAX;
  }
}

void StepActions::List(MarketStep* step) {
  step->actions.clear();
  step->actions_listed = true;
  const uint32_t* syms = step->symbols.data();
  const uint32_t* bars = step->bar_index.data();
  for (size_t k = 0, n = step->symbols.size(); k < n; ++k) {
    if (bars[k] >= next_[syms[k]]) [[unlikely]] {
      Advance(syms[k], bars[k], step);
    }
  }
}

void StepActions::Advance(uint32_t s, uint32_t bar, MarketStep* step) {
  Symbol& y = symbols_[s];
  // Actions at bars the feed skipped are passed (the broker applies one only at its own bar).
  while (y.next < y.found.size() && y.found[y.next].bar < bar) ++y.next;
  if (y.next == y.found.size() && y.scanned <= bar) Scan(y, s, bar);
  if (y.next < y.found.size() && y.found[y.next].bar == bar)
    step->actions.push_back(y.found[y.next++]);
  next_[s] = y.next < y.found.size() ? y.found[y.next].bar
             : y.scanned >= y.size   ? UINT32_MAX
                                     : y.scanned;
}

void StepActions::Scan(Symbol& y, uint32_t s, uint32_t from) {
  y.found.clear();
  y.next = 0;
  // A symbol's first stretch is shorter, and of one of 16 lengths by symbol: every symbol starts
  // on the first step, and stretches of one length would come due on the same steps (8 MB of
  // columns at once on 500 symbols, a stall of the preparer the slots do not cover).
  const uint32_t len = y.scanned == 0 ? kFirst * (1 + s % 16) : kStretch;
  const uint32_t to = static_cast<uint32_t>(std::min<uint64_t>(y.size, uint64_t{from} + len));
  y.scanned = to;
  ForEachCorporateAction(y.dividend, y.split, from, to, [&](size_t b, double d, double r) {
    y.found.push_back({s, static_cast<uint32_t>(b), d, r});
  });
}

}  // namespace tradelet::kernel_internal
