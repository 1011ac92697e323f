// The kernel loop with the data half of each step on a second thread. A backtest knows every
// bar in advance, and a strategy whose universe and alpha read only bars (can_prepare) can
// have them computed ahead of the account: this thread (the "preparer") takes each step from
// the feed, lists its corporate actions (step_actions.h: the broker applies them to holdings),
// reveals it, snapshots what is visible and runs Strategy::Prepare; the calling
// thread runs the account half (kernel_steps.h) on the prepared steps, in order. Decisions,
// orders and fills are those of the serial loop: every stage sees the same bars at the same
// step, and everything touching the account stays on one thread, in step order.
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "kernel_steps.h"
#include "step_actions.h"
#include "tradelet/base/thread_name.h"

namespace tradelet::kernel_internal {
namespace {

// Steps the preparer may run ahead. Enough to ride out a stall of the other thread (a thread
// sharing its core: the run heap's populator, a deferred bundle verifier) and small enough for the
// slots to stay in cache (a slot holds a step's symbols, bar indices, visible counts and insights:
// ~6 KB over 500 symbols).
constexpr uint64_t kSlots = 32;
constexpr uint64_t kDone = uint64_t{1} << 63;

// A step count one thread advances and the other waits on. libstdc++'s notify_one on a 64-bit
// atomic is a futex syscall every time (~0.4 us), and the preparer, the faster thread, mostly
// waits for a free slot: a wake-up per step cost the account thread ~2 ms a run and the
// preparer a context switch per step. So the waiter says which count it waits for, the
// advancing thread wakes it only on reaching it, and the preparer waits for half the slots to
// free up. Sequentially consistent, so either the waiter sees the new count or the advancing
// thread sees what it waits for.
//
// Waiting is a short spin, then a futex sleep: not std::atomic::wait, whose backoff calls
// sched_yield, which hands the core to any other runnable thread (the heap's populator, the
// report writer) for a whole time slice. With two threads per core that cost the account
// thread ~12 ms per run off its core and the preparer as much (perf sched_switch, 20 runs).
class Counter {
 public:
  uint64_t Load() const { return value_.load(std::memory_order_seq_cst); }
  void Store(uint64_t v) {
    value_.store(v, std::memory_order_seq_cst);
    if (v >= wanted_.load(std::memory_order_seq_cst)) Wake();
  }
  // Adds and wakes whatever the other thread waits for (the rare stop).
  void AddAndNotify(uint64_t n) {
    value_.fetch_add(n, std::memory_order_seq_cst);
    Wake();
  }
  // Blocks while the count is below `target` (or returns early: callers check again).
  void WaitFor(uint64_t target) {
    for (int i = 0; i < kSpins; ++i) {
      if (value_.load(std::memory_order_acquire) >= target) return;
      CpuRelax();
    }
    wanted_.store(target, std::memory_order_seq_cst);
    // The epoch is read before the count: a wake after this read changes it, and the sleep
    // below then returns at once.
    const uint32_t epoch = epoch_.load(std::memory_order_seq_cst);
    if (value_.load(std::memory_order_seq_cst) < target) Sleep(epoch);
    wanted_.store(kNobody, std::memory_order_relaxed);
  }

 private:
  static constexpr uint64_t kNobody = UINT64_MAX;
  // ~5-20 us: a step of the other thread takes ~10 us, and a futex sleep and wake ~10 us more.
  static constexpr int kSpins = 256;

  static void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  }
  void Wake() {
    epoch_.fetch_add(1, std::memory_order_seq_cst);
#if defined(__linux__)
    ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&epoch_), FUTEX_WAKE_PRIVATE, 1, nullptr,
              nullptr, 0);
#else
    epoch_.notify_one();
#endif
  }
  void Sleep(uint32_t epoch) {
#if defined(__linux__)
    ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&epoch_), FUTEX_WAIT_PRIVATE, epoch, nullptr,
              nullptr, 0);
#else
    epoch_.wait(epoch, std::memory_order_seq_cst);
#endif
  }

  std::atomic<uint64_t> value_{0};
  std::atomic<uint64_t> wanted_{kNobody};
  std::atomic<uint32_t> epoch_{0};  // bumped by every wake; the futex word
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
};

struct Slot {
  MarketStep step;
  std::vector<uint32_t> visible;  // the feed's visible() after this step's Reveal
  PreparedStep prepared;
};

// The history as of one prepared step, for the account half (broker, observer, the strategy's
// later stages). Moving the feed is the preparer's job.
class SnapshotFeed final : public DataFeed {
 public:
  explicit SnapshotFeed(const std::vector<const BarSeries*>& series) : series_(series) {}
  const std::vector<const BarSeries*>& series() const override { return series_; }
  bool Next(MarketStep*) override { return NotHere(); }
  void Reveal(const MarketStep&) override { (void)NotHere(); }
  const std::vector<uint32_t>& visible() const override { return *visible_; }
  void Show(const std::vector<uint32_t>* visible) { visible_ = visible; }

 private:
  static bool NotHere() {
    constexpr bool the_preparer_owns_the_feed = false;
    TL_CHECK(the_preparer_owns_the_feed);
    return false;
  }
  const std::vector<const BarSeries*>& series_;
  const std::vector<uint32_t>* visible_ = nullptr;
};

// What Prepare sees instead of the account: a data-only stage that reads it is a bug (it would
// read the account of an earlier step), so every read aborts.
class NoPortfolio final : public PortfolioView {
 public:
  Quantity PositionQty(size_t) const override { return Fail<Quantity>(); }
  Price AvgEntryPrice(size_t) const override { return Fail<Price>(); }
  bool HasOpenOrders(size_t) const override { return Fail<bool>(); }
  std::vector<Order> OpenOrders(size_t) const override { return Fail<std::vector<Order>>(); }
  AccountSnapshot Account() const override { return Fail<AccountSnapshot>(); }

 private:
  template <typename T>
  static T Fail() {
    // A universe or alpha whose reads_portfolio() is false read it.
    constexpr bool a_stage_read_the_account_while_preparing = false;
    TL_CHECK(a_stage_read_the_account_while_preparing);
    return T{};
  }
};

class Pipeline {
 public:
  Pipeline(Strategy& strategy, DataFeed& feed) : strategy_(strategy), feed_(feed) {}

  // The preparer's loop: fill slot i once the account is done with step i - kSlots.
  void Produce() {
    const std::vector<const BarSeries*>& series = feed_.series();
    NoPortfolio no_portfolio;
    StepActions actions(series);
    uint64_t i = 0;
    for (;; ++i) {
      for (uint64_t c = consumed_.Load(); i - c >= kSlots; c = consumed_.Load()) {
        if (stop_.load(std::memory_order_acquire)) return Finish(i);
        consumed_.WaitFor(i - kSlots / 2 + 1);
      }
      if (stop_.load(std::memory_order_relaxed)) break;
      Slot& s = slots_[i % kSlots];
      if (!feed_.Next(&s.step)) break;
      actions.List(&s.step);
      feed_.Reveal(s.step);
      s.visible = feed_.visible();
      StrategyContext ctx(s.step.decision_time, &series, &s.visible, s.step.symbols, &no_portfolio);
      strategy_.Prepare(ctx, &s.prepared);
      produced_.Store(i + 1);
    }
    Finish(i);
  }

  // The next prepared slot, or null when the preparer is done and every slot was taken.
  Slot* Take(uint64_t i) {
    for (;;) {
      const uint64_t p = produced_.Load();
      if (i < (p & ~kDone)) return &slots_[i % kSlots];
      if (p & kDone) return nullptr;
      produced_.WaitFor(i + 1);
    }
  }

  // The account is done with step i: its slot may be refilled.
  void Release(uint64_t i) { consumed_.Store(i + 1); }

  // Stops the preparer early (the account half failed).
  void Stop() {
    stop_.store(true, std::memory_order_release);
    // A changed value wakes a preparer waiting for a free slot; it then sees stop_.
    consumed_.AddAndNotify(kSlots);
  }

 private:
  void Finish(uint64_t produced) { produced_.Store(produced | kDone); }

  Strategy& strategy_;
  DataFeed& feed_;
  Slot slots_[kSlots];
  alignas(64) Counter produced_;
  alignas(64) Counter consumed_;
  std::atomic<bool> stop_{false};
};

}  // namespace

Result<KernelStats> RunKernelPrepared(Strategy& strategy, DataFeed& feed, Broker& broker,
                                      Clock& clock, const KernelOptions& options,
                                      KernelObserver* observer) {
  KernelSteps k(strategy, feed.series(), broker, clock, options, observer);
  SnapshotFeed view(feed.series());
  auto pipe = std::make_unique<Pipeline>(strategy, feed);
  std::thread preparer([&] {
    NameThisThread("tl-prepare");
    pipe->Produce();
  });
  Status status;
  for (uint64_t i = 0;; ++i) {
    Slot* s = pipe->Take(i);
    if (!s) break;
    view.Show(&s->visible);
    broker.OnMarketStep(s->step, view);
    status = k.Step(s->step, view, &s->prepared);
    // Prepare saw the step's decision time as "now"; the account half must agree.
    TL_CHECK(clock.Now() == s->step.decision_time);
    if (!status.ok()) {
      pipe->Stop();
      break;
    }
    pipe->Release(i);
  }
  preparer.join();
  if (!status.ok()) return status;
  return k.stats();
}

}  // namespace tradelet::kernel_internal
