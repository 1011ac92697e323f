// Helpers shared by the adapters' JSON parsers (Yahoo, Alpaca): parse with a nesting limit and
// errors that name the byte offset, and typed reads whose errors name the JSON path
// ("chart.result[0].timestamp[3]: expected an integer, got string"). nlohmann::json exceptions
// never escape these functions.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "tradelet/base/status.h"

namespace tradelet::adapters {

using Json = nlohmann::json;

// Parses `body`; `what` prefixes errors ("yahoo chart"). Rejects nesting deeper than
// `max_depth` before parsing, so hostile input cannot exhaust the stack.
Result<Json> ParseJson(std::string_view body, std::string_view what, int max_depth = 64);

// "string", "number", "null", ... for error messages.
std::string_view JsonTypeName(const Json& v);

// path + "." + key, path + "[" + i + "]".
std::string JoinPath(std::string_view path, std::string_view key);
std::string IndexPath(std::string_view path, size_t i);

// A number, or a string holding a decimal number ("174.61"); null gives nullopt. Anything else
// is an error naming `path`.
Result<std::optional<double>> ReadNumberOrNull(const Json& v, const std::string& path);
// An integral number (or an integral string) that fits int64.
Result<int64_t> ReadInt64(const Json& v, const std::string& path);
// A string member, or "" when absent or null; other types are an error.
Result<std::string> ReadOptionalString(const Json& obj, std::string_view key,
                                       const std::string& path);

}  // namespace tradelet::adapters
