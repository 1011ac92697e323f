#include "tradelet/live/job.h"

#include <gtest/gtest.h>

namespace tradelet::live {
namespace {

constexpr char kGood[] = R"(
[live]
strategy_id = "s1"
symbols = ["SPY", "AAPL"]
timeframe = "15min"
lookback = "2d"
max_staleness = "90s"
market_gate = false
clock = "broker"
[strategy]
name = "sma_crossover"
fast = 2
slow = 5
)";

TEST(LiveConfig, ParsesEveryKey) {
  auto c = ParseLiveConfig(kGood, "s.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->strategy_id, "s1");
  EXPECT_EQ(c->symbols, (std::vector<std::string>{"SPY", "AAPL"}));
  EXPECT_EQ(c->timeframe, "15Min");
  EXPECT_EQ(c->lookback, std::chrono::hours(48));
  EXPECT_EQ(c->max_staleness, std::chrono::seconds(90));
  EXPECT_FALSE(c->market_gate);
  EXPECT_TRUE(c->broker_clock);
}

TEST(LiveConfig, ErrorsNameFileAndKey) {
  auto typo = ParseLiveConfig(std::string(kGood).replace(std::string(kGood).find("market_gate"),
                                                         11, "market_gat"),
                              "s.toml");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("market_gat"), std::string::npos)
      << typo.status().message();
  auto long_id = ParseLiveConfig(
      "[live]\nstrategy_id = \"a-strategy-id-longer-than-16\"\nsymbols = [\"X\"]\n"
      "[strategy]\nname = \"sma_crossover\"\n",
      "s.toml");
  ASSERT_FALSE(long_id.ok());
  EXPECT_NE(long_id.status().message().find("live.strategy_id"), std::string::npos);
  auto bad_tf = ParseLiveConfig(
      "[live]\nstrategy_id = \"a\"\nsymbols = [\"X\"]\ntimeframe = \"7Fortnights\"\n"
      "[strategy]\nname = \"sma_crossover\"\n",
      "s.toml");
  ASSERT_FALSE(bad_tf.ok());
  EXPECT_NE(bad_tf.status().message().find("live.timeframe"), std::string::npos);
  auto no_strategy = ParseLiveConfig("[live]\nstrategy_id = \"a\"\nsymbols = [\"X\"]\n", "s.toml");
  EXPECT_FALSE(no_strategy.ok());
  auto bad_strategy = ParseLiveConfig(
      "[live]\nstrategy_id = \"a\"\nsymbols = [\"X\"]\n[strategy]\nname = \"nope\"\n", "s.toml");
  EXPECT_FALSE(bad_strategy.ok());
  // A repeated symbol would place two brackets for one name in one run.
  auto dup = ParseLiveConfig(
      "[live]\nstrategy_id = \"a\"\nsymbols = [\"AMT\", \"BK\", \"AMT\"]\n"
      "[strategy]\nname = \"sma_crossover\"\n",
      "s.toml");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dup.status().message().find("live.symbols[2]: 'AMT' repeats live.symbols[0]"),
            std::string::npos)
      << dup.status().message();
  auto syntax = ParseLiveConfig("[live\n", "s.toml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("s.toml:1"), std::string::npos)
      << syntax.status().message();
}

TEST(LiveJob, NoCredentialsIsAClearError) {
  unsetenv("APCA_API_KEY_ID");
  unsetenv("APCA_API_SECRET_KEY");
  unsetenv("ALPACAUSER");
  unsetenv("ALPACAPW");
  JobRequest r;
  r.config = ParseLiveConfig(kGood, "s.toml").value();
  r.config->broker_clock = false;
  r.config->journal_path = ":memory:";
  SimulatedClock clock(*ParseTimestamp("2026-07-14T13:45:10Z"));
  JobServices s;
  s.clock = &clock;
  auto report = RunJob(r, s);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(report.status().message().find("APCA_API_KEY_ID"), std::string::npos);
}

}  // namespace
}  // namespace tradelet::live
