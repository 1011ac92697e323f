#include "tradelet/live/live_check.h"

#include <gtest/gtest.h>

namespace tradelet::live {
namespace {

// The intraday Prophet trend system's [strategy] keys that matter here (defaults otherwise:
// session window, first run 09:45, min_bars 10).
constexpr char kTrend[] = R"(
[live]
strategy_id = "pt"
symbols = ["SPY", "AAPL"]
[strategy]
name = "prophet_trend"
)";

LiveConfig Parse(const std::string& text) {
  auto c = ParseLiveConfig(text, "s.toml");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : LiveConfig{};
}

std::string Refusal(const std::string& text, LiveTarget target = LiveTarget::kRun) {
  Status s = CheckLiveConfig(Parse(text), target, "s.toml");
  EXPECT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  return s.message();
}

TEST(LiveCheck, DefaultsFitTheIntradayTrendStrategy) {
  const LiveConfig c = Parse(kTrend);
  EXPECT_EQ(c.timeframe, "1Min");
  EXPECT_EQ(c.lookback, std::chrono::hours(7));
  for (LiveTarget t : {LiveTarget::kRun, LiveTarget::kServe, LiveTarget::kLambda}) {
    EXPECT_TRUE(CheckLiveConfig(c, t, "s.toml").ok());
  }
}

TEST(LiveCheck, RefusesWhatCanNeverTradeNamingTheKey) {
  const std::string trend(kTrend);
  // 15-minute bars: one bar between 09:30 and the 09:45 run, min_bars is 10.
  std::string m =
      Refusal(std::string(kTrend).insert(trend.find("[strategy]"), "timeframe = \"15Min\"\n"));
  EXPECT_NE(m.find("s.toml: live.timeframe"), std::string::npos) << m;
  EXPECT_NE(m.find("1 bar(s)"), std::string::npos) << m;
  // A lookback shorter than the session window (09:30 .. 15:45).
  m = Refusal(std::string(kTrend).insert(trend.find("[strategy]"), "lookback = \"2h\"\n"));
  EXPECT_NE(m.find("live.lookback"), std::string::npos) << m;
  // SMA(30) on daily bars over 10 days.
  m = Refusal(
      "[live]\nstrategy_id = \"s\"\nsymbols = [\"SPY\"]\ntimeframe = \"1Day\"\nlookback = \"10d\"\n"
      "period = \"1d\"\n[strategy]\nname = \"sma_crossover\"\n");
  EXPECT_NE(m.find("live.lookback"), std::string::npos) << m;
  EXPECT_NE(m.find("strategy.slow = 30"), std::string::npos) << m;
  // A slot every 10 minutes on 15-minute bars.
  m = Refusal(
      "[live]\nstrategy_id = \"s\"\nsymbols = [\"SPY\"]\ntimeframe = \"15Min\"\nperiod = \"10m\"\n"
      "lookback = \"3d\"\n[strategy]\nname = \"sma_crossover\"\n");
  EXPECT_NE(m.find("live.period"), std::string::npos) << m;
}

TEST(LiveCheck, RelativeJournalIsRefusedOnlyForLambda) {
  const std::string text = std::string(kTrend).insert(std::string(kTrend).find("[strategy]"),
                                                      "journal = \"runs.sqlite\"\n");
  EXPECT_TRUE(CheckLiveConfig(Parse(text), LiveTarget::kRun, "s.toml").ok());
  const std::string m = Refusal(text, LiveTarget::kLambda);
  EXPECT_NE(m.find("live.journal"), std::string::npos) << m;
}

TEST(LiveCheck, CountedBarsAreTheSessionsForASessionWindow) {
  auto needs = StrategyBarNeeds(Parse(kTrend).strategy);
  ASSERT_TRUE(needs.ok());
  EXPECT_TRUE(needs->session_window);
  EXPECT_EQ(needs->min_bars, 10);
  BarSeries s;
  s.symbol = "SPY";
  // 2024-01-03: 15:55 New York the day before, then 09:30 .. 09:44 (15 one-minute bars).
  s.Append(Bar{*ParseTimestamp("2024-01-02T20:55:00Z"), 1, 1, 1, 1, 1});
  for (int i = 0; i < 15; ++i) {
    s.Append(Bar{*ParseTimestamp("2024-01-03T14:30:00Z") + std::chrono::minutes(i), 1, 1, 1, 1, 1});
  }
  EXPECT_EQ(CountedBars(*needs, s, *ParseTimestamp("2024-01-03T14:45:00Z")), 15);
}

}  // namespace
}  // namespace tradelet::live
