// Per-series bar timing: a bar is revealed when its own interval has closed.
#include "tradelet/engine/historical_feed.h"

#include <gtest/gtest.h>

#include "tradelet/backtest/sim_broker.h"

namespace tradelet {
namespace {

// 2019-02-11 14:30 UTC (09:30 New York).
const Timestamp kOpen = Timestamp::FromUnixSeconds(1549895400);

BarSeries Minutes(const std::string& sym, BarInterval iv, int bars, double base) {
  BarSeries s;
  s.symbol = sym;
  s.interval = iv;
  const Duration step = BarIntervalDuration(iv);
  for (int i = 0; i < bars; ++i) {
    const double p = base + i;
    s.Append(Bar{kOpen + step * i, p, p + 0.5, p - 0.5, p + 0.25, 1000});
  }
  return s;
}

struct Seen {
  std::vector<Timestamp> decisions;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> bars;  // (symbol, bar) per step
};

Seen Drain(HistoricalFeed& feed) {
  Seen out;
  MarketStep st;
  while (feed.Next(&st)) {
    EXPECT_TRUE(out.decisions.empty() || st.decision_time > out.decisions.back());
    out.decisions.push_back(st.decision_time);
    std::vector<std::pair<uint32_t, uint32_t>> b;
    for (size_t k = 0; k < st.symbols.size(); ++k) {
      const BarSeries& s = *feed.series()[st.symbols[k]];
      // Every bar in the step has closed exactly at the decision time.
      EXPECT_EQ(s.time(st.bar_index[k]) + BarIntervalDuration(s.interval), st.decision_time);
      b.emplace_back(st.symbols[k], st.bar_index[k]);
    }
    out.bars.push_back(b);
    feed.Reveal(st);
  }
  return out;
}

TEST(HistoricalFeed, FiveMinuteSeriesDoesNotDelayOneMinuteBars) {
  const BarSeries a = Minutes("AAA", BarInterval::k1Min, 30, 10);
  const BarSeries b = Minutes("BBB", BarInterval::k1Min, 30, 20);
  const BarSeries slow = Minutes("UGA", BarInterval::k5Min, 6, 30);
  HistoricalFeed only_minutes({&a, &b});
  HistoricalFeed mixed({&a, &slow, &b});
  const Seen ref = Drain(only_minutes);
  const Seen got = Drain(mixed);
  ASSERT_EQ(ref.decisions.size(), 30u);
  EXPECT_EQ(ref.decisions.front(), kOpen + std::chrono::minutes(1));
  // The same decision times, and the 1-minute symbols' bars at the same steps.
  ASSERT_EQ(got.decisions, ref.decisions);
  for (size_t i = 0; i < got.bars.size(); ++i) {
    std::vector<std::pair<uint32_t, uint32_t>> minute_bars;
    int five = 0;
    for (auto [sym, bar] : got.bars[i]) {
      if (sym == 1) {
        ++five;
        // The 5-minute bar k closes at minute 5(k+1).
        EXPECT_EQ((bar + 1) * 5, i + 1) << "step " << i;
      } else {
        minute_bars.emplace_back(sym == 2 ? 1 : 0, bar);
      }
    }
    EXPECT_EQ(minute_bars, ref.bars[i]) << "step " << i;
    EXPECT_EQ(five, (i + 1) % 5 == 0 ? 1 : 0) << "step " << i;
  }
}

TEST(HistoricalFeed, FiveMinuteBarIsHiddenUntilItCloses) {
  const BarSeries a = Minutes("AAA", BarInterval::k1Min, 12, 10);
  const BarSeries slow = Minutes("UGA", BarInterval::k5Min, 2, 30);
  HistoricalFeed feed({&a, &slow});
  MarketStep st;
  for (int minute = 1; minute <= 10; ++minute) {
    ASSERT_TRUE(feed.Next(&st));
    EXPECT_EQ(st.decision_time, kOpen + std::chrono::minutes(minute));
    EXPECT_EQ(st.bar_start, kOpen + std::chrono::minutes(minute - 1));
    feed.Reveal(st);
    EXPECT_EQ(feed.visible()[1], static_cast<uint32_t>(minute / 5)) << "minute " << minute;
  }
}

TEST(HistoricalFeed, OrderPlacedMidwayThroughALongerBarWaitsForItsNextBar) {
  const BarSeries a = Minutes("AAA", BarInterval::k1Min, 12, 10);
  const BarSeries slow = Minutes("UGA", BarInterval::k5Min, 3, 30);
  HistoricalFeed feed({&a, &slow});
  SimBrokerConfig cfg;
  cfg.initial_cash = *Decimal::Parse("100000");
  SimulatedBroker broker(feed.series(), cfg);
  MarketStep st;
  std::string id;
  while (feed.Next(&st)) {
    broker.OnMarketStep(st, feed);
    feed.Reveal(st);
    broker.OnStepClosed(st, feed);
    if (st.decision_time == kOpen + std::chrono::minutes(6)) {
      // 09:36: UGA's 09:35 bar is under way; its open (31) is in the past.
      OrderRequest r;
      r.symbol = "UGA";
      r.side = OrderSide::kBuy;
      r.qty = *Decimal::Parse("1");
      r.type = OrderType::kMarket;
      auto placed = broker.Submit(r, st.decision_time);
      ASSERT_TRUE(placed.ok()) << placed.status().ToString();
      id = *placed;
    }
  }
  auto o = broker.GetOrder(id);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->status, OrderStatus::kFilled);
  EXPECT_EQ(o->filled_avg_price, *Decimal::Parse("32"));  // the 09:40 bar's open
}

}  // namespace
}  // namespace tradelet
