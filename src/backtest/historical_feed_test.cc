// Per-series bar timing: a bar is revealed when its own interval has closed.
#include "tradelet/engine/historical_feed.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tradelet/backtest/runner.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/strategy/builtin.h"

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

// The step-by-step definition (every symbol scans its own next close), what the aligned layout
// must reproduce.
std::vector<std::vector<std::pair<uint32_t, uint32_t>>> ReferenceSteps(
    const std::vector<const BarSeries*>& series, Timestamp from, Timestamp to,
    std::vector<int64_t>* times) {
  std::vector<size_t> cur, end;
  for (const BarSeries* s : series) {
    cur.push_back(s->LowerBound(from));
    end.push_back(
        std::max(cur.back(), to == Timestamp::Max() ? s->size() : s->LowerBound(to + Duration(1))));
  }
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> steps;
  for (;;) {
    int64_t t = INT64_MAX;
    for (size_t i = 0; i < series.size(); ++i) {
      if (cur[i] < end[i]) {
        t = std::min(t,
                     series[i]->time_ns[cur[i]] + BarIntervalDuration(series[i]->interval).count());
      }
    }
    if (t == INT64_MAX) return steps;
    std::vector<std::pair<uint32_t, uint32_t>> step;
    for (uint32_t i = 0; i < series.size(); ++i) {
      if (cur[i] < end[i] &&
          series[i]->time_ns[cur[i]] + BarIntervalDuration(series[i]->interval).count() == t) {
        step.emplace_back(i, static_cast<uint32_t>(cur[i]++));
      }
    }
    steps.push_back(step);
    times->push_back(t);
  }
}

BarSeries Days(const std::string& sym, int first, int last, std::vector<int> skip = {},
               BarInterval iv = BarInterval::k1Day) {
  BarSeries s;
  s.symbol = sym;
  s.interval = iv;
  const Duration step = BarIntervalDuration(iv);
  for (int d = first; d < last; ++d) {
    if (std::find(skip.begin(), skip.end(), d) != skip.end()) continue;
    s.Append(Bar{kOpen + step * d, 10.0 + d, 11.0 + d, 9.0 + d, 10.5 + d, 100});
  }
  return s;
}

TEST(HistoricalFeed, AlignedLayoutStepsLikeTheDefinition) {
  // A long master, stretches of it (aligned), series with a gap, an extra day, another bar
  // size, an empty one, a duplicate and one that starts before the master.
  const BarSeries master = Days("M", 0, 300);
  const BarSeries inner = Days("IN", 40, 250);
  const BarSeries gap = Days("GAP", 0, 200, {77});
  const BarSeries extra = Days("XTRA", 290, 320);
  const BarSeries hours = Days("HR", 24 * 100, 24 * 120, {}, BarInterval::k1Hour);
  const BarSeries empty = Days("NONE", 0, 0);
  const BarSeries early = Days("EARLY", -30, 5);
  const BarSeries tail = Days("TAIL", 280, 300);
  const std::vector<const BarSeries*> all = {&inner, &gap,   &master, &extra, &hours,
                                             &empty, &early, &master, &tail};
  const Duration day = std::chrono::hours(24);
  const std::pair<Timestamp, Timestamp> ranges[] = {
      {Timestamp::Min(), Timestamp::Max()},
      {kOpen + day * 60, Timestamp::Max()},
      {Timestamp::Min(), kOpen + day * 150},
      {kOpen + day * 100, kOpen + day * 110 + std::chrono::hours(5)},
      {kOpen + day * 400, Timestamp::Max()}};
  for (const auto& [from, to] : ranges) {
    std::vector<int64_t> times;
    const auto want = ReferenceSteps(all, from, to, &times);
    HistoricalFeed feed(all, from, to);
    ASSERT_TRUE(feed.times_increasing());
    MarketStep st;
    size_t k = 0;
    for (; feed.Next(&st); ++k) {
      ASSERT_LT(k, want.size());
      EXPECT_EQ(st.decision_time.unix_nanos(), times[k]) << "step " << k;
      std::vector<std::pair<uint32_t, uint32_t>> got;
      for (size_t j = 0; j < st.symbols.size(); ++j)
        got.emplace_back(st.symbols[j], st.bar_index[j]);
      ASSERT_EQ(got, want[k]) << "step " << k;
      feed.Reveal(st);
      for (auto [sym, bar] : got) EXPECT_EQ(feed.visible()[sym], bar + 1);
    }
    EXPECT_EQ(k, want.size());
  }
}

TEST(HistoricalFeed, BarsOutOfOrderAreReportedLikeCheckShape) {
  BarSeries ok = Days("OK", 0, 50);
  BarSeries bad = Days("BAD", 0, 50);
  std::swap(bad.time_ns[30], bad.time_ns[31]);
  EXPECT_FALSE(HistoricalFeed({&ok, &bad}).times_increasing());
  EXPECT_FALSE(HistoricalFeed({&bad, &ok}).times_increasing());
  EXPECT_FALSE(HistoricalFeed({&bad}, kOpen + std::chrono::hours(24 * 40)).times_increasing());
  EXPECT_TRUE(HistoricalFeed({&ok, &ok}).times_increasing());
  // The runner names the first faulty series as CheckShape does, columns first.
  const Status want = bad.CheckShape();
  ASSERT_FALSE(want.ok());
  BacktestConfig config;
  auto strategy = MakeBuyAndHold({});
  auto r = RunStrategy(*strategy, config, {&ok, &bad});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), want.ToString());
  BarSeries short_col = Days("COL", 0, 50);
  short_col.volume.pop_back();
  r = RunStrategy(*strategy, config, {&ok, &bad, &short_col});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), want.ToString());
  r = RunStrategy(*strategy, config, {&short_col, &bad});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), short_col.CheckShape().ToString());
}

}  // namespace
}  // namespace tradelet
