// Alpaca's order acceptance rules in ONE place (integrations.md 2.7, 2.11, 2.13). The simulated
// broker and the live adapter both call ValidateOrder, so a backtest rejects exactly what Alpaca
// would reject, with Alpaca-like messages. Checks that need account state (buying power,
// available qty) live in the broker; everything here depends only on the request, the asset and
// the time.
#pragma once

#include <optional>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/engine/ports.h"
#include "tradelet/model/order.h"

namespace tradelet {

struct RuleContext {
  AssetInfo asset;
  // Latest trade price, for the bracket "$0.01 from the base price" rule; 0 = unknown.
  double reference_price = 0;
  // When set, the opg/cls submission cut-offs are enforced (New York local time of submission).
  std::optional<LocalDateTime> now_new_york;
  // Current position qty (signed), to forbid fractional short sales.
  Quantity position_qty;
};

inline constexpr size_t kMaxClientOrderIdLength = 48;

// OK or InvalidArgument whose message names the field ("limit_price: ...").
Status ValidateOrder(const OrderRequest& r, const RuleContext& ctx);

// Alpaca's price increment: >= $1 at most 2 decimals, < $1 at most 4.
bool IsValidPriceIncrement(Price p);
// Rounds a computed price to a valid increment (toward the passive side is the caller's job).
Price RoundToTick(Price p);

}  // namespace tradelet
