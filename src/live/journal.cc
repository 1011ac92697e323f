#include "tradelet/live/journal.h"

#include <sqlite3.h>

#include "tradelet/base/log.h"

namespace tradelet::live {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS runs(
  run_id TEXT PRIMARY KEY, strategy_id TEXT NOT NULL, slot TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, dry_run INTEGER NOT NULL,
  outcome TEXT, report_json TEXT);
CREATE TABLE IF NOT EXISTS decisions(
  run_id TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT,
  detail_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exchanges(
  run_id TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
  method TEXT NOT NULL, path TEXT NOT NULL, request_body TEXT, status INTEGER,
  response_body TEXT);
CREATE TABLE IF NOT EXISTS orders(
  client_order_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, slot TEXT NOT NULL,
  symbol TEXT NOT NULL, side TEXT NOT NULL, qty TEXT NOT NULL, request_json TEXT NOT NULL,
  state TEXT NOT NULL, broker_order_id TEXT, detail TEXT, updated_at TEXT);
)sql";

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  int Step() { return sqlite3_step(s_); }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

Status DbError(sqlite3* db, const std::string& what) {
  return Internal("journal: " + what + ": " + sqlite3_errmsg(db));
}

// Names the file and the way out: the broker holds the truth the journal mirrors.
Status CorruptJournal(const std::string& path, const std::string& detail) {
  return DataLoss("journal " + path + " is corrupt (" + detail.substr(0, 200) +
                  "); the broker is the source of truth: rebuild the journal from its orders "
                  "with `tradelet run --config <config> --rebuild-journal` (the damaged file "
                  "is kept beside it), then run again");
}

Status RunStmt(sqlite3* db, Stmt& s, const std::string& what) {
  if (!s.ok()) return DbError(db, what);
  const int rc = s.Step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return DbError(db, what);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Journal>> Journal::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Unavailable("journal: cannot open " + path + ": " + msg);
  }
  std::unique_ptr<Journal> j(new Journal(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL + FULL: a commit is durable once the call returns, and a kill leaves no torn state.
  // The first statement reads the header: a file that is not a journal fails here.
  char* err = nullptr;
  const int rc =
      sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, &err);
  std::string msg = err ? err : (rc == SQLITE_OK ? "" : sqlite3_errstr(rc));
  sqlite3_free(err);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) return CorruptJournal(path, msg);
  if (rc != SQLITE_OK) return Unavailable("journal: cannot open " + path + ": " + msg);
  // A damaged page elsewhere (a torn copy, a disk error) is found before anything is written.
  if (path != ":memory:") {
    Stmt check(db, "PRAGMA quick_check(1)");
    const int step = check.ok() ? check.Step() : SQLITE_ERROR;
    const int ext = sqlite3_errcode(db);
    if (step != SQLITE_ROW || check.Text(0) != "ok") {
      if (step == SQLITE_ROW) return CorruptJournal(path, check.Text(0));
      if (ext == SQLITE_NOTADB || ext == SQLITE_CORRUPT) {
        return CorruptJournal(path, sqlite3_errmsg(db));
      }
      return Unavailable("journal: cannot check " + path + ": " + sqlite3_errmsg(db));
    }
  }
  if (Status s = j->Exec(kSchema); !s.ok()) {
    const int ext = sqlite3_errcode(db);
    if (ext == SQLITE_NOTADB || ext == SQLITE_CORRUPT) return CorruptJournal(path, s.message());
    return s;
  }
  return j;
}

Journal::~Journal() { sqlite3_close(db_); }

Status Journal::Exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Internal("journal: " + msg);
  }
  return Status::Ok();
}

Result<std::string> Journal::BeginRun(const std::string& strategy_id, Timestamp slot,
                                      bool dry_run, Timestamp now) {
  const std::string slot_text = FormatTimestamp(slot);
  Stmt count(db_, "SELECT COUNT(*) FROM runs WHERE strategy_id=?1 AND slot=?2");
  count.Bind(1, strategy_id).Bind(2, slot_text);
  if (!count.ok() || count.Step() != SQLITE_ROW) return DbError(db_, "count runs");
  const std::string run_id =
      strategy_id + "@" + slot_text + "#" + std::to_string(count.Int(0) + 1);
  Stmt ins(db_,
           "INSERT INTO runs(run_id,strategy_id,slot,started_at,dry_run) VALUES(?1,?2,?3,?4,?5)");
  ins.Bind(1, run_id).Bind(2, strategy_id).Bind(3, slot_text).Bind(4, FormatTimestamp(now));
  ins.Bind(5, static_cast<int64_t>(dry_run));
  TL_RETURN_IF_ERROR(RunStmt(db_, ins, "begin run"));
  return run_id;
}

Status Journal::FinishRun(const std::string& run_id, const std::string& outcome,
                          const std::string& report_json, Timestamp now) {
  Stmt s(db_, "UPDATE runs SET finished_at=?2, outcome=?3, report_json=?4 WHERE run_id=?1");
  s.Bind(1, run_id).Bind(2, FormatTimestamp(now)).Bind(3, outcome);
  s.Bind(4, Logger::Redact(report_json));
  return RunStmt(db_, s, "finish run");
}

Status Journal::RecordDecision(const std::string& run_id, const std::string& symbol,
                               const std::string& detail_json) {
  Stmt s(db_, "INSERT INTO decisions(run_id,symbol,detail_json) VALUES(?1,?2,?3)");
  s.Bind(1, run_id).Bind(2, symbol).Bind(3, detail_json);
  return RunStmt(db_, s, "record decision");
}

Status Journal::RecordExchange(const std::string& run_id, Timestamp at, const std::string& method,
                               const std::string& path, const std::string& request_body,
                               int status, const std::string& response_body) {
  Stmt s(db_,
         "INSERT INTO exchanges(run_id,at,method,path,request_body,status,response_body) "
         "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  s.Bind(1, run_id).Bind(2, FormatTimestamp(at)).Bind(3, method).Bind(4, Logger::Redact(path));
  s.Bind(5, Logger::Redact(request_body)).Bind(6, static_cast<int64_t>(status));
  s.Bind(7, Logger::Redact(response_body.substr(0, 65536)));
  return RunStmt(db_, s, "record exchange");
}

Status Journal::RecordIntent(const JournalOrder& o) {
  Stmt s(db_,
         "INSERT INTO orders(client_order_id,run_id,slot,symbol,side,qty,request_json,state,"
         "updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,'intent',?8) "
         "ON CONFLICT(client_order_id) DO UPDATE SET run_id=excluded.run_id, "
         "state=CASE WHEN orders.state IN ('placed','adopted') THEN orders.state "
         "ELSE 'intent' END");
  s.Bind(1, o.client_order_id).Bind(2, o.run_id).Bind(3, FormatTimestamp(o.slot));
  s.Bind(4, o.symbol).Bind(5, o.side).Bind(6, o.qty).Bind(7, o.request_json);
  s.Bind(8, FormatTimestamp(o.slot));
  return RunStmt(db_, s, "record intent");
}

Status Journal::RecordOutcome(const std::string& client_order_id, const std::string& state,
                              const std::string& broker_order_id, const std::string& detail,
                              Timestamp now) {
  Stmt s(db_,
         "UPDATE orders SET state=?2, broker_order_id=COALESCE(NULLIF(?3,''),broker_order_id), "
         "detail=?4, updated_at=?5 WHERE client_order_id=?1");
  s.Bind(1, client_order_id).Bind(2, state).Bind(3, broker_order_id);
  s.Bind(4, Logger::Redact(detail)).Bind(5, FormatTimestamp(now));
  return RunStmt(db_, s, "record outcome");
}

Result<std::vector<JournalOrder>> Journal::Orders() const {
  Stmt s(db_,
         "SELECT client_order_id,run_id,slot,symbol,side,qty,request_json,state,"
         "COALESCE(broker_order_id,''),COALESCE(detail,'') FROM orders ORDER BY slot, "
         "client_order_id");
  if (!s.ok()) return DbError(db_, "list orders");
  std::vector<JournalOrder> out;
  while (s.Step() == SQLITE_ROW) {
    JournalOrder o;
    o.client_order_id = s.Text(0);
    o.run_id = s.Text(1);
    o.slot = ParseTimestamp(s.Text(2)).value_or(Timestamp());
    o.symbol = s.Text(3);
    o.side = s.Text(4);
    o.qty = s.Text(5);
    o.request_json = s.Text(6);
    o.state = s.Text(7);
    o.broker_order_id = s.Text(8);
    o.detail = s.Text(9);
    out.push_back(std::move(o));
  }
  return out;
}

Result<int64_t> Journal::CountRows(const std::string& table) const {
  if (table != "runs" && table != "decisions" && table != "exchanges" && table != "orders") {
    return InvalidArgument("journal: unknown table " + table);
  }
  Stmt s(db_, ("SELECT COUNT(*) FROM " + table).c_str());
  if (!s.ok() || s.Step() != SQLITE_ROW) return DbError(db_, "count");
  return s.Int(0);
}

}  // namespace tradelet::live
