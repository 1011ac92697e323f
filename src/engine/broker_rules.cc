#include "tradelet/engine/broker_rules.h"

#include <string>

namespace tradelet {
namespace {

Status Bad(const std::string& field, const std::string& why) {
  return InvalidArgument(field + ": " + why);
}

Status CheckPrice(const char* field, const std::optional<Price>& p) {
  if (!p) return Status::Ok();
  if (!p->IsPositive()) return Bad(field, "must be > 0, got " + p->ToString());
  if (!IsValidPriceIncrement(*p)) {
    return Bad(field, "invalid " + std::string(field) + " " + p->ToString() +
                          ". sub-penny increment does not fulfill minimum pricing criteria");
  }
  return Status::Ok();
}

bool IsWhole(Quantity q) { return q == q.Truncate(); }

}  // namespace

bool IsValidPriceIncrement(Price p) {
  const Price a = p.Abs();
  return a >= Price::FromInt(1) ? a.Round(2) == a : a.Round(4) == a;
}

Price RoundToTick(Price p) { return p.Abs() >= Price::FromInt(1) ? p.Round(2) : p.Round(4); }

Status ValidateOrder(const OrderRequest& r, const RuleContext& ctx) {
  if (r.symbol.empty()) return Bad("symbol", "is required");
  if (!ctx.asset.tradable) return Bad("symbol", "asset " + r.symbol + " is not tradable");
  if (r.client_order_id.size() > kMaxClientOrderIdLength) {
    return Bad("client_order_id", "must be at most 48 characters, got " +
                                      std::to_string(r.client_order_id.size()));
  }
  const bool by_notional = r.notional.has_value();
  if (by_notional && !r.qty.IsZero()) return Bad("qty", "qty and notional are mutually exclusive");
  if (!by_notional && !r.qty.IsPositive()) return Bad("qty", "is required and must be > 0");
  if (by_notional && !r.notional->IsPositive()) return Bad("notional", "must be > 0");
  const bool fractional = by_notional || !IsWhole(r.qty);

  // Prices by type.
  const bool needs_limit = r.type == OrderType::kLimit || r.type == OrderType::kStopLimit;
  const bool needs_stop = r.type == OrderType::kStop || r.type == OrderType::kStopLimit;
  if (needs_limit && !r.limit_price) return Bad("limit_price", "is required for " + std::string(OrderTypeName(r.type)) + " orders");
  if (!needs_limit && r.limit_price) return Bad("limit_price", "is only allowed for limit and stop_limit orders");
  if (needs_stop && !r.stop_price) return Bad("stop_price", "is required for " + std::string(OrderTypeName(r.type)) + " orders");
  if (!needs_stop && r.stop_price) return Bad("stop_price", "is only allowed for stop and stop_limit orders");
  TL_RETURN_IF_ERROR(CheckPrice("limit_price", r.limit_price));
  TL_RETURN_IF_ERROR(CheckPrice("stop_price", r.stop_price));
  if (r.type == OrderType::kTrailingStop) {
    if (r.trail_price.has_value() == r.trail_percent.has_value()) {
      return Bad("trail_price", "exactly one of trail_price and trail_percent is required");
    }
    TL_RETURN_IF_ERROR(CheckPrice("trail_price", r.trail_price));
    if (r.trail_percent && (!r.trail_percent->IsPositive() || *r.trail_percent >= Decimal::FromInt(100))) {
      return Bad("trail_percent", "must be in (0, 100)");
    }
    if (r.time_in_force != TimeInForce::kDay && r.time_in_force != TimeInForce::kGtc) {
      return Bad("time_in_force", "trailing_stop orders must be day or gtc");
    }
  } else if (r.trail_price || r.trail_percent) {
    return Bad("trail_price", "trail_price/trail_percent are only allowed for trailing_stop orders");
  }

  // Time in force.
  if ((r.time_in_force == TimeInForce::kOpg || r.time_in_force == TimeInForce::kCls) &&
      r.type != OrderType::kMarket && r.type != OrderType::kLimit) {
    return Bad("time_in_force", std::string(TimeInForceName(r.time_in_force)) +
                                    " is only allowed for market and limit orders");
  }
  if (ctx.now_new_york) {
    const int minute = ctx.now_new_york->hour * 60 + ctx.now_new_york->minute;
    if (r.time_in_force == TimeInForce::kOpg && minute > 9 * 60 + 28 && minute < 19 * 60) {
      return Bad("time_in_force", "opg orders are not accepted between 09:28 and 19:00 ET");
    }
    if (r.time_in_force == TimeInForce::kCls && minute > 15 * 60 + 50 && minute < 19 * 60) {
      return Bad("time_in_force", "cls orders are not accepted between 15:50 and 19:00 ET");
    }
  }
  if (r.extended_hours && !(r.type == OrderType::kLimit && r.time_in_force == TimeInForce::kDay)) {
    return Bad("extended_hours", "only limit orders with time_in_force=day may trade extended hours");
  }

  // Fractional and notional orders (spec choice, integrations.md 2.13: market + day only).
  if (fractional) {
    if (!ctx.asset.fractionable) return Bad("qty", "requested asset is not fractionable");
    if (r.type != OrderType::kMarket || r.time_in_force != TimeInForce::kDay) {
      return Bad("qty", "fractional orders must be market orders with time_in_force=day");
    }
    if (r.order_class != OrderClass::kSimple) return Bad("qty", "fractional orders must be simple orders");
    if (r.extended_hours) return Bad("extended_hours", "fractional orders cannot trade extended hours");
    if (r.side == OrderSide::kSell && !by_notional && r.qty > ctx.position_qty) {
      return Bad("qty", "fractional orders are not allowed to short");
    }
  }

  // Order classes and legs.
  const bool has_tp = r.take_profit.has_value(), has_sl = r.stop_loss.has_value();
  if (has_tp) TL_RETURN_IF_ERROR(CheckPrice("take_profit.limit_price", r.take_profit->limit_price));
  if (has_sl) {
    TL_RETURN_IF_ERROR(CheckPrice("stop_loss.stop_price", r.stop_loss->stop_price));
    TL_RETURN_IF_ERROR(CheckPrice("stop_loss.limit_price", r.stop_loss->limit_price));
  }
  const bool buy = r.side == OrderSide::kBuy;
  switch (r.order_class) {
    case OrderClass::kSimple:
      if (has_tp || has_sl) return Bad("order_class", "take_profit/stop_loss need order_class bracket, oco or oto");
      break;
    case OrderClass::kBracket: {
      if (!has_tp || !has_sl) return Bad("order_class", "bracket orders need both take_profit and stop_loss");
      if (r.time_in_force != TimeInForce::kDay && r.time_in_force != TimeInForce::kGtc) {
        return Bad("time_in_force", "bracket orders must be day or gtc");
      }
      if (r.extended_hours) return Bad("extended_hours", "bracket orders cannot trade extended hours");
      if (r.type != OrderType::kMarket && r.type != OrderType::kLimit) {
        return Bad("type", "bracket entry must be a market or limit order");
      }
      const Price tp = r.take_profit->limit_price, sl = r.stop_loss->stop_price;
      if (buy ? !(tp > sl) : !(tp < sl)) {
        return Bad("take_profit.limit_price", std::string("must be ") + (buy ? "greater" : "less") +
                                                  " than stop_loss.stop_price for a " +
                                                  std::string(OrderSideName(r.side)) + " bracket");
      }
      double base = r.limit_price ? r.limit_price->ToDouble() : ctx.reference_price;
      if (base > 0) {
        const double cent = 0.01 - 1e-9;
        if (buy ? sl.ToDouble() > base - cent : sl.ToDouble() < base + cent) {
          return Bad("stop_loss.stop_price", "must be at least 0.01 " +
                                                 std::string(buy ? "below" : "above") +
                                                 " the base price " + std::to_string(base));
        }
        if (buy ? tp.ToDouble() < base + cent : tp.ToDouble() > base - cent) {
          return Bad("take_profit.limit_price", "must be at least 0.01 " +
                                                    std::string(buy ? "above" : "below") +
                                                    " the base price " + std::to_string(base));
        }
      }
      break;
    }
    case OrderClass::kOco:
      if (r.type != OrderType::kLimit) return Bad("type", "oco orders must be of type limit (the take-profit)");
      if (!has_sl) return Bad("stop_loss", "is required for oco orders");
      if (buy ? !(r.stop_loss->stop_price > *r.limit_price) : !(r.stop_loss->stop_price < *r.limit_price)) {
        return Bad("stop_loss.stop_price", "must be on the other side of the take-profit limit_price");
      }
      if (r.time_in_force != TimeInForce::kDay && r.time_in_force != TimeInForce::kGtc) {
        return Bad("time_in_force", "oco orders must be day or gtc");
      }
      break;
    case OrderClass::kOto:
      if (has_tp == has_sl) return Bad("order_class", "oto orders need exactly one of take_profit and stop_loss");
      if (r.time_in_force != TimeInForce::kDay && r.time_in_force != TimeInForce::kGtc) {
        return Bad("time_in_force", "oto orders must be day or gtc");
      }
      break;
  }
  return Status::Ok();
}

}  // namespace tradelet
