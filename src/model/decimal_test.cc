#include "tradelet/model/decimal.h"

#include <gtest/gtest.h>

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
