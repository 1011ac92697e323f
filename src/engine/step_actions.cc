#include "step_actions.h"

#include <algorithm>
#include <cstring>

namespace tradelet::kernel_internal {
namespace {

// Bars looked at ahead in one go. Actions are rare (a dividend a quarter), so most looks run
// the whole window; short enough that a look does not stall the step it runs in.
constexpr uint32_t kWindow = 64;
constexpr uint64_t kOne = 0x3FF0000000000000;  // the bits of 1.0

}  // namespace

StepActions::StepActions(const std::vector<const BarSeries*>& series)
    : columns_(series.size()), next_(series.size(), 0) {
  for (size_t i = 0; i < series.size(); ++i) {
    const BarSeries& s = *series[i];
    columns_[i].dividend = s.dividend.empty() ? nullptr : s.dividend.data();
    columns_[i].split = s.split.empty() ? nullptr : s.split.data();
    columns_[i].size = static_cast<uint32_t>(s.size());
    // A series without either column has no actions: never look.
    if (!columns_[i].dividend && !columns_[i].split) next_[i] = UINT32_MAX;
  }
}

void StepActions::List(MarketStep* step) {
  step->actions.clear();
  step->actions_listed = true;
  const uint32_t* syms = step->symbols.data();
  const uint32_t* bars = step->bar_index.data();
  for (size_t k = 0, n = step->symbols.size(); k < n; ++k) {
    if (bars[k] >= next_[syms[k]]) [[unlikely]] {
      Look(syms[k], bars[k], step);
    }
  }
}

void StepActions::Look(uint32_t s, uint32_t bar, MarketStep* step) {
  const Columns& c = columns_[s];
  // The broker's test, exactly (ScanActions' take()).
  auto action = [&](uint32_t b) {
    const double d = c.dividend ? c.dividend[b] : 0, r = c.split ? c.split[b] : 1.0;
    return d != 0 || r != 1.0;
  };
  if (bar < c.size && action(bar)) {
    step->actions.push_back(
        {s, bar, c.dividend ? c.dividend[bar] : 0, c.split ? c.split[bar] : 1.0});
  }
  // A superset of action() on the bits, without branches (a dividend is anything but +-0, a
  // split anything but the bits of 1.0), then the exact test on the first hit.
  const uint32_t end =
      static_cast<uint32_t>(std::min<uint64_t>(c.size, uint64_t{bar} + 1 + kWindow));
  for (uint32_t b = bar + 1; b < end; ++b) {
    uint64_t d = 0, r = kOne;
    if (c.dividend) std::memcpy(&d, c.dividend + b, 8);
    if (c.split) std::memcpy(&r, c.split + b, 8);
    if (((d << 1) | (r ^ kOne)) != 0 && action(b)) {
      next_[s] = b;
      return;
    }
  }
  next_[s] = end >= c.size ? UINT32_MAX : end;
}

}  // namespace tradelet::kernel_internal
