// Field readers for Alpaca JSON payloads, tolerant as trading_json.h describes: decimals as
// strings or numbers, null = absent, booleans as "true"/"false" too. Errors name the JSON path.
// Internal to the Alpaca adapter (responses in trading_json.cc, requests in
// trading_json_requests.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tradelet/adapters/json_util.h"
#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/model/decimal.h"

namespace tradelet::alpaca::json_fields {

using adapters::Json;

// The member `key` of `obj`, nullptr when absent, null, or `obj` is not an object.
const Json* Member(const Json& obj, std::string_view key);
Status ExpectObject(const Json& v, const std::string& path);
Status ExpectArray(const Json& v, const std::string& path);
// A decimal sent as a string ("174.61") or a number (174.61); null, absent or "" -> nullopt.
// |value| above 9e10 is out of range (Decimal holds about +-92e9).
Result<std::optional<Decimal>> OptDecimal(const Json& obj, std::string_view key,
                                          const std::string& path);
Result<Decimal> DecimalOr0(const Json& obj, std::string_view key, const std::string& path);
// "" when absent or null.
Result<std::string> Str(const Json& obj, std::string_view key, const std::string& path);
// false when absent or null.
Result<bool> Bool(const Json& obj, std::string_view key, const std::string& path);
// RFC 3339 with 0-9 fractional digits; nullopt when absent, null or "".
Result<std::optional<Timestamp>> OptTime(const Json& obj, std::string_view key,
                                         const std::string& path);
Result<Timestamp> ReqTime(const Json& obj, std::string_view key, const std::string& path);

}  // namespace tradelet::alpaca::json_fields
