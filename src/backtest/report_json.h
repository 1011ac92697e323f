// The report page's data written straight as JSON text, in exactly the bytes nlohmann::json's
// dump(-1, ' ', false, replace) gives for the same values, without building a JSON tree (the
// page of a 504-symbol run holds ~40k numbers).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tradelet::report_internal {

// A number as nlohmann::json prints a double (its own shortest-digits conversion: "1.0",
// "0.25", "1e-05", "1e+16"); null when not finite, as nlohmann prints those.
// A whole number below 1e15 in magnitude (times in ms) is its digits and ".0": nothing
// shorter lies within half a unit in the last place of it, so that is what the shortest-digits
// conversion gives, and nlohmann writes up to 15 digits before the point without an exponent.
inline void JsonDouble(std::string& s, double v) {
  if (!std::isfinite(v)) {
    s += "null";
    return;
  }
  char buf[64];
  if (v > -1e15 && v < 1e15 && v == std::trunc(v) && v != 0) {
    char* p = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v)).ptr;
    *p++ = '.';
    *p++ = '0';
    s.append(buf, p);
    return;
  }
  s.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
}

inline void JsonInt(std::string& s, int64_t v) {
  char buf[24];
  s.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// A JSON string. Printable ASCII without '"' or '\\' is copied as it is; anything else takes
// nlohmann's own escaping (control characters, invalid UTF-8 replaced by U+FFFD).
inline void JsonString(std::string& s, std::string_view v) {
  bool plain = true;
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    plain &= u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
  }
  if (plain) {
    s += '"';
    s.append(v);
    s += '"';
    return;
  }
  s +=
      nlohmann::json(std::string(v)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tradelet::report_internal
