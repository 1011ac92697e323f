#include "tradelet/strategy/config.h"

#include <algorithm>
#include <cmath>

#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {
namespace {

std::string Path(std::string_view where, std::string_view key) {
  return std::string(where) + "." + std::string(key);
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

Result<std::string> TomlString(const toml::table& t, std::string_view where, std::string_view key,
                               std::string fallback) {
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
      // The line too: a typo'd key is found in the file by it (toml++ keeps where it was read).
      const auto line = v.source().begin.line;
      return InvalidArgument(Path(where, k.str()) + ": unknown option" +
                             (line > 0 ? " at line " + std::to_string(line) : std::string()) +
                             " (known: " + list + ")");
    }
  }
  return Status::Ok();
}

StrategyParams StrategyParamsFromToml(const toml::table& t, std::string where) {
  StrategyParams p(std::move(where));
  for (const auto& [k, n] : t) {
    StrategyParams::Value v;
    if (n.is_boolean()) {
      v.kind = StrategyParams::Value::Kind::kBool;
      v.b = *n.value<bool>();
    } else if (n.is_integer()) {
      v.kind = StrategyParams::Value::Kind::kInt;
      v.i = *n.value<int64_t>();
    } else if (n.is_floating_point()) {
      v.kind = StrategyParams::Value::Kind::kFloat;
      v.d = *n.value<double>();
    } else if (n.is_string()) {
      v.kind = StrategyParams::Value::Kind::kString;
      v.s = *n.value<std::string>();
    } else if (const toml::array* a = n.as_array()) {
      v.kind = StrategyParams::Value::Kind::kArray;
      for (const toml::node& e : *a) {
        if (auto s = e.value<std::string>(); s && e.is_string()) {
          v.strings.push_back(*s);
        } else {
          v.all_strings = false;
        }
      }
    }
    v.line = n.source().begin.line;
    p.Set(std::string(k.str()), std::move(v));
  }
  p.set_origin(std::make_shared<const toml::table>(t));
  return p;
}

Status RegisterStrategy(const std::string& name, TomlStrategyFactory factory) {
  return RegisterStrategy(name, [factory = std::move(factory)](const StrategyParams& p) {
    // Made from a TOML table: the factory gets that table, nested tables and all.
    if (const auto* t = std::any_cast<std::shared_ptr<const toml::table>>(&p.origin())) {
      return factory(**t);
    }
    // Made from values (a test, another front end): the same values as a table.
    toml::table t;
    for (const auto& [k, v] : p.values()) {
      using Kind = StrategyParams::Value::Kind;
      switch (v.kind) {
        case Kind::kBool:
          t.insert_or_assign(k, v.b);
          break;
        case Kind::kInt:
          t.insert_or_assign(k, v.i);
          break;
        case Kind::kFloat:
          t.insert_or_assign(k, v.d);
          break;
        case Kind::kString:
          t.insert_or_assign(k, v.s);
          break;
        case Kind::kArray: {
          toml::array a;
          for (const std::string& e : v.strings) a.push_back(e);
          t.insert_or_assign(k, std::move(a));
          break;
        }
        case Kind::kOther:
          break;
      }
    }
    return factory(t);
  });
}

Result<std::unique_ptr<Strategy>> MakeStrategy(const toml::table& t) {
  return MakeStrategy(StrategyParamsFromToml(t));
}

Result<ProphetTrendOptions> ReadProphetTrendOptions(const toml::table& t) {
  return ReadProphetTrendOptions(StrategyParamsFromToml(t));
}

}  // namespace tradelet
