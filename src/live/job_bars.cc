// The live job's bars for one slot (job_bars.h).
#include "live/job_bars.h"

#include <cmath>
#include <map>

#include "tradelet/live/live_check.h"
#include "tradelet/strategy/config.h"
#include "tradelet/strategy/prophet_trend.h"

namespace tradelet::live {
namespace {

// Errors that belong to what was asked (a symbol, a timeframe it cannot serve: HTTP 400, 404,
// 422) rather than to the source or the network: asking per symbol then tells which it is.
bool PerRequestError(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kDataLoss:
    case StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

// What the strategy's window reads beyond the lookback's bars, so the live job decides on
// the bars a backtest decides on.
struct WindowNeeds {
  // An expanding window from window_start: every bar since then, even past the lookback (the
  // window's bar count also picks the refit_every runs).
  std::optional<Timestamp> from;
  // Adjusted closes (prophet_trend adjusted = true) over more than today's session: a backtest
  // reads the files' split- and dividend-adjusted close, Alpaca serves it with
  // adjustment=all. Today's bars have no later action to adjust for, so a session window needs
  // none.
  bool adjusted = false;
};

Result<WindowNeeds> StrategyWindowNeeds(const toml::table& strategy) {
  WindowNeeds w;
  TL_ASSIGN_OR_RETURN(std::string name, TomlString(strategy, "strategy", "name", ""));
  if (name != "prophet_trend") return w;
  TL_ASSIGN_OR_RETURN(ProphetTrendOptions o, ReadProphetTrendOptions(strategy));
  if (o.window == ProphetTrendOptions::Window::kExpanding && o.window_start) {
    w.from = LocalDateTime{*o.window_start, 0, 0, 0}.AsUtc();  // as the strategy cuts it
  }
  w.adjusted = o.adjusted && o.window != ProphetTrendOptions::Window::kSession;
  return w;
}

// Replaces each series' adj_close with the source's adjusted closes (adjustment=all) of the
// same bars.
Status FetchAdjustedCloses(alpaca::AlpacaMarketDataClient& data, const LiveConfig& c,
                           const alpaca::BarsRequest& raw,
                           std::map<std::string, BarSeries>* series) {
  alpaca::BarsRequest br = raw;
  br.symbols.clear();
  for (const auto& [sym, s] : *series) br.symbols.push_back(sym);
  if (br.symbols.empty()) return Status::Ok();
  br.adjustment = "all";
  auto adj = data.GetBars(br);
  if (!adj.ok()) return adj.status().WithContext("adjusted " + c.timeframe + " bars");
  for (auto& [sym, s] : *series) {
    s.adj_close = s.close;  // a bar the adjusted answer lacks keeps its close
    auto it = adj->series.find(sym);
    if (it == adj->series.end()) continue;
    const BarSeries& a = it->second;
    for (size_t i = 0, j = 0; i < s.size(); ++i) {
      while (j < a.size() && a.time_ns[j] < s.time_ns[i]) ++j;
      if (j < a.size() && a.time_ns[j] == s.time_ns[i]) s.adj_close[i] = a.close[j];
    }
  }
  return Status::Ok();
}

Status FetchBars(alpaca::AlpacaMarketDataClient& data, const LiveConfig& c, Timestamp slot,
                 std::map<std::string, BarSeries>* out, JobReport* r) {
  TL_ASSIGN_OR_RETURN(WindowNeeds window, StrategyWindowNeeds(c.strategy));
  alpaca::BarsRequest br;
  br.symbols = c.symbols;
  br.timeframe = c.timeframe;
  br.start = slot - c.lookback;
  if (window.from && *window.from < *br.start) br.start = window.from;
  br.end = slot;
  br.feed = c.feed;
  auto bars = data.GetBars(br);
  if (bars.ok()) {
    for (auto& [sym, s] : bars->series) (*out)[sym] = std::move(s);
    return window.adjusted ? FetchAdjustedCloses(data, c, br, out) : Status::Ok();
  }
  if (!PerRequestError(bars.status())) return bars.status();
  // One symbol (or more) spoiled the whole request: ask for each on its own and skip those
  // the source refuses, with its answer as the reason.
  for (const auto& sym : c.symbols) {
    br.symbols = {sym};
    auto one = data.GetBars(br);
    if (one.ok()) {
      if (auto it = one->series.find(sym); it != one->series.end()) {
        (*out)[sym] = std::move(it->second);
      }
    } else if (PerRequestError(one.status())) {
      r->skips.push_back({sym, one.status().ToString()});
    } else {
      return one.status().WithContext(sym);
    }
  }
  if (out->empty()) {
    return FailedPrecondition("the data source refused every symbol (see skips); first: " +
                              bars.status().ToString());
  }
  return window.adjusted ? FetchAdjustedCloses(data, c, br, out) : Status::Ok();
}

// A daily (or longer) bar stamped at its session's 09:30 open (the data client's stamp) ->
// Alpaca's stamp, 00:00 New York of that date; and back.
Timestamp SessionOpenToMidnight(Timestamp t) {
  const TimeZone& ny = TimeZone::NewYork();
  return ny.FromLocal(LocalDateTime{ny.ToLocal(t).date, 0, 0, 0, 0});
}
Timestamp MidnightToSessionOpen(Timestamp t) {
  const TimeZone& ny = TimeZone::NewYork();
  return ny.FromLocal(LocalDateTime{ny.ToLocal(t).date, 9, 30, 0, 0});
}

}  // namespace

std::string BadBars(const BarSeries& s) {
  if (Status shape = s.CheckShape(); !shape.ok()) return shape.message();
  for (size_t i = 0; i < s.size(); ++i) {
    const double o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i];
    if (!(std::isfinite(o) && std::isfinite(h) && std::isfinite(l) && std::isfinite(c)) || o <= 0 ||
        h <= 0 || l <= 0 || c <= 0 || h < l) {
      return "the bar at " + FormatTimestamp(s.time(i)) +
             " has a price that is not finite and positive, or a high below its low";
    }
  }
  return "";
}

Status LoadSlotBars(alpaca::AlpacaMarketDataClient& data, const LiveConfig& c, Timestamp slot,
                    std::vector<std::string>* symbols, std::vector<BarSeries>* series, JobReport* r,
                    Timestamp* decide_at) {
  const auto interval = alpaca::IntervalForTimeframe(c.timeframe);
  if (!interval) return InvalidArgument("timeframe " + c.timeframe + " has no bar interval");
  const bool daily = *interval >= BarInterval::k1Day;
  TL_ASSIGN_OR_RETURN(BarNeeds needs, StrategyBarNeeds(c.strategy));
  std::map<std::string, BarSeries> fetched;
  TL_RETURN_IF_ERROR(FetchBars(data, c, slot, &fetched, r));
  const Duration step = BarIntervalDuration(*interval);
  // The bar ending at the slot (00:00 New York for daily bars, as Alpaca ends them) is decided
  // at its close in the frame the strategy sees.
  *decide_at = daily ? MidnightToSessionOpen(slot - step) + step : slot;
  bool enough = false;
  for (const auto& sym : c.symbols) {
    bool refused = false;
    for (const auto& k : r->skips) refused = refused || k.symbol == sym;
    if (refused) continue;
    BarSeries s;
    s.symbol = sym;
    s.interval = *interval;
    if (auto it = fetched.find(sym); it != fetched.end()) {
      // Only bars that have closed by the slot: a bar starting at the slot is still forming.
      const BarSeries& got = it->second;
      for (size_t i = 0; i < got.size(); ++i) {
        const Timestamp start = daily ? SessionOpenToMidnight(got.time(i)) : got.time(i);
        if (start + step > slot) continue;
        s.Append(got.at(i));  // extends adj_close with the close once it has a column
        if (got.adj_close.empty()) continue;
        if (s.adj_close.size() < s.size())
          s.adj_close.push_back(got.adj_close[i]);
        else
          s.adj_close.back() = got.adj_close[i];
      }
    }
    if (s.empty()) {
      r->skips.push_back({sym, "no " + c.timeframe + " bar closed in the lookback (" +
                                   FormatTimestamp(slot - c.lookback) + " .. the slot)"});
      continue;
    }
    if (std::string why = BadBars(s); !why.empty()) {
      r->skips.push_back({sym, "bars fail validation: " + why});
      continue;
    }
    const int64_t have = CountedBars(needs, s, slot);
    if (have < needs.min_bars) {
      r->warnings.push_back(sym + ": " + std::to_string(have) + " " + c.timeframe + " bar(s)" +
                            (needs.session_window ? " since the session open" : "") +
                            ", the strategy needs " + std::to_string(needs.min_bars) + " (" +
                            needs.why + ")");
    } else {
      enough = true;
    }
    symbols->push_back(sym);
    series->push_back(std::move(s));
  }
  if (!series->empty() && !enough) {
    r->errors.push_back(
        "no symbol has as many bars as the strategy needs, so this run can "
        "place nothing (see warnings; check live.timeframe and live.lookback)");
    r->outcome = "insufficient_data";
  }
  return Status::Ok();
}

}  // namespace tradelet::live
