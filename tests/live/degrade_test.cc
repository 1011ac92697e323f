// The live job degrades per symbol: a symbol whose bars cannot be fetched (HTTP 422 for a
// timeframe the source cannot serve) is skipped with its reason, the others trade; a run whose
// symbols all have too few bars says so with its own outcome. A symbol the broker does not know
// at all is a configuration error (issue 16.4): the run stops before it sends anything.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "e2e_fixture.h"
#include "trend_e2e.h"

namespace tradelet::live::e2e {
namespace {

TEST(LiveDegrade, UnservableSymbolsAreSkippedWithTheirReasonAndTheOthersTrade) {
  // UGA is replayed as 5-minute bars: a 15Min request for it answers 422.
  std::vector<BarSeries> bars = ZigzagBars({"AAA", "UGA", "BBB"});
  bars[1].interval = BarInterval::k5Min;
  const Timestamp open = T("2024-01-03T14:30:00Z");
  Harness h(std::move(bars), open, ":memory:");
  const LiveConfig config = ZigzagConfig({"AAA", "UGA", "BBB"});
  // 10:00 New York: the bar that closed then is odd-indexed, a cross up: both buy 10.
  const Timestamp slot = open + std::chrono::minutes(30);
  ASSERT_EQ(ExpectedTarget(slot), 10);
  ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
  auto r = h.RunSlot(slot, config);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, "ok") << r->ToJson();
  ASSERT_EQ(r->skips.size(), 1u) << r->ToJson();
  EXPECT_EQ(r->skips[0].symbol, "UGA");
  EXPECT_NE(r->skips[0].reason.find("422"), std::string::npos) << r->skips[0].reason;
  EXPECT_NE(r->skips[0].reason.find("5Min"), std::string::npos) << r->skips[0].reason;
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

TEST(LiveDegrade, ASymbolTheBrokerDoesNotKnowIsAConfigErrorBeforeAnythingIsSent) {
  const Timestamp open = T("2024-01-03T14:30:00Z");
  Harness h(std::vector<std::string>{"AAA", "BBB"}, open, ":memory:");
  const LiveConfig config = ZigzagConfig({"AAA", "BBB", "ZZZ"});
  const Timestamp slot = open + std::chrono::minutes(30);
  ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
  auto r = h.RunSlot(slot, config);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);  // exit 3 at the CLI
  EXPECT_NE(r.status().message().find("live.symbols[2]: 'ZZZ' is not an asset the broker knows"),
            std::string::npos)
      << r.status().message();
  EXPECT_TRUE(ExchangeOrders(h.exchange).empty());
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

TEST(LiveDegrade, TheStrategysOwnSkipsAreListedAndCounted) {
  // Prophet trend on one Wednesday session: AAA and BBB trade every minute; CCC's last trade
  // is at 09:49, so at the 10:00 run (a universe run: every run of a Wednesday with
  // universe_first_run_only = false) its data is stale (IEX leaves thin names like this).
  const Timestamp open = T("2024-01-03T14:30:00Z");
  std::vector<BarSeries> bars(3);
  const char* names[] = {"AAA", "BBB", "CCC"};
  for (int k = 0; k < 3; ++k) {
    bars[k].symbol = names[k];
    bars[k].interval = BarInterval::k1Min;
    const int n = k == 2 ? 20 : 390;
    for (int i = 0; i < n; ++i) {
      const double c = 50.0 * (k + 1) * (1 + 0.0004 * i) + 0.03 * std::sin(i * 0.7 + k);
      bars[k].Append(Bar{open + std::chrono::minutes(i), c, c + 0.02, c - 0.02, c, 1000});
    }
  }
  Harness h(std::move(bars), open, ":memory:");
  auto config = trend::TrendConfig({"AAA", "BBB", "CCC"}, trend::Rules{3, false}, nullptr);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const Timestamp slot = open + std::chrono::minutes(30);
  ASSERT_TRUE(h.exchange.AdvanceTo(slot).ok());
  auto r = h.RunSlot(slot, *config);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->skips.size(), 1u) << r->ToJson();
  EXPECT_EQ(r->skips[0].symbol, "CCC");
  EXPECT_EQ(r->skips[0].source, "strategy");
  EXPECT_EQ(r->skips[0].reason.rfind("stale data: last bar closed 2024-01-03T14:50:00", 0), 0u)
      << r->skips[0].reason;
  const auto j = nlohmann::json::parse(r->ToJson());
  EXPECT_EQ(j["skip_counts"].value("stale data", 0), 1) << j.dump();
  EXPECT_EQ(j["skips"][0]["source"], "strategy");
}

TEST(LiveDegrade, ABarThatHasNotClosedAtTheSlotIsItsOwnOutcome) {
  // The exchange has published bars only up to 09:45 when the 10:00 slot runs (a feed that is
  // late): nothing can be decided from the slot's bar, and the report says so.
  const Timestamp open = T("2024-01-03T14:30:00Z");
  Harness h(std::vector<std::string>{"AAA", "BBB"}, open, ":memory:");
  const LiveConfig config = ZigzagConfig({"AAA", "BBB"});
  const Timestamp slot = open + std::chrono::minutes(30);
  ASSERT_TRUE(h.exchange.AdvanceTo(slot - std::chrono::minutes(15)).ok());
  auto r = h.RunSlot(slot, config);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, "stale_bars") << r->ToJson();
  EXPECT_TRUE(r->orders.empty()) << r->ToJson();
  ASSERT_FALSE(r->errors.empty());
  EXPECT_NE(r->errors.back().find("not at the slot"), std::string::npos) << r->ToJson();
}

}  // namespace
}  // namespace tradelet::live::e2e
