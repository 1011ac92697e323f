#include "tradelet/backtest/sim_broker.h"

#include <gtest/gtest.h>

#include "tradelet/engine/historical_feed.h"

namespace tradelet {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

struct OHLCV {
  double o, h, l, c, v;
};

// One daily symbol driven step by step: Step() delivers a bar to the broker, reveals it and
// marks positions, as the kernel does.
struct Harness {
  BarSeries s;
  std::unique_ptr<HistoricalFeed> feed;
  std::unique_ptr<SimulatedBroker> broker;
  MarketStep step;
  Harness(const std::vector<OHLCV>& bars, SimBrokerConfig cfg = {}) {
    s.symbol = "XYZ";
    for (size_t i = 0; i < bars.size(); ++i) {
      const auto& b = bars[i];
      s.Append(Bar{Timestamp::FromUnixSeconds(1700000000 + 86400 * static_cast<int64_t>(i)),
                   b.o, b.h, b.l, b.c, b.v});
    }
    cfg_ = cfg;
    Reset();
  }
  // Rebuilds feed and broker (after the test edits the series' columns).
  void Reset() {
    feed = std::make_unique<HistoricalFeed>(std::vector<const BarSeries*>{&s});
    broker = std::make_unique<SimulatedBroker>(feed->series(), cfg_);
  }
  SimBrokerConfig cfg_;
  bool Step() {
    if (!feed->Next(&step)) return false;
    broker->OnMarketStep(step, *feed);
    feed->Reveal(step);
    broker->OnStepClosed(step, *feed);
    return true;
  }
  Timestamp now() const { return step.decision_time; }
  std::string Submit(OrderRequest r) {
    r.symbol = "XYZ";
    auto id = broker->Submit(r, now());
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : "";
  }
  Order Get(const std::string& id) { return *broker->GetOrder(id); }
};

OrderRequest Req(OrderSide side, const char* qty, OrderType type = OrderType::kMarket) {
  OrderRequest r;
  r.side = side;
  r.qty = D(qty);
  r.type = type;
  return r;
}

TEST(SimBroker, MarketFillsAtNextOpenWithCommission) {
  SimBrokerConfig cfg;
  cfg.initial_cash = D("10000");
  cfg.commission.per_share = D("0.01");
  cfg.commission.minimum = D("1");
  Harness h({{10, 11, 9, 10.5, 1e6}, {10.2, 10.8, 10, 10.6, 1e6}, {11, 11, 11, 11, 1e6}}, cfg);
  ASSERT_TRUE(h.Step());
  std::string id = h.Submit(Req(OrderSide::kBuy, "50"));
  EXPECT_EQ(h.Get(id).status, OrderStatus::kNew);
  ASSERT_TRUE(h.Step());
  Order o = h.Get(id);
  EXPECT_EQ(o.status, OrderStatus::kFilled);
  EXPECT_EQ(o.filled_avg_price, D("10.2"));
  // 50 x 10.2 = 510; commission max(0.5, 1) = 1.
  EXPECT_EQ(h.broker->cash_exact(), D("9489"));
  EXPECT_EQ(h.broker->GetPosition("XYZ").qty, D("50"));
  EXPECT_DOUBLE_EQ(h.broker->equity(), 9489 + 50 * 10.6);
}

TEST(SimBroker, FillAtCloseOption) {
  SimBrokerConfig cfg;
  cfg.fill_at = FillAt::kClose;
  Harness h({{10, 11, 9, 10.5, 1e6}, {10.2, 10.8, 10, 10.6, 1e6}}, cfg);
  h.Step();
  std::string id = h.Submit(Req(OrderSide::kBuy, "1"));
  h.Step();
  EXPECT_EQ(h.Get(id).filled_avg_price, D("10.6"));
}

TEST(SimBroker, LimitGapIntrabarAndDayExpiry) {
  Harness h({{10, 10, 10, 10, 1e6},
             {9.5, 9.9, 9.4, 9.8, 1e6},    // opens below 9.9: fills at the open 9.5
             {10, 10, 10, 10, 1e6},
             {10, 10.1, 9.6, 9.9, 1e6},    // touches 9.7: fills at the limit
             {10, 10, 10, 10, 1e6},
             {10, 10.2, 9.9, 10, 1e6},     // never reaches 9.0
             {10, 10, 8, 9, 1e6}});        // too late: the day order expired
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "1", OrderType::kLimit);
  r.limit_price = D("9.9");
  std::string a = h.Submit(r);
  h.Step();
  EXPECT_EQ(h.Get(a).filled_avg_price, D("9.5"));
  h.Step();
  r.limit_price = D("9.7");
  std::string b = h.Submit(r);
  h.Step();
  EXPECT_EQ(h.Get(b).filled_avg_price, D("9.7"));
  h.Step();
  r.limit_price = D("9");
  std::string c = h.Submit(r);
  h.Step();
  EXPECT_EQ(h.Get(c).status, OrderStatus::kNew);
  h.Step();
  EXPECT_EQ(h.Get(c).status, OrderStatus::kExpired);
  EXPECT_TRUE(h.Get(c).filled_qty.IsZero());
}

TEST(SimBroker, StopGapsFillAtTheOpen) {
  Harness h({{10, 10, 10, 10, 1e6}, {10, 10, 10, 10, 1e6}, {8, 8.5, 7.5, 8, 1e6},
             {8, 8, 8, 8, 1e6}, {8, 9, 7.9, 8.5, 1e6}});
  h.Step();
  h.Submit(Req(OrderSide::kBuy, "10"));
  h.Step();
  OrderRequest r = Req(OrderSide::kSell, "10", OrderType::kStop);
  r.stop_price = D("9");
  r.time_in_force = TimeInForce::kGtc;
  std::string id = h.Submit(r);
  h.Step();  // gaps down to 8: fills at 8, not at 9
  EXPECT_EQ(h.Get(id).filled_avg_price, D("8"));
  // Buy stop triggered inside the bar fills at the stop.
  h.Step();
  OrderRequest b = Req(OrderSide::kBuy, "1", OrderType::kStop);
  b.stop_price = D("8.6");
  std::string id2 = h.Submit(b);
  h.Step();
  EXPECT_EQ(h.Get(id2).filled_avg_price, D("8.6"));
}

TEST(SimBroker, BracketLegsWaitThenStopLossWinsTies) {
  Harness h({{100, 100, 100, 100, 1e6},
             {100, 101, 99, 100, 1e6},     // entry fills at 100; legs go live after
             {100, 150, 90, 100, 1e6}});   // both exits touched: stop-loss wins
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "10");
  r.order_class = OrderClass::kBracket;
  r.time_in_force = TimeInForce::kGtc;
  r.take_profit = TakeProfitLeg{D("140")};
  r.stop_loss = StopLossLeg{D("98"), D("97")};
  std::string id = h.Submit(r);
  Order parent = h.Get(id);
  ASSERT_EQ(parent.leg_ids.size(), 2u);
  EXPECT_EQ(h.Get(parent.leg_ids[0]).status, OrderStatus::kHeld);
  EXPECT_EQ(h.Get(parent.leg_ids[0]).side, OrderSide::kSell);
  EXPECT_EQ(h.Get(parent.leg_ids[1]).type, OrderType::kStopLimit);
  h.Step();
  EXPECT_EQ(h.Get(id).status, OrderStatus::kFilled);
  EXPECT_EQ(h.Get(parent.leg_ids[0]).status, OrderStatus::kNew);
  // The legs hold the shares: a plain sell is refused (Alpaca's "insufficient qty").
  auto refused = h.broker->Submit([] { OrderRequest s; s.symbol = "XYZ"; s.side = OrderSide::kSell;
                                       s.qty = Decimal::FromInt(10); return s; }(), h.now());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("insufficient qty available"), std::string::npos);
  h.Step();
  Order tp = h.Get(parent.leg_ids[0]), sl = h.Get(parent.leg_ids[1]);
  EXPECT_EQ(sl.status, OrderStatus::kFilled);
  // Stop 98 triggered inside the bar (open 100), limit 97 below it: fills at the stop price.
  EXPECT_EQ(sl.filled_avg_price, D("98"));
  EXPECT_EQ(tp.status, OrderStatus::kCanceled);
  EXPECT_TRUE(h.broker->GetPosition("XYZ").flat());
  ASSERT_EQ(h.broker->trades().size(), 1u);
  EXPECT_EQ(h.broker->trades()[0].pnl, D("-20"));
}

TEST(SimBroker, CancellingALegCancelsTheGroupAndFreesShares) {
  Harness h({{100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6}});
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "10");
  r.order_class = OrderClass::kBracket;
  r.take_profit = TakeProfitLeg{D("140")};
  r.stop_loss = StopLossLeg{D("98"), std::nullopt};
  std::string id = h.Submit(r);
  h.Step();
  Order parent = h.Get(id);
  ASSERT_TRUE(h.broker->Cancel(parent.leg_ids[1], h.now()).ok());
  EXPECT_EQ(h.Get(parent.leg_ids[0]).status, OrderStatus::kCanceled);
  EXPECT_EQ(h.Get(parent.leg_ids[1]).status, OrderStatus::kCanceled);
  EXPECT_EQ(h.broker->Cancel(parent.leg_ids[1], h.now()).code(), StatusCode::kFailedPrecondition);
  h.Submit(Req(OrderSide::kSell, "10"));
}

TEST(SimBroker, OcoExitPair) {
  Harness h({{100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6},
             {100, 111, 100, 110, 1e6}});
  h.Step();
  h.Submit(Req(OrderSide::kBuy, "5"));
  h.Step();
  OrderRequest r = Req(OrderSide::kSell, "5", OrderType::kLimit);
  r.order_class = OrderClass::kOco;
  r.time_in_force = TimeInForce::kGtc;
  r.limit_price = D("110");
  r.stop_loss = StopLossLeg{D("95"), std::nullopt};
  std::string id = h.Submit(r);
  h.Step();
  h.Step();
  Order tp = h.Get(id);
  EXPECT_EQ(tp.status, OrderStatus::kFilled);
  EXPECT_EQ(tp.filled_avg_price, D("110"));
  EXPECT_EQ(h.Get(tp.leg_ids[0]).status, OrderStatus::kCanceled);
}

TEST(SimBroker, ParticipationCapGivesPartialFills) {
  SimBrokerConfig cfg;
  cfg.max_participation = 0.1;
  Harness h({{10, 10, 10, 10, 1000}, {10, 10, 10, 10, 1000}, {10, 10, 10, 10, 500},
             {10, 10, 10, 10, 1000}},
            cfg);
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "200");
  r.time_in_force = TimeInForce::kGtc;
  std::string id = h.Submit(r);
  h.Step();
  EXPECT_EQ(h.Get(id).status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(h.Get(id).filled_qty, D("100"));
  h.Step();
  EXPECT_EQ(h.Get(id).filled_qty, D("150"));
  h.Step();
  EXPECT_EQ(h.Get(id).status, OrderStatus::kFilled);
  EXPECT_EQ(h.broker->fills().size(), 3u);
}

TEST(SimBroker, FokAndIoc) {
  SimBrokerConfig cfg;
  cfg.max_participation = 0.1;
  Harness h({{10, 10, 10, 10, 1000}, {10, 10, 10, 10, 1000}, {10, 10, 10, 10, 1000}}, cfg);
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "200");
  r.time_in_force = TimeInForce::kFok;
  std::string fok = h.Submit(r);
  r.time_in_force = TimeInForce::kIoc;
  std::string ioc = h.Submit(r);
  h.Step();
  EXPECT_EQ(h.Get(fok).status, OrderStatus::kCanceled);
  EXPECT_TRUE(h.Get(fok).filled_qty.IsZero());
  EXPECT_EQ(h.Get(ioc).status, OrderStatus::kCanceled);
  EXPECT_EQ(h.Get(ioc).filled_qty, D("100"));
}

TEST(SimBroker, SlippageAndPercentCommission) {
  SimBrokerConfig cfg;
  cfg.initial_cash = D("100000");
  cfg.slippage.fixed = 0.01;
  cfg.slippage.percent = 0.001;
  cfg.commission.percent = D("0.001");
  cfg.commission.fixed = D("1");
  Harness h({{100, 100, 100, 100, 1e6}, {100, 101, 99, 100, 1e6}, {100, 101, 99, 100, 1e6}}, cfg);
  h.Step();
  std::string id = h.Submit(Req(OrderSide::kBuy, "10"));
  h.Step();
  // 100 + 0.01 + 0.1 = 100.11; commission 1 + 0.001 x 1001.1 = 2.0011.
  EXPECT_EQ(h.Get(id).filled_avg_price, D("100.11"));
  EXPECT_EQ(h.broker->cash_exact(), D("100000") - D("1001.1") - D("2.0011"));
  std::string s = h.Submit(Req(OrderSide::kSell, "10"));
  h.Step();
  EXPECT_EQ(h.Get(s).filled_avg_price, D("99.89"));
  ASSERT_EQ(h.broker->trades().size(), 1u);
  // (99.89 - 100.11) x 10 - 2.0011 - (1 + 0.9989) = -2.2 - 4.0
  EXPECT_EQ(h.broker->trades()[0].pnl, D("-6.2"));
}

TEST(SimBroker, SlippageStaysInsideTheBar) {
  SimBrokerConfig cfg;
  cfg.slippage.percent = 0.05;
  Harness h({{100, 100, 100, 100, 1e6}, {100, 102, 99, 101, 1e6}}, cfg);
  h.Step();
  std::string id = h.Submit(Req(OrderSide::kBuy, "1"));
  h.Step();
  EXPECT_EQ(h.Get(id).filled_avg_price, D("102"));
}

TEST(SimBroker, SplitAndDividendApplyToPositions) {
  Harness h({{100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6}, {50, 50, 50, 50, 1e6},
             {50, 50, 50, 50, 1e6}});
  h.s.split = {1, 1, 2, 1};
  h.s.dividend = {0, 0, 0, 0.25};
  h.s.adj_close = h.s.close;
  h.Reset();
  h.Step();
  h.Submit(Req(OrderSide::kBuy, "15"));
  h.Step();
  const Money cash_after_buy = h.broker->cash_exact();
  h.Step();  // 2-for-1
  EXPECT_EQ(h.broker->GetPosition("XYZ").qty, D("30"));
  EXPECT_DOUBLE_EQ(h.broker->equity(), cash_after_buy.ToDouble() + 30 * 50);
  h.Step();  // 0.25 per share on 30 shares
  EXPECT_EQ(h.broker->cash_exact(), cash_after_buy + D("7.5"));
  EXPECT_EQ(h.broker->totals().dividends, D("7.5"));
}

TEST(SimBroker, OddSplitPaysCashInLieu) {
  Harness h({{100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6}, {40, 40, 40, 40, 1e6}});
  h.s.split = {1, 1, 2.5};
  h.Reset();
  h.Step();
  h.Submit(Req(OrderSide::kBuy, "3"));
  h.Step();
  const Money cash = h.broker->cash_exact();
  h.Step();  // 3 x 2.5 = 7.5 -> 7 shares + 0.5 x 40 in cash
  EXPECT_EQ(h.broker->GetPosition("XYZ").qty, D("7"));
  EXPECT_EQ(h.broker->cash_exact(), cash + D("20"));
}

TEST(SimBroker, ShortingNeedsMarginAccount) {
  Harness cash_acct({{10, 10, 10, 10, 1e6}, {10, 10, 10, 10, 1e6}});
  cash_acct.Step();
  OrderRequest r = Req(OrderSide::kSell, "10");
  r.symbol = "XYZ";
  auto refused = cash_acct.broker->Submit(r, cash_acct.now());
  EXPECT_NE(refused.status().message().find("not allowed to short"), std::string::npos);

  SimBrokerConfig cfg;
  cfg.account.type = AccountType::kMargin;
  cfg.account.allow_short = true;
  cfg.initial_cash = D("1000");
  Harness m({{10, 10, 10, 10, 1e6}, {10, 10, 10, 10, 1e6}, {8, 8, 8, 8, 1e6}, {8, 8, 8, 8, 1e6}},
            cfg);
  m.Step();
  m.Submit(r);
  m.Step();
  EXPECT_EQ(m.broker->GetPosition("XYZ").qty, D("-10"));
  EXPECT_EQ(m.broker->cash_exact(), D("1100"));
  m.Step();
  EXPECT_DOUBLE_EQ(m.broker->equity(), 1100 - 80);
  m.Submit(Req(OrderSide::kBuy, "10"));
  m.Step();
  ASSERT_EQ(m.broker->trades().size(), 1u);
  EXPECT_FALSE(m.broker->trades()[0].is_long);
  EXPECT_EQ(m.broker->trades()[0].pnl, D("20"));
  // Margin buying power: 2 x equity.
  auto big = m.broker->Submit([] { OrderRequest b; b.symbol = "XYZ"; b.qty = Decimal::FromInt(300);
                                   return b; }(), m.now());
  EXPECT_EQ(big.status().code(), StatusCode::kPermissionDenied);
}

TEST(SimBroker, CashAccountCannotOverspend) {
  SimBrokerConfig cfg;
  cfg.initial_cash = D("1000");
  Harness h({{10, 10, 10, 10, 1e6}, {20, 20, 20, 20, 1e6}}, cfg);
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "200");
  r.symbol = "XYZ";
  EXPECT_NE(h.broker->Submit(r, h.now()).status().message().find("insufficient buying power"),
            std::string::npos);
  // Accepted at 10, but it gaps to 20: only what the cash buys fills.
  std::string id = h.Submit(Req(OrderSide::kBuy, "90"));
  h.Step();
  EXPECT_EQ(h.Get(id).filled_qty, D("50"));
  EXPECT_TRUE(h.broker->cash_exact().IsZero());
}

TEST(SimBroker, TrailingStopPercent) {
  Harness h({{100, 100, 100, 100, 1e6}, {100, 100, 100, 100, 1e6}, {100, 120, 100, 118, 1e6},
             {117, 117, 107, 110, 1e6}});
  h.Step();
  h.Submit(Req(OrderSide::kBuy, "1"));
  h.Step();
  OrderRequest r = Req(OrderSide::kSell, "1", OrderType::kTrailingStop);
  r.trail_percent = D("10");
  r.time_in_force = TimeInForce::kGtc;
  std::string id = h.Submit(r);
  h.Step();  // mark 100 -> 120 (stop was 90)
  EXPECT_EQ(h.Get(id).status, OrderStatus::kNew);
  EXPECT_EQ(*h.Get(id).hwm, D("120"));
  h.Step();  // stop 108: low 107 hits it
  EXPECT_EQ(h.Get(id).filled_avg_price, D("108"));
}

TEST(SimBroker, OpgFillsOnlyAtASessionOpen) {
  Harness h({{10, 10, 10, 10, 1e6}, {11, 12, 10, 12, 1e6}});
  h.Step();
  OrderRequest r = Req(OrderSide::kBuy, "1", OrderType::kLimit);
  r.limit_price = D("10.5");
  r.time_in_force = TimeInForce::kOpg;
  std::string id = h.Submit(r);
  h.Step();  // opens at 11 above the limit: expires although the low touched 10
  EXPECT_EQ(h.Get(id).status, OrderStatus::kExpired);
}

}  // namespace
}  // namespace tradelet
