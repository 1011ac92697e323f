// The kernel tests' markets are vectors of series; the feed takes pointers to them.
#pragma once

#include <vector>

#include "tradelet/model/bar_series.h"

namespace tradelet::engine_test {

inline std::vector<const BarSeries*> Ptrs(const std::vector<BarSeries>& v) {
  std::vector<const BarSeries*> p;
  p.reserve(v.size());
  for (const auto& s : v) p.push_back(&s);
  return p;
}

}  // namespace tradelet::engine_test
