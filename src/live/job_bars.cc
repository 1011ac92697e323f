// The live job's bars for one slot (job_bars.h).
#include "live/job_bars.h"

#include <cmath>
#include <map>

#include "tradelet/live/live_check.h"

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

Status FetchBars(alpaca::AlpacaMarketDataClient& data, const LiveConfig& c, Timestamp slot,
                 std::map<std::string, BarSeries>* out, JobReport* r) {
  alpaca::BarsRequest br;
  br.symbols = c.symbols;
  br.timeframe = c.timeframe;
  br.start = slot - c.lookback;
  br.end = slot;
  br.feed = c.feed;
  auto bars = data.GetBars(br);
  if (bars.ok()) {
    for (auto& [sym, s] : bars->series) (*out)[sym] = std::move(s);
    return Status::Ok();
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
  return Status::Ok();
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
                    std::vector<std::string>* symbols, std::vector<BarSeries>* series,
                    JobReport* r) {
  const auto interval = alpaca::IntervalForTimeframe(c.timeframe);
  if (!interval) return InvalidArgument("timeframe " + c.timeframe + " has no bar interval");
  TL_ASSIGN_OR_RETURN(BarNeeds needs, StrategyBarNeeds(c.strategy));
  std::map<std::string, BarSeries> fetched;
  TL_RETURN_IF_ERROR(FetchBars(data, c, slot, &fetched, r));
  const Duration step = BarIntervalDuration(*interval);
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
      for (size_t i = 0; i < it->second.size(); ++i) {
        if (it->second.time(i) + step <= slot) s.Append(it->second.at(i));
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
