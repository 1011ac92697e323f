// The paper exchange's reference and market data: clock, calendar, assets and bars, answered
// from the replayed bars and the NYSE calendar as Alpaca answers them.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "paper/paper_internal.h"
#include "tradelet/adapters/alpaca/market_data_client.h"
#include "tradelet/adapters/alpaca/trading_json.h"
#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/paper/paper_exchange.h"

namespace tradelet::live {

using Json = nlohmann::json;
using namespace paper_internal;

PaperResponse PaperExchange::Clock() {
  const NyseCalendar& cal = NyseCalendar::Get();
  alpaca::MarketClock c;
  c.timestamp = now_;
  c.is_open = cal.IsOpen(now_);
  auto s = cal.SessionContainingOrNext(now_);
  if (!s.ok()) return Error(500, 50000000, s.status().message());
  c.next_close = s->close;
  c.next_open = s->open;
  if (c.is_open || s->open <= now_) {
    auto next = cal.NextSession(s->date);
    if (next.ok()) c.next_open = next->open;
  }
  return {200, alpaca::ClockToJson(c)};
}

// GET /v3/clock (what Alpaca's JS SDK v4 calls for clock()): {"clocks": [one per market]}.
// Only NYSE is served; `markets` may name it (NYSE or its MIC XNYS), `time` asks for the clock
// at another instant. Phases on a market day: pre 04:00..open, core open..close, post
// close..20:00 New York (the extended hours of /v2/calendar); closed otherwise.
PaperResponse PaperExchange::ClockV3(const PaperRequest& r) {
  if (auto markets = r.Param("markets")) {
    size_t start = 0;
    while (start <= markets->size()) {
      size_t comma = markets->find(',', start);
      if (comma == std::string::npos) comma = markets->size();
      const std::string code = markets->substr(start, comma - start);
      if (code != "NYSE" && code != "XNYS") {
        return Error(422, 42210000,
                     "markets: unknown market '" + code + "' (the paper exchange serves NYSE)");
      }
      start = comma + 1;
    }
  }
  Timestamp at = now_;
  if (auto t = r.Param("time")) {
    auto parsed = ParseTimestamp(*t);
    if (!parsed.ok()) return Error(422, 42210000, "time: invalid RFC 3339 time '" + *t + "'");
    at = *parsed;
  }
  const NyseCalendar& cal = NyseCalendar::Get();
  const TimeZone& ny = TimeZone::NewYork();
  const CivilDate today = ny.ToLocal(at).date;
  if (!NyseCalendar::InRange(today)) {
    return Error(422, 42210000, "time: outside the calendar's range 1990..2050");
  }
  auto pre_start = [&](CivilDate d) { return ny.FromLocal(LocalDateTime{d, 4, 0, 0, 0}); };
  auto post_end = [&](CivilDate d) { return ny.FromLocal(LocalDateTime{d, 20, 0, 0, 0}); };
  auto current = cal.SessionContainingOrNext(at);
  if (!current.ok()) return Error(500, 50000000, current.status().message());
  Timestamp next_open = current->open;
  if (current->open <= at) {
    auto next = cal.NextSession(current->date);
    if (next.ok()) next_open = next->open;
  }
  const bool market_day = cal.IsSession(today);
  std::string phase = "closed";
  Timestamp until;
  if (market_day && at >= pre_start(today) && at < post_end(today)) {
    auto s = cal.SessionOn(today);
    if (!s.ok()) return Error(500, 50000000, s.status().message());
    if (at < s->open) {
      phase = "pre";
      until = s->open;
    } else if (at < s->close) {
      phase = "core";
      until = s->close;
    } else {
      phase = "post";
      until = post_end(today);
    }
  } else {
    // Closed until the pre-market of the next market day (today's, before 04:00).
    auto next = market_day && at < pre_start(today) ? cal.SessionOn(today) : cal.NextSession(today);
    if (!next.ok()) return Error(500, 50000000, next.status().message());
    until = pre_start(next->date);
  }
  Json clock = {{"market",
                 {{"acronym", "NYSE"},
                  {"mic", "XNYS"},
                  {"name", "New York Stock Exchange"},
                  {"timezone", "America/New_York"}}},
                {"timestamp", FormatTimestamp(at, ny)},
                {"is_market_day", market_day},
                {"next_market_open", FormatTimestamp(next_open, ny)},
                {"next_market_close", FormatTimestamp(current->close, ny)},
                {"phase", phase},
                {"phase_until", FormatTimestamp(until, ny)}};
  return {200, Json{{"clocks", Json::array({clock})}}.dump()};
}

PaperResponse PaperExchange::Calendar(const PaperRequest& r) {
  const CivilDate today = TimeZone::NewYork().ToLocal(now_).date;
  auto parse = [&](const char* key, CivilDate fallback) -> Result<CivilDate> {
    auto v = r.Param(key);
    if (!v) return fallback;
    // The JS SDK v4's legacyCalendar() sends a full RFC 3339 time; its date is the day meant.
    if (v->size() > 10 && (*v)[10] == 'T') v->resize(10);
    auto d = CivilDate::Parse(*v);
    if (!d.ok() || !NyseCalendar::InRange(*d)) {
      return InvalidArgument(std::string(key) + ": expected YYYY-MM-DD within 1990..2050");
    }
    return *d;
  };
  auto from = parse("start", today);
  auto to = parse("end", today.AddDays(30));
  if (!from.ok()) return Error(422, 40010001, from.status().message());
  if (!to.ok()) return Error(422, 40010001, to.status().message());
  auto sessions = NyseCalendar::Get().SessionsBetween(*from, *to);
  if (!sessions.ok()) return Error(422, 40010001, sessions.status().message());
  std::vector<alpaca::CalendarDay> days;
  const TimeZone& ny = TimeZone::NewYork();
  for (const Session& s : *sessions) {
    alpaca::CalendarDay d;
    d.date = s.date;
    d.open = s.open;
    d.close = s.close;
    d.session_open = ny.FromLocal(LocalDateTime{s.date, 4, 0, 0, 0});
    d.session_close = ny.FromLocal(LocalDateTime{s.date, 20, 0, 0, 0});
    days.push_back(d);
  }
  return {200, alpaca::CalendarToJson(days)};
}

// GET /v3/calendar/{market} (the JS SDK v4's calendar()): NYSE's sessions with their pre,
// core and post phases, from the same calendar and hours as /v2/calendar and /v3/clock.
PaperResponse PaperExchange::CalendarV3(const std::string& market, const PaperRequest& r) {
  if (market != "NYSE" && market != "XNYS") {
    return Error(404, 40410000,
                 "market '" + market + "' not found (the paper exchange serves NYSE)");
  }
  PaperResponse v2 = Calendar(r);
  if (v2.status != 200) return v2;
  auto days = alpaca::ParseCalendarJson(v2.body);
  if (!days.ok()) return Error(500, 50000000, days.status().message());
  const TimeZone& ny = TimeZone::NewYork();
  Json calendar = Json::array();
  for (const alpaca::CalendarDay& d : *days) {
    calendar.push_back(
        Json{{"date", d.date.ToString()},
             {"pre_start", FormatTimestamp(ny.FromLocal(LocalDateTime{d.date, 4, 0, 0, 0}), ny)},
             {"pre_end", FormatTimestamp(d.open, ny)},
             {"core_start", FormatTimestamp(d.open, ny)},
             {"core_end", FormatTimestamp(d.close, ny)},
             {"post_start", FormatTimestamp(d.close, ny)},
             {"post_end", FormatTimestamp(ny.FromLocal(LocalDateTime{d.date, 20, 0, 0, 0}), ny)}});
  }
  Json out = {{"market",
               {{"acronym", "NYSE"},
                {"mic", "XNYS"},
                {"name", "New York Stock Exchange"},
                {"timezone", "America/New_York"}}},
              {"calendar", calendar}};
  return {200, out.dump()};
}

PaperResponse PaperExchange::Assets(const std::string& symbol) {
  auto make = [&](const std::string& sym) {
    alpaca::TradingAsset a;
    a.id = PseudoUuid(sym);
    a.asset_class = "us_equity";
    a.exchange = "NASDAQ";
    a.symbol = sym;
    a.name = sym + " (paper exchange replay)";
    a.status = "active";
    a.tradable = options_.broker.asset.tradable;
    a.marginable = true;
    a.shortable = options_.broker.asset.shortable;
    a.easy_to_borrow = options_.broker.asset.easy_to_borrow;
    a.fractionable = options_.broker.asset.fractionable;
    return a;
  };
  if (!symbol.empty()) {
    for (const auto& [sym, i] : index_) {
      if (sym == symbol || PseudoUuid(sym) == symbol) return {200, alpaca::AssetToJson(make(sym))};
    }
    return NotFoundError("asset not found");
  }
  std::string out = "[";
  for (const auto& [sym, i] : index_) {
    if (out.size() > 1) out += ",";
    out += alpaca::AssetToJson(make(sym));
  }
  return {200, out + "]"};
}

PaperResponse PaperExchange::Bars(const PaperRequest& r, const std::string& single_symbol) {
  std::vector<std::string> symbols;
  if (!single_symbol.empty()) {
    symbols.push_back(single_symbol);
  } else {
    const std::string s = r.Param("symbols").value_or("");
    size_t start = 0;
    while (start < s.size()) {
      size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      if (comma > start) symbols.push_back(s.substr(start, comma - start));
      start = comma + 1;
    }
    if (symbols.empty()) return Error(422, 42210000, "symbols: is required");
  }
  auto tf = alpaca::NormalizeTimeframe(r.Param("timeframe").value_or(""));
  if (!tf.ok()) return Error(422, 42210000, "timeframe: " + tf.status().message());
  auto parse_time = [&](const char* key) -> Result<std::optional<Timestamp>> {
    auto v = r.Param(key);
    if (!v) return std::optional<Timestamp>();
    TL_ASSIGN_OR_RETURN(Timestamp t, ParseTimestamp(*v));
    return std::optional<Timestamp>(t);
  };
  auto start = parse_time("start");
  auto end = parse_time("end");
  if (!start.ok() || !end.ok()) return Error(422, 42210000, "start/end: invalid RFC 3339 time");
  int limit = 1000;
  if (auto l = r.Param("limit")) {
    limit = std::atoi(l->c_str());
    if (limit < 1 || limit > 10000) return Error(422, 42210000, "limit: must be 1..10000");
  }
  // Alpaca's adjustment: raw (the default) as traded, or all (splits and dividends) from the
  // replayed files' adjusted close; split or dividend alone is not in the files.
  const std::string adjustment = r.Param("adjustment").value_or("raw");
  if (adjustment != "raw" && adjustment != "all") {
    return Error(422, 42210000,
                 "adjustment: '" + adjustment + "' is not served by the paper exchange (raw, all)");
  }
  const bool adjusted = adjustment == "all";
  size_t offset = 0;
  if (auto p = r.Param("page_token"); p && !p->empty())
    offset = std::strtoull(p->c_str(), nullptr, 10);
  // Flattened (symbol, bar) list of what is visible and in range.
  std::vector<std::pair<std::string, size_t>> rows;
  for (const auto& sym : symbols) {
    auto it = index_.find(sym);
    if (it == index_.end()) continue;
    const BarSeries& s = *series_[it->second];
    if (alpaca::TimeframeForInterval(s.interval) != *tf) {
      return Error(422, 42210000,
                   "timeframe " + *tf + " is not available for " + sym + " (replayed as " +
                       alpaca::TimeframeForInterval(s.interval) + ")");
    }
    const uint32_t visible = feed_->visible()[it->second];
    for (size_t i = 0; i < visible; ++i) {
      const Timestamp t = s.time(i);
      if (start->has_value() && t < **start) continue;
      if (end->has_value() && t > **end) continue;
      rows.emplace_back(sym, i);
    }
  }
  Json bars = single_symbol.empty() ? Json::object() : Json::array();
  for (const auto& sym : symbols) {
    if (single_symbol.empty() && index_.count(sym)) bars[sym] = Json::array();
  }
  const size_t stop = std::min(rows.size(), offset + static_cast<size_t>(limit));
  for (size_t k = offset; k < stop; ++k) {
    const auto& [sym, i] = rows[k];
    const BarSeries& s = *series_[index_[sym]];
    // Daily bars are stamped 00:00 New York already (the constructor), as Alpaca stamps them.
    double o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i];
    if (adjusted && !s.adj_close.empty() && c > 0 && s.adj_close[i] != c) {
      // adjustment=all: the series' split- and dividend-adjusted close, the other prices
      // scaled by the same factor.
      const double f = s.adj_close[i] / c;
      o *= f, h *= f, l *= f, c = s.adj_close[i];
    }
    Json b = {{"t", FormatTimestamp(s.time(i))},
              {"o", o},
              {"h", h},
              {"l", l},
              {"c", c},
              {"v", s.volume[i]},
              {"n", 0},
              {"vw", (h + l + c) / 3}};
    if (single_symbol.empty())
      bars[sym].push_back(b);
    else
      bars.push_back(b);
  }
  Json out = {{"bars", bars}};
  out["next_page_token"] = stop < rows.size() ? Json(std::to_string(stop)) : Json(nullptr);
  if (!single_symbol.empty()) out["symbol"] = single_symbol;
  return {200, out.dump()};
}

}  // namespace tradelet::live
