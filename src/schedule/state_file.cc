// The scheduler's state file: what `tradelet serve status` shows and what a restarted scheduler
// resumes from. Written atomically (temp file + rename) so a crash never leaves half a file.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tradelet/schedule/scheduler.h"

namespace tradelet::schedule {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? json(FormatTimestamp(*t)) : json(nullptr);
}

Result<std::optional<Timestamp>> ReadTime(const json& j, const char* key, const std::string& ctx) {
  if (!j.contains(key) || j[key].is_null()) return std::optional<Timestamp>();
  if (!j[key].is_string()) return DataLoss(ctx + "." + key + ": not a string");
  Result<Timestamp> t = ParseTimestamp(j[key].get<std::string>());
  if (!t.ok()) return DataLoss(ctx + "." + key + ": " + t.status().message());
  return std::optional<Timestamp>(*t);
}

}  // namespace

Result<std::vector<StrategyState>> LoadState(const std::string& path) {
  std::ifstream f(path);
  if (!f) return std::vector<StrategyState>();
  std::stringstream ss;
  ss << f.rdbuf();
  json root;
  try {
    root = json::parse(ss.str());
  } catch (const json::exception& e) {
    return DataLoss(path + ": not valid JSON: " + e.what());
  }
  if (!root.is_object() || !root.contains("strategies") || !root["strategies"].is_object()) {
    return DataLoss(path + ": expected {\"strategies\": {...}}");
  }
  std::vector<StrategyState> out;
  for (const auto& [name, j] : root["strategies"].items()) {
    const std::string ctx = path + ": strategies." + name;
    if (!j.is_object()) return DataLoss(ctx + ": not an object");
    StrategyState s;
    s.name = name;
    TL_ASSIGN_OR_RETURN(s.last_slot, ReadTime(j, "last_slot", ctx));
    TL_ASSIGN_OR_RETURN(s.last_start, ReadTime(j, "last_start", ctx));
    TL_ASSIGN_OR_RETURN(s.last_end, ReadTime(j, "last_end", ctx));
    TL_ASSIGN_OR_RETURN(s.next_slot, ReadTime(j, "next_slot", ctx));
    TL_ASSIGN_OR_RETURN(s.running_slot, ReadTime(j, "running_slot", ctx));
    try {
      s.last_result = j.value("last_result", "");
      s.last_ok = j.value("last_ok", false);
      s.runs = j.value("runs", int64_t{0});
      s.failures = j.value("failures", int64_t{0});
      s.skipped_stale = j.value("skipped_stale", int64_t{0});
      s.skipped_overlap = j.value("skipped_overlap", int64_t{0});
      s.missed = j.value("missed", int64_t{0});
      s.running = j.value("running", false);
    } catch (const json::exception& e) {
      return DataLoss(ctx + ": " + e.what());
    }
    out.push_back(std::move(s));
  }
  return out;
}

Status SaveState(const std::string& path, const std::vector<StrategyState>& states, Timestamp now) {
  json root;
  root["version"] = 1;
  root["updated"] = FormatTimestamp(now);
  json& all = root["strategies"];
  all = json::object();
  for (const StrategyState& s : states) {
    all[s.name] = {{"last_slot", TimeOrNull(s.last_slot)},
                   {"last_start", TimeOrNull(s.last_start)},
                   {"last_end", TimeOrNull(s.last_end)},
                   {"last_result", s.last_result},
                   {"last_ok", s.last_ok},
                   {"next_slot", TimeOrNull(s.next_slot)},
                   {"runs", s.runs},
                   {"failures", s.failures},
                   {"skipped_stale", s.skipped_stale},
                   {"skipped_overlap", s.skipped_overlap},
                   {"missed", s.missed},
                   {"running", s.running},
                   {"running_slot", TimeOrNull(s.running_slot)}};
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    if (!f) return Unavailable(tmp + ": cannot write the state file");
    f << root.dump(2) << '\n';
    f.flush();
    if (!f) return Unavailable(tmp + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Unavailable(path + ": cannot replace the state file: " + ec.message());
  return Status::Ok();
}

}  // namespace tradelet::schedule
