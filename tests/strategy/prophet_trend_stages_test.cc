// The Prophet trend stages on hand-built markets: schedule and universe, ranking with held
// names, open-order skip, the alpha's guards (validation, convergence, too few bars, stale),
// sizing, brackets and cancel-before-sell, and the whole strategy's order batch.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {
namespace {

Timestamp At(const char* iso) { return *ParseTimestamp(iso); }

class FakePortfolio : public PortfolioView {
 public:
  std::map<size_t, Quantity> pos;
  std::map<size_t, std::vector<Order>> orders;
  Money cash = Money::FromInt(10000);
  Quantity PositionQty(size_t s) const override {
    auto it = pos.find(s);
    return it == pos.end() ? Quantity() : it->second;
  }
  Price AvgEntryPrice(size_t) const override { return Price(); }
  bool HasOpenOrders(size_t s) const override {
    auto it = orders.find(s);
    return it != orders.end() && !it->second.empty();
  }
  std::vector<Order> OpenOrders(size_t s) const override {
    auto it = orders.find(s);
    return it == orders.end() ? std::vector<Order>{} : it->second;
  }
  AccountSnapshot Account() const override {
    AccountSnapshot a;
    a.cash = cash;
    return a;
  }
};

// A 1-minute session from 09:30 New York time on 2019-02-11 (Monday, UTC-5) with `n` bars:
// close = start * (1 + step)^i.
BarSeries Session(const std::string& sym, int n, double start, double step,
                  const char* open = "2019-02-11T14:30:00Z") {
  BarSeries s;
  s.symbol = sym;
  s.interval = BarInterval::k1Min;
  const Timestamp t0 = At(open);
  double c = start;
  for (int i = 0; i < n; ++i) {
    const double prev = c;
    c = start * std::pow(1 + step, i);
    s.Append(
        Bar{t0 + std::chrono::minutes(i), prev, std::max(prev, c), std::min(prev, c), c, 1000});
  }
  return s;
}

struct Market {
  std::vector<BarSeries> series;
  std::vector<const BarSeries*> ptrs;
  std::vector<uint32_t> visible;
  std::vector<uint32_t> updated;
  FakePortfolio pf;
  void Finish() {
    ptrs.clear();
    visible.clear();
    updated.clear();
    for (uint32_t i = 0; i < series.size(); ++i) {
      ptrs.push_back(&series[i]);
      visible.push_back(static_cast<uint32_t>(series[i].size()));
      updated.push_back(i);
    }
  }
  // The context at the END of the visible bars of series 0.
  StrategyContext Ctx(Timestamp now) const {
    return StrategyContext(now, &ptrs, &visible, updated, &pf);
  }
};

Order Leg(const std::string& id, const std::string& sym) {
  Order o;
  o.id = id;
  o.symbol = sym;
  o.side = OrderSide::kSell;
  o.parent_id = "parent-" + sym;
  return o;
}

Order Entry(const std::string& id, const std::string& sym) {
  Order o;
  o.id = id;
  o.symbol = sym;
  o.side = OrderSide::kBuy;
  return o;
}

TEST(Universe, RanksTopNPlusHeldAndSkipsOpenOrders) {
  Market m;
  // After 15 bars (09:45 run): mean returns A +0.1 %, B +0.3 %, C -0.2 %, D +0.2 %, E +0.25 %.
  m.series.push_back(Session("A", 15, 100, 0.001));
  m.series.push_back(Session("B", 15, 100, 0.003));
  m.series.push_back(Session("C", 15, 100, -0.002));
  m.series.push_back(Session("D", 15, 100, 0.002));
  m.series.push_back(Session("E", 15, 100, 0.0025));
  m.Finish();
  m.pf.pos[2] = Decimal::FromInt(5);    // C held: added although ranked last
  m.pf.orders[4] = {Entry("o1", "E")};  // E has an entry in flight: skipped
  m.pf.orders[2] = {Leg("l1", "C")};    // C's exit legs do not block it
  ProphetTrendOptions o;
  o.top_n = 3;
  ProphetTrendUniverse u(o);
  std::vector<uint32_t> uni;
  u.Select(m.Ctx(At("2019-02-11T14:45:00Z")), &uni);  // 09:45 EST Monday
  EXPECT_TRUE(u.ran());
  EXPECT_TRUE(u.universe_run());
  // Top 3 by mean return: B, E, D; E skipped (open order); C added (held).
  EXPECT_EQ(uni, (std::vector<uint32_t>{1, 2, 3}));
  ASSERT_EQ(u.skips().size(), 1u);
  EXPECT_EQ(u.skips()[0].symbol, "E");
  EXPECT_EQ(u.skips()[0].action, "skip");
  EXPECT_EQ(u.skips()[0].reason, "open order");

  // 09:46: same 15-minute slot, no run.
  uni.clear();
  u.Select(m.Ctx(At("2019-02-11T14:46:00Z")), &uni);
  EXPECT_FALSE(u.ran());
  EXPECT_TRUE(uni.empty());
  // 10:00: a run, but not the first of the day: only held names.
  u.Select(m.Ctx(At("2019-02-11T15:00:00Z")), &uni);
  EXPECT_TRUE(u.ran());
  EXPECT_FALSE(u.universe_run());
  EXPECT_EQ(uni, (std::vector<uint32_t>{2}));
  // 16:00 is after last_run (15:45): no run.
  uni.clear();
  u.Select(m.Ctx(At("2019-02-11T21:00:00Z")), &uni);
  EXPECT_FALSE(u.ran());
}

TEST(Universe, TuesdayOnlyHeld) {
  Market m;
  m.series.push_back(Session("A", 15, 100, 0.001, "2019-02-12T14:30:00Z"));
  m.series.push_back(Session("B", 15, 100, 0.003, "2019-02-12T14:30:00Z"));
  m.Finish();
  m.pf.pos[0] = Decimal::FromInt(1);
  ProphetTrendUniverse u(ProphetTrendOptions{});
  std::vector<uint32_t> uni;
  u.Select(m.Ctx(At("2019-02-12T14:45:00Z")), &uni);
  EXPECT_TRUE(u.ran());
  EXPECT_FALSE(u.universe_run());
  EXPECT_EQ(uni, (std::vector<uint32_t>{0}));
}

TEST(Universe, ConfiguredUniverseLimitsCandidates) {
  Market m;
  m.series.push_back(Session("A", 15, 100, 0.001));
  m.series.push_back(Session("B", 15, 100, 0.003));
  m.Finish();
  ProphetTrendOptions o;
  o.universe = {"A", "ZZZ"};  // unknown names are ignored
  ProphetTrendUniverse u(o);
  std::vector<uint32_t> uni;
  u.Select(m.Ctx(At("2019-02-11T14:45:00Z")), &uni);
  EXPECT_EQ(uni, (std::vector<uint32_t>{0}));
}

// A name with fewer than min_bars bars in the window could never be forecast: it takes no top-N
// place (the seed ranked it first and wasted the place) and is skipped with its reason; a held
// thin name still comes back as held (the alpha reports it).
TEST(Universe, TooFewBarsTakeNoTopNPlace) {
  Market m;
  m.series.push_back(Session("A", 15, 100, 0.001));
  m.series.push_back(Session("B", 15, 100, 0.003));
  m.series.push_back(Session("C", 15, 100, -0.002));
  m.series.push_back(Session("U", 3, 100, 0.05));  // best mean return, 3 bars
  m.series.push_back(Session("H", 3, 100, 0.04));  // held, 3 bars
  m.Finish();
  m.pf.pos[4] = Decimal::FromInt(2);
  ProphetTrendOptions o;
  o.top_n = 2;
  ProphetTrendUniverse u(o);
  std::vector<uint32_t> uni;
  u.Select(m.Ctx(At("2019-02-11T14:45:00Z")), &uni);
  ASSERT_TRUE(u.universe_run());
  EXPECT_EQ(uni, (std::vector<uint32_t>{0, 1, 4}));  // B, A ranked; H held
  ASSERT_EQ(u.skips().size(), 1u);
  EXPECT_EQ(u.skips()[0].symbol, "U");
  EXPECT_EQ(u.skips()[0].action, "skip");
  EXPECT_EQ(u.skips()[0].reason, "too few bars to rank: 3 < 10");
}

struct AlphaRun {
  std::vector<Insight> insights;
  std::vector<TrendDecision> log;
  uint64_t fits = 0;
};

AlphaRun RunAlpha(const Market& m, Timestamp now, ProphetTrendOptions o = {}) {
  AlphaRun r;
  ProphetTrendAlpha a(o);
  std::vector<uint32_t> uni;
  for (uint32_t i = 0; i < m.series.size(); ++i) uni.push_back(i);
  a.Update(m.Ctx(now), uni, &r.insights);
  r.log = a.log();
  r.fits = a.fits();
  return r;
}

TEST(Alpha, RisingBuysFallingHeldSells) {
  Market m;
  m.series.push_back(Session("UP", 60, 100, 0.001));
  m.series.push_back(Session("DOWN", 60, 100, -0.001));
  m.series.push_back(Session("DOWNFLAT", 60, 100, -0.001));
  m.Finish();
  m.pf.pos[1] = Decimal::FromInt(3);
  const AlphaRun r = RunAlpha(m, At("2019-02-11T15:30:00Z"));  // 10:30, 60 bars
  ASSERT_EQ(r.insights.size(), 3u);
  EXPECT_EQ(r.insights[0].direction, InsightDirection::kUp);
  EXPECT_EQ(r.insights[1].direction, InsightDirection::kDown);
  EXPECT_EQ(r.insights[2].direction, InsightDirection::kFlat);  // falling but not held
  for (const Insight& in : r.insights) {
    ASSERT_TRUE(in.band_lower && in.band_mid && in.band_upper);
    EXPECT_LT(*in.band_lower, *in.band_mid);
    EXPECT_LT(*in.band_mid, *in.band_upper);
  }
  // The rising series' next-minute forecast lies above the last close.
  EXPECT_GT(*r.insights[0].band_mid, m.series[0].close.back());
  ASSERT_EQ(r.log.size(), 3u);
  EXPECT_EQ(r.log[0].action, "buy");
  EXPECT_EQ(r.log[1].action, "sell");
  EXPECT_EQ(r.log[2].action, "hold");
  EXPECT_DOUBLE_EQ(r.log[0].last, m.series[0].close.back());
  EXPECT_EQ(r.fits, 3u);
}

const TrendDecision* SkipOf(const AlphaRun& r, const std::string& sym) {
  for (const TrendDecision& d : r.log) {
    if (d.symbol == sym && d.action == "skip") return &d;
  }
  return nullptr;
}

TEST(Alpha, GuardsSkipWithReason) {
  Market m;
  m.series.push_back(Session("FEW", 5, 100, 0.001, "2019-02-11T15:25:00Z"));  // 5 session bars
  m.series.push_back(Session("NAN", 60, 100, 0.001));
  m.series[1].close[30] = std::nan("");
  m.series.push_back(Session("BADHL", 60, 100, 0.001));
  m.series[2].close[40] = m.series[2].high[40] + 5;      // close above the high
  m.series.push_back(Session("STALE", 40, 100, 0.001));  // last bar 10:09, now 10:30
  m.series.push_back(Session("OK", 60, 100, 0.001));
  m.Finish();
  const AlphaRun r = RunAlpha(m, At("2019-02-11T15:30:00Z"));
  ASSERT_NE(SkipOf(r, "FEW"), nullptr);
  EXPECT_EQ(SkipOf(r, "FEW")->reason, "too few bars: 5 < 10");
  ASSERT_NE(SkipOf(r, "NAN"), nullptr);
  EXPECT_NE(SkipOf(r, "NAN")->reason.find("bars failed validation"), std::string::npos);
  ASSERT_NE(SkipOf(r, "BADHL"), nullptr);
  EXPECT_NE(SkipOf(r, "BADHL")->reason.find("close outside [low, high]"), std::string::npos);
  ASSERT_NE(SkipOf(r, "STALE"), nullptr);
  EXPECT_NE(SkipOf(r, "STALE")->reason.find("stale data"), std::string::npos);
  EXPECT_EQ(SkipOf(r, "OK"), nullptr);
  // Only the good symbol produced an insight: no order can come from the others.
  ASSERT_EQ(r.insights.size(), 1u);
  EXPECT_EQ(r.insights[0].symbol, 4u);
  EXPECT_EQ(r.fits, 1u);
}

TEST(Alpha, FitThatDidNotConvergeIsSkipped) {
  Market m;
  // Noisy enough that one L-BFGS iteration cannot reach the optimum.
  m.series.push_back(Session("X", 60, 100, 0.001));
  for (size_t i = 0; i < 60; ++i) m.series[0].close[i] += (i % 3 == 0 ? 0.3 : -0.1);
  for (size_t i = 0; i < 60; ++i) {
    m.series[0].high[i] = std::max(m.series[0].high[i], m.series[0].close[i]);
    m.series[0].low[i] = std::min(m.series[0].low[i], m.series[0].close[i]);
  }
  m.Finish();
  ProphetTrendOptions o;
  o.algorithm = forecast::Algorithm::kLbfgs;
  o.max_iterations = 1;
  const AlphaRun r = RunAlpha(m, At("2019-02-11T15:30:00Z"), o);
  ASSERT_NE(SkipOf(r, "X"), nullptr);
  EXPECT_NE(SkipOf(r, "X")->reason.find("did not converge"), std::string::npos)
      << SkipOf(r, "X")->reason;
  EXPECT_TRUE(r.insights.empty());
}

Insight Make(uint32_t sym, InsightDirection d, double price) {
  Insight in;
  in.symbol = sym;
  in.direction = d;
  in.reference_price = price;
  return in;
}

TEST(Portfolio, EqualWeightAcrossThisRunsBuysAndSellCloses) {
  Market m;
  for (const char* s : {"A", "B", "C", "D"}) m.series.push_back(Session(s, 15, 100, 0));
  m.Finish();
  m.pf.pos[2] = Decimal::FromInt(10);
  m.pf.pos[3] = Decimal::FromInt(4);
  ProphetTrendPortfolio p{ProphetTrendOptions{}};
  std::vector<PortfolioTarget> targets;
  // Cash 10000 x 0.95 = 9500 over 2 buys = 4750: A at 100 -> 47, B at 30 -> 158.
  p.Targets(m.Ctx(At("2019-02-11T14:45:00Z")),
            {Make(0, InsightDirection::kUp, 100), Make(1, InsightDirection::kUp, 30),
             Make(2, InsightDirection::kDown, 50), Make(3, InsightDirection::kFlat, 50),
             Make(0, InsightDirection::kUp, std::nan(""))},
            &targets);
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0].qty, Decimal::FromInt(47));
  EXPECT_EQ(targets[1].qty, Decimal::FromInt(158));
  EXPECT_EQ(targets[2].qty, Decimal::FromInt(0));  // sell closes the whole position
}

TEST(Portfolio, BuyHeldBackByOpenLegsDoesNotTakeAShare) {
  // The seed's divisor counted every buy signal; execution then skips a buy for a symbol whose
  // bracket legs are still open, leaving its share of the account uninvested. Only the buys
  // that will be sent divide the buying power.
  Market m;
  for (const char* s : {"A", "B", "C"}) m.series.push_back(Session(s, 15, 100, 0));
  m.Finish();
  m.pf.pos[2] = Decimal::FromInt(5);
  m.pf.orders[2] = {Leg("tp-c", "C"), Leg("sl-c", "C")};
  ProphetTrendPortfolio p{ProphetTrendOptions{}};
  std::vector<PortfolioTarget> targets;
  // Cash 10000 x 0.95 = 9500 over the 2 buys sent (A, B) = 4750 each: 47 shares at 100.
  p.Targets(m.Ctx(At("2019-02-11T14:45:00Z")),
            {Make(0, InsightDirection::kUp, 100), Make(1, InsightDirection::kUp, 100),
             Make(2, InsightDirection::kUp, 100)},
            &targets);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].symbol, 0u);
  EXPECT_EQ(targets[0].qty, Decimal::FromInt(47));
  EXPECT_EQ(targets[1].symbol, 1u);
  EXPECT_EQ(targets[1].qty, Decimal::FromInt(47));
}

TEST(Portfolio, FixedStakeScalesInAndOut) {
  Market m;
  m.series.push_back(Session("A", 15, 100, 0));
  m.Finish();
  m.pf.pos[0] = Decimal::FromInt(3);
  ProphetTrendOptions o;
  o.sizing = ProphetTrendOptions::Sizing::kFixedQty;
  o.sell_all = false;
  ProphetTrendPortfolio p{o};
  std::vector<PortfolioTarget> t;
  p.Targets(m.Ctx(At("2019-02-11T14:45:00Z")), {Make(0, InsightDirection::kUp, 100)}, &t);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].qty, Decimal::FromInt(4));
  t.clear();
  p.Targets(m.Ctx(At("2019-02-11T14:45:00Z")), {Make(0, InsightDirection::kDown, 100)}, &t);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].qty, Decimal::FromInt(2));
}

TEST(Risk, BracketOnBuyCancelLegsBeforeSell) {
  Market m;
  m.series.push_back(Session("A", 15, 100, 0));
  m.series.push_back(Session("B", 15, 100, 0));
  m.Finish();
  m.pf.pos[1] = Decimal::FromInt(10);
  m.pf.orders[1] = {Leg("tp-1", "B"), Leg("sl-1", "B")};
  ProphetTrendRisk r{ProphetTrendOptions{}};
  std::vector<PortfolioTarget> t(2);
  t[0].symbol = 0;
  t[0].qty = Decimal::FromInt(47);
  t[0].reference_price = 123.45;
  t[1].symbol = 1;
  t[1].qty = Decimal::FromInt(0);
  t[1].reference_price = 50;
  r.Adjust(m.Ctx(At("2019-02-11T14:45:00Z")), &t);
  ASSERT_TRUE(t[0].take_profit && t[0].stop_loss && t[0].stop_loss->limit_price);
  EXPECT_EQ(t[0].take_profit->limit_price, Decimal::FromDouble(172.83));
  EXPECT_EQ(t[0].stop_loss->stop_price, Decimal::FromDouble(120.98));
  EXPECT_EQ(*t[0].stop_loss->limit_price, Decimal::FromDouble(119.75));
  EXPECT_EQ(t[0].time_in_force, TimeInForce::kGtc);
  EXPECT_EQ(t[1].cancel_first, (std::vector<std::string>{"tp-1", "sl-1"}));
  EXPECT_FALSE(t[1].take_profit);
}

TEST(Strategy, OneMarketOrderPerSymbolCancelsFirst) {
  Market m;
  m.series.push_back(Session("UP", 60, 100, 0.001));
  m.series.push_back(Session("DOWN", 60, 100, -0.001));
  m.Finish();
  m.pf.pos[1] = Decimal::FromInt(7);
  m.pf.orders[1] = {Leg("tp-9", "DOWN"), Leg("sl-9", "DOWN")};
  ProphetTrendStrategy s{ProphetTrendOptions{}};
  OrderBatch batch;
  s.OnStep(m.Ctx(At("2019-02-11T15:30:00Z")), &batch);  // 10:30 Monday: first run -> universe run
  EXPECT_EQ(batch.cancel_order_ids, (std::vector<std::string>{"tp-9", "sl-9"}));
  ASSERT_EQ(batch.submit.size(), 2u);
  const OrderRequest& buy = batch.submit[0];
  EXPECT_EQ(buy.symbol, "UP");
  EXPECT_EQ(buy.side, OrderSide::kBuy);
  EXPECT_EQ(buy.type, OrderType::kMarket);
  EXPECT_EQ(buy.order_class, OrderClass::kBracket);
  // 10000 x 0.95 / 1 buy / last close.
  const double last = m.series[0].close.back();
  EXPECT_EQ(buy.qty, Decimal::FromInt(static_cast<int64_t>(std::floor(9500 / last))));
  const OrderRequest& sell = batch.submit[1];
  EXPECT_EQ(sell.symbol, "DOWN");
  EXPECT_EQ(sell.side, OrderSide::kSell);
  EXPECT_EQ(sell.qty, Decimal::FromInt(7));
  EXPECT_EQ(sell.order_class, OrderClass::kSimple);
  // decisions.csv: header + 2 rows, New York offset.
  const std::string csv = DecisionsCsv(s.decisions(), TimeZone::NewYork());
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "time,symbol,last,yhat_lower,yhat,yhat_upper,action,target");
  // target: the forecast row read, read_step (1) minute after the last bar (15:29Z).
  ASSERT_EQ(s.decisions().size(), 2u);
  ASSERT_TRUE(s.decisions()[0].target.has_value());
  EXPECT_EQ(*s.decisions()[0].target, At("2019-02-11T15:30:00Z"));
  EXPECT_NE(
      csv.find(",buy," + FormatTimestamp(*s.decisions()[0].target, TimeZone::NewYork()) + "\n"),
      std::string::npos)
      << csv;
  EXPECT_NE(csv.find("2019-02-11T10:30:00-05:00,UP,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",sell,"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
