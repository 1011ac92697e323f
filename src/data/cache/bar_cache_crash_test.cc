// A writer process is SIGKILLed while it writes batches into the cache, with reader threads
// reading throughout; afterwards the database must pass integrity_check and hold exactly the
// batches that committed, and readers must never have seen a partial batch.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "tradelet/data/bar_cache.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

const Timestamp kT0 = Timestamp::FromUnixSeconds(1'600'000'000);
constexpr int kBatch = 2000;  // bars per transaction
const BarKey kKey{"SPY", BarInterval::k1Min, "test", "raw"};

BarSeries Batch(int64_t k) {
  BarSeries s;
  s.symbol = kKey.symbol;
  s.Reserve(kBatch);
  for (int64_t m = k * kBatch; m < (k + 1) * kBatch; ++m) {
    s.Append(Bar{kT0 + minutes(m), 1.0, 2.0, 0.5, static_cast<double>(m) + 0.25, 10.0});
  }
  return s;
}

const TimeRange kAll{kT0, kT0 + minutes(int64_t{1} << 24)};  // ~32 years

// The cache's promise to readers: bars and coverage move together. Returns the number of bars
// (or -1 when the snapshot is inconsistent).
int64_t CheckSnapshot(BarCache& cache) {
  auto r = cache.Read(kKey, kAll);
  if (!r.ok()) return -2;  // busy: not an inconsistency
  const int64_t n = static_cast<int64_t>(r->bars.size());
  if (n == 0) return r->coverage.empty() ? 0 : -1;
  if (r->coverage.size() != 1 || r->coverage[0].start != kT0 ||
      r->coverage[0].end != kT0 + minutes(n) || n % kBatch != 0) {
    return -1;
  }
  for (int64_t i = 0; i < n; i += 997) {
    if (r->bars.close[i] != static_cast<double>(i) + 0.25) return -1;
  }
  return n;
}

[[noreturn]] void WriterChild(const std::string& path) {
  auto cache = BarCache::Open(path);
  if (!cache.ok()) _exit(2);
  auto r = (*cache)->Read(kKey, kAll);
  if (!r.ok()) _exit(3);
  int64_t k = static_cast<int64_t>(r->bars.size()) / kBatch;
  for (;; ++k) {
    const TimeRange covered{kT0 + minutes(k * kBatch), kT0 + minutes((k + 1) * kBatch)};
    if (!(*cache)->Store(kKey, Batch(k), covered).ok()) _exit(4);
  }
}

TEST(BarCacheCrash, KilledWriterLeavesTheLastCommitAndReadersNeverSeeHalfABatch) {
  const std::string path = testing::TempDir() + "/crash.sqlite";
  { ASSERT_TRUE(BarCache::Open(path).ok()); }
  std::mt19937 rng(7);
  int64_t committed = 0;
  int64_t total_reads = 0;
  constexpr int kCycles = 3;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) WriterChild(path);

    std::atomic<bool> stop{false};
    std::atomic<int64_t> reads{0}, violations{0}, max_seen{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 2; ++t) {
      readers.emplace_back([&] {
        auto cache = BarCache::Open(path, {.read_only = true});
        if (!cache.ok()) {
          ++violations;
          return;
        }
        while (!stop) {
          const int64_t n = CheckSnapshot(**cache);
          if (n == -1) ++violations;
          if (n >= 0) {
            ++reads;
            int64_t prev = max_seen.load();
            while (n > prev && !max_seen.compare_exchange_weak(prev, n)) {
            }
          }
        }
      });
    }
    // Let the writer commit a few batches, then kill it at a random moment.
    for (int i = 0; i < 2000 && max_seen.load() < committed + 3 * kBatch; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "writer exited on its own with status " << wstatus;
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(violations.load(), 0) << "a reader saw a partial batch (cycle " << cycle << ")";
    EXPECT_GT(reads.load(), 0);
    total_reads += reads.load();

    // Reopen after the crash: intact, and exactly the committed batches.
    auto cache = BarCache::Open(path);
    ASSERT_TRUE(cache.ok()) << cache.status().ToString();
    ASSERT_TRUE((*cache)->CheckIntegrity().ok()) << (*cache)->CheckIntegrity().ToString();
    const int64_t n = CheckSnapshot(**cache);
    ASSERT_GE(n, 0) << "inconsistent after the crash";
    EXPECT_GE(n, max_seen.load());  // nothing a reader saw was lost
    EXPECT_GT(n, committed);        // this cycle's writer made progress
    committed = n;
  }
  // The killed writer left no lock behind: a new writer commits at once.
  auto cache = BarCache::Open(path, {.busy_timeout = std::chrono::milliseconds(500)});
  ASSERT_TRUE(cache.ok());
  const int64_t k = committed / kBatch;
  ASSERT_TRUE((*cache)->Store(kKey, Batch(k), {kT0 + minutes(k * kBatch),
                                               kT0 + minutes((k + 1) * kBatch)}).ok());
  EXPECT_EQ(CheckSnapshot(**cache), committed + kBatch);
  std::printf("crash test: %d SIGKILLs, %lld bars committed (%lld batches), %lld consistent "
              "reader snapshots, 0 violations\n",
              kCycles, static_cast<long long>(committed), static_cast<long long>(committed / kBatch),
              static_cast<long long>(total_reads));
}

}  // namespace
}  // namespace tradelet::data
