#include "tradelet/strategy/config.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#include "tradelet/strategy/builtin.h"
#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {
namespace {

std::string Path(std::string_view where, std::string_view key) {
  return std::string(where) + "." + std::string(key);
}

struct Registry {
  std::mutex mu;
  std::map<std::string, StrategyFactory> factories;
};

Registry& GetRegistry() {
  static Registry* r = [] {
    auto* reg = new Registry;
    reg->factories["buy_and_hold"] = MakeBuyAndHoldFromToml;
    reg->factories["sma_crossover"] = MakeSmaCrossoverFromToml;
    reg->factories["prophet_trend"] = MakeProphetTrendFromToml;
    return reg;
  }();
  return *r;
}

}  // namespace

Result<double> TomlNumber(const toml::table& t, std::string_view where, std::string_view key,
                          double fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (auto v = n->value<double>(); v && (n->is_floating_point() || n->is_integer())) {
    if (!std::isfinite(*v)) return InvalidArgument(Path(where, key) + ": must be finite");
    return *v;
  }
  return InvalidArgument(Path(where, key) + ": expected a number");
}

Result<int64_t> TomlInt(const toml::table& t, std::string_view where, std::string_view key,
                        int64_t fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_integer()) return InvalidArgument(Path(where, key) + ": expected an integer");
  return *n->value<int64_t>();
}

Result<bool> TomlBool(const toml::table& t, std::string_view where, std::string_view key,
                      bool fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_boolean()) return InvalidArgument(Path(where, key) + ": expected true or false");
  return *n->value<bool>();
}

Result<std::string> TomlString(const toml::table& t, std::string_view where,
                               std::string_view key, std::string fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_string()) return InvalidArgument(Path(where, key) + ": expected a string");
  return *n->value<std::string>();
}

Status TomlCheckKeys(const toml::table& t, std::string_view where,
                     const std::vector<std::string_view>& known) {
  for (const auto& [k, v] : t) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      std::string list;
      for (auto s : known) {
        if (!list.empty()) list += ", ";
        list += s;
      }
      return InvalidArgument(Path(where, k.str()) + ": unknown option (known: " + list + ")");
    }
  }
  return Status::Ok();
}

Quantity SizingConfig::SharesAt(double price, Money equity, size_t symbol_count) const {
  if (!(price > 0) || !std::isfinite(price)) return Quantity();
  double shares = 0;
  switch (mode) {
    case Mode::kFixedQty:
      return qty;
    case Mode::kPercentEquity:
      shares = equity.ToDouble() * fraction / price;
      break;
    case Mode::kEqualWeight:
      shares = equity.ToDouble() * fraction / static_cast<double>(std::max<size_t>(1, symbol_count)) /
               price;
      break;
  }
  if (!(shares > 0)) return Quantity();
  Quantity q = Decimal::FromDouble(shares);
  return whole_shares ? q.Truncate() : q;
}

Result<SizingConfig> ReadSizing(const toml::table& t, std::string_view where) {
  SizingConfig s;
  TL_ASSIGN_OR_RETURN(std::string mode, TomlString(t, where, "sizing", "fixed_qty"));
  if (mode == "fixed_qty") {
    s.mode = SizingConfig::Mode::kFixedQty;
  } else if (mode == "percent_equity") {
    s.mode = SizingConfig::Mode::kPercentEquity;
  } else if (mode == "equal_weight") {
    s.mode = SizingConfig::Mode::kEqualWeight;
  } else {
    return InvalidArgument(Path(where, "sizing") + ": '" + mode +
                           "' is not one of fixed_qty, percent_equity, equal_weight");
  }
  TL_ASSIGN_OR_RETURN(double qty, TomlNumber(t, where, "qty", 10));
  if (!(qty > 0)) return InvalidArgument(Path(where, "qty") + ": must be > 0");
  s.qty = Decimal::FromDouble(qty);
  TL_ASSIGN_OR_RETURN(s.fraction, TomlNumber(t, where, "fraction", mode == "equal_weight" ? 0.99 : 0.1));
  if (!(s.fraction > 0) || s.fraction > 10) {
    return InvalidArgument(Path(where, "fraction") + ": must be in (0, 10]");
  }
  TL_ASSIGN_OR_RETURN(s.whole_shares, TomlBool(t, where, "whole_shares", true));
  return s;
}

Status RegisterStrategy(const std::string& name, StrategyFactory factory) {
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (!r.factories.emplace(name, std::move(factory)).second) {
    return AlreadyExists("strategy '" + name + "' is already registered");
  }
  return Status::Ok();
}

std::vector<std::string> StrategyNames() {
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  std::vector<std::string> names;
  for (const auto& [k, v] : r.factories) names.push_back(k);
  return names;
}

Result<std::unique_ptr<Strategy>> MakeStrategy(const toml::table& t) {
  TL_ASSIGN_OR_RETURN(std::string name, TomlString(t, "strategy", "name", ""));
  if (name.empty()) return InvalidArgument("strategy.name: missing (the strategy to run)");
  StrategyFactory factory;
  {
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    auto it = r.factories.find(name);
    if (it != r.factories.end()) factory = it->second;
  }
  if (!factory && name == "python") {
    // Registered only inside the Python package (python/src/strategy_bind.cc).
    return InvalidArgument(
        "strategy.name: \"python\" strategies run from Python: python3 -m tradelet backtest|live "
        "CONFIG (with the package on PYTHONPATH; docs/python.md)");
  }
  if (!factory) {
    std::string list;
    for (const auto& n : StrategyNames()) {
      if (!list.empty()) list += ", ";
      list += n;
    }
    return NotFound("strategy.name: unknown strategy '" + name + "' (known: " + list + ")");
  }
  return factory(t);
}

}  // namespace tradelet
