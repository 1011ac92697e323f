// Structure of the sample market: determinism, calendar conformance, OHLC validity, daily bars
// as the exact aggregate of their minutes, config errors. Every check recomputes its answer from
// the NYSE calendar or from the bars themselves, not from generator internals.
#include "tradelet/sample/sample_market.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/sample/sample_csv.h"

namespace tradelet::sample {
namespace {

SampleMarketConfig SmallConfig() {
  SampleMarketConfig c;
  c.num_symbols = 40;
  c.start = {2024, 1, 1};
  c.end = {2025, 12, 31};
  c.intraday_sessions = 8;  // includes 2025-12-24 (early close) and 2025-12-26
  return c;
}

std::string AllCsv(const SampleMarket& m) {
  std::string s;
  for (size_t i = 0; i < m.daily.size(); ++i) {
    s += BarSeriesCsv(m.daily[i], true);
    s += BarSeriesCsv(m.minute[i], false);
  }
  return s;
}

TEST(SampleMarket, DeterministicPerSeed) {
  auto a = GenerateSampleMarket(SmallConfig());
  auto b = GenerateSampleMarket(SmallConfig());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(AllCsv(*a), AllCsv(*b));
  auto other_config = SmallConfig();
  other_config.seed += 1;
  auto c = GenerateSampleMarket(other_config);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(a->daily.size(), c->daily.size());
  // Same universe, different prices for every symbol.
  for (size_t i = 0; i < a->daily.size(); ++i) {
    EXPECT_EQ(a->securities[i].symbol, c->securities[i].symbol);
    EXPECT_NE(a->daily[i].close, c->daily[i].close) << a->securities[i].symbol;
  }
}

TEST(SampleMarket, SymbolDoesNotDependOnUniverseSize) {
  auto small = SmallConfig();
  small.num_symbols = 10;
  auto a = GenerateSampleMarket(small);
  auto b = GenerateSampleMarket(SmallConfig());
  ASSERT_TRUE(a.ok() && b.ok());
  for (const auto& sec : a->securities) {
    const int ia = a->IndexOf(sec.symbol), ib = b->IndexOf(sec.symbol);
    ASSERT_GE(ib, 0) << sec.symbol;
    EXPECT_EQ(a->daily[ia].close, b->daily[ib].close) << sec.symbol;
  }
}

TEST(SampleMarket, FollowsTheNyseCalendar) {
  auto m = GenerateSampleMarket(SmallConfig());
  ASSERT_TRUE(m.ok());
  const auto& cal = NyseCalendar::Get();
  const auto sessions = cal.SessionsBetween({2024, 1, 1}, {2025, 12, 31}).value();
  ASSERT_EQ(sessions.size(), 252u + 250u);
  const auto last8 = sessions.subspan(sessions.size() - 8);
  int64_t expected_minutes = 0;
  for (const Session& s : last8) expected_minutes += (s.close - s.open) / std::chrono::minutes(1);
  EXPECT_EQ(expected_minutes, 7 * 390 + 210);  // one early close (2025-12-24)

  for (size_t i = 0; i < m->daily.size(); ++i) {
    const BarSeries& d = m->daily[i];
    ASSERT_TRUE(d.CheckShape().ok());
    ASSERT_EQ(d.size(), sessions.size()) << d.symbol;
    for (size_t k = 0; k < d.size(); ++k) {
      ASSERT_EQ(d.time(k), sessions[k].open) << d.symbol << " bar " << k;
    }
    const BarSeries& mn = m->minute[i];
    ASSERT_TRUE(mn.CheckShape().ok());
    ASSERT_EQ(static_cast<int64_t>(mn.size()), expected_minutes) << d.symbol;
    // Every minute bar lies wholly inside a session, and every minute of the sessions exists
    // (count above + strictly ascending times + inside => all present).
    for (size_t k = 0; k < mn.size(); ++k) {
      const auto s = cal.SessionContaining(mn.time(k));
      ASSERT_TRUE(s.has_value()) << d.symbol << " " << FormatTimestamp(mn.time(k));
      ASSERT_LE(mn.time(k) + std::chrono::minutes(1), s->close);
      ASSERT_EQ((mn.time(k) - s->open) % std::chrono::minutes(1), Duration(0));
    }
  }
}

TEST(SampleMarket, OhlcValidAndDailyIsAggregateOfMinutes) {
  auto m = GenerateSampleMarket(SmallConfig());
  ASSERT_TRUE(m.ok());
  const auto& cal = NyseCalendar::Get();
  for (size_t i = 0; i < m->daily.size(); ++i) {
    for (const BarSeries* s : {&m->daily[i], &m->minute[i]}) {
      for (size_t k = 0; k < s->size(); ++k) {
        ASSERT_GT(s->low[k], 0) << s->symbol << " " << k;
        ASSERT_LE(s->low[k], std::min(s->open[k], s->close[k])) << s->symbol << " " << k;
        ASSERT_GE(s->high[k], std::max(s->open[k], s->close[k])) << s->symbol << " " << k;
        ASSERT_GT(s->volume[k], 0) << s->symbol << " " << k;
        // Whole cents.
        ASSERT_NEAR(s->close[k] * 100, std::round(s->close[k] * 100), 1e-6);
      }
    }
    // Recompute each minute-covered daily bar from its minutes.
    const BarSeries& d = m->daily[i];
    const BarSeries& mn = m->minute[i];
    size_t k = 0;
    for (size_t day = d.size() - 8; day < d.size(); ++day) {
      const Session s = cal.SessionOn(LocalDateTime::FromUtc(d.time(day)).date).value();
      double hi = -1, lo = 1e18, vol = 0, open = -1, close = -1;
      for (; k < mn.size() && mn.time(k) < s.close; ++k) {
        if (open < 0) open = mn.open[k];
        close = mn.close[k];
        hi = std::max(hi, mn.high[k]);
        lo = std::min(lo, mn.low[k]);
        vol += mn.volume[k];
      }
      EXPECT_EQ(d.open[day], open) << d.symbol << " " << day;
      EXPECT_EQ(d.close[day], close);
      EXPECT_EQ(d.high[day], hi);
      EXPECT_EQ(d.low[day], lo);
      EXPECT_EQ(d.volume[day], vol);
    }
    EXPECT_EQ(k, mn.size());
  }
}

TEST(SampleMarket, UniverseAndBenchmark) {
  auto u = MakeUniverse(500);
  ASSERT_TRUE(u.ok());
  ASSERT_EQ(u->size(), 500u);
  std::set<std::string> symbols, sectors;
  for (const auto& s : *u) {
    EXPECT_TRUE(symbols.insert(s.symbol).second) << "duplicate " << s.symbol;
    EXPECT_GE(s.symbol.size(), 2u);
    EXPECT_LE(s.symbol.size(), 4u);
    EXPECT_FALSE(s.name.empty());
    sectors.insert(s.sector);
    EXPECT_NE(s.symbol, "SPY");
  }
  EXPECT_EQ(sectors.size(), 11u);
  EXPECT_TRUE(std::is_sorted(u->begin(), u->end(),
                             [](const auto& a, const auto& b) { return a.symbol < b.symbol; }));
  auto m = GenerateSampleMarket(SmallConfig());
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->securities.size(), 41u);
  EXPECT_EQ(m->securities.back().symbol, "SPY");
  EXPECT_TRUE(m->securities.back().is_benchmark);
  EXPECT_EQ(m->IndexOf("SPY"), 40);
  EXPECT_EQ(m->IndexOf("NOPE"), -1);
}

TEST(SampleMarket, ConfigErrors) {
  auto c = SmallConfig();
  c.num_symbols = 0;
  EXPECT_EQ(GenerateSampleMarket(c).status().code(), StatusCode::kInvalidArgument);
  c = SmallConfig();
  c.end = {2023, 1, 1};
  auto r = GenerateSampleMarket(c);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("config.end"), std::string::npos);
  c = SmallConfig();
  c.start = {1980, 1, 1};
  EXPECT_EQ(GenerateSampleMarket(c).status().code(), StatusCode::kOutOfRange);
  c = SmallConfig();
  c.start = c.end = {2025, 12, 25};
  EXPECT_EQ(GenerateSampleMarket(c).status().code(), StatusCode::kOutOfRange);
  c = SmallConfig();
  c.benchmark_symbol = MakeUniverse(40).value().front().symbol;
  EXPECT_EQ(GenerateSampleMarket(c).status().code(), StatusCode::kInvalidArgument);
  c = SmallConfig();
  c.benchmark_symbol = "sp y";
  EXPECT_EQ(GenerateSampleMarket(c).status().code(), StatusCode::kInvalidArgument);
  c = SmallConfig();
  c.intraday_sessions = -1;
  EXPECT_EQ(GenerateSampleMarket(c).status().code(), StatusCode::kInvalidArgument);
}

TEST(SampleMarket, NoBenchmarkNoMinutes) {
  auto c = SmallConfig();
  c.benchmark_symbol.clear();
  c.intraday_sessions = 0;
  auto m = GenerateSampleMarket(c);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->securities.size(), 40u);
  for (const auto& s : m->minute) EXPECT_TRUE(s.empty());
}

}  // namespace
}  // namespace tradelet::sample
