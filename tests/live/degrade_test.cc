// The live job degrades per symbol: a symbol whose bars cannot be fetched (HTTP 422 for a
// timeframe the source cannot serve, unknown to the source) is skipped with its reason, the
// others trade; a run whose symbols all have too few bars says so with its own outcome.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace tradelet::live::e2e {
namespace {

TEST(LiveDegrade, UnservableSymbolsAreSkippedWithTheirReasonAndTheOthersTrade) {
  // UGA is replayed as 5-minute bars: a 15Min request for it answers 422. ZZZ is unknown.
  std::vector<BarSeries> bars = ZigzagBars({"AAA", "UGA", "BBB"});
  bars[1].interval = BarInterval::k5Min;
  const Timestamp open = T("2024-01-03T14:30:00Z");
  Harness h(std::move(bars), open, ":memory:");
  const LiveConfig config = ZigzagConfig({"AAA", "UGA", "BBB", "ZZZ"});
  // 10:00 New York: the bar that closed then is odd-indexed, a cross up: both buy 10.
  const Timestamp slot = open + std::chrono::minutes(30);
  ASSERT_EQ(ExpectedTarget(slot), 10);
  ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
  auto r = h.RunSlot(slot, config);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, "ok") << r->ToJson();
  ASSERT_EQ(r->skips.size(), 2u) << r->ToJson();
  EXPECT_EQ(r->skips[0].symbol, "UGA");
  EXPECT_NE(r->skips[0].reason.find("422"), std::string::npos) << r->skips[0].reason;
  EXPECT_NE(r->skips[0].reason.find("5Min"), std::string::npos) << r->skips[0].reason;
  EXPECT_EQ(r->skips[1].symbol, "ZZZ");
  EXPECT_NE(r->skips[1].reason.find("no 15Min bar"), std::string::npos) << r->skips[1].reason;
  std::vector<std::string> bought;
  for (const auto& o : r->orders) {
    EXPECT_EQ(o.state, "placed") << r->ToJson();
    EXPECT_EQ(o.side, "buy");
    bought.push_back(o.symbol);
  }
  EXPECT_EQ(bought, (std::vector<std::string>{"AAA", "BBB"})) << r->ToJson();
  EXPECT_EQ(r->decisions_json.size(), 2u);
  // The report lists the skips.
  EXPECT_NE(r->ToJson().find("\"skips\""), std::string::npos);
}

TEST(LiveDegrade, TooFewBarsForEverySymbolIsItsOwnOutcome) {
  const Timestamp open = T("2024-01-03T14:30:00Z");
  Harness h(std::vector<std::string>{"AAA", "BBB"}, open, ":memory:");
  LiveConfig config = ZigzagConfig({"AAA", "BBB"});
  // SMA(40) needs 41 bars; the 3-day lookback at 10:15 on the second day holds 29.
  config.strategy.insert_or_assign("slow", 40);
  const Timestamp slot = open + std::chrono::minutes(45);
  ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
  auto r = h.RunSlot(slot, config);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, "insufficient_data") << r->ToJson();
  EXPECT_TRUE(r->orders.empty()) << r->ToJson();
  ASSERT_EQ(r->warnings.size(), 2u) << r->ToJson();
  EXPECT_NE(r->warnings[0].find("AAA: 29 15Min bar(s), the strategy needs 41"), std::string::npos)
      << r->warnings[0];
  ASSERT_FALSE(r->errors.empty());
  EXPECT_NE(r->errors.back().find("can place nothing"), std::string::npos) << r->ToJson();
}

}  // namespace
}  // namespace tradelet::live::e2e
