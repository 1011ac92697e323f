// Decimal: exact fixed-point numbers for money and quantities in the ledger.
//
// A Decimal is an integer count of 1e-8 units (range about ±92 billion), so prices to a
// hundredth of a cent and fractional shares to Alpaca's 9 decimals (rounded to 8) are exact.
// Sums and differences are exact; products and quotients round half away from zero to 1e-8.
// Overflow aborts (a broken invariant: no real account reaches it).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "tradelet/base/status.h"

namespace tradelet {

class Decimal {
 public:
  static constexpr int kScaleDigits = 8;
  static constexpr int64_t kScale = 100'000'000;

  constexpr Decimal() = default;
  static constexpr Decimal FromUnits(int64_t units) { return Decimal(units); }
  static constexpr Decimal FromInt(int64_t v) { return Decimal(v * kScale); }
  // Rounds to the nearest 1e-8. REQUIRES: finite.
  static Decimal FromDouble(double v);
  // Exact parse of "123", "-0.5", "1e-3", "12.345678901" (rounds past 8 digits). Errors name
  // the text.
  static Result<Decimal> Parse(std::string_view text);

  constexpr int64_t units() const { return units_; }
  double ToDouble() const { return static_cast<double>(units_) / kScale; }
  // Shortest exact text: "12.5", "-0.00000001", "100".
  std::string ToString() const;
  // Rounded to `digits` decimals (half away from zero), e.g. prices to cents.
  Decimal Round(int digits) const;
  // Toward zero to a whole number (whole shares).
  Decimal Truncate() const { return Decimal(units_ / kScale * kScale); }
  Decimal Abs() const { return Decimal(units_ < 0 ? -units_ : units_); }
  bool IsZero() const { return units_ == 0; }
  bool IsNegative() const { return units_ < 0; }
  bool IsPositive() const { return units_ > 0; }

  Decimal operator-() const { return Decimal(-units_); }
  // Inline: the ledger does several of these per fill, and a call each cost more than the add.
  Decimal& operator+=(Decimal o) {
    int64_t sum;
    TL_CHECK(!__builtin_add_overflow(units_, o.units_, &sum));
    units_ = sum;
    return *this;
  }
  Decimal& operator-=(Decimal o) {
    int64_t diff;
    TL_CHECK(!__builtin_sub_overflow(units_, o.units_, &diff));
    units_ = diff;
    return *this;
  }
  friend Decimal operator+(Decimal a, Decimal b) { return a += b; }
  friend Decimal operator-(Decimal a, Decimal b) { return a -= b; }
  // The common case inline (the 64-bit product does not overflow: shares x prices of most
  // fills); the rest, with the same rounding, out of line.
  friend Decimal operator*(Decimal a, Decimal b) {
    int64_t p;
    if (!__builtin_mul_overflow(a.units_, b.units_, &p)) return Decimal(DivRoundScale(p));
    return MulWide(a, b);
  }
  // REQUIRES: b != 0.
  friend Decimal operator/(Decimal a, Decimal b);
  friend Decimal operator*(Decimal a, int64_t b);
  friend constexpr auto operator<=>(Decimal, Decimal) = default;

 private:
  constexpr explicit Decimal(int64_t units) : units_(units) {}
  // p / kScale rounded half away from zero (a multiply by the reciprocal, no division).
  static constexpr int64_t DivRoundScale(int64_t p) {
    int64_t q = p / kScale, r = p % kScale;
    if (r < 0) r = -r;
    if (r >= kScale - r) q += p < 0 ? -1 : 1;
    return q;
  }
  // operator* when the 64-bit product overflows.
  static Decimal MulWide(Decimal a, Decimal b);
  int64_t units_ = 0;
};

using Money = Decimal;
using Quantity = Decimal;
using Price = Decimal;

}  // namespace tradelet
