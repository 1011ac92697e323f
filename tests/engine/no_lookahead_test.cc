// The kernel's no-look-ahead guarantee, three ways:
//  1. a strategy that tries to read the bar after "now" aborts (it cannot get the future);
//  2. at every decision the visible history ends at the step's bars, and every fill of an
//     order happens on a bar that starts after the decision that placed it;
//  3. perturbing every bar after t leaves every order placed up to t unchanged.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "series_ptrs.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/historical_feed.h"
#include "tradelet/engine/kernel.h"
#include "tradelet/strategy/builtin.h"

namespace tradelet {
namespace {

std::vector<BarSeries> MakeMarket(int symbols, int bars, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0, 0.02);
  std::vector<BarSeries> out;
  for (int s = 0; s < symbols; ++s) {
    BarSeries b;
    b.symbol = "S" + std::to_string(s);
    double px = 50 + 10 * s;
    for (int i = 0; i < bars; ++i) {
      // Symbol s starts trading s*3 bars late to exercise ragged starts.
      if (i < s * 3) continue;
      const double o = px * (1 + n(rng) / 4);
      const double c = px * (1 + n(rng));
      b.Append(Bar{Timestamp::FromUnixSeconds(1600000000 + 86400 * int64_t{i}), o,
                   std::max(o, c) * 1.005, std::min(o, c) * 0.995, c, 1e6});
      px = c;
    }
    out.push_back(std::move(b));
  }
  return out;
}

using engine_test::Ptrs;

class PeekingStrategy : public Strategy {
 public:
  const std::string& name() const override { return name_; }
  void OnStep(const StrategyContext& ctx, OrderBatch*) override {
    const HistoryView h = ctx.history(ctx.updated()[0]);
    (void)h.close(h.size());  // the bar after now
  }
  std::string name_ = "peek";
};

TEST(NoLookAheadDeathTest, PeekingStrategyIsCaught) {
  auto market = MakeMarket(1, 50, 1);
  HistoricalFeed feed(Ptrs(market));
  SimulatedBroker broker(feed.series(), {});
  SimulatedClock clock;
  PeekingStrategy peek;
  EXPECT_DEATH((void)RunKernel(peek, feed, broker, clock, {}), "i < n_");
}

// Wraps a strategy and checks what it can see at every decision.
class AuditingStrategy : public Strategy {
 public:
  explicit AuditingStrategy(std::unique_ptr<Strategy> inner) : inner_(std::move(inner)) {}
  const std::string& name() const override { return inner_->name(); }
  void OnStep(const StrategyContext& ctx, OrderBatch* out) override {
    ++decisions;
    for (uint32_t s : ctx.updated()) {
      const HistoryView h = ctx.history(s);
      // The newest visible bar started before the decision and no later bar is visible.
      if (!(h.last_time() < ctx.now())) ++violations;
      if (h.last_time() + hours(24) != ctx.now()) ++violations;
    }
    const size_t before = out->submit.size();
    inner_->OnStep(ctx, out);
    for (size_t i = before; i < out->submit.size(); ++i)
      placed.emplace_back(out->submit[i], ctx.now());
  }
  std::unique_ptr<Strategy> inner_;
  int decisions = 0;
  int violations = 0;
  std::vector<std::pair<OrderRequest, Timestamp>> placed;
};

TEST(NoLookAhead, DecisionsSeeOnlyThePastAndFillLater) {
  auto market = MakeMarket(5, 400, 2);
  HistoricalFeed feed(Ptrs(market));
  SimBrokerConfig cfg;
  cfg.initial_cash = Money::FromInt(1000000);
  SimulatedBroker broker(feed.series(), cfg);
  SimulatedClock clock;
  SmaCrossoverOptions o;
  o.fast = 5;
  o.slow = 15;
  AuditingStrategy audit(MakeSmaCrossover(o));
  auto stats = RunKernel(audit, feed, broker, clock, {});
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(audit.violations, 0);
  EXPECT_GT(audit.decisions, 300);
  ASSERT_GT(broker.fills().size(), 20u);
  // Every fill's bar starts at or after the decision (= the previous bar's end) that placed it.
  for (const Fill& f : broker.fills()) {
    const Order o2 = *broker.GetOrder(f.order_id);
    EXPECT_GE(f.time, o2.created_at) << f.symbol;
    // And the fill price is a price of that later bar (open with no costs configured).
    const BarSeries* s = nullptr;
    for (const auto& m : market)
      if (m.symbol == f.symbol) s = &m;
    const size_t i = s->LowerBound(f.time);
    EXPECT_EQ(f.price, Price::FromDouble(s->open[i]).Round(4));
  }
}

std::vector<std::string> OrderLog(std::vector<BarSeries>& market, Timestamp until) {
  HistoricalFeed feed(Ptrs(market));
  SimBrokerConfig cfg;
  cfg.initial_cash = Money::FromInt(1000000);
  SimulatedBroker broker(feed.series(), cfg);
  SimulatedClock clock;
  SmaCrossoverOptions o;
  o.fast = 4;
  o.slow = 12;
  auto strat = MakeSmaCrossover(o);
  EXPECT_TRUE(RunKernel(*strat, feed, broker, clock, {}).ok());
  std::vector<std::string> log;
  for (const Order& ord : broker.orders()) {
    if (ord.created_at <= until) {
      log.push_back(FormatTimestamp(ord.created_at) + " " + ord.symbol + " " +
                    std::string(OrderSideName(ord.side)) + " " + ord.qty.ToString());
    }
  }
  return log;
}

TEST(NoLookAhead, PerturbingTheFutureChangesNoEarlierDecision) {
  auto market = MakeMarket(4, 500, 3);
  const int cut = 250;
  const Timestamp cut_time = market[0].time(cut);  // decisions up to this bar's end may not change
  auto base = OrderLog(market, cut_time);
  auto base_all = OrderLog(market, Timestamp::Max());
  ASSERT_GT(base.size(), 10u);
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  for (auto& s : market) {
    const size_t from = s.LowerBound(cut_time + hours(24));
    for (size_t i = from; i < s.size(); ++i) {
      const double f = u(rng);
      s.open[i] *= f;
      s.high[i] *= f * 1.01;
      s.low[i] *= f * 0.99;
      s.close[i] *= f;
    }
  }
  auto perturbed = OrderLog(market, cut_time);
  EXPECT_EQ(base, perturbed);
  // The perturbation did change later decisions, so the check is not vacuous.
  EXPECT_NE(OrderLog(market, Timestamp::Max()), base_all);
}

TEST(Kernel, RejectionsAreReportedNotFatal) {
  auto market = MakeMarket(1, 60, 4);
  HistoricalFeed feed(Ptrs(market));
  SimBrokerConfig cfg;
  cfg.initial_cash = Money::FromInt(100);  // too little for 10 shares at ~50
  SimulatedBroker broker(feed.series(), cfg);
  SimulatedClock clock;
  BuyAndHoldOptions o;
  o.sizing = SizingConfig{SizingConfig::Mode::kFixedQty, Decimal::FromInt(10), 1, true};
  auto strat = MakeBuyAndHold(o);
  struct Obs : KernelObserver {
    std::vector<std::string> why;
    void OnRejected(const OrderRequest&, const Status& s, Timestamp) override {
      why.push_back(s.message());
    }
  } obs;
  auto stats = RunKernel(*strat, feed, broker, clock, {}, &obs);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->orders_rejected, 1u);
  ASSERT_EQ(obs.why.size(), 1u);
  EXPECT_NE(obs.why[0].find("insufficient buying power"), std::string::npos);
  KernelOptions stop;
  stop.stop_on_reject = true;
  HistoricalFeed feed2(Ptrs(market));
  SimulatedBroker broker2(feed2.series(), cfg);
  SimulatedClock clock2;
  auto strat2 = MakeBuyAndHold(o);
  EXPECT_EQ(RunKernel(*strat2, feed2, broker2, clock2, stop).status().code(),
            StatusCode::kPermissionDenied);
}

// A live run replays its lookback as warm-up: the strategy sees every step, but only steps
// from live_from on reach the gate and the broker (issue 16.1).
TEST(Kernel, WarmUpStepsDecideButSendNothing) {
  auto market = MakeMarket(1, 120, 7);
  struct Obs : KernelObserver {
    std::vector<Timestamp> accepted, refused;
    void OnAccepted(const OrderRequest&, const std::string&, Timestamp at) override {
      accepted.push_back(at);
    }
    void OnRefused(const OrderRequest&, const Status&, Timestamp at) override {
      refused.push_back(at);
    }
  };
  auto run = [&](Timestamp live_from, double max_notional, Obs* obs) {
    HistoricalFeed feed(Ptrs(market));
    SimulatedBroker broker(feed.series(), {});
    SimulatedClock clock;
    SmaCrossoverOptions o;
    o.fast = 2;
    o.slow = 5;
    auto strat = MakeSmaCrossover(o);
    KernelOptions k;
    k.live_from = live_from;
    k.risk.max_order_notional = max_notional;
    auto stats = RunKernel(*strat, feed, broker, clock, k, obs);
    EXPECT_TRUE(stats.ok());
    return *stats;
  };
  Obs all;
  const KernelStats full = run(Timestamp::Min(), 0, &all);
  ASSERT_GE(all.accepted.size(), 4u);
  EXPECT_EQ(full.warmup_steps, 0u);
  const Timestamp cut = all.accepted[all.accepted.size() / 2];
  Obs late;
  const KernelStats part = run(cut, 0, &late);
  EXPECT_EQ(part.steps, full.steps);  // the strategy saw every step
  EXPECT_GT(part.warmup_steps, 0u);
  ASSERT_FALSE(late.accepted.empty());
  for (Timestamp t : late.accepted) EXPECT_GE(t, cut);
  Obs none;
  EXPECT_EQ(run(Timestamp::Max(), 0, &none).orders_accepted, 0u);
  EXPECT_TRUE(none.accepted.empty());
  // The gate sees live orders only, and its refusals are reported as refusals.
  Obs gated;
  const KernelStats g = run(cut, 1, &gated);
  EXPECT_EQ(g.orders_accepted, 0u);
  EXPECT_EQ(g.orders_refused, gated.refused.size());
  ASSERT_FALSE(gated.refused.empty());
  for (Timestamp t : gated.refused) EXPECT_GE(t, cut);
}

}  // namespace
}  // namespace tradelet
