// HistoricalFeed: the DataFeed port over in-memory columnar series (many symbols, any bar
// size). Steps are the distinct bar CLOSE times (bar start + that series' own interval) across
// all symbols, ascending; each step carries every symbol whose bar closes then, and its
// decision_time is that close. A bar is revealed when its own interval has closed, whatever the
// other series hold: one 5-minute series in a 1-minute feed delays nothing. Bars before `from`
// are history (warm-up for indicators), never traded on; bars after `to` are never reached.
#pragma once

#include <cstdint>
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
  std::vector<int64_t> interval_ns_;  // each series' bar length
  int64_t finest_ns_ = INT64_MAX;      // the shortest bar length in the feed
  // Close time of each symbol's next bar (INT64_MAX when done), contiguous so the scan for the
  // next step streams through one small array instead of chasing pointers.
  std::vector<int64_t> next_close_;
};

}  // namespace tradelet
