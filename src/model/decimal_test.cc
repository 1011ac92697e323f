#include "tradelet/model/decimal.h"

#include <gtest/gtest.h>

#include <random>

namespace tradelet {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

TEST(DecimalTest, ParseAndPrintExactly) {
  EXPECT_EQ(D("123.45").ToString(), "123.45");
  EXPECT_EQ(D("-0.00000001").ToString(), "-0.00000001");
  EXPECT_EQ(D("1e3").ToString(), "1000");
  EXPECT_EQ(D("2.5E-2").ToString(), "0.025");
  EXPECT_EQ(D("+7").ToString(), "7");
  EXPECT_EQ(D("0.123456785").ToString(), "0.12345679");  // half away from zero at 1e-8
  EXPECT_FALSE(Decimal::Parse("1.2.3").ok());
  EXPECT_FALSE(Decimal::Parse("abc").ok());
  EXPECT_FALSE(Decimal::Parse("").ok());
  EXPECT_FALSE(Decimal::Parse("1e99").ok());
}

TEST(DecimalTest, SumsAreExactWhereDoublesAreNot) {
  Decimal sum;
  double dsum = 0;
  for (int i = 0; i < 10; ++i) {
    sum += D("0.1");
    dsum += 0.1;
  }
  EXPECT_EQ(sum, D("1"));
  EXPECT_NE(dsum, 1.0);
}

TEST(DecimalTest, ProductsAndQuotientsRound) {
  EXPECT_EQ((D("187.23") * D("13")).ToString(), "2433.99");
  EXPECT_EQ((D("10") / D("3")).ToString(), "3.33333333");
  EXPECT_EQ((D("-10") / D("3")).ToString(), "-3.33333333");
  EXPECT_EQ((D("2") / D("3")).ToString(), "0.66666667");
  EXPECT_EQ(D("1.005").Round(2).ToString(), "1.01");
  EXPECT_EQ(D("-1.005").Round(2).ToString(), "-1.01");
  EXPECT_EQ(D("12.99").Truncate().ToString(), "12");
  EXPECT_EQ(D("-12.99").Truncate().ToString(), "-12");
  EXPECT_EQ((D("2.5") * int64_t{4}).ToString(), "10");
}

// The product and Round take 64-bit shortcuts: they must round exactly like the 128-bit
// definition (half away from zero) at every magnitude and sign, near overflow included.
TEST(DecimalTest, ProductsAndRoundingMatchThe128BitDefinition) {
  __extension__ typedef __int128 i128;
  auto div_round = [](i128 num, i128 den) {
    i128 q = num / den, r = num % den;
    if (r < 0) r = -r;
    if (2 * r >= den) q += num < 0 ? -1 : 1;
    return q;
  };
  std::mt19937_64 rng(20);
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    // Magnitudes from 1e-8 to ~9e10, so products cross the 64-bit boundary both ways.
    auto draw = [&] {
      const int digits = static_cast<int>(rng() % 19);
      int64_t m = 1;
      for (int k = 0; k < digits; ++k) m *= 10;
      const int64_t v = static_cast<int64_t>(rng() % static_cast<uint64_t>(m)) + (i % 7 == 0);
      return rng() % 2 ? -v : v;
    };
    const int64_t a = draw(), b = draw();
    const i128 want = div_round(i128(a) * b, Decimal::kScale);
    if (want > INT64_MAX || want < INT64_MIN) continue;  // aborts (OverflowAborts)
    ASSERT_EQ((Decimal::FromUnits(a) * Decimal::FromUnits(b)).units(), static_cast<int64_t>(want))
        << a << " x " << b;
    ASSERT_EQ(Decimal::FromUnits(a).Round(4).units(),
              static_cast<int64_t>(div_round(a, 10000) * 10000))
        << a;
    for (int digits = 0, step = 100'000'000; digits < 8; ++digits, step /= 10) {
      const i128 r = div_round(a, step) * step;
      if (r > INT64_MAX || r < INT64_MIN) continue;  // aborts
      ASSERT_EQ(Decimal::FromUnits(a).Round(digits).units(), static_cast<int64_t>(r))
          << a << " to " << digits << " digits";
    }
    ++checked;
  }
  EXPECT_GT(checked, 100000);
  // Halves round away from zero, and the largest magnitudes still round.
  EXPECT_EQ((D("0.00000001") * D("0.5")).ToString(), "0.00000001");
  EXPECT_EQ((D("-0.00000001") * D("0.5")).ToString(), "-0.00000001");
  EXPECT_EQ(D("-0.00005").Round(4).ToString(), "-0.0001");
  EXPECT_EQ(Decimal::FromUnits(INT64_MAX - 6000).Round(4).units(), INT64_MAX / 10000 * 10000);
  EXPECT_EQ((D("90000000000") * D("1.02")).ToString(), "91800000000");
}

TEST(DecimalTest, FromDouble) {
  EXPECT_EQ(Decimal::FromDouble(0.98 * 150.0).Round(2).ToString(), "147");
  EXPECT_EQ(Decimal::FromDouble(-1.25).ToString(), "-1.25");
}

TEST(DecimalDeathTest, OverflowAborts) {
  EXPECT_DEATH((void)(D("90000000000") * D("90000000000")), "check failed");
  EXPECT_DEATH((void)(D("1") / D("0")), "check failed");
}

}  // namespace
}  // namespace tradelet
