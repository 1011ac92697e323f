// Positions and fills: the exact ledger of what is held. Average-cost accounting: realized
// profit is measured against the average entry price of the shares being closed.
#pragma once

#include <string>

#include "tradelet/base/time.h"
#include "tradelet/model/bar.h"
#include "tradelet/model/decimal.h"
#include "tradelet/model/order.h"

namespace tradelet {

// One execution against an order.
struct Fill {
  std::string order_id;
  Symbol symbol;
  OrderSide side = OrderSide::kBuy;
  Quantity qty;       // > 0
  Price price;        // per share, after slippage
  Money commission;   // >= 0, charged in cash
  Timestamp time;
};

// A signed holding: qty > 0 long, < 0 short. cost_basis is qty x average entry price (signed
// like qty), kept exact so repeated partial closes never drift.
struct Position {
  Symbol symbol;
  Quantity qty;
  Money cost_basis;

  bool flat() const { return qty.IsZero(); }
  // Average entry price (0 when flat).
  Price avg_entry_price() const { return qty.IsZero() ? Price() : cost_basis / qty; }
  Money market_value(Price mark) const { return qty * mark; }
  Money unrealized_pnl(Price mark) const { return qty * mark - cost_basis; }
  // Applies a buy (+qty) or sell (-qty) at `price` and returns the realized profit of the part
  // that closed existing shares (commission excluded). A trade through zero closes the old side
  // and opens the new side at `price`.
  Money Apply(Quantity signed_qty, Price price);
  // A split of `ratio` (2 = 2-for-1): qty x ratio, same cost basis.
  void ApplySplit(Decimal ratio) { qty = qty * ratio; }
};

}  // namespace tradelet
