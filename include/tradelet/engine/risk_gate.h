// Pre-trade risk gate: the kernel's last check before an order reaches any broker. It guards
// against strategy bugs (NaN sizes, stale prices, fat fingers), not against broker rules
// (those are in broker_rules.h).
#pragma once

#include "tradelet/base/status.h"
#include "tradelet/model/account.h"
#include "tradelet/model/order.h"

namespace tradelet {

struct RiskLimits {
  double max_order_notional = 0;    // per order, in dollars; 0 = no limit
  double max_position_fraction = 0; // |position after fill| x price / equity; 0 = no limit
  int max_orders_per_step = 0;      // 0 = no limit
  bool allow_short = true;          // false: a sell larger than the position is refused
};

struct RiskInput {
  double reference_price = 0;  // latest close; must be finite and > 0
  Quantity position_qty;       // current signed position
  AccountSnapshot account;
  int orders_this_step = 0;    // orders already accepted in this step
};

// OK, or FailedPrecondition naming the limit that the order would break.
Status CheckPreTradeRisk(const OrderRequest& r, const RiskInput& in, const RiskLimits& limits);

}  // namespace tradelet
