#include "tradelet/engine/historical_feed.h"

#include <algorithm>
#include <cstdint>

namespace tradelet {

HistoricalFeed::HistoricalFeed(std::vector<const BarSeries*> series, Timestamp from, Timestamp to)
    : series_(std::move(series)) {
  const size_t n = series_.size();
  cursor_.resize(n);
  end_.resize(n);
  visible_.resize(n);
  interval_ns_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    const BarSeries& s = *series_[i];
    cursor_[i] = static_cast<uint32_t>(s.LowerBound(from));
    end_[i] =
        static_cast<uint32_t>(to == Timestamp::Max() ? s.size() : s.LowerBound(to + Duration(1)));
    if (end_[i] < cursor_[i]) end_[i] = cursor_[i];
    visible_[i] = cursor_[i];
    interval_ns_[i] = BarIntervalDuration(s.interval).count();
    finest_ns_ = std::min(finest_ns_, interval_ns_[i]);
    if (cursor_[i] < end_[i]) active_.push_back(i);
  }
  next_close_.assign(n, INT64_MAX);
  for (uint32_t i : active_) next_close_[i] = series_[i]->time_ns[cursor_[i]] + interval_ns_[i];
}

bool HistoricalFeed::Next(MarketStep* step) {
  step->symbols.clear();
  step->bar_index.clear();
  if (active_.empty()) return false;
  // The next step is the earliest bar CLOSE (start + the series' own interval): a 5-minute
  // series next to 1-minute ones neither delays their bars nor shows its own early.
  int64_t t = INT64_MAX;
  for (uint32_t s : active_) t = std::min(t, next_close_[s]);
  for (uint32_t s : active_) {
    if (next_close_[s] == t) {
      step->symbols.push_back(s);
      step->bar_index.push_back(cursor_[s]);
    }
  }
  // active_ stays sorted ascending, so step->symbols is ascending too.
  step->decision_time = Timestamp::FromUnixNanos(t);
  step->bar_start = Timestamp::FromUnixNanos(t - finest_ns_);
  return true;
}

void HistoricalFeed::Reveal(const MarketStep& step) {
  bool finished = false;
  for (size_t k = 0; k < step.symbols.size(); ++k) {
    const uint32_t s = step.symbols[k];
    cursor_[s] = step.bar_index[k] + 1;
    visible_[s] = cursor_[s];
    const bool done = cursor_[s] >= end_[s];
    next_close_[s] = done ? INT64_MAX : series_[s]->time_ns[cursor_[s]] + interval_ns_[s];
    // Bars are read one step at a time across hundreds of columns; hardware prefetchers do
    // not follow that many streams, so ask for the lines a few bars ahead.
    __builtin_prefetch(series_[s]->time_ns.data() + cursor_[s] + 16);
    __builtin_prefetch(series_[s]->close.data() + cursor_[s] + 16);
    finished |= done;
  }
  if (finished) {
    std::erase_if(active_, [&](uint32_t s) { return cursor_[s] >= end_[s]; });
  }
}

}  // namespace tradelet
