// HistoricalFeed: the DataFeed port over in-memory columnar series (many symbols, any bar
// size). Steps are the distinct bar start times across all symbols, ascending; each step
// carries every symbol that has a bar starting then. Bars before `from` are history from the
// start (warm-up for indicators) and are never traded on; bars after `to` are never reached.
#pragma once

#include <vector>

#include "tradelet/engine/ports.h"

namespace tradelet {

class HistoricalFeed final : public DataFeed {
 public:
  // REQUIRES: every series passes CheckShape and outlives the feed.
  explicit HistoricalFeed(std::vector<const BarSeries*> series,
                          Timestamp from = Timestamp::Min(), Timestamp to = Timestamp::Max());

  const std::vector<const BarSeries*>& series() const override { return series_; }
  bool Next(MarketStep* step) override;
  void Reveal(const MarketStep& step) override;
  const std::vector<uint32_t>& visible() const override { return visible_; }

 private:
  std::vector<const BarSeries*> series_;
  std::vector<uint32_t> cursor_;   // next unrevealed bar
  std::vector<uint32_t> end_;      // one past the last bar to deliver
  std::vector<uint32_t> visible_;  // == cursor_ after Reveal
  std::vector<uint32_t> active_;   // symbols with bars left
  // Start time of each symbol's next bar (INT64_MAX when done), contiguous so the scan for the
  // next step streams through one small array instead of chasing pointers.
  std::vector<int64_t> next_time_;
};

}  // namespace tradelet
