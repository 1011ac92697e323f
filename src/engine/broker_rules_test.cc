#include "tradelet/engine/broker_rules.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tradelet/engine/risk_gate.h"

namespace tradelet {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

OrderRequest Market(const char* qty = "10") {
  OrderRequest r;
  r.symbol = "SPY";
  r.qty = D(qty);
  return r;
}

void ExpectRejected(const OrderRequest& r, const char* field, RuleContext ctx = {}) {
  Status s = ValidateOrder(r, ctx);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << field;
  EXPECT_NE(s.message().find(field), std::string::npos) << s.message();
}

TEST(BrokerRules, AcceptsPlainOrders) {
  EXPECT_TRUE(ValidateOrder(Market(), {}).ok());
  OrderRequest l = Market();
  l.type = OrderType::kLimit;
  l.limit_price = D("500.10");
  l.time_in_force = TimeInForce::kGtc;
  EXPECT_TRUE(ValidateOrder(l, {}).ok());
  l.limit_price = D("0.1234");
  EXPECT_TRUE(ValidateOrder(l, {}).ok());
}

TEST(BrokerRules, SubPennyIsRejected) {
  OrderRequest l = Market();
  l.type = OrderType::kLimit;
  l.limit_price = D("290.123");
  ExpectRejected(l, "sub-penny");
  l.limit_price = D("0.12345");
  ExpectRejected(l, "sub-penny");
  EXPECT_TRUE(IsValidPriceIncrement(D("1.00")));
  EXPECT_FALSE(IsValidPriceIncrement(D("1.001")));
  EXPECT_EQ(RoundToTick(D("290.126")), D("290.13"));
}

TEST(BrokerRules, TypeFieldRules) {
  OrderRequest r = Market();
  r.limit_price = D("10");
  ExpectRejected(r, "limit_price");
  r = Market();
  r.type = OrderType::kStopLimit;
  r.stop_price = D("10");
  ExpectRejected(r, "limit_price");
  r = Market();
  r.type = OrderType::kTrailingStop;
  ExpectRejected(r, "exactly one of trail_price");
  r.trail_percent = D("1.0");
  EXPECT_TRUE(ValidateOrder(r, {}).ok());
  r.time_in_force = TimeInForce::kIoc;
  ExpectRejected(r, "trailing_stop orders must be day or gtc");
  r = Market();
  r.time_in_force = TimeInForce::kOpg;
  r.type = OrderType::kStop;
  r.stop_price = D("5");
  ExpectRejected(r, "only allowed for market and limit");
  r = Market();
  r.notional = D("100");
  ExpectRejected(r, "mutually exclusive");
  r = Market("0");
  ExpectRejected(r, "qty");
  r = Market();
  r.client_order_id = std::string(49, 'x');
  ExpectRejected(r, "48 characters");
  r = Market();
  r.extended_hours = true;
  ExpectRejected(r, "extended_hours");
}

TEST(BrokerRules, Fractional) {
  OrderRequest r = Market("0.5");
  EXPECT_TRUE(ValidateOrder(r, {}).ok());
  RuleContext not_frac;
  not_frac.asset.fractionable = false;
  ExpectRejected(r, "not fractionable", not_frac);
  r.time_in_force = TimeInForce::kGtc;
  ExpectRejected(r, "fractional orders must be market orders with time_in_force=day");
  r = Market("0.5");
  r.side = OrderSide::kSell;
  ExpectRejected(r, "not allowed to short");
  RuleContext held;
  held.position_qty = D("1");
  EXPECT_TRUE(ValidateOrder(r, held).ok());
}

TEST(BrokerRules, Brackets) {
  OrderRequest b = Market();
  b.order_class = OrderClass::kBracket;
  b.time_in_force = TimeInForce::kGtc;
  b.take_profit = TakeProfitLeg{D("140")};
  b.stop_loss = StopLossLeg{D("98"), D("97")};
  RuleContext ctx;
  ctx.reference_price = 100;
  EXPECT_TRUE(ValidateOrder(b, ctx).ok());
  OrderRequest x = b;
  x.take_profit->limit_price = D("97");
  ExpectRejected(x, "greater than stop_loss.stop_price", ctx);
  x = b;
  x.stop_loss->stop_price = D("99.995");
  ExpectRejected(x, "sub-penny", ctx);
  x = b;
  x.stop_loss->stop_price = D("100");
  ExpectRejected(x, "at least 0.01 below", ctx);
  x = b;
  x.time_in_force = TimeInForce::kIoc;
  ExpectRejected(x, "bracket orders must be day or gtc", ctx);
  x = b;
  x.take_profit.reset();
  ExpectRejected(x, "both take_profit and stop_loss", ctx);
  x = Market();
  x.take_profit = TakeProfitLeg{D("140")};
  ExpectRejected(x, "need order_class", ctx);
}

TEST(BrokerRules, OcoAndOto) {
  OrderRequest oco = Market();
  oco.side = OrderSide::kSell;
  oco.order_class = OrderClass::kOco;
  oco.time_in_force = TimeInForce::kGtc;
  oco.type = OrderType::kLimit;
  oco.limit_price = D("110");
  oco.stop_loss = StopLossLeg{D("95"), std::nullopt};
  EXPECT_TRUE(ValidateOrder(oco, {}).ok());
  oco.type = OrderType::kMarket;
  oco.limit_price.reset();
  ExpectRejected(oco, "must be of type limit");
  OrderRequest oto = Market();
  oto.order_class = OrderClass::kOto;
  oto.stop_loss = StopLossLeg{D("95"), std::nullopt};
  EXPECT_TRUE(ValidateOrder(oto, {}).ok());
  oto.take_profit = TakeProfitLeg{D("120")};
  ExpectRejected(oto, "exactly one");
}

TEST(BrokerRules, OpgClsCutoffs) {
  OrderRequest r = Market();
  r.time_in_force = TimeInForce::kOpg;
  RuleContext ctx;
  ctx.now_new_york = LocalDateTime{CivilDate{2026, 7, 14}, 9, 29, 0};
  ExpectRejected(r, "opg orders are not accepted", ctx);
  ctx.now_new_york = LocalDateTime{CivilDate{2026, 7, 14}, 20, 0, 0};
  EXPECT_TRUE(ValidateOrder(r, ctx).ok());
  r.time_in_force = TimeInForce::kCls;
  ctx.now_new_york = LocalDateTime{CivilDate{2026, 7, 14}, 15, 51, 0};
  ExpectRejected(r, "cls orders are not accepted", ctx);
}

TEST(RiskGate, RefusesBadPricesAndLimits) {
  OrderRequest r = Market("100");
  RiskInput in;
  in.account.cash = Money::FromInt(10000);
  RiskLimits lim;
  in.reference_price = std::nan("");
  EXPECT_EQ(CheckPreTradeRisk(r, in, lim).code(), StatusCode::kFailedPrecondition);
  in.reference_price = 50;
  EXPECT_TRUE(CheckPreTradeRisk(r, in, lim).ok());
  lim.max_order_notional = 4000;
  EXPECT_NE(CheckPreTradeRisk(r, in, lim).message().find("max_order_notional"), std::string::npos);
  lim = {};
  lim.max_position_fraction = 0.25;
  EXPECT_NE(CheckPreTradeRisk(r, in, lim).message().find("max_position_fraction"),
            std::string::npos);
  lim = {};
  lim.allow_short = false;
  r.side = OrderSide::kSell;
  EXPECT_NE(CheckPreTradeRisk(r, in, lim).message().find("short"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
