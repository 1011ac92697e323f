// Deterministic client_order_id: the idempotency key of a live order (integrations.md 2.12).
// The same logical intent (strategy, scheduled slot, symbol, side, leg) always gives the same
// id, so a repeated run (Lambda retry, restart) finds the order it already placed instead of
// placing a second one. Never derived from a request id, a random number or the current time.
#pragma once

#include <string>
#include <string_view>

#include "tradelet/base/time.h"
#include "tradelet/model/order.h"

namespace tradelet::live {

// "<strategy>-<YYYYMMDDTHHMMZ>-<SYMBOL>-<b|s>-<leg>", using only [A-Za-z0-9_-] (other
// characters become '_'), at most 48 characters. When the readable form would be longer, the
// strategy and symbol parts are shortened and a 16-hex-digit FNV-1a hash of the full tuple is
// appended, so distinct intents keep distinct ids. `slot` is the scheduled slot (floored to the
// schedule period by the caller), formatted in UTC to the minute.
std::string MakeClientOrderId(std::string_view strategy_id, Timestamp slot, std::string_view symbol,
                              OrderSide side, int leg);

// The prefix every id of this strategy and slot starts with ("<strategy>-<slot>-"), for
// reconciliation. Matches MakeClientOrderId's readable form only.
std::string ClientOrderIdSlotPrefix(std::string_view strategy_id, Timestamp slot);

// True when `cid` was made by MakeClientOrderId for this strategy and slot (either form), so a
// rerun recognises the orders an earlier attempt of the same slot placed.
bool IsClientOrderIdOfSlot(std::string_view cid, std::string_view strategy_id, Timestamp slot);

// Floors `t` to a multiple of `period` since the Unix epoch (slots of a 15-minute schedule).
Timestamp FloorToPeriod(Timestamp t, Duration period);

}  // namespace tradelet::live
