#include "tradelet/adapters/yahoo/chart_json.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tradelet/adapters/json_util.h"
#include "tradelet/net/http.h"

namespace tradelet::yahoo {

using adapters::IndexPath;
using adapters::Json;
using adapters::JoinPath;
using adapters::JsonTypeName;
using adapters::ReadInt64;
using adapters::ReadNumberOrNull;
using adapters::ReadOptionalString;

namespace {

constexpr char kWhat[] = "yahoo chart";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Status Bad(const std::string& path, const std::string& problem) {
  return InvalidArgument(std::string(kWhat) + ": " + path + ": " + problem);
}

// Yahoo's epoch seconds must stay inside Timestamp's nanosecond range (years 1678..2262).
Result<Timestamp> ReadEpochSeconds(const Json& v, const std::string& path) {
  auto s = ReadInt64(v, path);
  if (!s.ok()) return InvalidArgument(std::string(kWhat) + ": " + s.status().message());
  if (*s < -9'000'000'000LL || *s > 9'000'000'000LL) {
    return Bad(path, "epoch seconds out of range: " + std::to_string(*s));
  }
  return Timestamp::FromUnixSeconds(*s);
}

// One column of the quote (or adjclose) object: absent is allowed only when there are no rows.
Result<std::vector<std::optional<double>>> ReadColumn(const Json& obj, const char* key,
                                                      const std::string& obj_path, size_t n,
                                                      bool required) {
  std::vector<std::optional<double>> out;
  const std::string path = JoinPath(obj_path, key);
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required && n > 0) return Bad(path, "missing, but there are " + std::to_string(n) +
                                                " timestamps");
    out.assign(n, std::nullopt);
    return out;
  }
  if (!it->is_array()) return Bad(path, "expected an array, got " + std::string(JsonTypeName(*it)));
  if (it->size() != n) {
    return Bad(path, std::to_string(it->size()) + " values for " + std::to_string(n) +
                         " timestamps");
  }
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto v = ReadNumberOrNull((*it)[i], IndexPath(path, i));
    if (!v.ok()) return InvalidArgument(std::string(kWhat) + ": " + v.status().message());
    out.push_back(*v);
  }
  return out;
}

Status ReadMeta(const Json& r, const std::string& path, ChartMeta* meta) {
  auto it = r.find("meta");
  if (it == r.end() || it->is_null()) return Status::Ok();
  const std::string mpath = JoinPath(path, "meta");
  if (!it->is_object()) return Bad(mpath, "expected an object, got " + std::string(JsonTypeName(*it)));
  const Json& m = *it;
  struct Field {
    const char* key;
    std::string* out;
  } fields[] = {{"symbol", &meta->symbol},
                {"currency", &meta->currency},
                {"exchangeName", &meta->exchange_name},
                {"instrumentType", &meta->instrument_type},
                {"exchangeTimezoneName", &meta->exchange_timezone_name},
                {"dataGranularity", &meta->data_granularity},
                {"range", &meta->range}};
  for (const auto& f : fields) {
    auto s = ReadOptionalString(m, f.key, mpath);
    if (!s.ok()) return InvalidArgument(std::string(kWhat) + ": " + s.status().message());
    *f.out = std::move(*s);
  }
  if (auto g = m.find("gmtoffset"); g != m.end() && !g->is_null()) {
    auto v = ReadInt64(*g, JoinPath(mpath, "gmtoffset"));
    if (!v.ok()) return InvalidArgument(std::string(kWhat) + ": " + v.status().message());
    meta->gmtoffset = *v;
  }
  return Status::Ok();
}

Status ReadEvents(const Json& r, const std::string& path, ChartData* out) {
  auto it = r.find("events");
  if (it == r.end() || it->is_null()) return Status::Ok();
  const std::string epath = JoinPath(path, "events");
  if (!it->is_object()) return Bad(epath, "expected an object, got " + std::string(JsonTypeName(*it)));
  // Each event is keyed by its epoch as a string; the "date" field carries the same instant.
  auto for_each = [&](const char* kind, auto&& fn) -> Status {
    auto k = it->find(kind);
    if (k == it->end() || k->is_null()) return Status::Ok();
    const std::string kpath = JoinPath(epath, kind);
    if (!k->is_object()) return Bad(kpath, "expected an object, got " + std::string(JsonTypeName(*k)));
    for (auto e = k->begin(); e != k->end(); ++e) {
      const std::string ipath = JoinPath(kpath, e.key());
      if (!e->is_object()) return Bad(ipath, "expected an object, got " + std::string(JsonTypeName(*e)));
      Result<Timestamp> t = Timestamp();
      if (auto d = e->find("date"); d != e->end() && !d->is_null()) {
        t = ReadEpochSeconds(*d, JoinPath(ipath, "date"));
      } else {
        t = ReadEpochSeconds(Json(e.key()), ipath);
      }
      if (!t.ok()) return t.status();
      TL_RETURN_IF_ERROR(fn(*e, ipath, *t));
    }
    return Status::Ok();
  };
  auto number = [](const Json& obj, const char* key, const std::string& p) -> Result<double> {
    auto f = obj.find(key);
    if (f == obj.end()) return Bad(JoinPath(p, key), "missing");
    auto v = ReadNumberOrNull(*f, JoinPath(p, key));
    if (!v.ok()) return InvalidArgument(std::string(kWhat) + ": " + v.status().message());
    if (!v->has_value()) return Bad(JoinPath(p, key), "is null");
    return **v;
  };
  TL_RETURN_IF_ERROR(for_each("dividends", [&](const Json& e, const std::string& p,
                                               Timestamp t) -> Status {
    TL_ASSIGN_OR_RETURN(double amount, number(e, "amount", p));
    TL_ASSIGN_OR_RETURN(std::string currency, ReadOptionalString(e, "currency", p));
    out->dividends.push_back({t, amount, std::move(currency)});
    return Status::Ok();
  }));
  TL_RETURN_IF_ERROR(for_each("splits", [&](const Json& e, const std::string& p,
                                            Timestamp t) -> Status {
    TL_ASSIGN_OR_RETURN(double num, number(e, "numerator", p));
    TL_ASSIGN_OR_RETURN(double den, number(e, "denominator", p));
    if (!(num > 0) || !(den > 0)) {
      return Bad(p, "split numerator and denominator must be positive");
    }
    out->splits.push_back({t, num, den});
    return Status::Ok();
  }));
  auto by_time = [](const auto& a, const auto& b) { return a.time < b.time; };
  std::sort(out->dividends.begin(), out->dividends.end(), by_time);
  std::sort(out->splits.begin(), out->splits.end(), by_time);
  return Status::Ok();
}

// Puts each event on the first bar at or after it (its own bar when Yahoo stamps both alike).
void MapEvents(ChartData* out) {
  BarSeries& b = out->bars;
  for (const auto& d : out->dividends) {
    const size_t i = b.LowerBound(d.time);
    if (i < b.size()) {
      b.dividend[i] += d.amount;
    } else {
      ++out->unmapped_events;
    }
  }
  for (const auto& s : out->splits) {
    const size_t i = b.LowerBound(s.time);
    if (i < b.size()) {
      b.split[i] *= s.ratio();
    } else {
      ++out->unmapped_events;
    }
  }
}

}  // namespace

std::optional<BarInterval> YahooGranularityToInterval(std::string_view g) {
  if (g == "1m") return BarInterval::k1Min;
  if (g == "5m") return BarInterval::k5Min;
  if (g == "15m") return BarInterval::k15Min;
  if (g == "30m") return BarInterval::k30Min;
  if (g == "60m" || g == "1h") return BarInterval::k1Hour;
  if (g == "1d") return BarInterval::k1Day;
  if (g == "1wk") return BarInterval::k1Week;
  if (g == "1mo") return BarInterval::k1Month;
  return std::nullopt;
}

Status ChartErrorToStatus(int http_status, std::string_view body) {
  // JSON error objects: {"chart":{"error":{...}}} or {"finance":{"error":{...}}}.
  if (!body.empty() && (body.front() == '{' || body.front() == ' ')) {
    auto parsed = adapters::ParseJson(body, kWhat);
    if (parsed.ok() && parsed->is_object()) {
      for (const char* top : {"chart", "finance"}) {
        auto t = parsed->find(top);
        if (t == parsed->end() || !t->is_object()) continue;
        auto e = t->find("error");
        if (e == t->end() || !e->is_object()) continue;
        const std::string code = ReadOptionalString(*e, "code", "").value_or("");
        const std::string desc = ReadOptionalString(*e, "description", "").value_or("");
        const int status = http_status >= 200 && http_status < 300 ? 400 : http_status;
        return net::HttpStatusToStatus(status, kWhat, code + (desc.empty() ? "" : ": " + desc));
      }
    }
  }
  if (http_status == 429 || body.find("Too Many Requests") != std::string_view::npos) {
    return ResourceExhausted(std::string(kWhat) + ": rate limited (HTTP " +
                             std::to_string(http_status) + "): " + net::BodyExcerpt(body, 80));
  }
  if (body.find("Will be right back") != std::string_view::npos) {
    return Unavailable(std::string(kWhat) + ": Yahoo outage page (HTTP " +
                       std::to_string(http_status) + ")");
  }
  const int status = http_status >= 200 && http_status < 300 ? 502 : http_status;
  return net::HttpStatusToStatus(status, kWhat, net::BodyExcerpt(body));
}

Result<ChartData> ParseChartJson(std::string_view body, const ChartParseOptions& options) {
  TL_ASSIGN_OR_RETURN(Json root, adapters::ParseJson(body, kWhat));
  if (!root.is_object()) return Bad("$", "expected an object, got " + std::string(JsonTypeName(root)));
  auto chart = root.find("chart");
  if (chart == root.end()) {
    if (root.contains("finance")) return ChartErrorToStatus(200, body);
    return Bad("chart", "missing");
  }
  if (!chart->is_object()) return Bad("chart", "expected an object, got " + std::string(JsonTypeName(*chart)));
  if (auto e = chart->find("error"); e != chart->end() && !e->is_null()) {
    return ChartErrorToStatus(200, body);
  }
  auto results = chart->find("result");
  if (results == chart->end() || !results->is_array()) {
    return Bad("chart.result", results == chart->end() ? "missing" : "expected an array, got " +
                                   std::string(JsonTypeName(*results)));
  }
  if (results->empty()) return Bad("chart.result", "empty");
  const std::string rpath = "chart.result[0]";
  const Json& r = (*results)[0];
  if (!r.is_object()) return Bad(rpath, "expected an object, got " + std::string(JsonTypeName(r)));

  ChartData out;
  TL_RETURN_IF_ERROR(ReadMeta(r, rpath, &out.meta));
  out.bars.symbol = out.meta.symbol;
  if (auto iv = YahooGranularityToInterval(out.meta.data_granularity)) {
    out.bars.interval = *iv;
    out.interval_mapped = true;
  }

  // Timestamps: absent (or null) in an empty window.
  std::vector<Timestamp> times;
  if (auto ts = r.find("timestamp"); ts != r.end() && !ts->is_null()) {
    const std::string tpath = JoinPath(rpath, "timestamp");
    if (!ts->is_array()) return Bad(tpath, "expected an array, got " + std::string(JsonTypeName(*ts)));
    times.reserve(ts->size());
    for (size_t i = 0; i < ts->size(); ++i) {
      TL_ASSIGN_OR_RETURN(Timestamp t, ReadEpochSeconds((*ts)[i], IndexPath(tpath, i)));
      times.push_back(t);
    }
  }
  const size_t n = times.size();

  // indicators.quote[0] (and adjclose[0]); `quote: [{}]` in an empty window.
  const std::string ipath = JoinPath(rpath, "indicators");
  auto ind = r.find("indicators");
  Json empty_object = Json::object();
  const Json* quote = &empty_object;
  const Json* adj = nullptr;
  if (ind != r.end() && !ind->is_null()) {
    if (!ind->is_object()) return Bad(ipath, "expected an object, got " + std::string(JsonTypeName(*ind)));
    if (auto q = ind->find("quote"); q != ind->end() && !q->is_null()) {
      if (!q->is_array()) return Bad(JoinPath(ipath, "quote"), "expected an array");
      if (!q->empty()) {
        if (!(*q)[0].is_object()) return Bad(JoinPath(ipath, "quote[0]"), "expected an object");
        quote = &(*q)[0];
      }
    }
    if (auto a = ind->find("adjclose"); a != ind->end() && !a->is_null()) {
      if (!a->is_array()) return Bad(JoinPath(ipath, "adjclose"), "expected an array");
      if (!a->empty()) {
        if (!(*a)[0].is_object()) return Bad(JoinPath(ipath, "adjclose[0]"), "expected an object");
        if ((*a)[0].contains("adjclose")) adj = &(*a)[0];
      }
    }
  } else if (n > 0) {
    return Bad(ipath, "missing, but there are " + std::to_string(n) + " timestamps");
  }
  const std::string qpath = JoinPath(ipath, "quote[0]");
  TL_ASSIGN_OR_RETURN(auto open, ReadColumn(*quote, "open", qpath, n, true));
  TL_ASSIGN_OR_RETURN(auto high, ReadColumn(*quote, "high", qpath, n, true));
  TL_ASSIGN_OR_RETURN(auto low, ReadColumn(*quote, "low", qpath, n, true));
  TL_ASSIGN_OR_RETURN(auto close, ReadColumn(*quote, "close", qpath, n, true));
  TL_ASSIGN_OR_RETURN(auto volume, ReadColumn(*quote, "volume", qpath, n, false));
  std::vector<std::optional<double>> adjclose;
  if (adj != nullptr) {
    TL_ASSIGN_OR_RETURN(adjclose, ReadColumn(*adj, "adjclose", JoinPath(ipath, "adjclose[0]"), n,
                                             true));
  }
  TL_RETURN_IF_ERROR(ReadEvents(r, rpath, &out));

  BarSeries& b = out.bars;
  b.Reserve(n);
  if (adj != nullptr) b.adj_close.reserve(n);
  auto value = [](const std::optional<double>& v) { return v ? *v : kNaN; };
  for (size_t i = 0; i < n; ++i) {
    const int nulls = !open[i] + !high[i] + !low[i] + !close[i];
    if (nulls == 4) {
      ++out.null_rows;
      if (!options.keep_null_rows) continue;
    } else if (nulls > 0 || !volume[i]) {
      ++out.partial_null_rows;
    }
    const int64_t t = times[i].unix_nanos();
    if (!b.time_ns.empty() && t <= b.time_ns.back()) {
      if (t < b.time_ns.back()) {
        return Bad(IndexPath(JoinPath(rpath, "timestamp"), i),
                   "timestamps go backwards (" + FormatTimestamp(times[i]) + ")");
      }
      // A repeated timestamp (Yahoo's live bar appended twice): the later row wins.
      b.time_ns.pop_back();
      b.open.pop_back();
      b.high.pop_back();
      b.low.pop_back();
      b.close.pop_back();
      b.volume.pop_back();
      if (adj != nullptr) b.adj_close.pop_back();
    }
    b.time_ns.push_back(t);
    b.open.push_back(value(open[i]));
    b.high.push_back(value(high[i]));
    b.low.push_back(value(low[i]));
    b.close.push_back(value(close[i]));
    b.volume.push_back(value(volume[i]));
    if (adj != nullptr) b.adj_close.push_back(value(adjclose[i]));
  }
  b.dividend.assign(b.size(), 0.0);
  b.split.assign(b.size(), 1.0);
  MapEvents(&out);
  TL_RETURN_IF_ERROR(b.CheckShape());
  return out;
}

}  // namespace tradelet::yahoo
