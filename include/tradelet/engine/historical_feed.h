// HistoricalFeed: the DataFeed port over in-memory columnar series (many symbols, any bar
// size). Steps are the distinct bar CLOSE times (bar start + that series' own interval) across
// all symbols, ascending; each step carries every symbol whose bar closes then, and its
// decision_time is that close. A bar is revealed when its own interval has closed, whatever the
// other series hold: one 5-minute series in a 1-minute feed delays nothing. Bars before `from`
// are history (warm-up for indicators), never traded on; bars after `to` are never reached.
//
// Layout: the longest series is the master timeline; every series with the same bar size whose
// bars in the run are one contiguous stretch of it (daily data of one exchange, mostly) is
// "aligned": its step and bar index follow from the master's position, so stepping through
// hundreds of aligned symbols touches none of their time columns. The rest (gaps, other bar
// sizes, other calendars) step by their own times. Both give the same steps.
#pragma once

#include <cstdint>
#include <vector>

#include "tradelet/engine/ports.h"

namespace tradelet {

class HistoricalFeed final : public DataFeed {
 public:
  // REQUIRES: every series passes BarSeries::CheckColumns and outlives the feed. The bar times'
  // order is checked here (times_increasing()).
  explicit HistoricalFeed(std::vector<const BarSeries*> series, Timestamp from = Timestamp::Min(),
                          Timestamp to = Timestamp::Max());

  const std::vector<const BarSeries*>& series() const override { return series_; }
  bool Next(MarketStep* step) override;
  void Reveal(const MarketStep& step) override;
  const std::vector<uint32_t>& visible() const override { return visible_; }
  // False if some series' bar times do not strictly increase (BarSeries::CheckShape names
  // it); the steps are then meaningless.
  bool times_increasing() const { return times_ok_; }

 private:
  void Layout(Timestamp from, Timestamp to);
  void ApplyAlignedChanges();
  void CollectGeneral(int64_t t, MarketStep* step) const;

  std::vector<const BarSeries*> series_;
  std::vector<uint32_t> end_;         // one past the last bar to deliver
  std::vector<uint32_t> visible_;     // next unrevealed bar == bars that are history
  std::vector<const double*> close_;  // for prefetching the bars the broker reads next
  int64_t finest_ns_ = INT64_MAX;     // the shortest bar length in the feed
  bool times_ok_ = true;

  // Aligned symbols: bars [first, end) are master bars [k0, k0 + end - first).
  const int64_t* master_ = nullptr;  // bar start times of the master's run
  uint32_t master_len_ = 0;
  int64_t master_ns_ = 0;  // the master's bar length
  uint32_t km_ = 0;        // next master bar to deliver
  bool step_is_master_ = false;
  std::vector<uint8_t> aligned_;   // per symbol
  std::vector<uint32_t> k0_, k1_;  // per aligned symbol: master bars [k0, k1)
  // Aligned symbols by the master bar where they start / stop, and the next of each to apply.
  std::vector<uint32_t> starts_, stops_;
  size_t next_start_ = 0, next_stop_ = 0;
  // Aligned symbols active at km_ (ascending) and their bar index there (parallel).
  std::vector<uint32_t> aligned_now_, aligned_idx_;

  // Other symbols: those with bars left (ascending), their bar length and next bar's close
  // time (INT64_MAX when done).
  std::vector<uint32_t> general_;
  std::vector<int64_t> interval_ns_;
  std::vector<int64_t> next_close_;
};

}  // namespace tradelet
