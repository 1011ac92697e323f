#include "tradelet/backtest/sweep_shard.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tradelet {
namespace {

constexpr char kFormat[] = "tradelet-sweep-shard/1";
constexpr int kMaxShards = 100000;

Result<int> ParseCount(std::string_view text, std::string_view what) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InvalidArgument("--shard: " + std::string(what) + " '" + std::string(text) +
                           "' is not a whole number");
  }
  return v;
}

// JSON has no NaN or infinities; keep them as strings so a merge ranks exactly as one machine.
nlohmann::json Num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

Result<double> NumOf(const nlohmann::json& j, const std::string& where) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
  }
  return InvalidArgument(where + ": not a number");
}

constexpr const char* kMetrics[] = {"total_return", "cagr",         "sharpe",        "sortino",
                                    "max_drawdown", "calmar",       "profit_factor", "sqn",
                                    "win_rate",     "final_equity", "metric"};

double* Field(SweepRow& r, int k) {
  double* f[] = {&r.total_return, &r.cagr,         &r.sharpe,        &r.sortino,
                 &r.max_drawdown, &r.calmar,       &r.profit_factor, &r.sqn,
                 &r.win_rate,     &r.final_equity, &r.metric};
  return f[k];
}

nlohmann::json AxesJson(const std::vector<GridAxis>& axes) {
  nlohmann::json a = nlohmann::json::array();
  for (const GridAxis& x : axes) a.push_back({{"key", x.key}, {"labels", x.labels}});
  return a;
}

struct Shard {
  std::string dir;
  int index = 0, count = 0;
  size_t combinations = 0;
  std::string rank_by;
  nlohmann::json axes;
  double seconds = 0;
  int threads = 0;
  std::vector<SweepRow> rows;
};

Result<Shard> ReadShard(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "shard.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot read (is " + dir + " a sweep --shard output folder?)");
  std::stringstream buf;
  buf << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(buf.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument(path + ": not valid JSON");
  if (j.value("format", "") != kFormat) {
    return InvalidArgument(path + ": format is not " + std::string(kFormat));
  }
  Shard s;
  s.dir = dir;
  try {
    s.index = j.at("shard").get<int>();
    s.count = j.at("shards").get<int>();
    s.combinations = j.at("combinations").get<size_t>();
    s.rank_by = j.at("rank_by").get<std::string>();
    s.axes = j.at("axes");
    s.seconds = j.value("seconds", 0.0);
    s.threads = j.value("threads", 0);
    if (s.count < 1 || s.count > kMaxShards || s.index < 0 || s.index >= s.count) {
      return InvalidArgument(path + ": shard " + std::to_string(s.index) + "/" +
                             std::to_string(s.count) + " is out of range");
    }
    const auto& rows = j.at("rows");
    if (!rows.is_array()) return InvalidArgument(path + ": rows: not an array");
    for (size_t n = 0; n < rows.size(); ++n) {
      const auto& e = rows[n];
      const std::string where = path + ": rows[" + std::to_string(n) + "]";
      SweepRow r;
      r.combination = e.at("combination").get<size_t>();
      if (r.combination >= s.combinations ||
          r.combination % static_cast<size_t>(s.count) != static_cast<size_t>(s.index)) {
        return InvalidArgument(where + ": combination " + std::to_string(r.combination) +
                               " does not belong to shard " + std::to_string(s.index) + "/" +
                               std::to_string(s.count));
      }
      r.params = e.at("params").get<std::vector<std::string>>();
      if (e.contains("error")) {
        r.status = Status(static_cast<StatusCode>(e.at("error").at("code").get<int>()),
                          e.at("error").at("message").get<std::string>());
      } else {
        for (int k = 0; k < static_cast<int>(std::size(kMetrics)); ++k) {
          TL_ASSIGN_OR_RETURN(*Field(r, k), NumOf(e.at(kMetrics[k]), where + "." + kMetrics[k]));
        }
        r.trades = e.at("trades").get<int64_t>();
      }
      s.rows.push_back(std::move(r));
    }
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(path + ": " + e.what());
  }
  return s;
}

}  // namespace

Result<std::pair<int, int>> ParseShardSpec(
    std::string_view spec, const std::function<std::optional<std::string>(const char*)>& getenv) {
  const size_t slash = spec.find('/');
  if (slash == std::string_view::npos) {
    return InvalidArgument("--shard '" + std::string(spec) + "': want K/N or auto/N");
  }
  TL_ASSIGN_OR_RETURN(const int n, ParseCount(spec.substr(slash + 1), "N"));
  if (n < 1 || n > kMaxShards) {
    return InvalidArgument("--shard: N must be in [1, " + std::to_string(kMaxShards) + "]");
  }
  std::string k_text(spec.substr(0, slash));
  std::string source = "K";
  if (k_text == "auto") {
    std::optional<std::string> v;
    for (const char* var : {"AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"}) {
      if ((v = getenv(var))) {
        source = var;
        break;
      }
    }
    if (!v) {
      return InvalidArgument(
          "--shard auto/N: neither AWS_BATCH_JOB_ARRAY_INDEX nor JOB_COMPLETION_INDEX is set");
    }
    k_text = *v;
  }
  TL_ASSIGN_OR_RETURN(const int k, ParseCount(k_text, source));
  if (k < 0 || k >= n) {
    return InvalidArgument("--shard: " + source + " = " + std::to_string(k) + " is outside [0, " +
                           std::to_string(n) + ")");
  }
  return std::make_pair(k, n);
}

Status WriteSweepShard(const SweepResult& r, const SweepOptions& o, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable(dir + ": cannot create directory: " + ec.message());
  nlohmann::json j;
  j["format"] = kFormat;
  j["shard"] = r.shard_index;
  j["shards"] = r.shard_count;
  j["combinations"] = r.combinations;
  j["rank_by"] = o.rank_by;
  j["axes"] = AxesJson(r.axes);
  j["seconds"] = r.seconds;
  j["threads"] = r.threads;
  nlohmann::json rows = nlohmann::json::array();
  for (const SweepRow& row : r.rows) {
    nlohmann::json e{{"combination", row.combination}, {"params", row.params}};
    if (!row.status.ok()) {
      e["error"] = {{"code", static_cast<int>(row.status.code())},
                    {"message", row.status.message()}};
    } else {
      SweepRow copy = row;
      for (int k = 0; k < static_cast<int>(std::size(kMetrics)); ++k) {
        e[kMetrics[k]] = Num(*Field(copy, k));
      }
      e["trades"] = row.trades;
    }
    rows.push_back(std::move(e));
  }
  j["rows"] = std::move(rows);
  const auto path = std::filesystem::path(dir) / "shard.json";
  std::ofstream out(path);
  out << j.dump(1) << "\n";
  if (!out) return DataLoss(path.string() + ": write failed");
  return Status::Ok();
}

Result<SweepResult> MergeSweepShards(const std::vector<std::string>& dirs, SweepOptions* options) {
  if (dirs.empty()) return InvalidArgument("sweep merge: no shard folders given");
  std::map<int, Shard> by_index;
  const Shard* first = nullptr;
  for (const std::string& d : dirs) {
    TL_ASSIGN_OR_RETURN(Shard s, ReadShard(d));
    if (first) {
      if (s.count != first->count || s.combinations != first->combinations ||
          s.rank_by != first->rank_by || s.axes != first->axes) {
        return InvalidArgument("sweep merge: " + d + " is shard " + std::to_string(s.index) + "/" +
                               std::to_string(s.count) + " of another grid than " + first->dir +
                               " (axes, rank_by or shard count differ)");
      }
    }
    const int index = s.index;
    auto [it, fresh] = by_index.emplace(index, std::move(s));
    if (!fresh) {
      return InvalidArgument("sweep merge: shard " + std::to_string(index) + " given twice (" +
                             it->second.dir + " and " + d + ")");
    }
    if (!first) first = &it->second;
  }
  std::string missing;
  for (int k = 0; k < first->count; ++k) {
    if (!by_index.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!missing.empty()) {
    return InvalidArgument("sweep merge: missing shard(s) " + missing + " of " +
                           std::to_string(first->count));
  }
  SweepResult out;
  out.combinations = first->combinations;
  for (const auto& a : first->axes) {
    GridAxis x;
    x.key = a.at("key").get<std::string>();
    x.labels = a.at("labels").get<std::vector<std::string>>();
    out.axes.push_back(std::move(x));
  }
  out.threads = 0;
  std::vector<bool> seen(out.combinations, false);
  for (auto& [k, s] : by_index) {
    out.seconds += s.seconds;
    out.threads += s.threads;
    for (SweepRow& r : s.rows) {
      if (seen[r.combination]) {
        return InvalidArgument("sweep merge: combination " + std::to_string(r.combination) +
                               " appears twice in " + s.dir);
      }
      seen[r.combination] = true;
      out.rows.push_back(std::move(r));
    }
  }
  for (size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) {
      return InvalidArgument("sweep merge: combination " + std::to_string(i) + " of shard " +
                             std::to_string(i % first->count) + " is missing (" +
                             by_index.at(static_cast<int>(i % first->count)).dir +
                             "/shard.json is incomplete)");
    }
  }
  RankSweepRows(out.rows);
  options->rank_by = first->rank_by;
  options->walk_forward = false;
  return out;
}

}  // namespace tradelet
