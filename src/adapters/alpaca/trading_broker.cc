#include "tradelet/adapters/alpaca/trading_broker.h"

#include "tradelet/engine/broker_rules.h"

namespace tradelet::alpaca {

AccountSnapshot ToAccountSnapshot(const TradingAccount& a) {
  AccountSnapshot s;
  s.type = a.multiplier > Decimal::FromInt(1) ? AccountType::kMargin : AccountType::kCash;
  s.cash = a.cash;
  s.long_value = a.long_market_value;
  s.short_value = a.short_market_value.IsPositive() ? -a.short_market_value : a.short_market_value;
  s.multiplier = a.multiplier;
  return s;
}

Result<std::string> AlpacaBroker::Submit(const OrderRequest& request, Timestamp now) {
  RuleContext ctx;
  auto it = assets_.find(request.symbol);
  if (it == assets_.end()) {
    TL_ASSIGN_OR_RETURN(TradingAsset a, client_.GetAsset(request.symbol));
    AssetInfo info{a.tradable, a.fractionable, a.shortable, a.easy_to_borrow};
    it = assets_.emplace(request.symbol, info).first;
  }
  ctx.asset = it->second;
  ctx.now_new_york = TimeZone::NewYork().ToLocal(now);
  ctx.position_qty = GetPosition(request.symbol).qty;
  TL_RETURN_IF_ERROR(ValidateOrder(request, ctx));
  TL_ASSIGN_OR_RETURN(TradingOrder o, client_.CreateOrder(request));
  return o.order.id;
}

Status AlpacaBroker::Cancel(const std::string& order_id, Timestamp now) {
  (void)now;
  Status s = client_.CancelOrder(order_id);
  // Alpaca answers 422 for an order that can no longer be cancelled; the port says
  // FailedPrecondition for that.
  if (s.code() == StatusCode::kInvalidArgument) return FailedPrecondition(s.message());
  return s;
}

Result<Order> AlpacaBroker::GetOrder(const std::string& order_id) const {
  TL_ASSIGN_OR_RETURN(TradingOrder o, client_.GetOrder(order_id));
  return o.order;
}

std::vector<Order> AlpacaBroker::OpenOrders(const Symbol& symbol) const {
  ListOrdersQuery q;
  q.status = "open";
  q.limit = 500;
  q.nested = true;
  q.symbols = {symbol};
  auto r = client_.ListOrders(q);
  if (!r.ok()) {
    last_error_ = r.status();
    return {};
  }
  std::vector<Order> out;
  for (const auto& t : *r) {
    out.push_back(t.order);
    for (const auto& leg : t.legs) {
      if (IsOpen(leg.order.status)) out.push_back(leg.order);
    }
  }
  return out;
}

bool AlpacaBroker::HasOpenOrders(const Symbol& symbol) const { return !OpenOrders(symbol).empty(); }

Position AlpacaBroker::GetPosition(const Symbol& symbol) const {
  auto r = client_.GetPosition(symbol);
  Position p{symbol, Quantity(), Money()};
  if (r.ok()) {
    p.qty = r->qty;
    p.cost_basis = r->qty.IsNegative() ? -r->cost_basis.Abs() : r->cost_basis.Abs();
  } else if (r.status().code() != StatusCode::kNotFound) {
    last_error_ = r.status();
    auto it = last_positions_.find(symbol);
    return it == last_positions_.end() ? p : it->second;
  }
  last_positions_[symbol] = p;
  return p;
}

AccountSnapshot AlpacaBroker::Account() const {
  auto r = client_.GetAccount();
  if (!r.ok()) {
    last_error_ = r.status();
    return last_account_;
  }
  last_account_ = ToAccountSnapshot(*r);
  return last_account_;
}

}  // namespace tradelet::alpaca
