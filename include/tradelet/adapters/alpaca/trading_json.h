// JSON mapping of the Alpaca Trading API v2 entities, both directions.
//
// Parsing is tolerant the way Alpaca's payloads require (integrations.md 2.1, 7.2): decimals as
// strings or numbers, null or absent fields, order_class "" for simple, unknown enum values
// (kept as text, never fatal), RFC 3339 times with 0-9 fractional digits. Anything of the wrong
// JSON type is an error naming the JSON path ("order.legs[1].limit_price: expected a decimal,
// got object"). The writers produce what Alpaca sends (decimals as strings), and are used by the
// client (request bodies) and by the paper exchange (responses).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tradelet/adapters/alpaca/trading_types.h"
#include "tradelet/base/status.h"

namespace tradelet::alpaca {

Result<TradingAccount> ParseAccountJson(std::string_view body);
Result<MarketClock> ParseClockJson(std::string_view body);
Result<std::vector<CalendarDay>> ParseCalendarJson(std::string_view body);
Result<TradingAsset> ParseAssetJson(std::string_view body);
Result<std::vector<TradingAsset>> ParseAssetsJson(std::string_view body);
Result<TradingPosition> ParsePositionJson(std::string_view body);
Result<std::vector<TradingPosition>> ParsePositionsJson(std::string_view body);
Result<TradingOrder> ParseOrderJson(std::string_view body);
Result<std::vector<TradingOrder>> ParseOrdersJson(std::string_view body);
// `key` is "id" or "symbol".
Result<std::vector<MultiStatusEntry>> ParseMultiStatusJson(std::string_view body,
                                                           std::string_view key);
// Never fails: a body that is not an error object gives code 0 and a short excerpt.
ApiErrorBody ParseApiErrorJson(std::string_view body);
// The POST /v2/orders body, as a server reads it (the paper exchange). Errors name the field.
Result<OrderRequest> ParseOrderRequestJson(std::string_view body);
Result<ReplaceOrderRequest> ParseReplaceRequestJson(std::string_view body);

std::string OrderRequestToJson(const OrderRequest& r);
std::string ReplaceRequestToJson(const ReplaceOrderRequest& r);
std::string OrderToJson(const TradingOrder& o);
std::string OrdersToJson(const std::vector<TradingOrder>& orders);
std::string AccountToJson(const TradingAccount& a);
std::string ClockToJson(const MarketClock& c);
std::string CalendarToJson(const std::vector<CalendarDay>& days);
std::string AssetToJson(const TradingAsset& a);
std::string PositionToJson(const TradingPosition& p);
std::string PositionsToJson(const std::vector<TradingPosition>& ps);
std::string ApiErrorToJson(int64_t code, std::string_view message);

}  // namespace tradelet::alpaca
