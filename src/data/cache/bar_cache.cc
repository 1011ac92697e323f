#include "tradelet/data/bar_cache.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tradelet::data {
namespace {

constexpr int kSchemaVersion = 1;

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindReal(int i, double v) {
    if (std::isnan(v)) {
      sqlite3_bind_null(stmt_, i);
    } else {
      sqlite3_bind_double(stmt_, i, v);
    }
  }
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  double Real(int col) {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL
               ? std::numeric_limits<double>::quiet_NaN()
               : sqlite3_column_double(stmt_, col);
  }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Status SqlError(sqlite3* db, const std::string& what) {
  const int code = sqlite3_errcode(db);
  std::string msg = "bar cache: " + what + ": " + sqlite3_errmsg(db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Unavailable(msg + " (database busy)");
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return DataLoss(msg);
  if (code == SQLITE_READONLY) return PermissionDenied(msg);
  if (code == SQLITE_FULL) return ResourceExhausted(msg);
  return Internal(msg);
}

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (active_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Status Begin(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqlError(db_, "begin");
    }
    active_ = true;
    return Status::Ok();
  }
  Status Commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqlError(db_, "commit");
    }
    active_ = false;
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  bool active_ = false;
};

}  // namespace

Result<std::unique_ptr<BarCache>> BarCache::Open(const std::string& path,
                                                 const BarCacheOptions& options) {
  sqlite3* db = nullptr;
  const int flags = options.read_only ? SQLITE_OPEN_READONLY
                                      : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = "bar cache: cannot open " + path + ": " +
                      (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return Unavailable(msg);
  }
  sqlite3_busy_timeout(
      db, static_cast<int>(std::chrono::duration_cast<milliseconds>(options.busy_timeout).count()));
  std::unique_ptr<BarCache> cache(new BarCache(db, path));
  auto init = [&]() -> Status {
    if (options.read_only) return Status::Ok();
    // WAL: readers see the last commit while a writer works, and a killed writer's uncommitted
    // frames are ignored on recovery. NORMAL sync is crash-safe for process kills.
    TL_RETURN_IF_ERROR(cache->Exec("PRAGMA journal_mode=WAL"));
    TL_RETURN_IF_ERROR(cache->Exec("PRAGMA synchronous=NORMAL"));
    TL_RETURN_IF_ERROR(cache->Exec(
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS series(id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, "
        "  interval TEXT NOT NULL, source TEXT NOT NULL, adjustment TEXT NOT NULL, "
        "  UNIQUE(symbol, interval, source, adjustment));"
        "CREATE TABLE IF NOT EXISTS bars(series_id INTEGER NOT NULL, t INTEGER NOT NULL, "
        "  open REAL, high REAL, low REAL, close REAL, volume REAL, adj_close REAL, "
        "  dividend REAL, split REAL, PRIMARY KEY(series_id, t)) WITHOUT ROWID;"
        "CREATE TABLE IF NOT EXISTS coverage(series_id INTEGER NOT NULL, start INTEGER NOT NULL, "
        "  end INTEGER NOT NULL, PRIMARY KEY(series_id, start)) WITHOUT ROWID;"));
    TL_RETURN_IF_ERROR(cache->Exec(("INSERT OR IGNORE INTO meta VALUES('schema_version', '" +
                                    std::to_string(kSchemaVersion) + "')")
                                       .c_str()));
    return Status::Ok();
  };
  if (Status st = init(); !st.ok()) return st.WithContext(path);
  Stmt v(db, "SELECT value FROM meta WHERE key='schema_version'");
  if (!v.ok()) return DataLoss("bar cache: " + path + " is not a tradelet bar cache");
  if (v.Step() != SQLITE_ROW || v.Text(0) != std::to_string(kSchemaVersion)) {
    return FailedPrecondition("bar cache: " + path + " has an unknown schema version");
  }
  return cache;
}

BarCache::~BarCache() { sqlite3_close(db_); }

Status BarCache::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return SqlError(db_, msg);
  }
  return Status::Ok();
}

Result<int64_t> BarCache::SeriesId(const BarKey& key, bool create) {
  const std::string interval(BarIntervalName(key.interval));
  if (create) {
    Stmt ins(db_,
             "INSERT OR IGNORE INTO series(symbol, interval, source, adjustment) "
             "VALUES(?,?,?,?)");
    ins.Bind(1, key.symbol);
    ins.Bind(2, interval);
    ins.Bind(3, key.source);
    ins.Bind(4, key.adjustment);
    if (!ins.ok() || ins.Step() != SQLITE_DONE) return SqlError(db_, "insert series");
  }
  Stmt sel(db_,
           "SELECT id FROM series WHERE symbol=? AND interval=? AND source=? AND adjustment=?");
  sel.Bind(1, key.symbol);
  sel.Bind(2, interval);
  sel.Bind(3, key.source);
  sel.Bind(4, key.adjustment);
  if (!sel.ok()) return SqlError(db_, "select series");
  const int rc = sel.Step();
  if (rc == SQLITE_ROW) return sel.Int(0);
  if (rc == SQLITE_DONE) return int64_t{-1};
  return SqlError(db_, "select series");
}

Result<std::vector<TimeRange>> BarCache::CoverageLocked(int64_t id, TimeRange range) {
  std::vector<TimeRange> out;
  Stmt s(db_, "SELECT start, end FROM coverage WHERE series_id=? AND end>? AND start<? ORDER BY start");
  s.Bind(1, id);
  s.Bind(2, range.start.unix_nanos());
  s.Bind(3, range.end.unix_nanos());
  if (!s.ok()) return SqlError(db_, "select coverage");
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back({Timestamp::FromUnixNanos(s.Int(0)), Timestamp::FromUnixNanos(s.Int(1))});
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "select coverage");
  return out;
}

Status BarCache::Store(const BarKey& key, const BarSeries& bars, TimeRange covered) {
  if (covered.end < covered.start) return InvalidArgument("bar cache: covered range ends before it starts");
  TL_RETURN_IF_ERROR(bars.CheckShape());
  if (!bars.empty() && bars.time(0) < covered.start) {
    return InvalidArgument("bar cache: " + key.symbol + ": bar at " + FormatTimestamp(bars.time(0)) +
                           " is before the covered range starting " +
                           FormatTimestamp(covered.start));
  }
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  // IMMEDIATE takes the write lock now (waiting on the busy timeout), not at the first write.
  TL_RETURN_IF_ERROR(tx.Begin("BEGIN IMMEDIATE"));
  TL_ASSIGN_OR_RETURN(int64_t id, SeriesId(key, /*create=*/true));
  Stmt ins(db_,
           "INSERT OR REPLACE INTO bars(series_id, t, open, high, low, close, volume, adj_close, "
           "dividend, split) VALUES(?,?,?,?,?,?,?,?,?,?)");
  if (!ins.ok()) return SqlError(db_, "prepare insert");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t i = 0; i < bars.size(); ++i) {
    ins.Bind(1, id);
    ins.Bind(2, bars.time_ns[i]);
    ins.BindReal(3, bars.open[i]);
    ins.BindReal(4, bars.high[i]);
    ins.BindReal(5, bars.low[i]);
    ins.BindReal(6, bars.close[i]);
    ins.BindReal(7, bars.volume[i]);
    ins.BindReal(8, bars.adj_close.empty() ? nan : bars.adj_close[i]);
    ins.BindReal(9, bars.dividend.empty() ? 0.0 : bars.dividend[i]);
    ins.BindReal(10, bars.split.empty() ? 1.0 : bars.split[i]);
    if (ins.Step() != SQLITE_DONE) return SqlError(db_, "insert bar");
    ins.Reset();
  }
  if (covered.end > covered.start) {
    // Merge with every range that overlaps or touches `covered`.
    TimeRange merged = covered;
    TL_ASSIGN_OR_RETURN(auto near, CoverageLocked(id, {covered.start - Duration(1),
                                                       covered.end + Duration(1)}));
    for (const auto& r : near) {
      merged.start = std::min(merged.start, r.start);
      merged.end = std::max(merged.end, r.end);
    }
    Stmt del(db_, "DELETE FROM coverage WHERE series_id=? AND start>=? AND start<=?");
    del.Bind(1, id);
    del.Bind(2, merged.start.unix_nanos());
    del.Bind(3, merged.end.unix_nanos());
    if (!del.ok() || del.Step() != SQLITE_DONE) return SqlError(db_, "delete coverage");
    Stmt add(db_, "INSERT INTO coverage(series_id, start, end) VALUES(?,?,?)");
    add.Bind(1, id);
    add.Bind(2, merged.start.unix_nanos());
    add.Bind(3, merged.end.unix_nanos());
    if (!add.ok() || add.Step() != SQLITE_DONE) return SqlError(db_, "insert coverage");
  }
  return tx.Commit();
}

Result<CachedSeries> BarCache::Read(const BarKey& key, TimeRange range) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  TL_RETURN_IF_ERROR(tx.Begin("BEGIN"));  // one snapshot for bars and coverage
  CachedSeries out;
  out.bars.symbol = key.symbol;
  out.bars.interval = key.interval;
  TL_ASSIGN_OR_RETURN(int64_t id, SeriesId(key, /*create=*/false));
  if (id < 0) {
    TL_RETURN_IF_ERROR(tx.Commit());
    return out;
  }
  Stmt s(db_,
         "SELECT t, open, high, low, close, volume, adj_close, dividend, split FROM bars "
         "WHERE series_id=? AND t>=? AND t<? ORDER BY t");
  s.Bind(1, id);
  s.Bind(2, range.start.unix_nanos());
  s.Bind(3, range.end.unix_nanos());
  if (!s.ok()) return SqlError(db_, "select bars");
  BarSeries& b = out.bars;
  bool any_adj = false;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    b.time_ns.push_back(s.Int(0));
    b.open.push_back(s.Real(1));
    b.high.push_back(s.Real(2));
    b.low.push_back(s.Real(3));
    b.close.push_back(s.Real(4));
    b.volume.push_back(s.Real(5));
    any_adj |= !s.IsNull(6);
    b.adj_close.push_back(s.Real(6));
    b.dividend.push_back(s.IsNull(7) ? 0.0 : s.Real(7));
    b.split.push_back(s.IsNull(8) ? 1.0 : s.Real(8));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "select bars");
  if (!any_adj) b.adj_close.clear();  // the source had no adjusted close
  TL_ASSIGN_OR_RETURN(out.coverage, CoverageLocked(id, range));
  TL_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<TimeRange>> BarCache::Missing(const BarKey& key, TimeRange want) {
  std::vector<TimeRange> have;
  {
    std::lock_guard<std::mutex> lock(mu_);
    TL_ASSIGN_OR_RETURN(int64_t id, SeriesId(key, /*create=*/false));
    if (id >= 0) {
      TL_ASSIGN_OR_RETURN(have, CoverageLocked(id, want));
    }
  }
  std::vector<TimeRange> gaps;
  Timestamp at = want.start;
  for (const auto& r : have) {
    if (r.start > at) gaps.push_back({at, std::min(r.start, want.end)});
    at = std::max(at, r.end);
    if (at >= want.end) break;
  }
  if (at < want.end) gaps.push_back({at, want.end});
  return gaps;
}

Result<std::vector<BarKey>> BarCache::Keys() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT symbol, interval, source, adjustment FROM series ORDER BY symbol, interval, source, adjustment");
  if (!s.ok()) return SqlError(db_, "select series");
  std::vector<BarKey> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    auto interval = ParseBarInterval(s.Text(1));
    if (!interval.ok()) return DataLoss("bar cache: bad interval in series table: " + s.Text(1));
    out.push_back({s.Text(0), *interval, s.Text(2), s.Text(3)});
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "select series");
  return out;
}

Status BarCache::CheckIntegrity() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt ic(db_, "PRAGMA integrity_check");
  if (!ic.ok()) return SqlError(db_, "integrity_check");
  if (ic.Step() != SQLITE_ROW) return SqlError(db_, "integrity_check");
  if (ic.Text(0) != "ok") return DataLoss("bar cache: " + path_ + ": integrity_check: " + ic.Text(0));
  Stmt cov(db_, "SELECT series_id, start, end FROM coverage ORDER BY series_id, start");
  int64_t prev_id = -1, prev_end = 0;
  int rc;
  while ((rc = cov.Step()) == SQLITE_ROW) {
    const int64_t id = cov.Int(0), start = cov.Int(1), end = cov.Int(2);
    if (end <= start) return DataLoss("bar cache: empty coverage range in series " + std::to_string(id));
    if (id == prev_id && start <= prev_end) {
      return DataLoss("bar cache: overlapping coverage ranges in series " + std::to_string(id));
    }
    prev_id = id;
    prev_end = end;
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "select coverage");
  return Status::Ok();
}

Result<BarSeries> RefreshBars(BarCache& cache, const BarKey& key, TimeRange want,
                              const RangeFetcher& fetch, Timestamp complete_before,
                              RefreshStats* stats) {
  TL_ASSIGN_OR_RETURN(auto gaps, cache.Missing(key, want));
  for (const auto& gap : gaps) {
    TL_ASSIGN_OR_RETURN(BarSeries got, fetch(gap));
    if (stats) {
      ++stats->fetches;
      stats->bars_fetched += got.size();
      stats->fetched.push_back(gap);
    }
    // Keep only bars inside the gap: a source may return neighbours, which are either cached
    // already or outside what was asked.
    const size_t lo = got.LowerBound(gap.start), hi = got.LowerBound(gap.end);
    BarSeries inside;
    inside.symbol = got.symbol;
    inside.interval = got.interval;
    for (size_t i = lo; i < hi; ++i) {
      inside.time_ns.push_back(got.time_ns[i]);
      inside.open.push_back(got.open[i]);
      inside.high.push_back(got.high[i]);
      inside.low.push_back(got.low[i]);
      inside.close.push_back(got.close[i]);
      inside.volume.push_back(got.volume[i]);
      if (!got.adj_close.empty()) inside.adj_close.push_back(got.adj_close[i]);
      if (!got.dividend.empty()) inside.dividend.push_back(got.dividend[i]);
      if (!got.split.empty()) inside.split.push_back(got.split[i]);
    }
    TimeRange covered{gap.start, std::min(gap.end, std::max(gap.start, complete_before))};
    TL_RETURN_IF_ERROR(cache.Store(key, inside, covered));
  }
  TL_ASSIGN_OR_RETURN(CachedSeries cached, cache.Read(key, want));
  return std::move(cached.bars);
}

}  // namespace tradelet::data
