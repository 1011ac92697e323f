// End-to-end over real HTTP: the live job against the paper exchange, a full day of 15-minute
// slots, each run twice (the rerun must place nothing).
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace tradelet::live::e2e {
namespace {

TEST(LiveE2E, FullDayOfFifteenMinuteRunsEachRunTwice) {
  const std::vector<std::string> symbols = {"AAA", "BBB"};
  const Timestamp open = T("2024-01-03T14:30:00Z");
  Harness h(symbols, open, ":memory:");
  const LiveConfig config = ZigzagConfig(symbols);
  int placed = 0, slots = 0;
  for (int k = 1; k <= 26; ++k) {
    const Timestamp slot = open + std::chrono::minutes(15 * k);
    ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
    if (k > 1) {
      // The previous slot's market orders filled at this bar's open: positions are its target.
      const int want = ExpectedTarget(slot - std::chrono::minutes(15));
      auto pos = h.exchange.Handle({"GET", "/v2/positions", {}, ""});
      auto parsed = alpaca::ParsePositionsJson(pos.body);
      ASSERT_TRUE(parsed.ok());
      for (const auto& sym : symbols) {
        Quantity q;
        for (const auto& p : *parsed) {
          if (p.symbol == sym) q = p.qty;
        }
        EXPECT_EQ(q, Decimal::FromInt(want)) << sym << " after slot " << FormatTimestamp(slot);
      }
    }
    auto first = h.RunSlot(slot, config);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(first->outcome, "ok") << first->ToJson();
    ASSERT_EQ(first->decisions_json.size(), symbols.size());
    for (const auto& o : first->orders) {  // NOLINT
      EXPECT_EQ(o.state, "placed") << first->ToJson();
      placed += o.state == "placed";
    }
    if (k > 1) {
      EXPECT_EQ(first->orders.size(), symbols.size()) << first->ToJson();
    }
    auto again = h.RunSlot(slot, config);
    ASSERT_TRUE(again.ok());
    for (const auto& o : again->orders) {
      EXPECT_NE(o.state, "placed") << again->ToJson();
    }
    ++slots;
  }
  EXPECT_EQ(slots, 26);
  EXPECT_GE(placed, 2 * 25);
  EXPECT_EQ(CountDuplicates(h.exchange), 0);
  Status agree = CheckAgreement(*h.journal, h.exchange);
  EXPECT_TRUE(agree.ok()) << agree.ToString();
  // After the close: the gate says closed and nothing is placed.
  ASSERT_TRUE(h.exchange.AdvanceTo(T("2024-01-03T21:15:00Z")).ok());
  auto closed = h.RunSlot(T("2024-01-03T21:15:00Z"), config);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->outcome, "market_closed");
  std::printf("full day: %d slots, %d orders placed, 0 duplicates\n", slots, placed);
}

TEST(LiveE2E, DryRunAndStaleSlotPlaceNothing) {
  const std::vector<std::string> symbols = {"AAA"};
  const Timestamp slot = T("2024-01-03T15:00:00Z");
  Harness h(symbols, slot, ":memory:");
  const LiveConfig config = ZigzagConfig(symbols);
  auto dry = h.RunSlot(slot, config, /*dry_run=*/true);
  ASSERT_TRUE(dry.ok());
  for (const auto& o : dry->orders) {
    EXPECT_EQ(o.state, "skipped");
  }
  h.clock.Set(slot + std::chrono::minutes(20));
  JobRequest r;
  r.config = config;
  r.slot = slot;
  auto stale = RunJob(r, h.services);
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->outcome, "skipped_stale");
  EXPECT_TRUE(h.exchange.AllOrders().empty());
}

// Lambda passes its invocation deadline: a run that reaches the order step after it sends
// nothing more, says so, and a redelivery of the slot (with time) places the orders once.
TEST(LiveE2E, PastTheDeadlineNothingIsSentAndARedeliveryPlacesOnce) {
  const std::vector<std::string> symbols = {"AAA", "BBB"};
  const Timestamp slot = T("2024-01-03T15:00:00Z");
  Harness h(symbols, slot, ":memory:");
  ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
  const LiveConfig config = ZigzagConfig(symbols);
  h.clock.Set(slot + std::chrono::seconds(3));
  JobRequest r;
  r.config = config;
  r.slot = slot;
  r.deadline = slot + std::chrono::seconds(2);  // already behind the clock at the order step
  auto late = RunJob(r, h.services);
  ASSERT_TRUE(late.ok()) << late.status().ToString();
  EXPECT_EQ(late->outcome, "incomplete") << late->ToJson();
  ASSERT_EQ(late->orders.size(), symbols.size()) << late->ToJson();
  for (const auto& o : late->orders) {
    EXPECT_EQ(o.state, "skipped");
    EXPECT_NE(o.reason.find("deadline"), std::string::npos) << o.reason;
  }
  EXPECT_TRUE(h.exchange.AllOrders().empty());
  r.deadline = slot + std::chrono::seconds(60);
  auto again = RunJob(r, h.services);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, "ok") << again->ToJson();
  EXPECT_EQ(ExchangeOrders(h.exchange).size(), symbols.size());
  EXPECT_EQ(CountDuplicates(h.exchange), 0);
}

}  // namespace
}  // namespace tradelet::live::e2e
