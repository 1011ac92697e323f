// A strategy's options as a small read-only view: typed getters with defaults and ranges whose
// errors name the key (`strategy.fast: must be >= 1`), and the unknown-key check. Strategies
// read their options only through this view; where the values come from (the [strategy] table
// of a TOML file, config.h; a test; another front end) is not their business.
#pragma once

#include <any>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet {

// An allowed interval of values; the default allows every finite value.
struct ParamRange {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;

  static ParamRange AtLeast(double lo) { return {lo, ParamRange{}.hi, false, false}; }
  static ParamRange Above(double lo) { return {lo, ParamRange{}.hi, true, false}; }
  static ParamRange Closed(double lo, double hi) { return {lo, hi, false, false}; }
  static ParamRange Open(double lo, double hi) { return {lo, hi, true, true}; }
  static ParamRange LeftOpen(double lo, double hi) { return {lo, hi, true, false}; }  // (lo, hi]

  bool Contains(double v) const;
  // "must be >= 1", "must be > 0", "must be in [1, 100000]", "must be in (0, 1]".
  std::string Describe() const;
};

class StrategyParams {
 public:
  // One option's value. Arrays of strings are kept; other arrays and nested tables are kept as
  // kOther, so reading them gives a type error naming the key.
  struct Value {
    enum class Kind { kBool, kInt, kFloat, kString, kArray, kOther };
    Kind kind = Kind::kOther;
    bool b = false;
    int64_t i = 0;
    double d = 0;
    std::string s;
    std::vector<std::string> strings;  // kArray: the elements that are strings
    bool all_strings = true;           // kArray: false when an element is not a string
    int64_t line = 0;                  // where it was read (TOML), 0 = unknown; for errors
  };

  // `where` prefixes every key in error messages ("strategy").
  explicit StrategyParams(std::string where = "strategy") : where_(std::move(where)) {}

  // Building (config code, tests).
  StrategyParams& Set(std::string key, Value v);
  StrategyParams& SetBool(std::string key, bool v);
  StrategyParams& SetInt(std::string key, int64_t v);
  StrategyParams& SetNumber(std::string key, double v);
  StrategyParams& SetString(std::string key, std::string v);
  StrategyParams& SetStrings(std::string key, std::vector<std::string> v);

  // Reading. A missing key gives `fallback`; a present key of the wrong type, or a value (the
  // fallback included) outside `range`, is an InvalidArgument naming `<where>.<key>`.
  Result<bool> Bool(std::string_view key, bool fallback) const;
  // Integers only (a float is "expected an integer").
  Result<int64_t> Int(std::string_view key, int64_t fallback, ParamRange range = {}) const;
  // Integers or floats; must be finite.
  Result<double> Number(std::string_view key, double fallback, ParamRange range = {}) const;
  Result<std::string> String(std::string_view key, std::string fallback) const;
  // One of `choices` (error: "'x' is not one of a, b, c").
  Result<std::string> Choice(std::string_view key, std::string fallback,
                             const std::vector<std::string_view>& choices) const;
  // An array of strings; missing: empty.
  Result<std::vector<std::string>> Strings(std::string_view key) const;

  bool Has(std::string_view key) const { return values_.find(key) != values_.end(); }
  // Every key must be in `known`, so a typo is an error, not a silently ignored option:
  // "strategy.fats: unknown option at line 3 (known: name, fast, slow)" (the line when the
  // value has one).
  Status CheckKeys(const std::vector<std::string_view>& known) const;

  // "<where>.<key>", and an InvalidArgument "<where>.<key>: <message>".
  std::string Path(std::string_view key) const;
  Status Error(std::string_view key, const std::string& message) const;
  const std::string& where() const { return where_; }

  // Every value, by key (sorted).
  const std::map<std::string, Value, std::less<>>& values() const { return values_; }
  // What the view was made from, for a front end's own factories (config.cc keeps the TOML
  // table here); strategies do not read it.
  const std::any& origin() const { return origin_; }
  void set_origin(std::any origin) { origin_ = std::move(origin); }

 private:
  const Value* Find(std::string_view key) const;
  std::string where_;
  std::map<std::string, Value, std::less<>> values_;  // sorted, as TOML tables iterate
  std::any origin_;
};

}  // namespace tradelet
