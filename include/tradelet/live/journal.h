// The run journal: an append-mostly SQLite database that records every live run, every
// decision, every request and response (credentials never reach it: the trading client's
// observer sees no headers, and bodies are redacted by base/log's secret redaction rules too),
// and every order intent. WAL mode with synchronous=FULL, one transaction per record, so a
// process killed at any instant leaves a consistent journal holding everything committed before
// the kill.
//
// Write-ahead rule for orders: RecordIntent() commits the client_order_id BEFORE the POST is
// sent; the outcome is written after. A row left in state "intent" therefore means "maybe sent":
// the next run of the slot looks the id up at the broker and settles it.
//
// Schema (docs/live.md):
//   runs(run_id PK, strategy_id, slot, started_at, finished_at, dry_run, outcome, report_json)
//   decisions(run_id, seq, symbol, detail_json)
//   exchanges(run_id, seq, at, method, path, request_body, status, response_body)
//   orders(client_order_id PK, run_id, slot, symbol, side, qty, request_json, state,
//          broker_order_id, detail, updated_at)
// Thread-safety: one Journal per thread (SQLite handle, serialized mode).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

struct sqlite3;

namespace tradelet::live {

struct JournalOrder {
  std::string client_order_id, run_id, symbol, side, qty, request_json, state, broker_order_id,
      detail;
  Timestamp slot;
};

class Journal {
 public:
  // Opens (creating if needed) the database at `path`; ":memory:" for tests.
  static Result<std::unique_ptr<Journal>> Open(const std::string& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Starts a run; returns its id ("<slot>#<n>", n = attempts of this slot so far + 1).
  Result<std::string> BeginRun(const std::string& strategy_id, Timestamp slot, bool dry_run,
                               Timestamp now);
  Status FinishRun(const std::string& run_id, const std::string& outcome,
                   const std::string& report_json, Timestamp now);
  Status RecordDecision(const std::string& run_id, const std::string& symbol,
                        const std::string& detail_json);
  Status RecordExchange(const std::string& run_id, Timestamp at, const std::string& method,
                        const std::string& path, const std::string& request_body, int status,
                        const std::string& response_body);
  // Write-ahead: committed before the POST. A rerun re-records the same id: a placed/adopted
  // row keeps its state, any other (absent, rejected, unknown) becomes "intent" again.
  Status RecordIntent(const JournalOrder& order);
  // state: placed | adopted | rejected | unknown | skipped.
  Status RecordOutcome(const std::string& client_order_id, const std::string& state,
                       const std::string& broker_order_id, const std::string& detail,
                       Timestamp now);

  Result<std::vector<JournalOrder>> Orders() const;
  Result<int64_t> CountRows(const std::string& table) const;

 private:
  explicit Journal(sqlite3* db) : db_(db) {}
  Status Exec(const std::string& sql) const;
  sqlite3* db_;
};

}  // namespace tradelet::live
