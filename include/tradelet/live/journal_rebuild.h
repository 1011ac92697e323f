// Rebuilding the run journal from the broker (`tradelet run --rebuild-journal`, docs/live.md).
// The broker is the source of truth: when the journal is lost or corrupt, every order of this
// strategy is found at the broker by its client_order_id (GET /v2/orders?status=all, keeping the
// ids MakeClientOrderId gives this strategy_id) and written to a fresh journal as "adopted",
// with its slot, symbol, side, quantity and broker id. An existing file is moved aside first
// (<journal>.before-rebuild-<UTC time>, with its -wal/-shm), never deleted. Runs, decisions and
// exchanges of the lost journal are not recoverable from the broker; orders are, and they are
// what a rerun needs to place nothing twice.
//
// Ids in the shortened, hashed form carry only the first 8 characters of the strategy_id, so
// strategies sharing those 8 characters cannot be told apart in that form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tradelet/adapters/alpaca/trading_client.h"
#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/live/job.h"

namespace tradelet::live {

struct RebuildReport {
  std::string journal_path;
  std::string kept_path;      // where the previous file went ("" when there was none)
  int64_t broker_orders = 0;  // orders the broker listed
  int64_t orders = 0;         // this strategy's orders written to the journal
  std::string ToJson() const;
};

// Whether `client_order_id` is one MakeClientOrderId gives `strategy_id`; its slot when it is.
std::optional<Timestamp> ClientOrderIdSlot(std::string_view strategy_id,
                                           std::string_view client_order_id);

Result<RebuildReport> RebuildJournal(const LiveConfig& config, alpaca::AlpacaTradingClient& trading,
                                     Timestamp now);

// The same with the config file read and the broker client built from the environment
// (APCA_API_BASE_URL and the keys), as `tradelet run` does.
Result<RebuildReport> RebuildJournalFromEnvironment(const std::string& config_path);

}  // namespace tradelet::live
