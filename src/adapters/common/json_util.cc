#include "tradelet/adapters/json_util.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tradelet::adapters {

Result<Json> ParseJson(std::string_view body, std::string_view what, int max_depth) {
  // Nesting check outside strings: cheap, and keeps the parser and the destructor of a deeply
  // nested value off the stack limit.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return InvalidArgument(std::string(what) + ": JSON nested deeper than " +
                               std::to_string(max_depth) + " levels at byte " +
                               std::to_string(i));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    return Json::parse(body.begin(), body.end());
  } catch (const Json::parse_error& e) {
    std::string msg = std::string(what) + ": invalid JSON at byte " + std::to_string(e.byte);
    if (body.empty()) msg += " (empty body)";
    else if (e.byte >= body.size()) msg += " (body ends early: truncated?)";
    // nlohmann's message says what it expected; drop its "[json.exception...] " prefix.
    std::string detail = e.what();
    if (auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
    return InvalidArgument(msg + ": " + detail);
  } catch (const std::exception& e) {
    return InvalidArgument(std::string(what) + ": invalid JSON: " + e.what());
  }
}

std::string_view JsonTypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    case Json::value_t::binary: return "binary";
    case Json::value_t::discarded: return "discarded";
  }
  return "unknown";
}

std::string JoinPath(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string IndexPath(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

namespace {
std::optional<double> ParseDecimalString(const std::string& s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  double out = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(out)) return std::nullopt;
  return out;
}
}  // namespace

Result<std::optional<double>> ReadNumberOrNull(const Json& v, const std::string& path) {
  if (v.is_null()) return std::optional<double>();
  if (v.is_number()) {
    const double d = v.get<double>();
    if (!std::isfinite(d)) return InvalidArgument(path + ": number is not finite");
    return std::optional<double>(d);
  }
  if (v.is_string()) {
    if (auto d = ParseDecimalString(v.get_ref<const std::string&>())) {
      return std::optional<double>(*d);
    }
    return InvalidArgument(path + ": expected a number, got the string \"" +
                           v.get_ref<const std::string&>().substr(0, 40) + "\"");
  }
  return InvalidArgument(path + ": expected a number or null, got " +
                         std::string(JsonTypeName(v)));
}

Result<int64_t> ReadInt64(const Json& v, const std::string& path) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return InvalidArgument(path + ": integer too large");
    return static_cast<int64_t>(u);
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
      return static_cast<int64_t>(d);
    }
    return InvalidArgument(path + ": expected an integer, got " + v.dump());
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return out;
    return InvalidArgument(path + ": expected an integer, got the string \"" + s.substr(0, 40) +
                           "\"");
  }
  return InvalidArgument(path + ": expected an integer, got " + std::string(JsonTypeName(v)));
}

Result<std::string> ReadOptionalString(const Json& obj, std::string_view key,
                                       const std::string& path) {
  if (!obj.is_object()) return std::string();
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return InvalidArgument(JoinPath(path, key) + ": expected a string, got " +
                           std::string(JsonTypeName(*it)));
  }
  return it->get<std::string>();
}

}  // namespace tradelet::adapters
