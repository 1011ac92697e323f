// The kernel with steps prepared ahead on a second thread (KernelOptions::prepare_ahead) must
// decide, order, fill and mark exactly as the serial loop; only strategies whose first stages
// read no account may use it, and a stage that claims so but reads the account is caught.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "series_ptrs.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/historical_feed.h"
#include "tradelet/engine/kernel.h"
#include "tradelet/strategy/builtin.h"

namespace tradelet {
namespace {

// `symbols` daily series over `bars` days; symbol s starts 7*s days late and, for odd s, skips
// random days (so the feed's general path runs beside its aligned one).
std::vector<BarSeries> Market(int symbols, int bars, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0, 0.02);
  std::bernoulli_distribution gap(0.1);
  std::vector<BarSeries> out;
  for (int s = 0; s < symbols; ++s) {
    BarSeries b;
    b.symbol = "S" + std::to_string(s);
    double px = 20 + 3 * s;
    for (int i = s * 7; i < bars; ++i) {
      const double o = px * (1 + n(rng) / 4);
      const double c = px * (1 + n(rng));
      px = c;
      if (s % 2 == 1 && gap(rng)) continue;
      b.Append(Bar{Timestamp::FromUnixSeconds(1600000000 + 86400 * int64_t{i}), o,
                   std::max(o, c) * 1.01, std::min(o, c) * 0.99, c, 1e5});
    }
    out.push_back(std::move(b));
  }
  return out;
}

using engine_test::Ptrs;

// Everything a run produced, as text: orders, fills, the account after every step, stats.
struct RunLog : KernelObserver {
  std::ostringstream text;
  const SimulatedBroker* broker = nullptr;
  void OnStep(const MarketStep& step, const DataFeed& feed, const Broker&) override {
    text << "step " << step.decision_time.unix_nanos() << " " << step.symbols.size() << " eq "
         << broker->equity() << " cash " << broker->cash() << " vis";
    for (uint32_t v : feed.visible()) text << " " << v;
    text << "\n";
  }
  void OnRejected(const OrderRequest& r, const Status& why, Timestamp at) override {
    text << "rejected " << r.symbol << " " << at.unix_nanos() << " " << why.message() << "\n";
  }
};

std::string RunLogged(const std::vector<BarSeries>& market, Strategy& strategy, bool prepare,
                      const SimBrokerConfig& cfg, KernelOptions k = {}) {
  HistoricalFeed feed(Ptrs(market));
  SimulatedBroker broker(feed.series(), cfg);
  SimulatedClock clock;
  RunLog log;
  log.broker = &broker;
  k.prepare_ahead = prepare;
  auto stats = RunKernel(strategy, feed, broker, clock, k, &log);
  if (!stats.ok()) return "error: " + stats.status().ToString();
  for (const Order& o : broker.orders()) {
    log.text << "order " << o.id << " " << o.symbol << " " << OrderSideName(o.side) << " "
             << o.qty.ToString() << " " << o.created_at.unix_nanos() << " "
             << o.filled_qty.ToString() << " " << o.filled_avg_price.ToString() << "\n";
  }
  for (const Fill& f : broker.fills()) {
    log.text << "fill " << f.order_id << " " << f.qty.ToString() << " " << f.price.ToString() << " "
             << f.time.unix_nanos() << "\n";
  }
  log.text << "stats " << stats->steps << " " << stats->bars << " " << stats->orders_accepted << " "
           << stats->orders_rejected << " final " << broker.equity() << "\n";
  return log.text.str();
}

SimBrokerConfig Margin(int64_t cash = 200000) {
  SimBrokerConfig cfg;
  cfg.initial_cash = Money::FromInt(cash);
  cfg.account.type = AccountType::kMargin;
  cfg.account.allow_short = true;
  return cfg;
}

TEST(PreparedKernel, DecidesOrdersFillsAndMarksAsTheSerialLoop) {
  // 600 steps: many times round the preparer's slots.
  const auto market = Market(24, 600, 11);
  SmaCrossoverOptions o;
  o.fast = 3;
  o.slow = 9;
  o.allow_short = true;
  KernelOptions k;
  k.risk.allow_short = true;
  auto serial = MakeSmaCrossover(o);
  auto prepared = MakeSmaCrossover(o);
  ASSERT_TRUE(prepared->can_prepare());
  const std::string a = RunLogged(market, *serial, false, Margin(2000), k);
  const std::string b = RunLogged(market, *prepared, true, Margin(2000), k);
  ASSERT_NE(a.find("fill "), std::string::npos) << a.substr(0, 500);
  ASSERT_NE(a.find("rejected "), std::string::npos);  // the cash runs out: rejections too
  EXPECT_EQ(a, b);
  // The log is sensitive: one more bar of history changes it.
  const auto other = Market(24, 601, 11);
  auto again = MakeSmaCrossover(o);
  EXPECT_NE(RunLogged(other, *again, true, Margin(2000), k), a);

  BuyAndHoldOptions bh;
  auto s1 = MakeBuyAndHold(bh), s2 = MakeBuyAndHold(bh);
  ASSERT_TRUE(s2->can_prepare());
  EXPECT_EQ(RunLogged(market, *s1, false, Margin()), RunLogged(market, *s2, true, Margin()));
}

// Dividends and splits reach held positions alike whether the broker finds them in the series
// (serial) or the preparer lists them with each step: symbols held from the start, first held
// long after some of their actions, flat on some, short on others; actions on bars of series
// with gaps, on the same bar as others, and on every bar of one series.
TEST(PreparedKernel, AppliesDividendsAndSplitsAsTheSerialLoop) {
  auto market = Market(24, 600, 5);
  std::mt19937 rng(17);
  std::bernoulli_distribution dividend(0.04), split(0.004);
  for (size_t s = 0; s < market.size(); ++s) {
    BarSeries& b = market[s];
    if (s % 5 == 4) continue;  // no action columns at all
    b.dividend.assign(b.size(), 0.0);
    if (s % 3 != 0) b.split.assign(b.size(), 1.0);
    for (size_t i = 0; i < b.size(); ++i) {
      if (s == 6 || dividend(rng)) b.dividend[i] = 0.05 + 0.01 * static_cast<double>(i % 7);
      if (!b.split.empty() && split(rng)) b.split[i] = i % 2 ? 2.0 : 0.5;
    }
  }
  SmaCrossoverOptions o;
  o.fast = 5;
  o.slow = 40;  // the first holdings come long after the first actions
  o.allow_short = true;
  KernelOptions k;
  k.risk.allow_short = true;
  auto serial = MakeSmaCrossover(o), prepared = MakeSmaCrossover(o);
  SimBrokerConfig cfg = Margin(50000);
  const std::string a = RunLogged(market, *serial, false, cfg, k);
  ASSERT_NE(a.find("fill "), std::string::npos) << a.substr(0, 500);
  EXPECT_EQ(a, RunLogged(market, *prepared, true, cfg, k));
  // The actions change the run (the log would not notice them otherwise).
  std::vector<BarSeries> plain = market;
  for (BarSeries& b : plain)
    b.dividend.assign(b.dividend.size(), 0.0), b.split.assign(b.split.size(), 1.0);
  auto again = MakeSmaCrossover(o);
  EXPECT_NE(RunLogged(plain, *again, true, cfg, k), a);
}

// An alpha that reads positions ("sell what is held").
class HoldingsAlpha : public AlphaModel {
 public:
  explicit HoldingsAlpha(bool claims_data_only) : claims_data_only_(claims_data_only) {}
  bool reads_portfolio() const override { return !claims_data_only_; }
  void Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
              std::vector<Insight>* insights) override {
    for (uint32_t s : universe) {
      Insight in;
      in.symbol = s;
      in.direction = ctx.portfolio().PositionQty(s).IsPositive() ? InsightDirection::kFlat
                                                                 : InsightDirection::kUp;
      in.reference_price = ctx.history(s).last_close();
      insights->push_back(in);
    }
  }

 private:
  bool claims_data_only_;
};

std::unique_ptr<FrameworkStrategy> Holdings(bool claims_data_only) {
  SizingConfig sizing{SizingConfig::Mode::kFixedQty, Decimal::FromInt(5), 1, true};
  return std::make_unique<FrameworkStrategy>(
      "holdings", nullptr, std::make_unique<HoldingsAlpha>(claims_data_only),
      std::make_unique<SizedPortfolio>(sizing), nullptr, nullptr);
}

TEST(PreparedKernel, AStrategyThatReadsTheAccountRunsSerially) {
  const auto market = Market(6, 120, 12);
  auto s1 = Holdings(false), s2 = Holdings(false);
  EXPECT_FALSE(s2->can_prepare());
  // prepare_ahead is ignored: the same run as without it.
  const std::string a = RunLogged(market, *s1, false, Margin());
  ASSERT_NE(a.find("fill "), std::string::npos);
  EXPECT_EQ(a, RunLogged(market, *s2, true, Margin()));
}

TEST(PreparedKernelDeathTest, AStageThatReadsTheAccountWhilePreparingAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto market = Market(3, 60, 13);
  auto liar = Holdings(true);
  ASSERT_TRUE(liar->can_prepare());
  EXPECT_DEATH((void)RunLogged(market, *liar, true, Margin()), "read_the_account_while_preparing");
}

TEST(PreparedKernel, AFailedStepStopsThePreparer) {
  const auto market = Market(4, 300, 14);
  SimBrokerConfig poor;
  poor.initial_cash = Money::FromInt(50);  // too little for 10 shares at ~20
  KernelOptions k;
  k.stop_on_reject = true;
  BuyAndHoldOptions bh;
  bh.sizing = SizingConfig{SizingConfig::Mode::kFixedQty, Decimal::FromInt(10), 1, true};
  auto s1 = MakeBuyAndHold(bh), s2 = MakeBuyAndHold(bh);
  const std::string serial = RunLogged(market, *s1, false, poor, k);
  EXPECT_EQ(serial.rfind("error: ", 0), 0u) << serial.substr(0, 200);
  // Returns (the preparer, blocked on a full ring, is stopped and joined) with the same error.
  EXPECT_EQ(RunLogged(market, *s2, true, poor, k), serial);
}

}  // namespace
}  // namespace tradelet
