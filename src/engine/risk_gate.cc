#include "tradelet/engine/risk_gate.h"

#include <cmath>
#include <string>

namespace tradelet {
namespace {

constexpr const char* kLimits[] = {
    "reference_price", "max_orders_per_step",   "max_orders_per_run", "max_order_notional",
    "allow_short",     "max_position_fraction", "max_gross_exposure", "max_daily_loss_fraction"};

}  // namespace

Status CheckPreTradeRisk(const OrderRequest& r, const RiskInput& in, const RiskLimits& limits) {
  // Built only when refusing (the accept path runs for every order of a backtest).
  auto refuse = [&](const char* limit, const std::string& why) {
    return FailedPrecondition(std::string(limit) + ": " + std::string(OrderSideName(r.side)) + " " +
                              r.symbol + ": " + why);
  };
  if (!std::isfinite(in.reference_price) || in.reference_price <= 0) {
    return refuse("reference_price", "no valid reference price (" +
                                         std::to_string(in.reference_price) +
                                         "); refusing to trade on it");
  }
  if (limits.max_orders_per_step > 0 && in.orders_this_step >= limits.max_orders_per_step) {
    return refuse("max_orders_per_step",
                  "more than max_orders_per_step=" + std::to_string(limits.max_orders_per_step) +
                      " orders in one step");
  }
  if (limits.max_orders_per_run > 0 && in.orders_this_run >= limits.max_orders_per_run) {
    return refuse("max_orders_per_run",
                  "more than max_orders_per_run=" + std::to_string(limits.max_orders_per_run) +
                      " orders in one run");
  }
  const double qty = r.notional ? r.notional->ToDouble() / in.reference_price : r.qty.ToDouble();
  const double notional = qty * in.reference_price;
  if (limits.max_order_notional > 0 && notional > limits.max_order_notional) {
    return refuse("max_order_notional", "order notional " + std::to_string(notional) +
                                            " exceeds max_order_notional " +
                                            std::to_string(limits.max_order_notional));
  }
  const double signed_qty = r.side == OrderSide::kBuy ? qty : -qty;
  const double before = in.position_qty.ToDouble();
  const double after = before + signed_qty;
  if (!limits.allow_short && after < -1e-9) {
    return refuse("allow_short", "would leave a short position of " + std::to_string(after) +
                                     " shares and shorting is disabled");
  }
  const double equity = in.account.equity().ToDouble();
  const bool entry = std::fabs(after) > std::fabs(before);
  if (limits.max_position_fraction > 0 && entry &&
      std::fabs(after) * in.reference_price > limits.max_position_fraction * equity) {
    return refuse("max_position_fraction",
                  "position value " + std::to_string(std::fabs(after) * in.reference_price) +
                      " would exceed max_position_fraction " +
                      std::to_string(limits.max_position_fraction) + " of equity " +
                      std::to_string(equity));
  }
  if (limits.max_gross_exposure > 0 && entry) {
    const double gross = in.account.long_value.ToDouble() +
                         std::fabs(in.account.short_value.ToDouble()) +
                         (std::fabs(after) - std::fabs(before)) * in.reference_price;
    if (gross > limits.max_gross_exposure * equity) {
      return refuse("max_gross_exposure", "gross exposure " + std::to_string(gross) +
                                              " would exceed max_gross_exposure " +
                                              std::to_string(limits.max_gross_exposure) +
                                              " of equity " + std::to_string(equity));
    }
  }
  if (limits.max_daily_loss_fraction > 0 && entry && in.day_start_equity > 0) {
    const double loss = (in.day_start_equity - equity) / in.day_start_equity;
    if (loss > limits.max_daily_loss_fraction) {
      return refuse("max_daily_loss_fraction",
                    "the day's loss " + std::to_string(loss) + " of the day-start equity " +
                        std::to_string(in.day_start_equity) + " passed max_daily_loss_fraction " +
                        std::to_string(limits.max_daily_loss_fraction) + "; no new entries");
    }
  }
  return Status::Ok();
}

std::string RiskLimitOf(const Status& refusal) {
  const std::string& m = refusal.message();
  for (const char* l : kLimits) {
    const std::string p = std::string(l) + ":";
    if (m.rfind(p, 0) == 0) return l;
  }
  return "";
}

}  // namespace tradelet
