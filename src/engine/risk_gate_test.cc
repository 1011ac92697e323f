// The pre-trade gate's live-account limits (issue 16.3) and the [risk] table.
#include "tradelet/engine/risk_gate.h"

#include <gtest/gtest.h>

#include "tradelet/engine/risk_config.h"

namespace tradelet {
namespace {

OrderRequest Buy(const char* qty, OrderSide side = OrderSide::kBuy) {
  OrderRequest r;
  r.symbol = "SPY";
  r.side = side;
  r.type = OrderType::kMarket;
  r.qty = *Decimal::Parse(qty);
  return r;
}

RiskInput Input() {
  RiskInput in;
  in.reference_price = 50;
  in.account.cash = Money::FromInt(6000);
  in.account.long_value = Money::FromInt(4000);  // equity 10,000
  in.position_qty = Decimal::FromInt(80);        // the 4,000 of SPY
  return in;
}

TEST(RiskGate, EveryRefusalNamesItsLimit) {
  RiskLimits lim;
  lim.max_order_notional = 400;
  Status s = CheckPreTradeRisk(Buy("10"), Input(), lim);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(RiskLimitOf(s), "max_order_notional") << s.message();
  EXPECT_TRUE(CheckPreTradeRisk(Buy("8"), Input(), lim).ok());  // 400 is allowed
  EXPECT_EQ(RiskLimitOf(Status::Ok()), "");
  EXPECT_EQ(RiskLimitOf(PermissionDenied("insufficient buying power")), "");
}

TEST(RiskGate, GrossExposureCapsEntriesOnly) {
  RiskLimits lim;
  lim.max_gross_exposure = 0.5;  // 5,000 of 10,000
  RiskInput in = Input();
  EXPECT_TRUE(CheckPreTradeRisk(Buy("20"), in, lim).ok());  // 4,000 + 1,000
  Status s = CheckPreTradeRisk(Buy("21"), in, lim);
  EXPECT_EQ(RiskLimitOf(s), "max_gross_exposure") << s.message();
  // A sale reduces exposure: never refused by it, even above the cap.
  in.account.long_value = Money::FromInt(9000);
  EXPECT_TRUE(CheckPreTradeRisk(Buy("10", OrderSide::kSell), in, lim).ok());
}

TEST(RiskGate, OrdersPerRun) {
  RiskLimits lim;
  lim.max_orders_per_run = 3;
  RiskInput in = Input();
  in.orders_this_run = 2;
  EXPECT_TRUE(CheckPreTradeRisk(Buy("1"), in, lim).ok());
  in.orders_this_run = 3;
  EXPECT_EQ(RiskLimitOf(CheckPreTradeRisk(Buy("1"), in, lim)), "max_orders_per_run");
}

TEST(RiskGate, DailyLossStopsNewEntriesButNotExits) {
  RiskLimits lim;
  lim.max_daily_loss_fraction = 0.05;
  RiskInput in = Input();
  in.day_start_equity = 10400;  // lost 400 / 10,400 = 3.8 %
  EXPECT_TRUE(CheckPreTradeRisk(Buy("1"), in, lim).ok());
  in.day_start_equity = 10600;  // lost 5.7 %
  Status s = CheckPreTradeRisk(Buy("1"), in, lim);
  EXPECT_EQ(RiskLimitOf(s), "max_daily_loss_fraction") << s.message();
  EXPECT_TRUE(CheckPreTradeRisk(Buy("80", OrderSide::kSell), in, lim).ok());
  in.day_start_equity = 0;  // unknown: the limit cannot apply
  EXPECT_TRUE(CheckPreTradeRisk(Buy("1"), in, lim).ok());
}

TEST(RiskConfig, ReadsEveryKeyAndNamesTheBadOne) {
  auto table = toml::parse(R"(
max_order_notional = 2000
max_position_fraction = 0.2
max_orders_per_step = 5
max_orders_per_run = 12
max_gross_exposure = 1.5
max_daily_loss_fraction = 0.03
stop_on_reject = true
halt_file = "HALT"
)");
  KernelOptions k;
  ASSERT_TRUE(ParseRiskTable(table, &k).ok());
  EXPECT_EQ(k.risk.max_order_notional, 2000);
  EXPECT_EQ(k.risk.max_position_fraction, 0.2);
  EXPECT_EQ(k.risk.max_orders_per_step, 5);
  EXPECT_EQ(k.risk.max_orders_per_run, 12);
  EXPECT_EQ(k.risk.max_gross_exposure, 1.5);
  EXPECT_EQ(k.risk.max_daily_loss_fraction, 0.03);
  EXPECT_TRUE(k.stop_on_reject);
  EXPECT_EQ(k.halt_file, "HALT");
  // Defaults: every limit off.
  KernelOptions d;
  ASSERT_TRUE(ParseRiskTable(toml::table{}, &d).ok());
  EXPECT_EQ(d.risk.max_order_notional, 0);
  EXPECT_EQ(d.risk.max_orders_per_run, 0);
  EXPECT_TRUE(d.halt_file.empty());

  const std::pair<const char*, const char*> bad[] = {
      {"max_order_notional = -1", "risk.max_order_notional"},
      {"max_order_notional = 1e15", "risk.max_order_notional"},
      {"max_position_fraction = 5", "risk.max_position_fraction"},
      {"max_gross_exposure = -0.5", "risk.max_gross_exposure"},
      {"max_gross_exposure = nan", "risk.max_gross_exposure"},
      {"max_daily_loss_fraction = 1.5", "risk.max_daily_loss_fraction"},
      {"max_orders_per_run = -3", "risk.max_orders_per_run"},
      {"max_orders_per_step = 10000000", "risk.max_orders_per_step"},
      {"max_order_notionl = 5", "max_order_notionl"},
      {"halt_file = 3", "halt_file"},
  };
  for (const auto& [text, key] : bad) {
    KernelOptions o;
    Status s = ParseRiskTable(toml::parse(text), &o);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_NE(s.message().find(key), std::string::npos) << text << " -> " << s.message();
  }
}

}  // namespace
}  // namespace tradelet
