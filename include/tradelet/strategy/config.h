// Reading strategy options from TOML (toml++) with errors that name the key, and the strategy
// registry: `[strategy] name = "..."` picks a factory, which reads the rest of the table.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "tradelet/base/status.h"
#include "tradelet/strategy/framework.h"

namespace tradelet {

// Typed getters: a missing key gives `fallback`; a present key of the wrong type or out of
// range is an error naming `<where>.<key>` and what was expected.
Result<double> TomlNumber(const toml::table& t, std::string_view where, std::string_view key,
                          double fallback);
Result<int64_t> TomlInt(const toml::table& t, std::string_view where, std::string_view key,
                        int64_t fallback);
Result<bool> TomlBool(const toml::table& t, std::string_view where, std::string_view key,
                      bool fallback);
Result<std::string> TomlString(const toml::table& t, std::string_view where,
                               std::string_view key, std::string fallback);
// Every key of `t` must be in `known`, so a typo is an error, not a silently ignored option.
Status TomlCheckKeys(const toml::table& t, std::string_view where,
                     const std::vector<std::string_view>& known);

// How a portfolio stage turns "go long/short" into shares.
struct SizingConfig {
  enum class Mode { kFixedQty, kPercentEquity, kEqualWeight };
  Mode mode = Mode::kFixedQty;
  Decimal qty = Decimal::FromInt(10);  // kFixedQty: shares per position
  double fraction = 1.0;  // kPercentEquity: of equity per position; kEqualWeight: of equity over all symbols
  bool whole_shares = true;
  // Shares for one position at `price` given the account's equity and the universe size.
  Quantity SharesAt(double price, Money equity, size_t symbol_count) const;
};
// Reads `sizing = "fixed_qty"|"percent_equity"|"equal_weight"`, `qty`, `fraction`,
// `whole_shares` from the strategy table.
Result<SizingConfig> ReadSizing(const toml::table& t, std::string_view where);

using StrategyFactory =
    std::function<Result<std::unique_ptr<Strategy>>(const toml::table& strategy_table)>;

// Adds a strategy kind; AlreadyExists if the name is taken. Thread-safe.
Status RegisterStrategy(const std::string& name, StrategyFactory factory);
// Builds the strategy named by `strategy_table["name"]` (built-ins: buy_and_hold,
// sma_crossover). NotFound lists the known names.
Result<std::unique_ptr<Strategy>> MakeStrategy(const toml::table& strategy_table);
std::vector<std::string> StrategyNames();

}  // namespace tradelet
