#include "tradelet/live/exactly_once.h"

#include "tradelet/adapters/alpaca/trading_json.h"
#include "tradelet/base/log.h"

namespace tradelet::live {

std::string_view PlaceStateName(PlaceState s) {
  switch (s) {
    case PlaceState::kPlaced: return "placed";
    case PlaceState::kAdopted: return "adopted";
    case PlaceState::kRejected: return "rejected";
    case PlaceState::kUnknown: return "unknown";
  }
  return "unknown";
}

namespace {

bool IsBusinessRejection(const Status& s) {
  switch (s.code()) {
    case StatusCode::kPermissionDenied:   // 403: buying power, shorting, ...
    case StatusCode::kInvalidArgument:    // 400/422 validation
    case StatusCode::kNotFound:           // 404: unknown asset
    case StatusCode::kUnauthenticated:    // 401: wrong keys; retrying cannot help
    case StatusCode::kFailedPrecondition: // other 4xx
      return true;
    default:
      return false;
  }
}

}  // namespace

PlaceOutcome PlaceExactlyOnce(alpaca::AlpacaTradingClient& client, const OrderRequest& request,
                              const PlacerOptions& options, Clock& clock, Journal* journal,
                              const std::string& run_id, Timestamp slot) {
  PlaceOutcome out;
  const std::string& cid = request.client_order_id;
  auto record = [&](PlaceOutcome& o) {
    if (!journal) return;
    const std::string detail = o.error.ok() ? std::string() : o.error.ToString();
    Status s = journal->RecordOutcome(cid, std::string(PlaceStateName(o.state)), o.order.order.id,
                                      detail, clock.Now());
    if (!s.ok()) TL_LOG(kError, "journal write failed").Field("error", s.ToString());
  };
  if (cid.empty()) {
    out.state = PlaceState::kRejected;
    out.error = InvalidArgument("client_order_id: required for exactly-once placement");
    return out;
  }
  auto lookup = [&]() -> Result<alpaca::TradingOrder> {
    ++out.lookups;
    return client.GetOrderByClientId(cid);
  };

  for (int attempt = 0; attempt < options.max_attempts; ++attempt) {
    if (attempt > 0 && options.backoff.count() > 0) {
      clock.SleepUntil(clock.Now() + options.backoff * attempt);
    }
    auto found = lookup();
    if (found.ok()) {
      out.state = PlaceState::kAdopted;
      out.order = *found;
      out.error = Status::Ok();
      record(out);
      return out;
    }
    if (found.status().code() != StatusCode::kNotFound) {
      // Cannot tell whether it exists: posting now could duplicate it.
      out.error = found.status();
      continue;
    }
    if (journal) {
      JournalOrder intent;
      intent.client_order_id = cid;
      intent.run_id = run_id;
      intent.slot = slot;
      intent.symbol = request.symbol;
      intent.side = std::string(OrderSideName(request.side));
      intent.qty = request.notional ? "$" + request.notional->ToString() : request.qty.ToString();
      intent.request_json = alpaca::OrderRequestToJson(request);
      if (Status s = journal->RecordIntent(intent); !s.ok()) {
        // Without the write-ahead record a kill could leave an order nobody knows about.
        out.error = s;
        out.state = PlaceState::kUnknown;
        return out;
      }
    }
    ++out.posts;
    auto posted = client.CreateOrder(request);
    if (posted.ok()) {
      out.state = PlaceState::kPlaced;
      out.order = *posted;
      out.error = Status::Ok();
      // Confirm; a failed confirmation does not undo a 2xx.
      if (auto confirm = lookup(); confirm.ok()) out.order = *confirm;
      record(out);
      return out;
    }
    if (alpaca::IsDuplicateClientOrderId(posted.status())) {
      auto existing = lookup();
      if (existing.ok()) {
        out.state = PlaceState::kAdopted;
        out.order = *existing;
        out.error = Status::Ok();
        record(out);
        return out;
      }
      out.error = existing.status();
      continue;
    }
    if (IsBusinessRejection(posted.status())) {
      out.state = PlaceState::kRejected;
      out.error = posted.status();
      record(out);
      return out;
    }
    out.error = posted.status();  // unknown outcome: look up before anything else
  }
  // Attempts exhausted: one last lookup decides between adopted and unknown.
  auto last = lookup();
  if (last.ok()) {
    out.state = PlaceState::kAdopted;
    out.order = *last;
    out.error = Status::Ok();
  } else {
    out.state = PlaceState::kUnknown;
    if (last.status().code() != StatusCode::kNotFound) out.error = last.status();
  }
  record(out);
  return out;
}

}  // namespace tradelet::live
