// TOML glue: typed readers for any table (the backtest, risk and live tables use them too), and
// the [strategy] table turned into the StrategyParams view the registry's factories read. The
// strategies themselves never see TOML (registry.h, params.h).
#pragma once

#include <toml++/toml.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/params.h"
#include "tradelet/strategy/registry.h"

namespace tradelet {

// Typed getters: a missing key gives `fallback`; a present key of the wrong type or out of
// range is an error naming `<where>.<key>` and what was expected.
Result<double> TomlNumber(const toml::table& t, std::string_view where, std::string_view key,
                          double fallback);
Result<int64_t> TomlInt(const toml::table& t, std::string_view where, std::string_view key,
                        int64_t fallback);
Result<bool> TomlBool(const toml::table& t, std::string_view where, std::string_view key,
                      bool fallback);
Result<std::string> TomlString(const toml::table& t, std::string_view where, std::string_view key,
                               std::string fallback);
// Every key of `t` must be in `known`, so a typo is an error, not a silently ignored option.
Status TomlCheckKeys(const toml::table& t, std::string_view where,
                     const std::vector<std::string_view>& known);

// The table's values as a params view whose errors name `<where>.<key>`. Booleans, integers,
// floats, strings and arrays of strings are kept as they are; other values (dates, nested
// tables, arrays of numbers) as "other", which every typed getter refuses naming the key.
StrategyParams StrategyParamsFromToml(const toml::table& t, std::string where = "strategy");

// A factory that wants the [strategy] table itself (the Python package's "python" strategy,
// whose options are arbitrary TOML): registered like any other; made from a table it gets that
// table, made from values (a test) the same values as a table.
using TomlStrategyFactory =
    std::function<Result<std::unique_ptr<Strategy>>(const toml::table& strategy_table)>;
Status RegisterStrategy(const std::string& name, TomlStrategyFactory factory);

// Builds the strategy named by `strategy_table["name"]` from the global registry (registry.h).
// NotFound lists the registered names.
Result<std::unique_ptr<Strategy>> MakeStrategy(const toml::table& strategy_table);

// The Prophet trend options from a [strategy] table (prophet_trend.h has the params version);
// for the live checks, which read them before any strategy is made.
struct ProphetTrendOptions;
Result<ProphetTrendOptions> ReadProphetTrendOptions(const toml::table& t);

}  // namespace tradelet
