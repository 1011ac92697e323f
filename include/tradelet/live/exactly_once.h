// Exactly-once order placement over Alpaca (integrations.md 2.12, 3.6).
//
// For one OrderRequest carrying its deterministic client_order_id:
//   1. GET /v2/orders:by_client_order_id: found -> adopt it (a previous run placed it), done.
//      Any answer other than found / 404 -> outcome unknown, stop WITHOUT posting.
//   2. journal the intent (committed before the POST leaves the process);
//   3. POST /v2/orders (never retried by the transport):
//        2xx            -> placed; confirmed by a GET by client id;
//        422 duplicate  -> it already exists: GET it and adopt it;
//        403, other 4xx -> business rejection, never retried;
//        transport error, 429, 5xx -> outcome unknown: back to step 1 (look up, and only if
//        still 404 POST again with the SAME id), up to max_attempts.
// Because Alpaca keeps client_order_ids unique forever, no path can create a second order.
#pragma once

#include <string>

#include "tradelet/adapters/alpaca/trading_client.h"
#include "tradelet/base/clock.h"
#include "tradelet/live/journal.h"

namespace tradelet::live {

enum class PlaceState { kPlaced, kAdopted, kRejected, kUnknown };
std::string_view PlaceStateName(PlaceState s);  // "placed", "adopted", "rejected", "unknown"

struct PlaceOutcome {
  PlaceState state = PlaceState::kUnknown;
  alpaca::TradingOrder order;  // valid for placed/adopted
  Status error;                // why rejected/unknown
  int posts = 0;               // POSTs sent
  int lookups = 0;             // GETs by client id
};

struct PlacerOptions {
  int max_attempts = 3;  // POST attempts at most
  // Wait between an unknown outcome and the next lookup (via the clock; 0 in tests).
  Duration backoff = std::chrono::milliseconds(200);
};

// REQUIRES: !request.client_order_id.empty(). `journal` and `run_id` may be null/empty (no
// journaling). Never returns an error: the outcome says what happened.
PlaceOutcome PlaceExactlyOnce(alpaca::AlpacaTradingClient& client, const OrderRequest& request,
                              const PlacerOptions& options, Clock& clock, Journal* journal,
                              const std::string& run_id, Timestamp slot);

}  // namespace tradelet::live
