#include "tradelet/live/client_order_id.h"

#include <gtest/gtest.h>

#include <set>

namespace tradelet::live {
namespace {

Timestamp T(const char* s) { return *ParseTimestamp(s); }

TEST(ClientOrderId, ReadableAndDeterministic) {
  const Timestamp slot = T("2026-07-14T13:45:00Z");
  EXPECT_EQ(MakeClientOrderId("bot1", slot, "SPY", OrderSide::kBuy, 0),
            "bot1-20260714T1345Z-SPY-b-0");
  EXPECT_EQ(MakeClientOrderId("bot1", slot, "SPY", OrderSide::kBuy, 0),
            MakeClientOrderId("bot1", slot, "SPY", OrderSide::kBuy, 0));
  EXPECT_EQ(ClientOrderIdSlotPrefix("bot1", slot), "bot1-20260714T1345Z-");
}

TEST(ClientOrderId, EveryPartChangesTheId) {
  const Timestamp slot = T("2026-07-14T13:45:00Z");
  std::set<std::string> ids;
  for (const char* strat : {"a", "b", "a-very-long-strategy-name-that-is-too-long"}) {
    for (Timestamp s : {slot, slot + std::chrono::minutes(15)}) {
      for (const char* sym : {"SPY", "BRK.B", "BRK_B", "AAPL"}) {
        for (OrderSide side : {OrderSide::kBuy, OrderSide::kSell}) {
          for (int leg = 0; leg < 3; ++leg) {
            const std::string id = MakeClientOrderId(strat, s, sym, side, leg);
            EXPECT_LE(id.size(), 48u) << id;
            for (char c : id) {
              EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
                  << id;
            }
            ids.insert(id);
          }
        }
      }
    }
  }
  EXPECT_EQ(ids.size(), 3u * 2 * 4 * 2 * 3);  // no collisions, even BRK.B vs BRK_B
}

TEST(ClientOrderId, FloorToPeriod) {
  EXPECT_EQ(FloorToPeriod(T("2026-07-14T13:52:31Z"), std::chrono::minutes(15)),
            T("2026-07-14T13:45:00Z"));
  EXPECT_EQ(FloorToPeriod(T("2026-07-14T13:45:00Z"), std::chrono::minutes(15)),
            T("2026-07-14T13:45:00Z"));
}

// A rerun recognises its slot's orders by id, in both forms, and nothing else.
TEST(ClientOrderId, RecognisesTheIdsOfOneStrategyAndSlot) {
  const Timestamp slot = T("2026-07-14T13:45:00Z");
  const Timestamp next = T("2026-07-14T14:00:00Z");
  for (const char* strategy : {"pt", "pt-intraday", "a-long-strategy"}) {
    for (const char* symbol : {"SPY", "BRK.B", "AVERYLONGSYMBOLNAMEX"}) {
      const std::string id = MakeClientOrderId(strategy, slot, symbol, OrderSide::kBuy, 0);
      EXPECT_TRUE(IsClientOrderIdOfSlot(id, strategy, slot)) << id;
      EXPECT_FALSE(IsClientOrderIdOfSlot(id, strategy, next)) << id;
      EXPECT_FALSE(IsClientOrderIdOfSlot(id, "other", slot)) << id;
    }
  }
  // Another strategy sharing the first 8 characters: its readable ids are not ours.
  const std::string other = MakeClientOrderId("pt-intra", slot, "SPY", OrderSide::kSell, 1);
  EXPECT_FALSE(IsClientOrderIdOfSlot(other, "pt-intraday", slot)) << other;
  EXPECT_FALSE(IsClientOrderIdOfSlot("", "pt", slot));
  EXPECT_FALSE(IsClientOrderIdOfSlot("c-o-17", "pt", slot));
}

}  // namespace
}  // namespace tradelet::live
