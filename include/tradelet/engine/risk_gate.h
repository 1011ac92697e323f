// Pre-trade risk gate: the kernel's last check before an order reaches any broker, backtest and
// live alike. It guards against strategy bugs (NaN sizes, stale prices, fat fingers) and caps
// what a live account may do; it does not enforce broker rules (those are in broker_rules.h).
#pragma once

#include <string>

#include "tradelet/base/status.h"
#include "tradelet/model/account.h"
#include "tradelet/model/order.h"

namespace tradelet {

// Every limit is off at 0 (the defaults keep a run unchanged).
struct RiskLimits {
  double max_order_notional = 0;     // per order, in dollars
  double max_position_fraction = 0;  // |position after fill| x price / equity
  int max_orders_per_step = 0;
  int max_orders_per_run = 0;  // orders accepted over the whole run
  // (long value + |short value| + this order's notional) / equity, for orders that grow a
  // position (an entry); reducing orders always pass.
  double max_gross_exposure = 0;
  // No new entries once (day-start equity - equity) / day-start equity exceeds this.
  double max_daily_loss_fraction = 0;
  bool allow_short = true;  // false: a sell larger than the position is refused
};

struct RiskInput {
  double reference_price = 0;  // latest close; must be finite and > 0
  Quantity position_qty;       // current signed position
  AccountSnapshot account;
  int orders_this_step = 0;     // orders already accepted in this step
  int orders_this_run = 0;      // orders already accepted in this run
  double day_start_equity = 0;  // equity at the start of the trading day; 0 = unknown
};

// OK, or FailedPrecondition whose message starts with the name of the limit the order would
// break ("max_order_notional: buy SPY: ...").
Status CheckPreTradeRisk(const OrderRequest& r, const RiskInput& in, const RiskLimits& limits);

// The limit a refusal of CheckPreTradeRisk names ("max_order_notional"), or "" for other errors.
std::string RiskLimitOf(const Status& refusal);

}  // namespace tradelet
