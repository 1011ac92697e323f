// Orders as Alpaca models them: types, time in force, order classes with legs, and the
// explicit status state machine shared by the simulated broker and the live adapter.
//
// Money and quantities are Decimal (exact). Enum names match Alpaca's JSON strings, so the
// live adapter maps them 1:1; unknown strings parse to the k*Unknown values instead of failing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/model/bar.h"
#include "tradelet/model/decimal.h"

namespace tradelet {

enum class OrderSide { kBuy, kSell };
enum class OrderType { kMarket, kLimit, kStop, kStopLimit, kTrailingStop };
enum class TimeInForce { kDay, kGtc, kOpg, kCls, kIoc, kFok };
enum class OrderClass { kSimple, kBracket, kOco, kOto };

// Alpaca's order statuses (integrations.md 2.9). kHeld is a bracket/OTO child waiting for its
// parent to fill; kUnknown is any status string this build does not know.
enum class OrderStatus {
  kPendingNew,
  kAccepted,
  kNew,
  kHeld,
  kAcceptedForBidding,
  kPartiallyFilled,
  kFilled,
  kDoneForDay,
  kCanceled,
  kExpired,
  kReplaced,
  kPendingCancel,
  kPendingReplace,
  kStopped,
  kRejected,
  kSuspended,
  kCalculated,
  kUnknown,
};

std::string_view OrderSideName(OrderSide s);        // "buy", "sell"
std::string_view OrderTypeName(OrderType t);        // "market", "limit", "stop", ...
std::string_view TimeInForceName(TimeInForce t);    // "day", "gtc", "opg", "cls", "ioc", "fok"
std::string_view OrderClassName(OrderClass c);      // "simple", "bracket", "oco", "oto"
std::string_view OrderStatusName(OrderStatus s);    // "new", "partially_filled", ...
Result<OrderSide> ParseOrderSide(std::string_view s);
Result<OrderType> ParseOrderType(std::string_view s);
Result<TimeInForce> ParseTimeInForce(std::string_view s);
// "" parses as kSimple (Alpaca sends "" for simple orders).
Result<OrderClass> ParseOrderClass(std::string_view s);
// Never fails: unknown text gives kUnknown (Alpaca adds statuses over time).
OrderStatus ParseOrderStatus(std::string_view s);

// Terminal statuses accept no further transition: filled, canceled, expired, rejected, replaced.
bool IsTerminal(OrderStatus s);
// Open = can still fill or be cancelled (not terminal).
inline bool IsOpen(OrderStatus s) { return !IsTerminal(s); }
// The transition table (see order.cc). Self-transitions are legal only for partially_filled
// (another partial fill). kUnknown may go anywhere and be reached from any open status, since
// the live adapter cannot know what an unknown status means.
bool CanTransition(OrderStatus from, OrderStatus to);

struct TakeProfitLeg {
  Price limit_price;
};
struct StopLossLeg {
  Price stop_price;
  std::optional<Price> limit_price;  // set: the stop-loss is a stop-limit
};

// What a strategy asks for: the body of Alpaca's POST /v2/orders.
struct OrderRequest {
  Symbol symbol;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kMarket;
  TimeInForce time_in_force = TimeInForce::kDay;
  Quantity qty;                    // > 0 unless notional is set
  std::optional<Money> notional;   // dollar amount instead of qty (market + day only)
  std::optional<Price> limit_price;
  std::optional<Price> stop_price;
  std::optional<Price> trail_price;    // trailing stop by amount
  std::optional<Decimal> trail_percent;  // trailing stop by percent ("1.0" = 1 %)
  bool extended_hours = false;
  OrderClass order_class = OrderClass::kSimple;
  std::optional<TakeProfitLeg> take_profit;
  std::optional<StopLossLeg> stop_loss;
  std::string client_order_id;  // <= 48 chars; empty = the broker assigns one
};

// An order known to a broker. Legs of bracket/OCO/OTO orders are orders of their own that name
// their parent; the parent lists them.
struct Order {
  std::string id;
  std::string client_order_id;
  Symbol symbol;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kMarket;
  TimeInForce time_in_force = TimeInForce::kDay;
  OrderClass order_class = OrderClass::kSimple;
  Quantity qty;
  std::optional<Money> notional;
  std::optional<Price> limit_price;
  std::optional<Price> stop_price;
  std::optional<Price> trail_price;
  std::optional<Decimal> trail_percent;
  std::optional<Price> hwm;  // trailing stop: best price seen since activation
  bool extended_hours = false;
  OrderStatus status = OrderStatus::kPendingNew;
  Quantity filled_qty;
  Price filled_avg_price;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> filled_at;
  std::string parent_id;             // empty for a parent or simple order
  std::vector<std::string> leg_ids;  // children, in Alpaca order: take-profit, then stop-loss
  std::string reason;                // why it was rejected, cancelled or expired

  Quantity remaining() const { return qty - filled_qty; }
  // Moves to `to` if the transition table allows it; otherwise FailedPrecondition naming both
  // statuses and the order, and the order is unchanged.
  Status TransitionTo(OrderStatus to, Timestamp at);
};

}  // namespace tradelet
