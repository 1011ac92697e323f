#include "tradelet/model/bar_series.h"

#include <algorithm>
#include <string>

namespace tradelet {

void BarSeries::Reserve(size_t n) {
  for (auto* c : {&open, &high, &low, &close, &volume}) c->reserve(n);
  time_ns.reserve(n);
}

void BarSeries::Append(const Bar& b) {
  time_ns.push_back(b.time.unix_nanos());
  open.push_back(b.open);
  high.push_back(b.high);
  low.push_back(b.low);
  close.push_back(b.close);
  volume.push_back(b.volume);
  if (!adj_close.empty()) adj_close.push_back(b.close);
  if (!dividend.empty()) dividend.push_back(0.0);
  if (!split.empty()) split.push_back(1.0);
}

Status BarSeries::CheckColumns() const {
  const size_t n = size();
  auto bad = [&](const char* col, size_t got) {
    return Internal(symbol + ": column '" + col + "' has " + std::to_string(got) +
                    " rows, time has " + std::to_string(n));
  };
  if (open.size() != n) return bad("open", open.size());
  if (high.size() != n) return bad("high", high.size());
  if (low.size() != n) return bad("low", low.size());
  if (close.size() != n) return bad("close", close.size());
  if (volume.size() != n) return bad("volume", volume.size());
  if (!adj_close.empty() && adj_close.size() != n) return bad("adj_close", adj_close.size());
  if (!dividend.empty() && dividend.size() != n) return bad("dividend", dividend.size());
  if (!split.empty() && split.size() != n) return bad("split", split.size());
  return Status::Ok();
}

Status BarSeries::CheckShape() const {
  TL_RETURN_IF_ERROR(CheckColumns());
  const size_t n = size();
  for (size_t i = 1; i < n; ++i) {
    if (time_ns[i] <= time_ns[i - 1]) {
      return InvalidArgument(symbol + ": bar " + std::to_string(i) + " at " +
                             FormatTimestamp(time(i)) + " is not after the bar before it");
    }
  }
  return Status::Ok();
}

size_t BarSeries::LowerBound(Timestamp t) const {
  return static_cast<size_t>(std::lower_bound(time_ns.begin(), time_ns.end(), t.unix_nanos()) -
                             time_ns.begin());
}

}  // namespace tradelet
