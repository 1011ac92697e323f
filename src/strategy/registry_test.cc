// The strategy registry (every strategy registered by its own file survives the static link)
// and the params view strategies read their options through.
#include "tradelet/strategy/registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tradelet/strategy/config.h"
#include "tradelet/strategy/params.h"

namespace tradelet {
namespace {

// This test refers to no strategy's code: a registration the linker dropped (nothing else
// refers to its object file) is missing here.
TEST(StrategyRegistry, EveryStrategyFileIsLinkedAndRegistered) {
  const std::vector<std::string> names = StrategyNames();
  for (const char* want : {"buy_and_hold", "prophet_trend", "rsi_reversion", "sma_crossover"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(StrategyRegistry, UnknownNameListsTheRegisteredOnes) {
  auto s = MakeStrategy(StrategyParams().SetString("name", "rsi"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find("strategy.name: unknown strategy 'rsi' (known: "),
            std::string::npos)
      << s.status().message();
  for (const char* n : {"buy_and_hold", "prophet_trend", "rsi_reversion", "sma_crossover"}) {
    EXPECT_NE(s.status().message().find(n), std::string::npos) << n;
  }
  auto missing = MakeStrategy(StrategyParams());
  EXPECT_EQ(missing.status().message(), "strategy.name: missing (the strategy to run)");
}

TEST(StrategyRegistry, RefusesADuplicateName) {
  StrategyRegistry& r = StrategyRegistry::Global();
  auto factory = [](const StrategyParams&) -> Result<std::unique_ptr<Strategy>> {
    return std::unique_ptr<Strategy>(
        std::make_unique<FrameworkStrategy>("x", nullptr, nullptr, nullptr, nullptr, nullptr));
  };
  EXPECT_EQ(r.Register("sma_crossover", factory).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(r.Register("registry_test_strategy", factory).ok());
  auto s = MakeStrategy(StrategyParams().SetString("name", "registry_test_strategy"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->name(), "x");
}

// A factory that wants the TOML table itself (the Python package's): made from a table it gets
// that table, nested values and all; made from values, the same values as a table.
TEST(StrategyRegistry, TomlFactoryGetsItsTable) {
  int64_t seen = -1;
  auto factory = [&seen](const toml::table& t) -> Result<std::unique_ptr<Strategy>> {
    seen = t["sub"]["y"].value_or(int64_t{0}) + t["k"].value_or(int64_t{0});
    return std::unique_ptr<Strategy>(
        std::make_unique<FrameworkStrategy>("t", nullptr, nullptr, nullptr, nullptr, nullptr));
  };
  ASSERT_TRUE(RegisterStrategy("registry_test_toml", TomlStrategyFactory(factory)).ok());
  ASSERT_TRUE(MakeStrategy(toml::parse("name = \"registry_test_toml\"\nsub = { y = 20 }\n")).ok());
  EXPECT_EQ(seen, 20);
  ASSERT_TRUE(
      MakeStrategy(StrategyParams().SetString("name", "registry_test_toml").SetInt("k", 3)).ok());
  EXPECT_EQ(seen, 3);
}

TEST(StrategyParams, TypedGettersWithDefaultsAndRanges) {
  StrategyParams p;
  p.SetInt("fast", 0).SetNumber("f", 0.5).SetBool("b", true).SetString("s", "x");
  EXPECT_EQ(*p.Int("missing", 7), 7);
  EXPECT_EQ(*p.Int("fast", 3), 0);
  EXPECT_EQ(p.Int("fast", 3, ParamRange::Above(0)).status().message(),
            "strategy.fast: must be > 0");
  EXPECT_EQ(p.Int("fast", 3, ParamRange::AtLeast(1)).status().message(),
            "strategy.fast: must be >= 1");
  EXPECT_EQ(p.Number("f", 1, ParamRange::Closed(1, 100000)).status().message(),
            "strategy.f: must be in [1, 100000]");
  EXPECT_EQ(p.Number("f", 1, ParamRange::LeftOpen(0, 1)).value(), 0.5);
  EXPECT_EQ(p.Number("fast", 1).value(), 0.0);  // an integer is a number
  EXPECT_EQ(p.Int("f", 1).status().message(), "strategy.f: expected an integer");
  EXPECT_EQ(p.Bool("s", false).status().message(), "strategy.s: expected true or false");
  EXPECT_EQ(p.String("b", "").status().message(), "strategy.b: expected a string");
  EXPECT_EQ(p.Strings("s").status().message(), "strategy.s: expected an array of strings");
  EXPECT_EQ(p.Choice("s", "a", {"a", "b"}).status().message(),
            "strategy.s: 'x' is not one of a, b");
  EXPECT_EQ(p.CheckKeys({"b", "f", "s"}).message(),
            "strategy.fast: unknown option (known: b, f, s)");
  EXPECT_TRUE(p.CheckKeys({"b", "f", "s", "fast"}).ok());
}

TEST(StrategyParams, FromTomlKeepsTypesAndNamesBadOnes) {
  auto t = toml::parse(
      "name = \"sma_crossover\"\nfast = 3\nx = 1.5\non = true\nu = [\"A\", \"B\"]\n"
      "mixed = [\"A\", 1]\nwhen = 2024-01-02\nnan = nan\n");
  const StrategyParams p = StrategyParamsFromToml(t, "strategy");
  EXPECT_EQ(*p.String("name", ""), "sma_crossover");
  EXPECT_EQ(*p.Int("fast", 0), 3);
  EXPECT_EQ(*p.Number("x", 0), 1.5);
  EXPECT_TRUE(*p.Bool("on", false));
  EXPECT_EQ(*p.Strings("u"), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(p.Strings("mixed").status().message(), "strategy.mixed: expected strings");
  EXPECT_EQ(p.String("when", "").status().message(), "strategy.when: expected a string");
  EXPECT_EQ(p.Number("nan", 0).status().message(), "strategy.nan: must be finite");
}

// The options errors of the strategies read from TOML, as before the params view.
TEST(StrategyParams, StrategyOptionErrorsNameTheKey) {
  auto err = [](const char* text) {
    auto s = MakeStrategy(toml::parse(text));
    return s.ok() ? std::string("ok") : s.status().message();
  };
  EXPECT_EQ(err("name = \"sma_crossover\"\nqty = 0\n"), "strategy.qty: must be > 0");
  EXPECT_EQ(err("name = \"sma_crossover\"\nfraction = 11.0\n"),
            "strategy.fraction: must be in (0, 10]");
  EXPECT_EQ(err("name = \"buy_and_hold\"\nsizing = \"all_in\"\n"),
            "strategy.sizing: 'all_in' is not one of fixed_qty, percent_equity, equal_weight");
  EXPECT_EQ(err("name = \"sma_crossover\"\nfast = 30\nslow = 9\n"),
            "strategy.fast/slow: need 1 <= fast < slow <= 100000, got fast=30 slow=9");
  EXPECT_EQ(err("name = \"prophet_trend\"\nread_step = 20\n"),
            "strategy.read_step: must be in [1, periods]");
  EXPECT_EQ(err("name = \"prophet_trend\"\nuniverse = \"SPY\"\n"),
            "strategy.universe: expected an array of strings");
  EXPECT_EQ(err("name = \"rsi_reversion\"\nperiod = 1\n"), "strategy.period: must be in [2, 1000]");
  EXPECT_EQ(err("name = \"rsi_reversion\"\noversold = 80\n"),
            "strategy.oversold: must be below overbought");
  EXPECT_EQ(
      err("name = \"rsi_reversion\"\nperoid = 3\n").rfind("strategy.peroid: unknown option", 0),
      0u);
  EXPECT_EQ(err("name = \"rsi_reversion\"\n"), "ok");
}

// A typo'd key names its line, so it is found in a long config file: the strategy's own keys
// (through the params view) and the other tables' (TomlCheckKeys).
TEST(StrategyParams, UnknownKeysNameTheirLine) {
  auto s = MakeStrategy(toml::parse("name = \"rsi_reversion\"\n\nperoid = 3\n"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message().rfind("strategy.peroid: unknown option at line 3 (known: ", 0), 0u)
      << s.status().message();
  auto t = toml::parse("[costs]\ncommission_per_share = 0\nslippage_percnt = 1\n");
  EXPECT_EQ(TomlCheckKeys(*t["costs"].as_table(), "costs", {"commission_per_share"}).message(),
            "costs.slippage_percnt: unknown option at line 3 (known: commission_per_share)");
}

}  // namespace
}  // namespace tradelet
