// The fleet file: which strategies `tradelet serve` runs, on which schedule, with which limits.
// Format and every default: docs/scheduling.md ("Fleet file"); example: examples/fleet.toml.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/schedule/expression.h"

namespace tradelet::schedule {

struct StrategySpec {
  std::string name;    // [A-Za-z0-9_.-]+, unique; names the log and state entries
  std::string config;  // strategy config path, resolved against the fleet file's folder
  std::optional<Schedule> schedule;  // always set after a successful load
  TimeZone zone = TimeZone::Utc();
  bool skip_holidays = false;
  bool stop_at_early_close = false;
  Duration timeout = minutes(10);             // SIGTERM after this long
  Duration kill_grace = seconds(10);          // then SIGKILL after this much more
  int64_t memory_limit_bytes = 2048LL << 20;  // RLIMIT_AS; 0 = no limit
  Duration max_lateness = minutes(2);         // a slot later than this is skipped as stale
  // argv template; {tradelet}, {config}, {slot} (ISO 8601 UTC), {name} are substituted.
  std::vector<std::string> command = {"{tradelet}", "run",  "--config",
                                      "{config}",   "--at", "{slot}"};
  bool enabled = true;
};

struct FleetConfig {
  std::string path;                       // the fleet file as given
  std::string state_file;                 // default: <fleet file without .toml>.state.json
  std::string log_dir;                    // default: <fleet folder>/logs
  std::string tradelet;                   // {tradelet}; default: the running executable
  Duration shutdown_grace = seconds(30);  // how long SIGTERM'd children get on shutdown
  std::vector<StrategySpec> strategies;
};

// Parses fleet TOML. `path` names the file in errors ("fleet.toml:12: strategy 'x': ...") and
// anchors relative paths. INVALID_ARGUMENT for any bad field, naming it.
Result<FleetConfig> ParseFleetConfig(std::string_view toml_text, std::string_view path);
Result<FleetConfig> LoadFleetConfig(std::string_view path);

// "512MiB", "2GiB", "100MB", "1048576" (bytes), "0" (no limit).
Result<int64_t> ParseByteSize(std::string_view text);

}  // namespace tradelet::schedule
