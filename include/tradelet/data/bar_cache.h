// BarCache: a local SQLite store of bars per (symbol, interval, source, adjustment), with the time
// ranges already fetched ("coverage") so a refresh asks the network only for what is missing.
//
//   TL_ASSIGN_OR_RETURN(auto cache, BarCache::Open("bars.sqlite"));
//   BarKey key{"AAPL", BarInterval::k1Min, "yahoo", "split"};
//   auto bars = RefreshBars(*cache, key, {t0, t1}, [&](TimeRange r) { return Fetch(r); });
//
// Storage: WAL journal, synchronous=NORMAL, one transaction per Store (bars + coverage together),
// so a reader sees either all of a Store or none of it, readers never block the writer, and a
// writer killed mid-transaction leaves the database as of its last commit (SQLite rolls the
// rest back on the next open). Several processes may share one file; writers queue on the
// busy timeout.
// Times are bar starts in UTC nanoseconds; ranges are half-open [start, end). NaN prices are
// stored as NULL and come back as NaN.
// Thread-safety: a BarCache may be shared between threads (calls are serialised on its one
// connection); for parallel reads open one BarCache per thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/bar_series.h"

struct sqlite3;

namespace tradelet::data {

struct BarKey {
  std::string symbol;
  BarInterval interval = BarInterval::k1Day;
  std::string source;      // "yahoo", "alpaca-iex", "csv", ...
  std::string adjustment;  // "raw", "split", "all", ...
};

struct TimeRange {
  Timestamp start;  // inclusive
  Timestamp end;    // exclusive
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

struct CachedSeries {
  BarSeries bars;                   // the stored bars in the requested range, ascending
  std::vector<TimeRange> coverage;  // fetched ranges overlapping it (whole ranges, merged)
};

struct BarCacheOptions {
  bool read_only = false;
  Duration busy_timeout = std::chrono::seconds(10);
};

class BarCache {
 public:
  // Creates the file and schema if needed (unless read_only).
  static Result<std::unique_ptr<BarCache>> Open(const std::string& path,
                                                const BarCacheOptions& options = {});
  ~BarCache();
  BarCache(const BarCache&) = delete;
  BarCache& operator=(const BarCache&) = delete;

  // Stores `bars` (replacing bars with the same start) and records `covered` as fetched, in one
  // transaction. Every bar must lie in `covered`, except that bars at or after
  // `covered.end` are allowed (stored, not covered: e.g. the still-forming last bar).
  // REQUIRES: bars.CheckShape() ok.
  Status Store(const BarKey& key, const BarSeries& bars, TimeRange covered);
  // Bars and coverage in [range.start, range.end), read in one snapshot.
  Result<CachedSeries> Read(const BarKey& key, TimeRange range);
  // The parts of `want` not yet covered, ascending.
  Result<std::vector<TimeRange>> Missing(const BarKey& key, TimeRange want);
  // Every key stored.
  Result<std::vector<BarKey>> Keys();
  // PRAGMA integrity_check plus the cache's own invariants (coverage ranges disjoint and
  // non-empty). OK or kDataLoss naming the problem.
  Status CheckIntegrity();

  const std::string& path() const { return path_; }

 private:
  BarCache(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const char* sql);
  Result<int64_t> SeriesId(const BarKey& key, bool create);
  Result<std::vector<TimeRange>> CoverageLocked(int64_t id, TimeRange range);

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
};

struct RefreshStats {
  int fetches = 0;                // ranges requested from the source
  size_t bars_fetched = 0;
  std::vector<TimeRange> fetched;  // what was asked for
};

// Fetches the missing parts of `want` with `fetch`, stores them, and returns everything cached in
// `want`. Ranges after `complete_before` are fetched but not recorded as covered (the latest
// bars may still change), so the next refresh asks for them again.
using RangeFetcher = std::function<Result<BarSeries>(TimeRange)>;
Result<BarSeries> RefreshBars(BarCache& cache, const BarKey& key, TimeRange want,
                              const RangeFetcher& fetch, Timestamp complete_before = Timestamp::Max(),
                              RefreshStats* stats = nullptr);

}  // namespace tradelet::data
