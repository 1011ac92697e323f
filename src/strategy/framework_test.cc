#include "tradelet/strategy/framework.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "tradelet/strategy/builtin.h"
#include "tradelet/strategy/config.h"

namespace tradelet {
namespace {

class FakePortfolio : public PortfolioView {
 public:
  std::map<size_t, Quantity> qty;
  std::map<size_t, std::vector<Order>> open;
  Money equity = Money::FromInt(100000);
  Quantity PositionQty(size_t s) const override {
    auto it = qty.find(s);
    return it == qty.end() ? Quantity() : it->second;
  }
  Price AvgEntryPrice(size_t) const override { return Price(); }
  bool HasOpenOrders(size_t s) const override { return open.count(s) && !open.at(s).empty(); }
  std::vector<Order> OpenOrders(size_t s) const override {
    return open.count(s) ? open.at(s) : std::vector<Order>{};
  }
  AccountSnapshot Account() const override {
    AccountSnapshot a;
    a.cash = equity;
    return a;
  }
};

BarSeries Series(const std::vector<double>& closes) {
  BarSeries s;
  s.symbol = "X";
  for (size_t i = 0; i < closes.size(); ++i) {
    s.Append(Bar{Timestamp::FromUnixSeconds(86400 * static_cast<int64_t>(i)), closes[i],
                 closes[i], closes[i], closes[i], 1000});
  }
  return s;
}

TEST(Framework, DefaultStagesDoNothing) {
  FrameworkStrategy s("empty", nullptr, nullptr, nullptr, nullptr, nullptr);
  BarSeries b = Series({1, 2, 3});
  std::vector<const BarSeries*> series{&b};
  std::vector<uint32_t> visible{3};
  std::vector<uint32_t> updated{0};
  FakePortfolio pf;
  StrategyContext ctx(Timestamp(), &series, &visible, updated, &pf);
  OrderBatch out;
  s.OnStep(ctx, &out);
  EXPECT_TRUE(out.empty());
}

TEST(Framework, DefaultExecutionOrdersTheDifference) {
  BarSeries b = Series({10});
  std::vector<const BarSeries*> series{&b, &b};
  std::vector<uint32_t> visible{1, 1};
  std::vector<uint32_t> updated{0, 1};
  FakePortfolio pf;
  pf.qty[0] = Quantity::FromInt(4);
  pf.open[1].push_back(Order{});
  StrategyContext ctx(Timestamp(), &series, &visible, updated, &pf);
  std::vector<PortfolioTarget> targets(2);
  targets[0].symbol = 0;
  targets[0].qty = Quantity::FromInt(10);
  targets[0].take_profit = TakeProfitLeg{Price::FromInt(14)};
  targets[0].stop_loss = StopLossLeg{Price::FromInt(9), std::nullopt};
  targets[1].symbol = 1;  // has an open order: skipped
  targets[1].qty = Quantity::FromInt(5);
  ExecutionModel exec;
  OrderBatch out;
  exec.Execute(ctx, targets, &out);
  ASSERT_EQ(out.submit.size(), 1u);
  EXPECT_EQ(out.submit[0].qty, Quantity::FromInt(6));
  EXPECT_EQ(out.submit[0].side, OrderSide::kBuy);
  EXPECT_EQ(out.submit[0].order_class, OrderClass::kBracket);
}

// The crossover bars found by the incremental strategy equal a brute-force recomputation.
TEST(SmaCrossover, MatchesBruteForce) {
  std::vector<double> closes;
  for (int i = 0; i < 600; ++i) closes.push_back(100 + 10 * std::sin(i / 17.0) + (i % 7) * 0.3);
  BarSeries b = Series(closes);
  SmaCrossoverOptions o;
  o.fast = 5;
  o.slow = 20;
  auto strat = MakeSmaCrossover(o);
  std::vector<const BarSeries*> series{&b};
  std::vector<uint32_t> visible{0};
  std::vector<uint32_t> updated{0};
  FakePortfolio pf;
  std::vector<std::pair<size_t, bool>> got, want;
  for (size_t n = 1; n <= closes.size(); ++n) {
    visible[0] = static_cast<uint32_t>(n);
    StrategyContext ctx(Timestamp(), &series, &visible, updated, &pf);
    OrderBatch out;
    strat->OnStep(ctx, &out);
    for (const Insight& in : strat->last_insights()) {
      got.emplace_back(n, in.direction == InsightDirection::kUp);
      // Keep the fake position in line so execution emits orders.
      pf.qty[0] = in.direction == InsightDirection::kUp ? Quantity::FromInt(10) : Quantity();
    }
  }
  auto sma = [&](size_t end, int len) {
    double s = 0;
    for (size_t i = end - len; i < end; ++i) s += closes[i];
    return s / len;
  };
  for (size_t n = 21; n <= closes.size(); ++n) {
    bool prev = sma(n - 1, 5) > sma(n - 1, 20), now = sma(n, 5) > sma(n, 20);
    if (prev != now) want.emplace_back(n, now);
  }
  EXPECT_GT(want.size(), 5u);
  EXPECT_EQ(got, want);
}

TEST(StrategyConfig, BuildsFromTomlAndNamesBadKeys) {
  auto t = toml::parse("name = \"sma_crossover\"\nfast = 3\nslow = 9\n");
  auto s = MakeStrategy(t);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->name(), "sma_crossover");
  auto bad = MakeStrategy(toml::parse("name = \"sma_crossover\"\nfats = 3\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("strategy.fats"), std::string::npos);
  auto order = MakeStrategy(toml::parse("name = \"sma_crossover\"\nfast = 30\nslow = 9\n"));
  EXPECT_FALSE(order.ok());
  auto unknown = MakeStrategy(toml::parse("name = \"nope\"\n"));
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  auto type = MakeStrategy(toml::parse("name = \"sma_crossover\"\nfast = \"x\"\n"));
  EXPECT_NE(type.status().message().find("expected an integer"), std::string::npos);
}

TEST(HistoryViewDeathTest, ReadingTheFutureAborts) {
  BarSeries b = Series({1, 2, 3, 4});
  HistoryView h(&b, 2);
  EXPECT_EQ(h.close(1), 2);
  EXPECT_EQ(h.closes().size(), 2u);
  EXPECT_DEATH((void)h.close(2), "i < n_");
}

}  // namespace
}  // namespace tradelet
