// Parsing of the order and replace requests a client sends (the paper exchange's side of the
// Trading API). Strict where Alpaca is: required fields and enum values are checked here, the
// order rules in engine/broker_rules.
#include "adapters/alpaca/json_fields.h"
#include "tradelet/adapters/alpaca/trading_json.h"

namespace tradelet::alpaca {
namespace {

using namespace json_fields;

Result<OrderRequest> OrderRequestFrom(const Json& j) {
  const std::string path = "order";
  TL_RETURN_IF_ERROR(ExpectObject(j, path));
  OrderRequest r;
  TL_ASSIGN_OR_RETURN(r.symbol, Str(j, "symbol", path));
  if (r.symbol.empty()) return InvalidArgument("symbol: is required");
  TL_ASSIGN_OR_RETURN(std::string side, Str(j, "side", path));
  TL_ASSIGN_OR_RETURN(std::string type, Str(j, "type", path));
  TL_ASSIGN_OR_RETURN(std::string tif, Str(j, "time_in_force", path));
  TL_ASSIGN_OR_RETURN(std::string cls, Str(j, "order_class", path));
  auto s = ParseOrderSide(side);
  if (!s.ok()) return InvalidArgument("side: invalid value \"" + side.substr(0, 20) + "\"");
  r.side = *s;
  auto ty = ParseOrderType(type);
  if (!ty.ok()) return InvalidArgument("type: invalid value \"" + type.substr(0, 20) + "\"");
  r.type = *ty;
  auto tf = ParseTimeInForce(tif);
  if (!tf.ok()) return InvalidArgument("time_in_force: invalid value \"" + tif.substr(0, 20) + "\"");
  r.time_in_force = *tf;
  auto oc = ParseOrderClass(cls);
  if (!oc.ok()) return InvalidArgument("order_class: invalid value \"" + cls.substr(0, 20) + "\"");
  r.order_class = *oc;
  TL_ASSIGN_OR_RETURN(auto qty, OptDecimal(j, "qty", path));
  r.qty = qty.value_or(Decimal());
  TL_ASSIGN_OR_RETURN(r.notional, OptDecimal(j, "notional", path));
  TL_ASSIGN_OR_RETURN(r.limit_price, OptDecimal(j, "limit_price", path));
  TL_ASSIGN_OR_RETURN(r.stop_price, OptDecimal(j, "stop_price", path));
  TL_ASSIGN_OR_RETURN(r.trail_price, OptDecimal(j, "trail_price", path));
  TL_ASSIGN_OR_RETURN(r.trail_percent, OptDecimal(j, "trail_percent", path));
  TL_ASSIGN_OR_RETURN(r.extended_hours, Bool(j, "extended_hours", path));
  TL_ASSIGN_OR_RETURN(r.client_order_id, Str(j, "client_order_id", path));
  if (const Json* tp = Member(j, "take_profit")) {
    TL_RETURN_IF_ERROR(ExpectObject(*tp, "take_profit"));
    TL_ASSIGN_OR_RETURN(auto lp, OptDecimal(*tp, "limit_price", "take_profit"));
    if (!lp) return InvalidArgument("take_profit.limit_price: is required");
    r.take_profit = TakeProfitLeg{*lp};
  }
  if (const Json* sl = Member(j, "stop_loss")) {
    TL_RETURN_IF_ERROR(ExpectObject(*sl, "stop_loss"));
    TL_ASSIGN_OR_RETURN(auto sp, OptDecimal(*sl, "stop_price", "stop_loss"));
    if (!sp) return InvalidArgument("stop_loss.stop_price: is required");
    TL_ASSIGN_OR_RETURN(auto lp, OptDecimal(*sl, "limit_price", "stop_loss"));
    r.stop_loss = StopLossLeg{*sp, lp};
  }
  return r;
}

}  // namespace

Result<OrderRequest> ParseOrderRequestJson(std::string_view body) {
  TL_ASSIGN_OR_RETURN(Json j, adapters::ParseJson(body, "order request"));
  return OrderRequestFrom(j);
}

Result<ReplaceOrderRequest> ParseReplaceRequestJson(std::string_view body) {
  TL_ASSIGN_OR_RETURN(Json j, adapters::ParseJson(body, "replace request"));
  const std::string path = "replace";
  TL_RETURN_IF_ERROR(ExpectObject(j, path));
  ReplaceOrderRequest r;
  TL_ASSIGN_OR_RETURN(r.qty, OptDecimal(j, "qty", path));
  TL_ASSIGN_OR_RETURN(r.limit_price, OptDecimal(j, "limit_price", path));
  TL_ASSIGN_OR_RETURN(r.stop_price, OptDecimal(j, "stop_price", path));
  TL_ASSIGN_OR_RETURN(r.trail, OptDecimal(j, "trail", path));
  TL_ASSIGN_OR_RETURN(r.client_order_id, Str(j, "client_order_id", path));
  TL_ASSIGN_OR_RETURN(std::string tif, Str(j, "time_in_force", path));
  if (!tif.empty()) {
    auto t = ParseTimeInForce(tif);
    if (!t.ok()) return InvalidArgument("time_in_force: invalid value");
    r.time_in_force = *t;
  }
  return r;
}

}  // namespace tradelet::alpaca
