#include "tradelet/lambda/sweep_handler.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/backtest/sweep.h"
#include "tradelet/backtest/sweep_shard.h"
#include "tradelet/base/log.h"

namespace tradelet::lambda {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

// A TOML document from the event: a path (relative = under the task root) or inline text.
struct TomlSource {
  toml::table table;
  std::string base_dir;  // where the document's relative paths resolve
  std::string name;      // for messages
};

std::string UnderRoot(const std::string& root, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (fs::path(root) / path).lexically_normal().string();
}

Result<TomlSource> ReadToml(const json& event, const std::string& key, const std::string& root) {
  const std::string inline_key = key + "_toml";
  const bool has_path = event.contains(key), has_text = event.contains(inline_key);
  if (has_path == has_text) {
    return InvalidArgument("event: give exactly one of $." + key + " (a path) and $." + inline_key +
                           " (the TOML text)");
  }
  const json& v = has_path ? event.at(key) : event.at(inline_key);
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
    return InvalidArgument("event: $." + (has_path ? key : inline_key) +
                           ": expected a non-empty string");
  }
  TomlSource src;
  if (has_path) {
    src.name = UnderRoot(root, v.get<std::string>());
    TL_ASSIGN_OR_RETURN(src.table, ReadTomlFile(src.name));
    const std::string parent = fs::path(src.name).parent_path().string();
    src.base_dir = parent.empty() ? "." : parent;
    return src;
  }
  src.name = "event $." + inline_key;
  src.base_dir = root;
  try {
    src.table = toml::parse(v.get<std::string>(), src.name);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(src.name + ":" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) + ": " +
                           std::string(e.description()));
  }
  return src;
}

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Internal(path + ": cannot read the shard just written");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

bool IsSweepEvent(const std::string& payload) {
  const json j = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return false;
  auto it = j.find("mode");
  return it != j.end() && it->is_string() && it->get<std::string>() == "sweep";
}

SweepHandler::SweepHandler(std::string task_root, std::string scratch_dir)
    : task_root_(std::move(task_root)), scratch_dir_(std::move(scratch_dir)) {}

Result<std::string> SweepHandler::Handle(const Invocation& invocation) {
  const json event = json::parse(invocation.payload, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) {
    return InvalidArgument("event: not a JSON object");
  }
  if (!event.contains("shard") || !event.at("shard").is_string()) {
    return InvalidArgument("event: $.shard: expected \"K/N\" (e.g. \"3/100\")");
  }
  // No environment fallback: auto/N belongs to array jobs, a Lambda event names its shard.
  auto kn = ParseShardSpec(event.at("shard").get<std::string>(),
                           [](const char*) -> std::optional<std::string> { return std::nullopt; });
  if (!kn.ok()) return kn.status().WithContext("event: $.shard");
  std::string data_dir;
  if (event.contains("data")) {
    if (!event.at("data").is_string()) return InvalidArgument("event: $.data: expected a path");
    data_dir = UnderRoot(task_root_, event.at("data").get<std::string>());
  }
  TL_ASSIGN_OR_RETURN(TomlSource config, ReadToml(event, "config", task_root_));
  TL_ASSIGN_OR_RETURN(TomlSource grid, ReadToml(event, "grid", task_root_));
  auto axes = ParseGrid(grid.table);
  if (!axes.ok()) return axes.status().WithContext(grid.name);
  auto options = ParseSweepOptions(grid.table);
  if (!options.ok()) return options.status().WithContext(grid.name);
  if (event.contains("threads")) {
    if (!event.at("threads").is_number_integer() || event.at("threads").get<int>() < 0) {
      return InvalidArgument("event: $.threads: expected an integer >= 0");
    }
    options->threads = event.at("threads").get<int>();
  }
  options->shard_index = kn->first;
  options->shard_count = kn->second;
  auto bt = ParseBacktestConfig(config.table, config.base_dir);
  if (!bt.ok()) return bt.status().WithContext(config.name);
  // Kept in its Result: the series pointers in `all` point into it.
  auto data = LoadBacktestData(*bt, data_dir);
  if (!data.ok()) return data.status();
  TL_ASSIGN_OR_RETURN(SweepResult result,
                      RunSweep(config.table, config.base_dir, *axes, *options, data->all));
  // The shard file is the response: written by the code `sweep --shard` uses, then read back.
  const std::string dir =
      (fs::path(scratch_dir_) /
       ("tradelet-sweep-" + std::to_string(::getpid()) + "-" + invocation.request_id))
          .string();
  Status written = WriteSweepShard(result, *options, dir);
  Result<std::string> body =
      written.ok() ? Slurp(dir + "/shard.json") : Result<std::string>(written);
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!body.ok()) return body.status();
  TL_LOG(kInfo, "sweep shard done")
      .Field("request_id", invocation.request_id)
      .Field("shard", std::to_string(kn->first) + "/" + std::to_string(kn->second))
      .Field("rows", static_cast<int64_t>(result.rows.size()))
      .Field("threads", result.threads)
      .Field("seconds", result.seconds);
  return body;
}

SweepModeRouter::SweepModeRouter(Handler* fallback, std::string task_root, std::string scratch_dir)
    : fallback_(fallback), sweep_(std::move(task_root), std::move(scratch_dir)) {}

Result<std::string> SweepModeRouter::Handle(const Invocation& invocation) {
  if (IsSweepEvent(invocation.payload)) return sweep_.Handle(invocation);
  return fallback_->Handle(invocation);
}

}  // namespace tradelet::lambda
