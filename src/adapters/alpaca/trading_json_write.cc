// Writing Alpaca Trading API v2 JSON: request bodies for the client, responses for the paper
// exchange. Decimals go out as strings, as Alpaca sends and recommends.
#include <nlohmann/json.hpp>

#include "tradelet/adapters/alpaca/trading_json.h"

namespace tradelet::alpaca {
namespace {

using Json = nlohmann::json;

Json Dec(const std::optional<Decimal>& d) { return d ? Json(d->ToString()) : Json(nullptr); }
Json Time(const std::optional<Timestamp>& t) { return t ? Json(FormatTimestamp(*t)) : Json(nullptr); }
Json StrOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json OrderObject(const TradingOrder& t) {
  const Order& o = t.order;
  Json j;
  j["id"] = o.id;
  j["client_order_id"] = o.client_order_id;
  j["created_at"] = FormatTimestamp(o.created_at);
  j["updated_at"] = FormatTimestamp(o.updated_at);
  j["submitted_at"] = Time(t.submitted_at ? t.submitted_at : std::optional(o.created_at));
  j["filled_at"] = Time(o.filled_at);
  j["expired_at"] = Time(t.expired_at);
  j["canceled_at"] = Time(t.canceled_at);
  j["failed_at"] = Time(t.failed_at);
  j["replaced_at"] = Time(t.replaced_at);
  j["replaced_by"] = StrOrNull(t.replaced_by);
  j["replaces"] = StrOrNull(t.replaces);
  j["asset_id"] = t.asset_id;
  j["symbol"] = o.symbol;
  j["asset_class"] = t.asset_class.empty() ? "us_equity" : t.asset_class;
  j["notional"] = Dec(o.notional);
  j["qty"] = o.notional ? Json(nullptr) : Json(o.qty.ToString());
  j["filled_qty"] = o.filled_qty.ToString();
  j["filled_avg_price"] = o.filled_qty.IsZero() ? Json(nullptr) : Json(o.filled_avg_price.ToString());
  j["order_class"] = o.order_class == OrderClass::kSimple ? "" : std::string(OrderClassName(o.order_class));
  j["order_type"] = std::string(OrderTypeName(o.type));
  j["type"] = std::string(OrderTypeName(o.type));
  j["side"] = std::string(OrderSideName(o.side));
  j["time_in_force"] = std::string(TimeInForceName(o.time_in_force));
  j["limit_price"] = Dec(o.limit_price);
  j["stop_price"] = Dec(o.stop_price);
  j["status"] = t.status_text.empty() ? std::string(OrderStatusName(o.status)) : t.status_text;
  j["extended_hours"] = o.extended_hours;
  if (t.legs.empty()) {
    j["legs"] = nullptr;
  } else {
    Json legs = Json::array();
    for (const auto& l : t.legs) legs.push_back(OrderObject(l));
    j["legs"] = legs;
  }
  j["trail_percent"] = Dec(o.trail_percent);
  j["trail_price"] = Dec(o.trail_price);
  j["hwm"] = Dec(o.hwm);
  j["position_intent"] = StrOrNull(t.position_intent);
  return j;
}

Json PositionObject(const TradingPosition& p) {
  Json j;
  j["asset_id"] = p.asset_id;
  j["symbol"] = p.symbol;
  j["exchange"] = p.exchange;
  j["asset_class"] = p.asset_class.empty() ? "us_equity" : p.asset_class;
  j["avg_entry_price"] = p.avg_entry_price.ToString();
  j["qty"] = p.qty.ToString();
  j["qty_available"] = p.qty_available.ToString();
  j["side"] = p.qty.IsNegative() ? "short" : "long";
  j["market_value"] = p.market_value.ToString();
  j["cost_basis"] = p.cost_basis.ToString();
  j["unrealized_pl"] = p.unrealized_pl.ToString();
  j["current_price"] = p.current_price.ToString();
  j["lastday_price"] = p.lastday_price.ToString();
  return j;
}

}  // namespace

std::string OrderRequestToJson(const OrderRequest& r) {
  Json j;
  j["symbol"] = r.symbol;
  if (r.notional) j["notional"] = r.notional->ToString();
  else j["qty"] = r.qty.ToString();
  j["side"] = std::string(OrderSideName(r.side));
  j["type"] = std::string(OrderTypeName(r.type));
  j["time_in_force"] = std::string(TimeInForceName(r.time_in_force));
  if (r.limit_price) j["limit_price"] = r.limit_price->ToString();
  if (r.stop_price) j["stop_price"] = r.stop_price->ToString();
  if (r.trail_price) j["trail_price"] = r.trail_price->ToString();
  if (r.trail_percent) j["trail_percent"] = r.trail_percent->ToString();
  if (r.extended_hours) j["extended_hours"] = true;
  if (r.order_class != OrderClass::kSimple) {
    j["order_class"] = std::string(OrderClassName(r.order_class));
  }
  if (r.take_profit) j["take_profit"] = {{"limit_price", r.take_profit->limit_price.ToString()}};
  if (r.stop_loss) {
    Json sl = {{"stop_price", r.stop_loss->stop_price.ToString()}};
    if (r.stop_loss->limit_price) sl["limit_price"] = r.stop_loss->limit_price->ToString();
    j["stop_loss"] = sl;
  }
  if (!r.client_order_id.empty()) j["client_order_id"] = r.client_order_id;
  return j.dump();
}

std::string ReplaceRequestToJson(const ReplaceOrderRequest& r) {
  Json j = Json::object();
  if (r.qty) j["qty"] = r.qty->ToString();
  if (r.time_in_force) j["time_in_force"] = std::string(TimeInForceName(*r.time_in_force));
  if (r.limit_price) j["limit_price"] = r.limit_price->ToString();
  if (r.stop_price) j["stop_price"] = r.stop_price->ToString();
  if (r.trail) j["trail"] = r.trail->ToString();
  if (!r.client_order_id.empty()) j["client_order_id"] = r.client_order_id;
  return j.dump();
}

std::string OrderToJson(const TradingOrder& o) { return OrderObject(o).dump(); }

std::string OrdersToJson(const std::vector<TradingOrder>& orders) {
  Json a = Json::array();
  for (const auto& o : orders) a.push_back(OrderObject(o));
  return a.dump();
}

std::string AccountToJson(const TradingAccount& a) {
  Json j;
  j["id"] = a.id;
  j["account_number"] = a.account_number;
  j["status"] = a.status;
  j["currency"] = a.currency;
  j["cash"] = a.cash.ToString();
  j["buying_power"] = a.buying_power.ToString();
  j["regt_buying_power"] = a.regt_buying_power.ToString();
  j["non_marginable_buying_power"] = a.non_marginable_buying_power.ToString();
  j["equity"] = a.equity.ToString();
  j["last_equity"] = a.last_equity.ToString();
  j["portfolio_value"] = a.portfolio_value.ToString();
  j["long_market_value"] = a.long_market_value.ToString();
  j["short_market_value"] = a.short_market_value.ToString();
  j["initial_margin"] = a.initial_margin.ToString();
  j["maintenance_margin"] = a.maintenance_margin.ToString();
  j["multiplier"] = a.multiplier.ToString();
  j["shorting_enabled"] = a.shorting_enabled;
  j["trading_blocked"] = a.trading_blocked;
  j["transfers_blocked"] = a.transfers_blocked;
  j["account_blocked"] = a.account_blocked;
  j["trade_suspended_by_user"] = a.trade_suspended_by_user;
  j["created_at"] = Time(a.created_at);
  return j.dump();
}

std::string ClockToJson(const MarketClock& c) {
  const TimeZone& ny = TimeZone::NewYork();
  Json j;
  j["timestamp"] = FormatTimestamp(c.timestamp, ny);
  j["is_open"] = c.is_open;
  j["next_open"] = FormatTimestamp(c.next_open, ny);
  j["next_close"] = FormatTimestamp(c.next_close, ny);
  return j.dump();
}

std::string CalendarToJson(const std::vector<CalendarDay>& days) {
  const TimeZone& ny = TimeZone::NewYork();
  auto hm = [&](Timestamp t, bool colon) {
    const LocalDateTime l = ny.ToLocal(t);
    char buf[8];
    std::snprintf(buf, sizeof buf, colon ? "%02d:%02d" : "%02d%02d", l.hour, l.minute);
    return std::string(buf);
  };
  Json a = Json::array();
  for (const auto& d : days) {
    Json j;
    j["date"] = d.date.ToString();
    j["open"] = hm(d.open, true);
    j["close"] = hm(d.close, true);
    if (d.session_open) j["session_open"] = hm(*d.session_open, false);
    if (d.session_close) j["session_close"] = hm(*d.session_close, false);
    a.push_back(j);
  }
  return a.dump();
}

std::string AssetToJson(const TradingAsset& a) {
  Json j;
  j["id"] = a.id;
  j["class"] = a.asset_class;
  j["exchange"] = a.exchange;
  j["symbol"] = a.symbol;
  j["name"] = a.name;
  j["status"] = a.status;
  j["tradable"] = a.tradable;
  j["marginable"] = a.marginable;
  j["shortable"] = a.shortable;
  j["easy_to_borrow"] = a.easy_to_borrow;
  j["fractionable"] = a.fractionable;
  return j.dump();
}

std::string PositionToJson(const TradingPosition& p) { return PositionObject(p).dump(); }

std::string PositionsToJson(const std::vector<TradingPosition>& ps) {
  Json a = Json::array();
  for (const auto& p : ps) a.push_back(PositionObject(p));
  return a.dump();
}

std::string ApiErrorToJson(int64_t code, std::string_view message) {
  Json j;
  j["code"] = code;
  j["message"] = std::string(message);
  return j.dump();
}

}  // namespace tradelet::alpaca
