// The report page's data written straight as JSON text, in exactly the bytes nlohmann::json's
// dump(-1, ' ', false, replace) gives for the same values, without building a JSON tree (the
// page of a 504-symbol run holds ~40k numbers).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tradelet::report_internal {

// A number as nlohmann::json prints a double (its own shortest-digits conversion: "1.0",
// "0.25", "1e-05", "1e+16"); null when not finite, as nlohmann prints those.
// A whole number below 1e15 in magnitude (times in ms) is its digits and ".0": nothing
// shorter lies within half a unit in the last place of it, so that is what the shortest-digits
// conversion gives, and nlohmann writes up to 15 digits before the point without an exponent.
constexpr size_t kMaxJsonDouble = 32;  // "-1.7976931348623157e+308" is 24

// Writes at p, which has room for kMaxJsonDouble bytes, and returns the new end.
inline char* PutJsonDouble(char* p, double v) {
  if (!std::isfinite(v)) {
    std::memcpy(p, "null", 4);
    return p + 4;
  }
  char* const end = p + kMaxJsonDouble;
  if (v > -1e15 && v < 1e15 && v == std::trunc(v) && v != 0) {
    p = std::to_chars(p, end, static_cast<int64_t>(v)).ptr;
    *p++ = '.';
    *p++ = '0';
    return p;
  }
  // One or two decimals (prices, money) below 1e9 in magnitude, without Grisu2 (~80 ns a
  // number, most of the page's time): when m, the nearest integer to |v| 10^k, gives |v| back
  // divided by 10^k (correctly rounded, as a reader rounds), m / 10^k lies in v's rounding
  // interval; with no such decimal of k - 1 digits, it is the shortest there and, the
  // interval being far narrower than 10^-k, the only one of k digits. Grisu2 returns the same
  // digits unless they lie within its error (a few 2^-64 of v, ~2^-8 ulp) of an end of the
  // interval, and such a decimal is at least ulp / 50 from either end (its distance from v is
  // a multiple of ulp / 10^k, the end's an odd multiple of ulp / 2). nlohmann prints it as
  // "ddd.dd". The test checks every such value below 10^5 and random ones up to 1e9.
  const double a = std::fabs(v);
  if (a >= 0.01 && a < 1e9) {
    static constexpr double kScale[] = {10.0, 100.0};
    for (int k = 0; k < 2; ++k) {
      const double m = std::nearbyint(a * kScale[k]);
      if (m / kScale[k] != a) continue;
      const auto u = static_cast<uint64_t>(m);
      if (u % 10 == 0) break;  // v * 10^(k+1) was not the nearest: not sure it is shortest
      if (v < 0) *p++ = '-';
      const uint64_t whole = k == 0 ? u / 10 : u / 100;
      p = std::to_chars(p, end, whole).ptr;
      *p++ = '.';
      if (k == 0) {
        *p++ = static_cast<char>('0' + u % 10);
      } else {
        *p++ = static_cast<char>('0' + u / 10 % 10);
        *p++ = static_cast<char>('0' + u % 10);
      }
      return p;
    }
  }
  return nlohmann::detail::to_chars(p, end, v);
}

inline void JsonDouble(std::string& s, double v) {
  char buf[kMaxJsonDouble];
  s.append(buf, static_cast<size_t>(PutJsonDouble(buf, v) - buf));
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
