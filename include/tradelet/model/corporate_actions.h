// The bars of a series that carry a corporate action: a dividend other than 0 or a split other
// than 1 (NaN included). The simulated broker scans a symbol's columns at its first holding,
// the kernel's preparer (StepActions) scans them ahead of the account; both go through this, so
// they agree bar for bar.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tradelet {

// Calls take(bar, dividend, split) for every bar in [from, to) with an action, in ascending
// order. `dividend` or `split` may be null: the series has no such column (all 0, all 1).
template <typename Take>
void ForEachCorporateAction(const double* dividend, const double* split, size_t from, size_t to,
                            Take&& take) {
  if (!dividend && !split) return;
  auto visit = [&](size_t b) {
    const double d = dividend ? dividend[b] : 0, r = split ? split[b] : 1.0;
    if (d != 0 || r != 1.0) take(b, d, r);
  };
  // Mostly neutral cells: blocks are tested on the bits without branches (a dividend is
  // anything but +-0, a split anything but the bits of 1.0, NaN included: the same bars as
  // visit()'s test), then the bars of a block that has something are visited.
  constexpr size_t kBlock = 16;
  constexpr uint64_t kOne = 0x3FF0000000000000;  // the bits of 1.0
  size_t b = from;
  for (; b + kBlock <= to; b += kBlock) {
    uint64_t any = 0;
    for (size_t j = b; j < b + kBlock; ++j) {
      uint64_t d = 0, r = kOne;
      if (dividend) std::memcpy(&d, dividend + j, 8);
      if (split) std::memcpy(&r, split + j, 8);
      any |= (d << 1) | (r ^ kOne);
    }
    if (any) {
      for (size_t j = b; j < b + kBlock; ++j) visit(j);
    }
  }
  for (; b < to; ++b) visit(b);
}

}  // namespace tradelet
