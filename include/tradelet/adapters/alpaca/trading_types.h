// Alpaca Trading API v2 entities (integrations.md 2.2-2.10) as tradelet values. Money and
// quantities are exact Decimals; times are UTC Timestamps. Every field Alpaca may omit or null
// is optional or has a neutral default, because Alpaca adds and removes fields over time (the
// PDT fields vanished on 2026-07-06).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/base/time.h"
#include "tradelet/model/decimal.h"
#include "tradelet/model/order.h"

namespace tradelet::alpaca {

// GET /v2/account.
struct TradingAccount {
  std::string id, account_number, status, currency;
  Money cash, buying_power, regt_buying_power, non_marginable_buying_power;
  Money equity, last_equity, portfolio_value, long_market_value, short_market_value;
  Money initial_margin, maintenance_margin;
  Decimal multiplier = Decimal::FromInt(1);
  bool shorting_enabled = false, trading_blocked = false, transfers_blocked = false;
  bool account_blocked = false, trade_suspended_by_user = false;
  std::optional<Timestamp> created_at;
};

// GET /v2/clock.
struct MarketClock {
  Timestamp timestamp;
  bool is_open = false;
  Timestamp next_open, next_close;
};

// One element of GET /v2/calendar. Alpaca sends ET wall-clock "HH:MM" (open/close) and "HHMM"
// (session_open/close) without a date or offset; they are combined with `date` in New York.
struct CalendarDay {
  CivilDate date;
  Timestamp open, close;
  std::optional<Timestamp> session_open, session_close;
};

// GET /v2/assets[/{symbol}].
struct TradingAsset {
  std::string id, asset_class, exchange, symbol, name, status;
  bool tradable = false, marginable = false, shortable = false, easy_to_borrow = false;
  bool fractionable = false;
};

// GET /v2/positions[/{symbol}]. qty is signed here (negative for side "short"), whatever sign
// Alpaca used in the payload.
struct TradingPosition {
  std::string asset_id, symbol, exchange, asset_class, side;
  Quantity qty, qty_available;
  Price avg_entry_price, current_price, lastday_price;
  Money market_value, cost_basis, unrealized_pl;
};

// An order as Alpaca reports it: the shared model Order plus the fields only the API has.
struct TradingOrder {
  Order order;
  std::string status_text;  // as sent, so an unknown status stays visible
  std::string asset_id, asset_class, replaced_by, replaces, position_intent;
  std::optional<Timestamp> submitted_at, canceled_at, expired_at, failed_at, replaced_at;
  std::vector<TradingOrder> legs;  // nested=true; empty otherwise
  // Enum fields whose text this build does not know ("type=foo"); the order keeps defaults.
  std::vector<std::string> unknown_values;
};

// One element of a 207 Multi-Status answer (DELETE /v2/orders, DELETE /v2/positions).
struct MultiStatusEntry {
  std::string key;  // "id" (cancel all) or "symbol" (close all)
  int status = 0;
  std::optional<TradingOrder> order;  // the body when it is an order
  int64_t error_code = 0;             // the body's code when it is an error
  std::string error_message;
};

// The error body {"code": 40310000, "message": "..."} (both optional).
struct ApiErrorBody {
  int64_t code = 0;
  std::string message;
};

// PATCH /v2/orders/{id} body.
struct ReplaceOrderRequest {
  std::optional<Quantity> qty;
  std::optional<TimeInForce> time_in_force;
  std::optional<Price> limit_price, stop_price, trail;
  std::string client_order_id;
};

// GET /v2/orders query.
struct ListOrdersQuery {
  std::string status = "open";  // open | closed | all
  int limit = 0;                // 0 = Alpaca's default (50); max 500
  std::optional<Timestamp> after, until;
  std::string direction;        // asc | desc | "" (default desc)
  bool nested = false;
  std::string side;             // buy | sell | ""
  std::vector<std::string> symbols;
};

}  // namespace tradelet::alpaca
