// The live job's JSON report (job.h).
#include <nlohmann/json.hpp>

#include "tradelet/live/job.h"

namespace tradelet::live {

using Json = nlohmann::json;

bool JobReport::has_unknown() const {
  for (const auto& o : orders) {
    if (o.state == "unknown") return true;
  }
  return false;
}

std::string JobReport::ToJson() const {
  Json j;
  j["run_id"] = run_id;
  j["strategy_id"] = strategy_id;
  j["slot"] = FormatTimestamp(slot);
  j["started_at"] = FormatTimestamp(started_at);
  j["dry_run"] = dry_run;
  j["outcome"] = outcome;
  Json d = Json::array();
  for (const auto& s : decisions_json) d.push_back(Json::parse(s));
  j["decisions"] = d;
  Json o = Json::array();
  for (const auto& r : orders) {
    o.push_back({{"client_order_id", r.client_order_id},
                 {"symbol", r.symbol},
                 {"side", r.side},
                 {"qty", r.qty},
                 {"type", r.type},
                 {"state", r.state},
                 {"reason", r.reason},
                 {"broker_order_id", r.broker_order_id}});
  }
  j["orders"] = o;
  j["cancels"] = cancels;
  j["errors"] = errors;
  Json sk = Json::array();
  Json counts = Json::object();
  for (const auto& k : skips) {
    sk.push_back({{"symbol", k.symbol}, {"reason", k.reason}, {"source", k.source}});
    const std::string kind = k.reason.substr(0, k.reason.find(':'));
    counts[kind] = counts.value(kind, 0) + 1;
  }
  j["skips"] = sk;
  j["skip_counts"] = counts;
  j["warnings"] = warnings;
  if (!book_json.empty()) {
    j["book"] = Json::parse(book_json);
    Json un = Json::array();
    for (const auto& u : unattributed) {
      un.push_back({{"symbol", u.symbol}, {"qty", u.qty}, {"reason", u.reason}});
    }
    j["unattributed"] = un;
  }
  return j.dump(2);
}

}  // namespace tradelet::live
