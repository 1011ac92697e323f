#include "adapters/alpaca/json_fields.h"

#include <cmath>

namespace tradelet::alpaca::json_fields {

using adapters::JoinPath;
using adapters::JsonTypeName;

const Json* Member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Status ExpectObject(const Json& v, const std::string& path) {
  if (v.is_object()) return Status::Ok();
  return InvalidArgument(path + ": expected an object, got " + std::string(JsonTypeName(v)));
}
Status ExpectArray(const Json& v, const std::string& path) {
  if (v.is_array()) return Status::Ok();
  return InvalidArgument(path + ": expected an array, got " + std::string(JsonTypeName(v)));
}

Result<std::optional<Decimal>> OptDecimal(const Json& obj, std::string_view key,
                                          const std::string& path) {
  const Json* v = Member(obj, key);
  if (!v) return std::optional<Decimal>();
  const std::string where = JoinPath(path, key);
  std::string text;
  if (v->is_string()) {
    text = v->get<std::string>();
    if (text.empty()) return std::optional<Decimal>();
  } else if (v->is_number_integer() || v->is_number_unsigned()) {
    text = v->dump();
  } else if (v->is_number_float()) {
    const double d = v->get<double>();
    if (!std::isfinite(d) || std::fabs(d) > 9.0e10) {
      return InvalidArgument(where + ": decimal out of range");
    }
    text = v->dump();
  } else {
    return InvalidArgument(where + ": expected a decimal, got " + std::string(JsonTypeName(*v)));
  }
  if (text.size() > 40) return InvalidArgument(where + ": decimal text too long");
  auto d = Decimal::Parse(text);
  if (!d.ok()) return InvalidArgument(where + ": " + d.status().message());
  // Decimal holds about +-92e9; reject what would overflow later arithmetic.
  if (d->Abs() > Decimal::FromInt(90'000'000'000LL)) {
    return InvalidArgument(where + ": decimal out of range");
  }
  return std::optional<Decimal>(*d);
}

Result<Decimal> DecimalOr0(const Json& obj, std::string_view key, const std::string& path) {
  TL_ASSIGN_OR_RETURN(auto d, OptDecimal(obj, key, path));
  return d.value_or(Decimal());
}

Result<std::string> Str(const Json& obj, std::string_view key, const std::string& path) {
  return adapters::ReadOptionalString(obj, key, path);
}

Result<bool> Bool(const Json& obj, std::string_view key, const std::string& path) {
  const Json* v = Member(obj, key);
  if (!v) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return InvalidArgument(JoinPath(path, key) + ": expected a boolean, got " +
                         std::string(JsonTypeName(*v)));
}

Result<std::optional<Timestamp>> OptTime(const Json& obj, std::string_view key,
                                         const std::string& path) {
  TL_ASSIGN_OR_RETURN(std::string s, Str(obj, key, path));
  if (s.empty()) return std::optional<Timestamp>();
  auto t = ParseTimestamp(s);
  if (!t.ok()) return InvalidArgument(JoinPath(path, key) + ": " + t.status().message());
  return std::optional<Timestamp>(*t);
}

Result<Timestamp> ReqTime(const Json& obj, std::string_view key, const std::string& path) {
  TL_ASSIGN_OR_RETURN(auto t, OptTime(obj, key, path));
  if (!t) return InvalidArgument(JoinPath(path, key) + ": missing timestamp");
  return *t;
}
}  // namespace tradelet::alpaca::json_fields
