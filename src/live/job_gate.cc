// The live run's gates before anything is decided (job_run.h): the market must be in session
// at the slot, and the [risk] halt file cancels what is open and sends nothing.
#include "live/job_book.h"
#include "live/job_run.h"

namespace tradelet::live {

bool JobRun::MarketOpen() {
  auto clock = trading_.GetClock();
  if (!clock.ok()) {
    Error("market clock", clock.status());
    return false;
  }
  const CivilDate day = TimeZone::NewYork().ToLocal(r_.slot).date;
  auto cal = trading_.GetCalendar(day, day);
  if (!cal.ok()) {
    Error("market calendar", cal.status());
    return false;
  }
  // The slot must fall in today's session: after the open, at most at the close (the 16:00
  // slot decides on the last bar of the day).
  for (const auto& d : *cal) {
    const bool in_session = d.date == day && d.open < r_.slot && r_.slot <= d.close;
    // The clock catches unscheduled closures; at the closing slot it already says closed.
    if (in_session && (clock->is_open || clock->timestamp >= d.close)) return true;
  }
  return false;
}

void JobRun::Halt() {
  // [risk] halt_file: cancel what is open on the run's symbols (this slot's earlier attempts
  // included), send nothing else.
  r_.outcome = "halted";
  r_.errors.push_back("risk.halt_file " + c_.kernel.halt_file +
                      " exists: open orders cancelled, no orders sent");
  auto cancel = [&](const Order& o) {
    if (r_.dry_run) {
      r_.cancels.push_back(o.id + " (dry run: not sent)");
      return;
    }
    Status s = trading_.CancelOrder(o.id);
    r_.cancels.push_back(o.id + (s.ok() ? "" : " (" + s.ToString() + ")"));
  };
  alpaca::ListOrdersQuery q;
  q.status = "open";
  q.limit = 500;
  q.nested = true;
  q.symbols = c_.symbols;
  auto open = trading_.ListOrders(q);
  // Exit legs still working under filled (closed) parents, as reconcile reads them.
  q.status = "closed";
  auto closed = open.ok() ? trading_.ListOrders(q) : open;
  if (!closed.ok()) {
    Error("halt: open orders", closed.status());
    r_.outcome = "failed";
    return;
  }
  // With a book of its own, only its own orders (and their legs): not another strategy's.
  auto others = [&](const alpaca::TradingOrder& t) {
    return c_.own_book && !IsOwnClientOrderId(c_.strategy_id, t.order.client_order_id);
  };
  for (const auto& t : *open) {
    if (!others(t)) cancel(t.order);  // a parent's cancel takes its legs
  }
  for (const auto& t : *closed) {
    if (others(t)) continue;
    for (const auto& leg : t.legs) {
      if (IsOpen(leg.order.status)) cancel(leg.order);
    }
  }
}

}  // namespace tradelet::live
