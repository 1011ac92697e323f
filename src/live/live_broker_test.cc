// The exactly-once broker as the kernel's Broker port (issue 16.1): OnOrderUpdate fires at the
// live step only, and a broker rule refuses an order before any request.
#include "tradelet/live/live_broker.h"

#include <gtest/gtest.h>

#include "tradelet/engine/historical_feed.h"
#include "tradelet/engine/kernel.h"
#include "tradelet/net/fake_http_client.h"

namespace tradelet::live {
namespace {

Timestamp T(const char* s) { return *ParseTimestamp(s); }

// Records order updates and the step they came at; buys 1.5 shares of a non-fractionable
// asset at the live step (ValidateOrder refuses it).
class Recorder final : public Strategy {
 public:
  const std::string& name() const override { return name_; }
  bool wants_order_updates() const override { return true; }
  void OnOrderUpdate(const Order& o) override { pending_.push_back(o.id); }
  void OnStep(const StrategyContext& ctx, OrderBatch* out) override {
    // Updates arrive before the step that decides on them.
    for (const std::string& id : pending_) updates.push_back({ctx.now(), id});
    pending_.clear();
    OrderRequest r;
    r.symbol = "AAA";
    r.side = OrderSide::kBuy;
    r.type = OrderType::kMarket;
    r.qty = *Decimal::Parse("1.5");
    out->submit.push_back(r);
  }
  std::vector<std::pair<Timestamp, std::string>> updates;

 private:
  std::string name_ = "recorder";
  std::vector<std::string> pending_;
};

TEST(ExactlyOnceBroker, UpdatesAtTheLiveStepAndRulesBeforeAnyRequest) {
  BarSeries s;
  s.symbol = "AAA";
  s.interval = BarInterval::k15Min;
  const Timestamp t0 = T("2024-01-03T14:30:00Z");
  for (int i = 0; i < 4; ++i) s.Append(Bar{t0 + std::chrono::minutes(15 * i), 10, 11, 9, 10, 100});
  const Timestamp slot = t0 + std::chrono::minutes(60);  // the last bar closes at the slot
  net::FakeHttpClient http;  // no request is scripted: any request fails the test's checks
  alpaca::AlpacaTradingClient client(http, {"http://broker.invalid", "k", "s"});
  auto journal = Journal::Open(":memory:");
  ASSERT_TRUE(journal.ok());
  SimulatedClock real(slot + std::chrono::seconds(3));
  LivePortfolio book;
  book.SetSymbols({"AAA"});
  JobReport report;
  LiveBrokerOptions o;
  o.strategy_id = "t";
  o.run_id = "t@1";
  o.slot = slot;
  ExactlyOnceBroker broker(client, **journal, real, book, report, o);
  AssetInfo no_fractions;
  no_fractions.fractionable = false;
  broker.SetAssets({{"AAA", no_fractions}});
  Order filled;
  filled.id = "o-1";
  filled.symbol = "AAA";
  broker.SetPendingUpdates({filled});

  HistoricalFeed feed({&s});
  SimulatedClock bars(Timestamp::Min());
  KernelOptions k;
  k.live_from = slot;
  Recorder strategy;
  auto stats = RunKernel(strategy, feed, broker, bars, k);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->warmup_steps, 3u);
  ASSERT_EQ(strategy.updates.size(), 1u);  // delivered once, at the live step
  EXPECT_EQ(strategy.updates[0].first, slot);
  EXPECT_EQ(strategy.updates[0].second, "o-1");
  // Only the live step's order reached the broker; its rules refused it without a request.
  EXPECT_EQ(stats->orders_rejected, 1u);
  ASSERT_EQ(report.orders.size(), 1u);
  EXPECT_EQ(report.orders[0].state, "rejected");
  EXPECT_EQ(report.orders[0].client_order_id, "t-20240103T1530Z-AAA-b-0");
  EXPECT_NE(report.orders[0].reason.find("not fractionable"), std::string::npos)
      << report.orders[0].reason;
  EXPECT_EQ(http.request_count(), 0u);
}

}  // namespace
}  // namespace tradelet::live
