// FeeModel and SlippageModel against hand-computed numbers (docs/backtest.md, "Fill rules").
#include "tradelet/backtest/cost_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tradelet {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

CommissionConfig IbLike() {
  CommissionConfig c;
  c.per_share = D("0.005");
  c.percent = D("0.001");
  c.fixed = D("1");
  c.minimum = D("2");
  return c;
}

TEST(FeeModel, OrderTotalIsFixedPlusPerSharePlusPercentOfValue) {
  const FeeModel fees(IbLike());
  // 100 shares worth 5000: 1 + 0.005 x 100 + 0.001 x 5000 = 1 + 0.5 + 5 = 6.5.
  EXPECT_EQ(fees.OrderTotal(D("100"), D("5000")), D("6.5"));
  // 10 shares worth 50: 1 + 0.05 + 0.05 = 1.1, below the minimum of 2.
  EXPECT_EQ(fees.OrderTotal(D("10"), D("50")), D("2"));
  // Fractional shares: 0.5 x 0.005 + 0.001 x 1234.56 = 0.0025 + 1.23456; + 1 = 2.23706.
  EXPECT_EQ(fees.OrderTotal(D("0.5"), D("1234.56")), D("2.23706"));
}

TEST(FeeModel, PartialFillsAddUpToTheOrderFormula) {
  const FeeModel fees(IbLike());
  // 40 shares at 50 then 60 at 50.5: charged the increase each time.
  const Money first = fees.OrderTotal(D("40"), D("2000"));              // 1 + 0.2 + 2 = 3.2
  const Money both = fees.OrderTotal(D("100"), D("2000") + D("3030"));  // 1 + 0.5 + 5.03 = 6.53
  EXPECT_EQ(first, D("3.2"));
  EXPECT_EQ(both - first, D("3.33"));
  EXPECT_EQ(first + (both - first), D("6.53"));
}

TEST(FeeModel, ZeroConfigIsFree) {
  const FeeModel fees;
  EXPECT_EQ(fees.OrderTotal(D("100"), D("5000")), Money());
  EXPECT_DOUBLE_EQ(fees.PerShareCost(50), 50);
  EXPECT_DOUBLE_EQ(fees.PerOrderCost(), 0);
}

TEST(FeeModel, AffordabilityTerms) {
  const FeeModel fees(IbLike());
  // One more share at 50: 50 x 1.001 + 0.005 = 50.055; once per order: max(fixed 1, min 2) = 2.
  EXPECT_NEAR(fees.PerShareCost(50), 50.055, 1e-12);
  EXPECT_DOUBLE_EQ(fees.PerOrderCost(), 2);
  CommissionConfig c = IbLike();
  c.fixed = D("3");
  EXPECT_DOUBLE_EQ(FeeModel(c).PerOrderCost(), 3);
}

SlippageConfig AllThree() {
  SlippageConfig s;
  s.fixed = 0.01;
  s.percent = 0.0005;
  s.volume_impact = 0.1;
  return s;
}

TEST(SlippageModel, AmountIsFixedPlusPercentPlusVolumeImpact) {
  const SlippageModel slip(AllThree());
  // 1000 of 10000 shares at 100: 0.01 + 100 x 0.0005 + 100 x 0.1 x 0.1^2 = 0.01 + 0.05 + 0.1.
  EXPECT_NEAR(slip.Amount(100, 1000, 10000), 0.16, 1e-12);
  // No volume (0 or unknown): no impact term.
  EXPECT_NEAR(slip.Amount(100, 1000, 0), 0.06, 1e-12);
  EXPECT_NEAR(slip.Amount(100, 1000, std::numeric_limits<double>::quiet_NaN()), 0.06, 1e-12);
  EXPECT_TRUE(slip.enabled());
  EXPECT_TRUE(slip.needs_volume());
}

TEST(SlippageModel, FillPriceMovesAgainstTheTraderInsideTheBar) {
  const SlippageModel slip(AllThree());
  // Buy: 100 + 0.16 = 100.16 inside [99, 101]; sell: 99.84.
  EXPECT_NEAR(slip.FillPrice(true, 100, 1000, 10000, 99, 101), 100.16, 1e-12);
  EXPECT_NEAR(slip.FillPrice(false, 100, 1000, 10000, 99, 101), 99.84, 1e-12);
  // Clamped to the bar: high 100.1 for the buy, low 99.9 for the sell.
  EXPECT_DOUBLE_EQ(slip.FillPrice(true, 100, 1000, 10000, 99.9, 100.1), 100.1);
  EXPECT_DOUBLE_EQ(slip.FillPrice(false, 100, 1000, 10000, 99.9, 100.1), 99.9);
}

TEST(SlippageModel, NoSlippageLeavesThePriceAloneAndUnclamped) {
  const SlippageModel none;
  EXPECT_FALSE(none.enabled());
  EXPECT_FALSE(none.needs_volume());
  // A close fill outside a NaN range (range columns not read): unchanged.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_DOUBLE_EQ(none.FillPrice(true, 100, 10, nan, nan, nan), 100);
  SlippageConfig pct;
  pct.percent = 0.001;
  const SlippageModel p(pct);
  EXPECT_TRUE(p.enabled());
  EXPECT_FALSE(p.needs_volume());
  EXPECT_NEAR(p.FillPrice(false, 250, 10, nan, 200, 300), 249.75, 1e-12);
}

}  // namespace
}  // namespace tradelet
