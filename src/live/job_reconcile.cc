// Reconciling a live run with its broker: earlier intents settled, and the account, positions
// and open orders as they stood before the slot (job_run.h).
#include "live/job_book.h"
#include "live/job_run.h"
#include "tradelet/adapters/alpaca/trading_broker.h"
#include "tradelet/live/client_order_id.h"

namespace tradelet::live {

void LivePortfolio::ReserveOpenBuys(const std::function<double(const std::string&)>& price) {
  double total = 0;
  for (const auto& [symbol, orders] : open_) {
    for (const Order& o : orders) {
      if (o.side != OrderSide::kBuy || o.status == OrderStatus::kHeld) continue;
      const double px = o.limit_price ? o.limit_price->ToDouble() : price(symbol);
      total +=
          o.notional && o.qty.IsZero() ? o.notional->ToDouble() : o.remaining().ToDouble() * px;
    }
  }
  account_.open_buy_reserved = Money::FromDouble(total);
}

namespace {

// Takes an earlier attempt's fill of this slot back out of the snapshot.
void UndoFill(const Order& o, LivePortfolio* pf) {
  if (!o.filled_qty.IsPositive()) return;
  const Quantity signed_qty = o.side == OrderSide::kBuy ? o.filled_qty : -o.filled_qty;
  const Money value = signed_qty * o.filled_avg_price;
  pf->SetPosition(o.symbol, pf->PositionOf(o.symbol) - signed_qty, pf->AvgEntryOf(o.symbol));
  AccountSnapshot& a = pf->account();
  a.cash = a.cash + value;
  a.long_value = a.long_value - value;  // long-only view: the shares back at their fill price
}

}  // namespace

Status ReconcileBeforeSlot(alpaca::AlpacaTradingClient& trading, const LiveConfig& config,
                           Timestamp slot, LivePortfolio* pf, Reconciled* out) {
  auto account = trading.GetAccount();
  if (!account.ok()) return account.status().WithContext("reconcile account");
  pf->SetAccount(alpaca::ToAccountSnapshot(*account));
  out->last_equity = account->last_equity.ToDouble();
  auto positions = trading.ListPositions();
  if (!positions.ok()) return positions.status().WithContext("reconcile positions");
  for (const auto& p : *positions) pf->SetPosition(p.symbol, p.qty, p.avg_entry_price);

  const Timestamp since = slot - config.period;
  auto note_update = [&](const Order& o) {
    // Its full strategy_id then a slot: "pt" does not take "pt-b"'s orders for its own.
    if (IsOwnClientOrderId(config.strategy_id, o.client_order_id) && o.updated_at >= since) {
      out->updates.push_back(o);
    }
  };
  auto earlier_attempt = [&](const Order& o) {
    return IsClientOrderIdOfSlot(o.client_order_id, config.strategy_id, slot);
  };
  alpaca::ListOrdersQuery q;
  q.status = "open";
  q.limit = 500;
  q.nested = true;
  auto orders = trading.ListOrders(q);
  if (!orders.ok()) return orders.status().WithContext("reconcile open orders");
  for (const auto& o : *orders) {
    if (earlier_attempt(o.order)) {
      // This slot's own order from an attempt that did not finish: the strategy must not see
      // it (it would skip the symbol and share the buying power among fewer names).
      ++out->earlier_attempt_orders;
      UndoFill(o.order, pf);
      continue;
    }
    note_update(o.order);
    pf->AddOpenOrder(o.order);
    for (const auto& leg : o.legs) {
      if (IsOpen(leg.order.status)) pf->AddOpenOrder(leg.order);
    }
  }
  // Once a bracket's entry fills, the parent is closed, so the open listing (nested) drops it
  // and with it the exit legs still working under it (Alpaca answers the same way). Those legs
  // hold the position's shares: a strategy that does not see them cannot cancel them before a
  // sell (the sell is rejected for insufficient qty) and adds to a protected position. They
  // are read under the most recent 500 closed parents.
  q.status = "closed";
  auto closed = trading.ListOrders(q);
  if (!closed.ok()) return closed.status().WithContext("reconcile exit legs");
  for (const auto& o : *closed) {
    if (earlier_attempt(o.order)) {
      ++out->earlier_attempt_orders;
      UndoFill(o.order, pf);
      continue;
    }
    note_update(o.order);
    for (const auto& leg : o.legs) {
      if (IsOpen(leg.order.status)) pf->AddOpenOrder(leg.order);
    }
  }
  return Status::Ok();
}

void JobRun::SettlePending() {
  auto rows = journal_.Orders();
  if (!rows.ok()) {
    Error("journal", rows.status());
    return;
  }
  const std::string mine = c_.strategy_id + "@";  // run ids of this strategy
  for (const JournalOrder& o : *rows) {
    // "absent" rows of the last day are looked at again too: a POST that was still in flight
    // when an earlier run looked (a request delayed past its timeout) may have landed since.
    const bool recent_absent = o.state == "absent" && r_.slot - o.slot <= std::chrono::hours(24);
    if (o.state != "intent" && o.state != "unknown" && !recent_absent) continue;
    if (o.run_id.rfind(mine, 0) != 0) continue;
    auto found = trading_.GetOrderByClientId(o.client_order_id);
    Status s;
    if (found.ok()) {
      s = journal_.RecordOutcome(o.client_order_id, "adopted", found->order.id,
                                 "settled by a later run", clock_.Now());
    } else if (found.status().code() == StatusCode::kNotFound) {
      if (o.state == "absent") continue;
      // Never reached the broker (killed before the POST, or the POST was lost). If the
      // strategy still wants it, this run re-places it under the same id.
      s = journal_.RecordOutcome(o.client_order_id, "absent", "", "settled by a later run",
                                 clock_.Now());
    } else {
      Error("settle " + o.client_order_id, found.status());
      continue;
    }
    if (!s.ok()) Error("journal", s);
  }
}

}  // namespace tradelet::live
