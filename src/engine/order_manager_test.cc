#include "tradelet/engine/order_manager.h"

#include <gtest/gtest.h>

namespace tradelet {
namespace {

TEST(OrderManager, TracksOpenOrdersAndRefusesIllegalTransitions) {
  OrderManager m;
  Order a;
  a.symbol = "SPY";
  a.client_order_id = "cid-1";
  auto id = m.Add(a);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(m.HasOpenOrders("SPY"));
  EXPECT_EQ(m.FindByClientId("cid-1")->id, *id);
  // Alpaca: client_order_id unique forever.
  Order dup;
  dup.symbol = "SPY";
  dup.client_order_id = "cid-1";
  EXPECT_EQ(m.Add(dup).status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(m.Transition(*id, OrderStatus::kNew, Timestamp()).ok());
  EXPECT_TRUE(m.Transition(*id, OrderStatus::kFilled, Timestamp()).ok());
  EXPECT_FALSE(m.HasOpenOrders("SPY"));
  EXPECT_TRUE(m.OpenIndices().empty());
  EXPECT_EQ(m.Transition(*id, OrderStatus::kCanceled, Timestamp()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(m.Transition("nope", OrderStatus::kCanceled, Timestamp()).code(),
            StatusCode::kNotFound);
}

TEST(OrderManager, InsertAndTransitionByIndex) {
  OrderManager m;
  Order a, b;
  a.symbol = b.symbol = "SPY";
  ASSERT_TRUE(m.Add(a).ok());
  auto i = m.Insert(std::move(b));
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(*i, 1u);
  EXPECT_EQ(m.IndexOf(m.at(*i).id), *i);
  EXPECT_TRUE(m.TransitionAt(*i, OrderStatus::kNew, Timestamp()).ok());
  EXPECT_TRUE(m.TransitionAt(*i, OrderStatus::kCanceled, Timestamp(), "why").ok());
  EXPECT_EQ(m.at(*i).reason, "why");
  EXPECT_EQ(m.TransitionAt(*i, OrderStatus::kFilled, Timestamp()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(m.at(0).status, OrderStatus::kPendingNew);  // the other order is untouched
}

}  // namespace
}  // namespace tradelet
