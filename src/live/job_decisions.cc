// The per-symbol decisions of a live slot (job_run.h): the numbers behind each decision, the
// strategy's insights and targets, its skips, into the report and the journal.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "live/job_run.h"
#include "tradelet/strategy/framework.h"

namespace tradelet::live {
namespace {

using Json = nlohmann::json;

std::string DirectionName(InsightDirection d) {
  return d == InsightDirection::kUp ? "up" : d == InsightDirection::kDown ? "down" : "flat";
}

}  // namespace

void JobRun::ReportDecisions(const std::vector<std::string>& symbols,
                             const std::vector<BarSeries>& series, const LivePortfolio& portfolio,
                             Strategy& strategy, Timestamp decide_at, Timestamp last_decision,
                             const std::vector<uint32_t>& last_updated) {
  // Per-symbol decisions with the numbers behind them.
  std::map<uint32_t, Json> decisions;
  for (uint32_t i = 0; i < symbols.size(); ++i) {
    Json d = {{"symbol", symbols[i]},
              {"bars", series[i].size()},
              {"position", portfolio.PositionQty(i).ToString()},
              {"has_open_orders", portfolio.HasOpenOrders(i)}};
    if (!series[i].empty()) {
      d["last_bar_start"] = FormatTimestamp(series[i].time(series[i].size() - 1));
      d["last_close"] = series[i].close.back();
    }
    d["decided_at_this_slot"] =
        last_decision == decide_at &&
        std::find(last_updated.begin(), last_updated.end(), i) != last_updated.end();
    decisions[i] = d;
  }
  if (auto* fw = dynamic_cast<FrameworkStrategy*>(&strategy)) {
    for (const Insight& in : fw->last_insights()) {
      Json& d = decisions[in.symbol];
      d["insight"] = {{"direction", DirectionName(in.direction)},
                      {"magnitude", in.magnitude},
                      {"confidence", in.confidence},
                      {"reference_price", in.reference_price},
                      {"source", in.source}};
      if (in.band_mid) {
        d["insight"]["forecast"] = {
            {"lower", *in.band_lower}, {"mid", *in.band_mid}, {"upper", *in.band_upper}};
      }
    }
    for (const PortfolioTarget& t : fw->last_targets()) {
      decisions[t.symbol]["target_qty"] = t.qty.ToString();
    }
  }
  if (last_decision == decide_at) {
    for (StrategySkip& k : strategy.SkipsAt(decide_at)) {
      r_.skips.push_back({std::move(k.symbol), std::move(k.reason), "strategy"});
    }
  } else {
    // Every step was warm-up, so nothing was placed: say so with its own outcome, not "ok".
    if (r_.outcome == "ok") r_.outcome = "stale_bars";
    r_.errors.push_back("latest closed bar ends at " + FormatTimestamp(last_decision) +
                        ", not at the slot " + FormatTimestamp(r_.slot) +
                        "; no orders from stale data");
  }
  for (auto& [i, d] : decisions) {
    const std::string text = d.dump();
    r_.decisions_json.push_back(text);
    if (Status s = journal_.RecordDecision(r_.run_id, symbols[i], text); !s.ok()) {
      Error("journal", s);
    }
  }
}

}  // namespace tradelet::live
