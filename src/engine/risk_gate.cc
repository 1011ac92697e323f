#include "tradelet/engine/risk_gate.h"

#include <cmath>
#include <string>

namespace tradelet {

Status CheckPreTradeRisk(const OrderRequest& r, const RiskInput& in, const RiskLimits& limits) {
  // Built only when refusing (the accept path runs for every order of a backtest).
  auto what_of = [&] { return std::string(OrderSideName(r.side)) + " " + r.symbol + ": "; };
  if (!std::isfinite(in.reference_price) || in.reference_price <= 0) {
    return FailedPrecondition(what_of() + "no valid reference price (" +
                              std::to_string(in.reference_price) + "); refusing to trade on it");
  }
  if (limits.max_orders_per_step > 0 && in.orders_this_step >= limits.max_orders_per_step) {
    return FailedPrecondition(what_of() + "more than max_orders_per_step=" +
                              std::to_string(limits.max_orders_per_step) + " orders in one step");
  }
  const double qty = r.notional ? r.notional->ToDouble() / in.reference_price : r.qty.ToDouble();
  const double notional = qty * in.reference_price;
  if (limits.max_order_notional > 0 && notional > limits.max_order_notional) {
    return FailedPrecondition(what_of() + "order notional " + std::to_string(notional) +
                              " exceeds max_order_notional " +
                              std::to_string(limits.max_order_notional));
  }
  const double signed_qty = r.side == OrderSide::kBuy ? qty : -qty;
  const double after = in.position_qty.ToDouble() + signed_qty;
  if (!limits.allow_short && after < -1e-9) {
    return FailedPrecondition(what_of() + "would leave a short position of " + std::to_string(after) +
                              " shares and shorting is disabled");
  }
  const double equity = in.account.equity().ToDouble();
  if (limits.max_position_fraction > 0 &&
      std::fabs(after) > std::fabs(in.position_qty.ToDouble()) &&
      std::fabs(after) * in.reference_price > limits.max_position_fraction * equity) {
    return FailedPrecondition(what_of() + "position value " +
                              std::to_string(std::fabs(after) * in.reference_price) +
                              " would exceed max_position_fraction " +
                              std::to_string(limits.max_position_fraction) + " of equity " +
                              std::to_string(equity));
  }
  return Status::Ok();
}

}  // namespace tradelet
