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

TEST(LiveConfig, RiskTableIsReadAndBadLimitsNameTheirKey) {
  auto ok = ParseLiveConfig(std::string(kGood) +
                                "[risk]\nmax_order_notional = 2000\nmax_orders_per_run = 4\n"
                                "halt_file = \"HALT\"\n",
                            "s.toml");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->kernel.risk.max_order_notional, 2000);
  EXPECT_EQ(ok->kernel.risk.max_orders_per_run, 4);
  EXPECT_EQ(ok->kernel.halt_file, "HALT");
  // Defaults keep today's behaviour: no [risk] table, no limit.
  auto none = ParseLiveConfig(kGood, "s.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->kernel.risk.max_order_notional, 0);
  EXPECT_TRUE(none->kernel.halt_file.empty());
  for (const auto& [line, key] : std::vector<std::pair<std::string, std::string>>{
           {"max_order_notional = -5", "risk.max_order_notional"},
           {"max_gross_exposure = 40", "risk.max_gross_exposure"},
           {"max_daily_loss_fraction = -0.1", "risk.max_daily_loss_fraction"},
           {"max_orders_per_run = -1", "risk.max_orders_per_run"},
           {"max_notional = 5", "max_notional"}}) {
    auto bad = ParseLiveConfig(std::string(kGood) + "[risk]\n" + line + "\n", "s.toml");
    ASSERT_FALSE(bad.ok()) << line;
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << line;
    EXPECT_NE(bad.status().message().find("s.toml"), std::string::npos) << bad.status().message();
    EXPECT_NE(bad.status().message().find(key), std::string::npos) << bad.status().message();
  }
  auto not_table = ParseLiveConfig("risk = 3\n" + std::string(kGood), "s.toml");
  ASSERT_FALSE(not_table.ok());
  EXPECT_NE(not_table.status().message().find("risk: expected a table"), std::string::npos)
      << not_table.status().message();
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
