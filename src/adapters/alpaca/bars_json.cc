#include "tradelet/adapters/alpaca/bars_json.h"

#include <cmath>
#include <limits>

#include "tradelet/adapters/json_util.h"
#include "tradelet/net/http.h"

namespace tradelet::alpaca {

using adapters::IndexPath;
using adapters::Json;
using adapters::JoinPath;
using adapters::JsonTypeName;

namespace {

constexpr char kWhat[] = "alpaca bars";

Status Bad(const std::string& path, const std::string& problem) {
  return InvalidArgument(std::string(kWhat) + ": " + path + ": " + problem);
}

Status Wrap(const Status& s) { return InvalidArgument(std::string(kWhat) + ": " + s.message()); }

Result<double> Field(const Json& bar, const char* key, const std::string& path, bool required) {
  auto it = bar.find(key);
  if (it == bar.end()) {
    if (required) return Bad(JoinPath(path, key), "missing");
    return std::numeric_limits<double>::quiet_NaN();
  }
  auto v = adapters::ReadNumberOrNull(*it, JoinPath(path, key));
  if (!v.ok()) return Wrap(v.status());
  return v->value_or(std::numeric_limits<double>::quiet_NaN());
}

Result<AlpacaBar> ReadBar(const Json& j, const std::string& path) {
  if (!j.is_object()) return Bad(path, "expected an object, got " + std::string(JsonTypeName(j)));
  AlpacaBar b;
  auto t = j.find("t");
  if (t == j.end() || t->is_null()) return Bad(JoinPath(path, "t"), "missing");
  if (t->is_string()) {
    auto ts = ParseTimestamp(t->get_ref<const std::string&>());
    if (!ts.ok()) return Bad(JoinPath(path, "t"), ts.status().message());
    b.time = *ts;
  } else if (t->is_number()) {
    auto s = adapters::ReadInt64(*t, JoinPath(path, "t"));
    if (!s.ok()) return Wrap(s.status());
    if (*s < -9'000'000'000LL || *s > 9'000'000'000LL) {
      return Bad(JoinPath(path, "t"), "epoch seconds out of range");
    }
    b.time = Timestamp::FromUnixSeconds(*s);
  } else {
    return Bad(JoinPath(path, "t"), "expected an RFC 3339 string, got " +
                                        std::string(JsonTypeName(*t)));
  }
  TL_ASSIGN_OR_RETURN(b.open, Field(j, "o", path, true));
  TL_ASSIGN_OR_RETURN(b.high, Field(j, "h", path, true));
  TL_ASSIGN_OR_RETURN(b.low, Field(j, "l", path, true));
  TL_ASSIGN_OR_RETURN(b.close, Field(j, "c", path, true));
  TL_ASSIGN_OR_RETURN(b.volume, Field(j, "v", path, false));
  if (auto n = j.find("n"); n != j.end() && !n->is_null()) {
    auto v = adapters::ReadNumberOrNull(*n, JoinPath(path, "n"));
    if (!v.ok()) return Wrap(v.status());
    if (!(**v >= 0) || **v > 9.0e18) return Bad(JoinPath(path, "n"), "not a trade count");
    b.trade_count = static_cast<int64_t>(**v);
  }
  if (auto vw = j.find("vw"); vw != j.end() && !vw->is_null()) {
    auto v = adapters::ReadNumberOrNull(*vw, JoinPath(path, "vw"));
    if (!v.ok()) return Wrap(v.status());
    b.vwap = *v;
  }
  return b;
}

// An array of bars, a single bar object (latest-bar endpoints), or null (no bars).
Status ReadBarList(const Json& j, const std::string& path, std::vector<AlpacaBar>* out) {
  if (j.is_null()) return Status::Ok();
  if (j.is_object()) {
    TL_ASSIGN_OR_RETURN(AlpacaBar b, ReadBar(j, path));
    out->push_back(b);
    return Status::Ok();
  }
  if (!j.is_array()) return Bad(path, "expected an array of bars, got " + std::string(JsonTypeName(j)));
  out->reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    TL_ASSIGN_OR_RETURN(AlpacaBar b, ReadBar(j[i], IndexPath(path, i)));
    out->push_back(b);
  }
  return Status::Ok();
}

}  // namespace

Result<BarsPage> ParseBarsPage(std::string_view body) {
  TL_ASSIGN_OR_RETURN(Json root, adapters::ParseJson(body, kWhat));
  if (!root.is_object()) return Bad("$", "expected an object, got " + std::string(JsonTypeName(root)));
  BarsPage page;
  TL_ASSIGN_OR_RETURN(page.symbol, adapters::ReadOptionalString(root, "symbol", ""));
  if (auto tok = root.find("next_page_token"); tok != root.end() && !tok->is_null()) {
    if (!tok->is_string()) {
      return Bad("next_page_token", "expected a string or null, got " +
                                        std::string(JsonTypeName(*tok)));
    }
    if (!tok->get_ref<const std::string&>().empty()) page.next_page_token = tok->get<std::string>();
  }
  auto bars = root.find("bars");
  if (bars == root.end()) {
    if (root.contains("message") || root.contains("code")) {
      return AlpacaErrorToStatus(200, body, kWhat);
    }
    return Bad("bars", "missing");
  }
  if (bars->is_array() || bars->is_null()) {
    // Single-symbol endpoint.
    if (page.symbol.empty() && bars->is_array() && !bars->empty()) {
      return Bad("symbol", "missing next to a bars array");
    }
    std::vector<AlpacaBar> list;
    TL_RETURN_IF_ERROR(ReadBarList(*bars, "bars", &list));
    if (!page.symbol.empty()) page.bars[page.symbol] = std::move(list);
    return page;
  }
  if (!bars->is_object()) {
    return Bad("bars", "expected an object or an array, got " + std::string(JsonTypeName(*bars)));
  }
  for (auto it = bars->begin(); it != bars->end(); ++it) {
    if (it.key().empty()) return Bad("bars", "empty symbol key");
    std::vector<AlpacaBar>& list = page.bars[it.key()];
    TL_RETURN_IF_ERROR(ReadBarList(*it, JoinPath("bars", it.key()), &list));
  }
  return page;
}

Status AlpacaErrorToStatus(int http_status, std::string_view body, std::string_view what) {
  std::string detail;
  auto parsed = adapters::ParseJson(body, what);
  if (parsed.ok() && parsed->is_object()) {
    if (auto m = parsed->find("message"); m != parsed->end() && m->is_string()) {
      detail = m->get<std::string>();
    }
    if (auto c = parsed->find("code"); c != parsed->end() && c->is_number_integer()) {
      detail += " (code " + std::to_string(c->get<int64_t>()) + ")";
    }
  }
  if (detail.empty()) detail = net::BodyExcerpt(body);
  const int status = http_status >= 200 && http_status < 300 ? 400 : http_status;
  return net::HttpStatusToStatus(status, what, detail);
}

}  // namespace tradelet::alpaca
