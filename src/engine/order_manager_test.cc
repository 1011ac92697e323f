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

}  // namespace
}  // namespace tradelet
