#include "tradelet/strategy/params.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tradelet {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

bool ParamRange::Contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string ParamRange::Describe() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) {
    return std::string("must be in ") + (lo_open ? "(" : "[") + Num(lo) + ", " + Num(hi) +
           (hi_open ? ")" : "]");
  }
  if (has_lo) return std::string("must be ") + (lo_open ? "> " : ">= ") + Num(lo);
  if (has_hi) return std::string("must be ") + (hi_open ? "< " : "<= ") + Num(hi);
  return "must be finite";
}

StrategyParams& StrategyParams::Set(std::string key, Value v) {
  values_.insert_or_assign(std::move(key), std::move(v));
  return *this;
}

StrategyParams& StrategyParams::SetBool(std::string key, bool v) {
  Value x;
  x.kind = Value::Kind::kBool;
  x.b = v;
  return Set(std::move(key), std::move(x));
}

StrategyParams& StrategyParams::SetInt(std::string key, int64_t v) {
  Value x;
  x.kind = Value::Kind::kInt;
  x.i = v;
  return Set(std::move(key), std::move(x));
}

StrategyParams& StrategyParams::SetNumber(std::string key, double v) {
  Value x;
  x.kind = Value::Kind::kFloat;
  x.d = v;
  return Set(std::move(key), std::move(x));
}

StrategyParams& StrategyParams::SetString(std::string key, std::string v) {
  Value x;
  x.kind = Value::Kind::kString;
  x.s = std::move(v);
  return Set(std::move(key), std::move(x));
}

StrategyParams& StrategyParams::SetStrings(std::string key, std::vector<std::string> v) {
  Value x;
  x.kind = Value::Kind::kArray;
  x.strings = std::move(v);
  return Set(std::move(key), std::move(x));
}

const StrategyParams::Value* StrategyParams::Find(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

std::string StrategyParams::Path(std::string_view key) const {
  return where_ + "." + std::string(key);
}

Status StrategyParams::Error(std::string_view key, const std::string& message) const {
  return InvalidArgument(Path(key) + ": " + message);
}

Result<bool> StrategyParams::Bool(std::string_view key, bool fallback) const {
  const Value* v = Find(key);
  if (!v) return fallback;
  if (v->kind != Value::Kind::kBool) return Error(key, "expected true or false");
  return v->b;
}

Result<int64_t> StrategyParams::Int(std::string_view key, int64_t fallback,
                                    ParamRange range) const {
  const Value* v = Find(key);
  int64_t x = fallback;
  if (v) {
    if (v->kind != Value::Kind::kInt) return Error(key, "expected an integer");
    x = v->i;
  }
  if (!range.Contains(static_cast<double>(x))) return Error(key, range.Describe());
  return x;
}

Result<double> StrategyParams::Number(std::string_view key, double fallback,
                                      ParamRange range) const {
  const Value* v = Find(key);
  double x = fallback;
  if (v) {
    if (v->kind == Value::Kind::kInt) {
      x = static_cast<double>(v->i);
    } else if (v->kind == Value::Kind::kFloat) {
      x = v->d;
    } else {
      return Error(key, "expected a number");
    }
    if (!std::isfinite(x)) return Error(key, "must be finite");
  }
  if (!range.Contains(x)) return Error(key, range.Describe());
  return x;
}

Result<std::string> StrategyParams::String(std::string_view key, std::string fallback) const {
  const Value* v = Find(key);
  if (!v) return fallback;
  if (v->kind != Value::Kind::kString) return Error(key, "expected a string");
  return v->s;
}

Result<std::string> StrategyParams::Choice(std::string_view key, std::string fallback,
                                           const std::vector<std::string_view>& choices) const {
  TL_ASSIGN_OR_RETURN(std::string s, String(key, std::move(fallback)));
  if (std::find(choices.begin(), choices.end(), s) != choices.end()) return s;
  std::string list;
  for (auto c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  return Error(key, "'" + s + "' is not one of " + list);
}

Result<std::vector<std::string>> StrategyParams::Strings(std::string_view key) const {
  const Value* v = Find(key);
  if (!v) return std::vector<std::string>{};
  if (v->kind != Value::Kind::kArray) return Error(key, "expected an array of strings");
  if (!v->all_strings) return Error(key, "expected strings");
  return v->strings;
}

Status StrategyParams::CheckKeys(const std::vector<std::string_view>& known) const {
  for (const auto& [k, v] : values_) {
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    std::string list;
    for (auto s : known) list += (list.empty() ? "" : ", ") + std::string(s);
    const std::string at = v.line > 0 ? " at line " + std::to_string(v.line) : "";
    return Error(k, "unknown option" + at + " (known: " + list + ")");
  }
  return Status::Ok();
}

}  // namespace tradelet
