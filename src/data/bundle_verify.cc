// The checksums of a bundle's ahead columns and price blocks, and BundleVerifier: the price
// blocks checked on a thread of their own, oldest first, while a backtest runs on the bars
// already verified (layout in tradelet/data/bundle.h).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bundle_format.h"
#include "tradelet/base/thread_name.h"

namespace tradelet::data {
namespace bundle_internal {

uint64_t AheadChecksum(const uint8_t* series, uint64_t bars, uint8_t mask, bool* times_ascending) {
  const ColumnPlan plan = PlanColumns(mask);
  // The times come first (column 0): checked for order in the pass that checksums them.
  uint64_t h = FoldChecksum(0, TimesChecksum({series, bars * 8}, times_ascending));
  for (size_t k = 1; k < plan.ahead_count; ++k) {
    h = FoldChecksum(h, ColumnChecksum(series + plan.ahead[k] * bars * 8, bars));
  }
  return h;
}

void PrefetchBlock(const uint8_t* series, uint64_t bars, uint8_t mask, uint64_t first,
                   uint64_t count) {
  const ColumnPlan plan = PlanColumns(mask);
  for (size_t k = 0; k < plan.price_count; ++k) {
    const uint8_t* p = series + (plan.price[k] * bars + first) * 8;
    for (uint64_t i = 0; i < count * 8; i += 64) __builtin_prefetch(p + i);
  }
}

uint64_t BlockChecksum(const uint8_t* series, uint64_t bars, uint8_t mask, uint64_t first,
                       uint64_t count) {
  const ColumnPlan plan = PlanColumns(mask);
  uint64_t h = 0;
  for (size_t k = 0; k < plan.price_count; ++k) {
    h = FoldChecksum(h, ColumnChecksum(series + (plan.price[k] * bars + first) * 8, count));
  }
  return h;
}

bool BlocksMatch(const uint8_t* series, uint64_t bars, uint8_t mask, uint32_t block_bars,
                 uint64_t blocks, const uint64_t* expected) {
  // Block by block, every block read a slice of each price column (1 KB of each of 5-6
  // columns ~38 KB apart for 128 daily bars): the hardware prefetchers did not keep up, and
  // verifying a 173 MB bundle took ~21 ms on one core against ~6.7 ms for one checksum over
  // all its bytes. Here the blocks' column checksums are taken a run of blocks at a time, each
  // column's run in one sweep, then folded per block in the same (payload) order, so the
  // values are BlockChecksum's. The run fits on the stack (no heap on a loading thread).
  constexpr uint64_t kRun = 64;
  const ColumnPlan plan = PlanColumns(mask);
  uint64_t column[kRun][6];
  for (uint64_t b0 = 0; b0 < blocks; b0 += kRun) {
    const uint64_t run = std::min(kRun, blocks - b0);
    for (size_t k = 0; k < plan.price_count; ++k) {
      const uint8_t* col = series + plan.price[k] * bars * 8;
      for (uint64_t j = 0; j < run; ++j) {
        const uint64_t first = (b0 + j) * block_bars;
        const uint64_t count = std::min<uint64_t>(block_bars, bars - first);
        column[j][k] = ColumnChecksum(col + first * 8, count);
      }
    }
    for (uint64_t j = 0; j < run; ++j) {
      uint64_t h = 0;
      for (size_t k = 0; k < plan.price_count; ++k) h = FoldChecksum(h, column[j][k]);
      if (h != expected[b0 + j]) return false;
    }
  }
  return true;
}

ColumnPlan PlanColumns(uint8_t mask) {
  // Payload order: time_ns, open, high, low, close, volume, [adj_close], [dividend], [split].
  ColumnPlan p;
  p.ahead[p.ahead_count++] = 0;
  for (uint8_t c = 1; c <= 5; ++c) p.price[p.price_count++] = c;
  uint8_t next = 6;
  if (mask & kAdjClose) p.price[p.price_count++] = next++;
  if (mask & kDividend) p.ahead[p.ahead_count++] = next++;
  if (mask & kSplit) p.ahead[p.ahead_count++] = next++;
  return p;
}

}  // namespace bundle_internal

struct BundleVerifier::State {
  std::function<std::vector<Block>()> heads;
  std::function<bool(const Block&, Block*)> after;
  std::function<bool(const Block&, const Block*)> check;
  std::function<Status(uint32_t)> error;
  std::atomic<int64_t> watermark{INT64_MIN};
  // What a waiter waits for (INT64_MAX: nobody waits): the verifier wakes it only when the
  // watermark reaches it, not at every block.
  std::atomic<int64_t> wanted{INT64_MAX};
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;  // guarded by mu
  Status failed;      // guarded by mu: the first corrupt block's error
  std::thread thread;

  // Both sides use sequentially consistent order: either the verifier sees `wanted` (and
  // takes the lock, so it cannot notify between the waiter's check and its wait), or the
  // waiter sees the new watermark.
  void Publish(int64_t w) {
    watermark.store(w);
    if (w >= wanted.load()) {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    }
  }
  void Finish(int64_t w, Status st) {
    {
      std::lock_guard<std::mutex> lock(mu);
      watermark.store(w);
      done = true;
      failed = std::move(st);
    }
    cv.notify_all();
  }

  // Later first, so that std::*_heap keep the earliest block at the front. The order is total
  // (a series' blocks have distinct start times): the blocks go by start time, then series.
  static bool Later(const Block& a, const Block& b) {
    return a.first_ns != b.first_ns
               ? a.first_ns > b.first_ns
               : (a.series != b.series ? a.series > b.series : a.index > b.index);
  }

  void Work() {
    // One block per series in the heap: the earliest block left is at its front, and the
    // watermark (the first bar time of the next block to check) rises as early as it can.
    std::vector<Block> heap = heads();
    std::make_heap(heap.begin(), heap.end(), Later);
    while (!heap.empty()) {
      if (stop.load(std::memory_order_relaxed)) {
        return Finish(watermark.load(),
                      Status(StatusCode::kAborted, "bundle verification stopped"));
      }
      std::pop_heap(heap.begin(), heap.end(), Later);
      const Block b = heap.back();
      heap.pop_back();
      Block next;
      if (after(b, &next)) {
        heap.push_back(next);
        std::push_heap(heap.begin(), heap.end(), Later);
      }
      if (!check(b, heap.empty() ? nullptr : &heap.front())) {
        // Bars before this block's first one are verified; nothing at or after it is.
        return Finish(b.first_ns, error(b.series));
      }
      // Every bar before the next block's first bar lies in a block checked by now: a block
      // holding such a bar starts no later than it, so it came off the heap earlier.
      const int64_t w = heap.empty() ? INT64_MAX : heap.front().first_ns;
      if (w != watermark.load(std::memory_order_relaxed)) Publish(w);
    }
    Finish(INT64_MAX, Status::Ok());
  }
};

BundleVerifier::BundleVerifier(int64_t verified_before, std::function<std::vector<Block>()> heads,
                               std::function<bool(const Block&, Block*)> after,
                               std::function<bool(const Block&, const Block*)> check,
                               std::function<Status(uint32_t)> error)
    : state_(std::make_unique<State>()) {
  state_->heads = std::move(heads);
  state_->after = std::move(after);
  state_->check = std::move(check);
  state_->error = std::move(error);
  state_->watermark.store(verified_before);
  State* s = state_.get();
  state_->thread = std::thread([s] {
    NameThisThread("tl-verify");
    s->Work();
  });
}

BundleVerifier::~BundleVerifier() {
  state_->stop.store(true, std::memory_order_relaxed);
  if (state_->thread.joinable()) state_->thread.join();
}

int64_t BundleVerifier::watermark() const {
  return state_->watermark.load(std::memory_order_acquire);
}

Status BundleVerifier::WaitBefore(int64_t t_ns) {
  State& s = *state_;
  if (t_ns < INT64_MAX && t_ns <= s.watermark.load(std::memory_order_acquire)) return Status::Ok();
  std::unique_lock<std::mutex> lock(s.mu);
  auto reached = [&] { return t_ns < INT64_MAX && t_ns <= s.watermark.load(); };
  s.wanted.store(t_ns);
  s.cv.wait(lock, [&] { return s.done || reached(); });
  s.wanted.store(INT64_MAX);
  // Bars before a corrupt block's first bar were verified: a wait for those still succeeds.
  if (reached() || (s.done && s.failed.ok())) return Status::Ok();
  return s.failed;
}

Status BundleVerifier::WaitAll() {
  State& s = *state_;
  std::unique_lock<std::mutex> lock(s.mu);
  s.cv.wait(lock, [&] { return s.done; });
  return s.failed;
}

}  // namespace tradelet::data
