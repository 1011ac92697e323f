// The live run's Broker port: client ids, broker rules, exactly-once placement (live_broker.h).
#include "tradelet/live/live_broker.h"

#include "tradelet/engine/broker_rules.h"
#include "tradelet/live/client_order_id.h"

namespace tradelet::live {

OrderReport DescribeOrder(const OrderRequest& r) {
  OrderReport rep;
  rep.client_order_id = r.client_order_id;
  rep.symbol = r.symbol;
  rep.side = std::string(OrderSideName(r.side));
  rep.qty = r.notional ? "$" + r.notional->ToString() : r.qty.ToString();
  rep.type =
      std::string(OrderTypeName(r.type)) + (r.order_class == OrderClass::kSimple
                                                ? ""
                                                : "/" + std::string(OrderClassName(r.order_class)));
  return rep;
}

Result<AssetInfo> ExactlyOnceBroker::Asset(const std::string& symbol) {
  auto it = assets_.find(symbol);
  if (it != assets_.end()) return it->second;
  auto a = client_.GetAsset(symbol);
  if (!a.ok() && a.status().code() == StatusCode::kNotFound) return a.status();
  // Any other failure: the defaults (the broker still applies its own rules to the POST).
  AssetInfo info;
  if (a.ok()) info = AssetInfo{a->tradable, a->fractionable, a->shortable, a->easy_to_borrow};
  assets_[symbol] = info;
  return info;
}

Result<std::string> ExactlyOnceBroker::Submit(const OrderRequest& request, Timestamp now) {
  OrderRequest req = request;
  const std::string key = req.symbol + (req.side == OrderSide::kBuy ? "/b" : "/s");
  req.client_order_id =
      MakeClientOrderId(o_.strategy_id, o_.slot, req.symbol, req.side, legs_[key]++);
  OrderReport rep = DescribeOrder(req);
  auto reject = [&](const Status& why) -> Result<std::string> {
    rep.state = "rejected";
    rep.reason = why.ToString();
    report_.orders.push_back(rep);
    return why;
  };
  // The broker's rules first: what Alpaca would refuse is never sent.
  RuleContext ctx;
  auto asset = Asset(req.symbol);
  if (!asset.ok()) return reject(asset.status().WithContext("asset " + req.symbol));
  ctx.asset = *asset;
  ctx.now_new_york = TimeZone::NewYork().ToLocal(now);
  ctx.position_qty = snapshot_.PositionOf(req.symbol);
  if (Status s = ValidateOrder(req, ctx); !s.ok()) return reject(s);

  if (o_.dry_run) {
    rep.state = "skipped";
    rep.reason = "dry run";
    report_.orders.push_back(rep);
    return "dry-run:" + req.client_order_id;  // counts as accepted, as it would be for real
  }
  auto skip = [&](Status why) -> Result<std::string> {
    rep.state = "skipped";
    rep.reason = why.message();
    report_.orders.push_back(rep);
    return why;
  };
  if (clock_.Now() - o_.slot > o_.max_staleness) {
    return skip(FailedPrecondition("stale: the slot is older than max_staleness"));
  }
  if (OutOfTime()) {
    ran_out_of_time_ = true;
    return skip(DeadlineExceeded("deadline: no time left in this invocation to send it"));
  }
  PlaceOutcome out =
      PlaceExactlyOnce(client_, req, o_.placer, clock_, &journal_, o_.run_id, o_.slot);
  rep.state = std::string(PlaceStateName(out.state));
  rep.broker_order_id = out.order.order.id;
  if (!out.error.ok()) rep.reason = out.error.ToString();
  report_.orders.push_back(rep);
  switch (out.state) {
    case PlaceState::kPlaced:
    case PlaceState::kAdopted:
      return out.order.order.id;
    case PlaceState::kRejected:
      return out.error.ok() ? FailedPrecondition("rejected by the broker") : out.error;
    case PlaceState::kUnknown:
      break;
  }
  return Unavailable("outcome unknown: " + (out.error.ok() ? std::string("not found after the "
                                                                         "attempts")
                                                           : out.error.ToString()));
}

Status ExactlyOnceBroker::Cancel(const std::string& order_id, Timestamp now) {
  (void)now;
  if (o_.dry_run) {
    report_.cancels.push_back(order_id + " (dry run: not sent)");
    return Status::Ok();
  }
  if (OutOfTime()) {
    ran_out_of_time_ = true;
    report_.cancels.push_back(order_id + " (deadline: not sent)");
    return DeadlineExceeded("deadline: cancel not sent");
  }
  Status s = client_.CancelOrder(order_id);
  report_.cancels.push_back(order_id + (s.ok() ? "" : " (" + s.ToString() + ")"));
  return s;
}

Result<Order> ExactlyOnceBroker::GetOrder(const std::string& order_id) const {
  TL_ASSIGN_OR_RETURN(alpaca::TradingOrder o, client_.GetOrder(order_id));
  return o.order;
}

Position ExactlyOnceBroker::GetPosition(const Symbol& symbol) const {
  const Quantity q = snapshot_.PositionOf(symbol);
  return Position{symbol, q, q * snapshot_.AvgEntryOf(symbol)};
}

void ExactlyOnceBroker::DrainOrderUpdates(std::vector<Order>* out) {
  for (Order& o : updates_) out->push_back(std::move(o));
  updates_.clear();
}

}  // namespace tradelet::live
