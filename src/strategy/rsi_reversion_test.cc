// rsi_reversion (src/strategy/rsi_reversion.cc) against Wilder's RSI worked by hand on a short
// series, through the registry as a config would make it.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/registry.h"

namespace tradelet {
namespace {

class FakePortfolio : public PortfolioView {
 public:
  Quantity qty;
  Quantity PositionQty(size_t) const override { return qty; }
  Price AvgEntryPrice(size_t) const override { return Price(); }
  bool HasOpenOrders(size_t) const override { return false; }
  std::vector<Order> OpenOrders(size_t) const override { return {}; }
  AccountSnapshot Account() const override {
    AccountSnapshot a;
    a.cash = Money::FromInt(100000);
    return a;
  }
};

// Runs the strategy bar by bar over `closes`; every order fills at once (the fake position
// follows it). Returns bar index -> +qty bought / -qty sold.
std::map<size_t, int> Decide(const StrategyParams& p, const std::vector<double>& closes) {
  auto made = MakeStrategy(p);
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  if (!made.ok()) return {};
  std::unique_ptr<Strategy> s = std::move(*made);
  BarSeries b;
  b.symbol = "X";
  for (size_t i = 0; i < closes.size(); ++i) {
    b.Append(Bar{Timestamp::FromUnixSeconds(86400 * static_cast<int64_t>(i)), closes[i], closes[i],
                 closes[i], closes[i], 1000});
  }
  std::vector<const BarSeries*> series{&b};
  std::vector<uint32_t> visible{0};
  std::vector<uint32_t> updated{0};
  FakePortfolio pf;
  std::map<size_t, int> orders;
  for (size_t i = 0; i < closes.size(); ++i) {
    visible[0] = static_cast<uint32_t>(i + 1);
    StrategyContext ctx(b.time(i), &series, &visible, updated, &pf);
    OrderBatch out;
    s->OnStep(ctx, &out);
    for (const OrderRequest& r : out.submit) {
      const int q = static_cast<int>(r.qty.ToDouble());
      orders[i] = r.side == OrderSide::kBuy ? q : -q;
      pf.qty = r.side == OrderSide::kBuy ? pf.qty + r.qty : pf.qty - r.qty;
    }
  }
  return orders;
}

// period 3 on 10 11 12 13 12 11 10 9 10 11 12 13; changes +1 +1 +1 -1 -1 -1 -1 +1 +1 +1 +1.
// Worked by hand (G, L: Wilder's average gain and loss; RSI = 100 - 100 / (1 + G/L)):
//   bar 3: first averages over 3 changes: G = 1, L = 0           -> RSI 100
//   bar 4: G = (1*2 + 0)/3 = 0.6667, L = (0*2 + 1)/3 = 0.3333     -> RSI 66.67
//   bar 5: G = 0.4444, L = 0.5556                                 -> RSI 44.44
//   bar 6: G = 0.2963, L = 0.7037                                 -> RSI 29.63 < 30: buy
//   bar 7: G = 0.1975, L = 0.8025                                 -> RSI 19.75 (held: nothing)
//   bar 8: G = 0.4650, L = 0.5350                                 -> RSI 46.50
//   bar 9: G = 0.6433, L = 0.3567                                 -> RSI 64.33
//   bar 10: G = 0.7622, L = 0.2378                                -> RSI 76.22 > 70: sell
//   bar 11: RSI 84.15, flat: nothing.
TEST(RsiReversion, DecisionsMatchWildersRsiByHand) {
  const std::vector<double> closes = {10, 11, 12, 13, 12, 11, 10, 9, 10, 11, 12, 13};
  StrategyParams p;
  p.SetString("name", "rsi_reversion").SetInt("period", 3).SetInt("qty", 5);
  EXPECT_EQ(Decide(p, closes), (std::map<size_t, int>{{6, 5}, {10, -5}}));

  // Thresholds move the decisions: with oversold 25 the buy waits for bar 7 (19.75), with
  // overbought 80 the sell for bar 11 (84.15).
  p.SetNumber("oversold", 25).SetNumber("overbought", 80);
  EXPECT_EQ(Decide(p, closes), (std::map<size_t, int>{{7, 5}, {11, -5}}));
  // With oversold 19 RSI never gets low enough: no trade at all.
  p.SetNumber("oversold", 19);
  EXPECT_TRUE(Decide(p, closes).empty());
}

// Before `period` changes there is no RSI, and a series that only rises never buys.
TEST(RsiReversion, NoDecisionWithoutHistoryOrWeakness) {
  StrategyParams p;
  p.SetString("name", "rsi_reversion").SetInt("period", 3);
  EXPECT_TRUE(Decide(p, {10, 9, 8}).empty());                             // 2 changes: no RSI yet
  EXPECT_EQ(Decide(p, {10, 9, 8, 7}), (std::map<size_t, int>{{3, 10}}));  // RSI 0 at bar 3
  EXPECT_TRUE(Decide(p, {1, 2, 3, 4, 5, 6, 7, 8}).empty());
}

}  // namespace
}  // namespace tradelet
