#include "tradelet/model/decimal.h"

#include <cmath>
#include <limits>

namespace tradelet {
namespace {

__extension__ typedef __int128 i128;

int64_t Narrow(i128 v) {
  TL_CHECK(v <= std::numeric_limits<int64_t>::max() && v >= std::numeric_limits<int64_t>::min());
  return static_cast<int64_t>(v);
}

// num / den rounded half away from zero. REQUIRES: den > 0.
i128 DivRound(i128 num, i128 den) {
  // The remainder from the quotient: a second 128-bit division (a library call) costs more.
  i128 q = num / den, r = num - q * den;
  if (r < 0) r = -r;
  if (2 * r >= den) q += num < 0 ? -1 : 1;
  return q;
}

// The same rounding in 64 bits (a multiply by the reciprocal for a constant `den`, where the
// 128-bit division is a library call). REQUIRES: den > 0.
constexpr int64_t DivRound64(int64_t num, int64_t den) {
  int64_t q = num / den, r = num % den;
  if (r < 0) r = -r;
  if (r >= den - r) q += num < 0 ? -1 : 1;
  return q;
}

// a x b / kScale rounded like DivRound, in 64-bit steps; false when a step overflows (the
// caller then takes the 128-bit path, which also decides whether the result fits). With
// a = a1 kScale + a0 and b likewise (C division: every part has its number's sign), the product
// is kScale (a1 b1 kScale + a1 b0 + a0 b1) + a0 b0 with both terms of one sign, so the quotient
// is the first bracket plus a0 b0 / kScale, and the remainder is a0 b0's.
bool MulScaled(int64_t a, int64_t b, int64_t* out) {
  constexpr int64_t kScale = Decimal::kScale;
  int64_t p;
  if (!__builtin_mul_overflow(a, b, &p)) {
    *out = DivRound64(p, kScale);
    return true;
  }
  const int64_t a1 = a / kScale, a0 = a % kScale, b1 = b / kScale, b0 = b % kScale;
  int64_t q, t;
  if (__builtin_mul_overflow(a1, b1, &q) || __builtin_mul_overflow(q, kScale, &q)) return false;
  if (__builtin_mul_overflow(a1, b0, &t) || __builtin_add_overflow(q, t, &q)) return false;
  if (__builtin_mul_overflow(a0, b1, &t) || __builtin_add_overflow(q, t, &q)) return false;
  return !__builtin_add_overflow(q, DivRound64(a0 * b0, kScale), out);
}

}  // namespace

Decimal Decimal::FromDouble(double v) {
  TL_CHECK(std::isfinite(v));
  const double scaled = std::round(v * static_cast<double>(kScale));
  TL_CHECK(std::fabs(scaled) < 9.2e18);
  return Decimal(static_cast<int64_t>(scaled));
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  auto bad = [&](const char* why) {
    return InvalidArgument(std::string("not a decimal number (") + why + "): '" +
                           std::string(text) + "'");
  };
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return bad("empty");
  i128 mant = 0;
  int frac_digits = 0, digits = 0;
  bool dot = false;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (dot) return bad("two points");
      dot = true;
    } else if (c >= '0' && c <= '9') {
      if (mant > (i128(1) << 100)) return bad("too many digits");
      mant = mant * 10 + (c - '0');
      ++digits;
      if (dot) ++frac_digits;
    } else {
      break;
    }
  }
  if (digits == 0) return bad("no digits");
  int exp10 = 0;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return bad("unexpected character");
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
    if (i >= s.size()) return bad("empty exponent");
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return bad("bad exponent");
      exp10 = exp10 * 10 + (s[i] - '0');
      if (exp10 > 40) return bad("exponent out of range");
    }
    if (eneg) exp10 = -exp10;
  }
  int shift = kScaleDigits - frac_digits + exp10;  // units = mant * 10^shift
  i128 units = mant;
  if (shift >= 0) {
    for (int k = 0; k < shift; ++k) {
      units *= 10;
      if (units > std::numeric_limits<int64_t>::max()) return bad("out of range");
    }
  } else {
    i128 den = 1;
    for (int k = 0; k < -shift && k < 38; ++k) den *= 10;
    units = -shift >= 38 ? 0 : DivRound(units, den);
  }
  if (units > std::numeric_limits<int64_t>::max()) return bad("out of range");
  return Decimal(static_cast<int64_t>(neg ? -units : units));
}

std::string Decimal::ToString() const {
  i128 u = units_;
  bool neg = u < 0;
  if (neg) u = -u;
  i128 whole = u / kScale, frac = u % kScale;
  std::string w;
  do {
    w.insert(w.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole > 0);
  std::string out = neg ? "-" + w : w;
  if (frac != 0) {
    std::string f(kScaleDigits, '0');
    for (int k = kScaleDigits - 1; k >= 0; --k) {
      f[k] = static_cast<char>('0' + static_cast<int>(frac % 10));
      frac /= 10;
    }
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

Decimal Decimal::Round(int digits) const {
  if (digits >= kScaleDigits) return *this;
  // In 64 bits unless the rounded value leaves the range (the 128-bit path then reports it);
  // prices to 4 decimals, the common case, with a constant divisor.
  if (digits >= 0) {
    static constexpr int64_t kSteps[kScaleDigits] = {100'000'000, 10'000'000, 1'000'000, 100'000,
                                                     10'000,      1'000,      100,       10};
    const int64_t step = kSteps[digits];
    const int64_t q = digits == 4 ? DivRound64(units_, 10'000) : DivRound64(units_, step);
    int64_t out;
    if (!__builtin_mul_overflow(q, step, &out)) return Decimal(out);
  }
  i128 step = 1;
  for (int k = 0; k < kScaleDigits - digits; ++k) step *= 10;
  return Decimal(Narrow(DivRound(units_, step) * step));
}

Decimal Decimal::MulWide(Decimal a, Decimal b) {
  int64_t units;
  if (MulScaled(a.units_, b.units_, &units)) return Decimal(units);
  return Decimal(Narrow(DivRound(i128(a.units_) * b.units_, Decimal::kScale)));
}

Decimal operator*(Decimal a, int64_t b) { return Decimal(Narrow(i128(a.units_) * b)); }

Decimal operator/(Decimal a, Decimal b) {
  TL_CHECK(b.units_ != 0);
  // In 64 bits when the scaled dividend fits (|a| up to about 922, e.g. the average price of a
  // small fill, value / qty): one hardware division instead of 128-bit library calls, with the
  // same rounding.
  constexpr int64_t kFits = std::numeric_limits<int64_t>::max() / Decimal::kScale;
  if (a.units_ <= kFits && a.units_ >= -kFits && b.units_ != std::numeric_limits<int64_t>::min()) {
    int64_t num = a.units_ * Decimal::kScale, den = b.units_;
    if (den < 0) {
      num = -num;
      den = -den;
    }
    return Decimal(DivRound64(num, den));
  }
  i128 num = i128(a.units_) * Decimal::kScale;
  i128 den = b.units_;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  return Decimal(Narrow(DivRound(num, den)));
}

}  // namespace tradelet
