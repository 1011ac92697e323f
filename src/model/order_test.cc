#include "tradelet/model/order.h"

#include <gtest/gtest.h>

#include "tradelet/model/account.h"
#include "tradelet/model/position.h"

namespace tradelet {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

TEST(OrderEnums, RoundTripAlpacaNames) {
  for (auto t : {OrderType::kMarket, OrderType::kLimit, OrderType::kStop, OrderType::kStopLimit,
                 OrderType::kTrailingStop}) {
    EXPECT_EQ(*ParseOrderType(OrderTypeName(t)), t);
  }
  EXPECT_EQ(OrderTypeName(OrderType::kStopLimit), "stop_limit");
  EXPECT_EQ(TimeInForceName(TimeInForce::kOpg), "opg");
  EXPECT_EQ(*ParseOrderClass(""), OrderClass::kSimple);
  EXPECT_EQ(*ParseOrderClass("bracket"), OrderClass::kBracket);
  EXPECT_FALSE(ParseOrderType("market_on_close").ok());
  EXPECT_EQ(ParseOrderStatus("partially_filled"), OrderStatus::kPartiallyFilled);
  EXPECT_EQ(ParseOrderStatus("some_new_status"), OrderStatus::kUnknown);
}

TEST(OrderStateMachine, LegalLifecycle) {
  Order o;
  o.id = "o1";
  EXPECT_TRUE(o.TransitionTo(OrderStatus::kNew, Timestamp()).ok());
  EXPECT_TRUE(o.TransitionTo(OrderStatus::kPartiallyFilled, Timestamp()).ok());
  EXPECT_TRUE(o.TransitionTo(OrderStatus::kPartiallyFilled, Timestamp()).ok());
  EXPECT_TRUE(o.TransitionTo(OrderStatus::kPendingCancel, Timestamp()).ok());
  EXPECT_TRUE(o.TransitionTo(OrderStatus::kFilled, Timestamp()).ok());  // fill raced the cancel
  EXPECT_EQ(o.status, OrderStatus::kFilled);
}

TEST(OrderStateMachine, IllegalTransitionsAreRefused) {
  // Every terminal status refuses every successor.
  const OrderStatus all[] = {
      OrderStatus::kPendingNew, OrderStatus::kAccepted,        OrderStatus::kNew,
      OrderStatus::kHeld,       OrderStatus::kAcceptedForBidding, OrderStatus::kPartiallyFilled,
      OrderStatus::kFilled,     OrderStatus::kDoneForDay,      OrderStatus::kCanceled,
      OrderStatus::kExpired,    OrderStatus::kReplaced,        OrderStatus::kPendingCancel,
      OrderStatus::kPendingReplace, OrderStatus::kStopped,     OrderStatus::kRejected,
      OrderStatus::kSuspended,  OrderStatus::kCalculated,      OrderStatus::kUnknown};
  for (auto from : {OrderStatus::kFilled, OrderStatus::kCanceled, OrderStatus::kExpired,
                    OrderStatus::kRejected, OrderStatus::kReplaced}) {
    for (auto to : all) EXPECT_FALSE(CanTransition(from, to)) << OrderStatusName(from);
  }
  // Specific refusals that matter for money.
  EXPECT_FALSE(CanTransition(OrderStatus::kNew, OrderStatus::kNew));
  EXPECT_FALSE(CanTransition(OrderStatus::kHeld, OrderStatus::kFilled));  // legs fill only once live
  EXPECT_FALSE(CanTransition(OrderStatus::kPartiallyFilled, OrderStatus::kNew));
  EXPECT_FALSE(CanTransition(OrderStatus::kPartiallyFilled, OrderStatus::kRejected));
  EXPECT_FALSE(CanTransition(OrderStatus::kPendingNew, OrderStatus::kFilled));

  Order o;
  o.id = "o2";
  o.symbol = "SPY";
  o.status = OrderStatus::kFilled;
  Status s = o.TransitionTo(OrderStatus::kCanceled, Timestamp());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("filled -> canceled"), std::string::npos) << s.message();
  EXPECT_EQ(o.status, OrderStatus::kFilled);
}

TEST(Position, AverageCostRealizedPnl) {
  Position p;
  EXPECT_TRUE(p.Apply(D("10"), D("100")).IsZero());
  EXPECT_TRUE(p.Apply(D("10"), D("110")).IsZero());
  EXPECT_EQ(p.avg_entry_price(), D("105"));
  // Close 5 at 120: 5 x (120 - 105) = 75.
  EXPECT_EQ(p.Apply(D("-5"), D("120")), D("75"));
  EXPECT_EQ(p.qty, D("15"));
  EXPECT_EQ(p.cost_basis, D("1575"));
  // Flip: sell 20 at 100 closes 15 (15 x -5 = -75) and opens 5 short at 100.
  EXPECT_EQ(p.Apply(D("-20"), D("100")), D("-75"));
  EXPECT_EQ(p.qty, D("-5"));
  EXPECT_EQ(p.avg_entry_price(), D("100"));
  // Cover at 90: short profit 5 x 10 = 50.
  EXPECT_EQ(p.Apply(D("5"), D("90")), D("50"));
  EXPECT_TRUE(p.flat());
  EXPECT_TRUE(p.cost_basis.IsZero());
}

TEST(Position, ThirdsStayExact) {
  Position p;
  (void)p.Apply(D("3"), D("10"));
  Money total;
  for (int i = 0; i < 3; ++i) total += p.Apply(D("-1"), D("11"));
  EXPECT_EQ(total, D("3"));
  EXPECT_TRUE(p.cost_basis.IsZero());
}

TEST(Account, BuyingPower) {
  AccountSnapshot cash{AccountType::kCash, D("1000"), D("500"), D("0"), D("200"), D("1")};
  EXPECT_EQ(cash.equity(), D("1500"));
  EXPECT_EQ(cash.buying_power(), D("800"));
  AccountSnapshot margin{AccountType::kMargin, D("1000"), D("500"), D("-300"), D("0"), D("2")};
  // equity 1200 x 2 - gross 800 = 1600
  EXPECT_EQ(margin.buying_power(), D("1600"));
  AccountSnapshot broke{AccountType::kCash, D("-5"), D("0"), D("0"), D("0"), D("1")};
  EXPECT_TRUE(broke.buying_power().IsZero());
}

}  // namespace
}  // namespace tradelet
