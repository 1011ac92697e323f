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

// Emplace builds the order in the book: a failed init or a duplicate id leaves no trace, and an
// order is never a duplicate of itself (an id naming its own position).
TEST(OrderManager, EmplaceRemovesWhatItRefuses) {
  OrderManager m;
  Order first;
  first.id = "o-1";  // the id the book would generate for position 0
  ASSERT_TRUE(m.Insert(std::move(first)).ok());
  auto bad = m.Emplace([](Order& o) {
    o.symbol = "SPY";
    return InvalidArgument("refused");
  });
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.size(), 1u);
  auto a = m.Emplace([](Order& o) {
    o.client_order_id = "mine";
    return Status::Ok();
  });
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(m.at(*a).id, "o-2");
  auto dup = m.Emplace([](Order& o) {
    o.client_order_id = "mine";
    return Status::Ok();
  });
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(m.size(), 2u);
  Order same_id;
  same_id.id = "o-2";
  EXPECT_EQ(m.Insert(std::move(same_id)).status().code(), StatusCode::kAlreadyExists);
  // Past a chunk boundary: orders stay where they were, ids follow positions.
  const Order* kept = &m.at(1);
  for (size_t i = 2; i < OrderStore::kChunk + 10; ++i) {
    auto r = m.Emplace([](Order&) { return Status::Ok(); });
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(m.at(*r).id, "o-" + std::to_string(i + 1));
  }
  EXPECT_EQ(&m.at(1), kept);
  EXPECT_EQ(m.FindByClientId("mine"), kept);
  EXPECT_EQ(m.FindByClientId("c-o-" + std::to_string(OrderStore::kChunk + 5))->id,
            "o-" + std::to_string(OrderStore::kChunk + 5));
  size_t n = 0;
  for (const Order& o : m.all()) n += !o.id.empty();
  EXPECT_EQ(n, OrderStore::kChunk + 10);
  OrderStore moved = m.TakeAll();
  EXPECT_EQ(moved.size(), OrderStore::kChunk + 10);
  EXPECT_EQ(m.size(), 0u);
}

}  // namespace
}  // namespace tradelet
