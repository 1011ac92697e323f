// Corporate actions on long series: the simulator lists a symbol's dividends and splits on the
// first step it holds a position (from that bar on, 16 cells per block, tested on their bits),
// so a long series exercises the block scan, and an action before the position opens or while
// it is flat must not be paid.
#include <gtest/gtest.h>

#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/historical_feed.h"

namespace tradelet {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

// 100 daily bars of one symbol at $10 ($5 after the split), with a dividend of 1.00 at bar 5
// (before the buy), 0.50 at bar 40 and 0.25 at bar 77, and a 2-for-1 split at bar 60.
BarSeries LongSeries() {
  BarSeries s;
  s.symbol = "XYZ";
  for (int i = 0; i < 100; ++i) {
    const double px = i < 60 ? 10 : 5;
    s.Append(Bar{Timestamp::FromUnixSeconds(1700000000 + 86400 * int64_t{i}), px, px, px, px, 1e6});
  }
  s.adj_close = s.close;
  s.dividend.assign(s.size(), 0);
  s.split.assign(s.size(), 1);
  s.dividend[5] = 1.0;
  s.dividend[40] = 0.5;
  s.dividend[77] = 0.25;
  s.split[60] = 2.0;
  return s;
}

TEST(SimBrokerActions, LongSeriesPaysOnlyWhatAHeldPositionEarns) {
  const BarSeries s = LongSeries();
  ASSERT_TRUE(s.CheckShape().ok());
  HistoricalFeed feed({&s});
  SimulatedBroker broker(feed.series(), SimBrokerConfig{});
  MarketStep step;
  for (int i = 0; feed.Next(&step); ++i) {
    broker.OnMarketStep(step, feed);
    feed.Reveal(step);
    broker.OnStepClosed(step, feed);
    if (i == 10) {  // after the first dividend: fills at bar 11's open
      OrderRequest r;
      r.symbol = "XYZ";
      r.qty = D("10");
      ASSERT_TRUE(broker.Submit(r, step.decision_time).ok());
    }
  }
  // 10 shares get 0.50 at bar 40, become 20 at bar 60, and 20 get 0.25 at bar 77; the 1.00
  // at bar 5 came before the position.
  EXPECT_EQ(broker.GetPosition("XYZ").qty, D("20"));
  EXPECT_EQ(broker.totals().dividends, D("10"));
  EXPECT_EQ(broker.cash_exact(), D("100000") - D("100") + D("10"));
}

// Dividends on block edges and the last bar, on the fill bars (paid before the fill: the
// position is opened after the bar's action and closed after it) and in flat stretches.
TEST(SimBrokerActions, BlockEdgesFillBarsAndFlatStretches) {
  BarSeries s;
  s.symbol = "XYZ";
  const int n = 3000;
  for (int i = 0; i < n; ++i) {
    s.Append(Bar{Timestamp::FromUnixSeconds(1700000000 + 86400 * int64_t{i}), 10, 10, 10, 10, 1e6});
  }
  s.adj_close = s.close;
  s.dividend.assign(s.size(), 0);
  s.split.assign(s.size(), 1);
  // Bought at bar 11's open, sold at 1201's, bought again at 2101's.
  const std::vector<int> paid = {12, 43, 44, 107, 108, 1003, 1004, 1201, 2102, 2133, 2134, 2999};
  const std::vector<int> unpaid = {3, 11, 1202, 1500, 2028, 2101};
  Money want;
  for (int b : paid) {
    s.dividend[b] = 0.01 * (b % 97 + 1);
    want += D("10") * Decimal::FromDouble(s.dividend[b]);
  }
  for (int b : unpaid) s.dividend[b] = 1000;
  ASSERT_TRUE(s.CheckShape().ok());
  HistoricalFeed feed({&s});
  SimulatedBroker broker(feed.series(), SimBrokerConfig{});
  MarketStep step;
  for (int i = 0; feed.Next(&step); ++i) {
    broker.OnMarketStep(step, feed);
    feed.Reveal(step);
    broker.OnStepClosed(step, feed);
    if (i == 10 || i == 1200 || i == 2100) {
      OrderRequest r;
      r.symbol = "XYZ";
      r.side = i == 1200 ? OrderSide::kSell : OrderSide::kBuy;
      r.qty = D("10");
      ASSERT_TRUE(broker.Submit(r, step.decision_time).ok()) << i;
    }
  }
  EXPECT_EQ(broker.GetPosition("XYZ").qty, D("10"));
  EXPECT_EQ(broker.totals().dividends, want);
  EXPECT_EQ(broker.cash_exact(), D("100000") - D("100") + want);
}

// The kernel passes the feed's index of the symbol; an index that names another symbol (a
// broker built over other series) must not route the order there.
TEST(SimBrokerActions, SubmitIndexedChecksTheIndex) {
  BarSeries a = LongSeries(), b = LongSeries();
  b.symbol = "ABC";
  HistoricalFeed feed({&a, &b});
  SimulatedBroker broker(feed.series(), SimBrokerConfig{});
  MarketStep step;
  ASSERT_TRUE(feed.Next(&step));
  broker.OnMarketStep(step, feed);
  feed.Reveal(step);
  broker.OnStepClosed(step, feed);
  OrderRequest r;
  r.symbol = "ABC";
  r.qty = D("3");
  ASSERT_TRUE(broker.SubmitIndexed(r, 0, step.decision_time).ok());   // index 0 is XYZ
  ASSERT_TRUE(broker.SubmitIndexed(r, 99, step.decision_time).ok());  // out of range
  ASSERT_TRUE(feed.Next(&step));
  broker.OnMarketStep(step, feed);
  EXPECT_EQ(broker.GetPosition("ABC").qty, D("6"));
  EXPECT_EQ(broker.GetPosition("XYZ").qty, D("0"));
}

}  // namespace
}  // namespace tradelet
