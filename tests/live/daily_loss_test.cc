// Issue 16.3's max_daily_loss_fraction against the paper exchange: its account's last_equity is
// the previous close's equity, so a live run sees the day's loss. A position bought on day 1 (by
// hand, outside the strategy) loses 20 % of its value overnight; on day 2 the strategy's entry is
// refused when the day's loss passes the limit, and placed when it does not.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace tradelet::live::e2e {
namespace {

constexpr int kLossQty = 500;

// The zigzag bars (AAA trades every slot) and LOSS, which opens day 2 at 80 % of its day-1 prices.
std::vector<BarSeries> Bars() {
  std::vector<BarSeries> bars = ZigzagBars({"AAA", "LOSS"});
  BarSeries& loss = bars[1];
  const int64_t day2 = T("2024-01-03T00:00:00Z").unix_nanos();
  for (size_t i = 0; i < loss.size(); ++i) {
    if (loss.time_ns[i] < day2) continue;
    loss.open[i] *= 0.8;
    loss.high[i] *= 0.8;
    loss.low[i] *= 0.8;
    loss.close[i] *= 0.8;
  }
  return bars;
}

struct DayTwo {
  JobReport report;
  double loss_fraction = 0;  // (last_equity - equity) / last_equity at the slot, from the bars
  std::map<std::string, alpaca::TradingOrder> orders;
};

// Day 1: 500 LOSS bought at the 10:00 bar's open. Day 2, 10:00 New York: one run of the AAA
// strategy (cross up: it wants 10 shares) with `max_daily_loss_fraction`.
DayTwo RunDayTwo(double max_daily_loss_fraction) {
  const std::vector<BarSeries> bars = Bars();
  Harness h(bars, T("2024-01-02T15:00:00Z"), ":memory:");
  const PaperResponse buy = h.exchange.Handle(
      {"POST",
       "/v2/orders",
       {},
       R"({"symbol":"LOSS","qty":"500","side":"buy","type":"market","time_in_force":"day",)"
       R"("client_order_id":"by-hand"})"});
  EXPECT_EQ(buy.status, 200) << buy.body;
  const Timestamp slot = T("2024-01-03T15:00:00Z");
  EXPECT_TRUE(h.exchange.AdvanceTo(slot).ok());
  DayTwo out;
  auto account = alpaca::ParseAccountJson(h.exchange.Handle({"GET", "/v2/account", {}, ""}).body);
  EXPECT_TRUE(account.ok());
  if (!account.ok()) return out;
  // The day's loss from the bars alone: LOSS's last day-1 close against the bar closing at the
  // slot (index 27 of the series: day 2's second bar); cash did not move on day 2.
  const double last_equity = account->cash.ToDouble() + kLossQty * bars[1].close[25];
  const double equity = account->cash.ToDouble() + kLossQty * bars[1].close[27];
  EXPECT_NEAR(account->last_equity.ToDouble(), last_equity, 0.01);
  EXPECT_NEAR(account->equity.ToDouble(), equity, 0.01);
  out.loss_fraction = (last_equity - equity) / last_equity;
  LiveConfig config = ZigzagConfig({"AAA"});
  config.kernel.risk.max_daily_loss_fraction = max_daily_loss_fraction;
  auto rep = h.RunSlot(slot, config);
  EXPECT_TRUE(rep.ok()) << rep.status().ToString();
  if (rep.ok()) out.report = *rep;
  out.orders = ExchangeOrders(h.exchange);
  return out;
}

TEST(DailyLossLive, EntriesRefusedOnceTheDaysLossPassesTheLimit) {
  const DayTwo d = RunDayTwo(0.05);
  ASSERT_GT(d.loss_fraction, 0.05);  // ~10 %: 500 x ~20 lost on ~100,000
  ASSERT_LT(d.loss_fraction, 0.2);
  EXPECT_EQ(d.report.outcome, "ok") << d.report.ToJson();
  int refused = 0;
  for (const OrderReport& o : d.report.orders) {
    EXPECT_NE(o.state, "placed") << d.report.ToJson();
    if (o.side == "buy") {
      EXPECT_EQ(o.state, "refused") << d.report.ToJson();
      EXPECT_EQ(o.reason.rfind("max_daily_loss_fraction:", 0), 0u) << o.reason;
      ++refused;
    }
  }
  EXPECT_EQ(refused, 1) << d.report.ToJson();  // the AAA entry
  // Nothing reached the exchange but the order placed by hand.
  ASSERT_EQ(d.orders.size(), 1u);
  EXPECT_EQ(d.orders.begin()->first, "by-hand");
}

TEST(DailyLossLive, TradesNormallyWhileTheLossIsUnderTheLimit) {
  const DayTwo d = RunDayTwo(0.2);
  EXPECT_EQ(d.report.outcome, "ok") << d.report.ToJson();
  ASSERT_EQ(d.report.orders.size(), 1u) << d.report.ToJson();
  const OrderReport& o = d.report.orders[0];
  EXPECT_EQ(o.symbol, "AAA");
  EXPECT_EQ(o.side, "buy");
  EXPECT_EQ(o.state, "placed") << d.report.ToJson();
  EXPECT_EQ(d.orders.size(), 2u);
  EXPECT_TRUE(d.orders.count(o.client_order_id));
}

}  // namespace
}  // namespace tradelet::live::e2e
