#include "tradelet/schedule/fleet_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace tradelet::schedule {
namespace {

namespace fs = std::filesystem;

std::string Where(std::string_view path, const toml::node* n) {
  std::string s(path);
  if (n != nullptr && n->source().begin.line > 0) {
    s += ':';
    s += std::to_string(n->source().begin.line);
  }
  return s;
}

std::string Resolve(const fs::path& base, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (base / p).lexically_normal().string();
}

// Reads the settings shared by [defaults] and [[strategy]] into `s`. `ctx` prefixes errors.
Status ReadStrategyFields(const toml::table& t, std::string_view path, const std::string& ctx,
                          StrategySpec* s) {
  static const std::set<std::string> kKnown = {
      "name",         "config",        "schedule",
      "timezone",     "skip_holidays", "stop_at_early_close",
      "timeout",      "kill_grace",    "memory_limit",
      "max_lateness", "command",       "enabled"};
  for (const auto& [k, v] : t) {
    if (!kKnown.count(std::string(k.str()))) {
      return InvalidArgument(Where(path, &v) + ": " + ctx + "unknown key '" + std::string(k.str()) +
                             "'");
    }
  }
  auto err = [&](const char* key, const std::string& what) {
    return InvalidArgument(Where(path, t.get(key)) + ": " + ctx + key + ": " + what);
  };
  auto str = [&](const char* key, std::string* out) -> Status {
    const toml::node* n = t.get(key);
    if (n == nullptr) return Status::Ok();
    if (!n->is_string()) return err(key, "must be a string");
    *out = n->as_string()->get();
    return Status::Ok();
  };
  auto boolean = [&](const char* key, bool* out) -> Status {
    const toml::node* n = t.get(key);
    if (n == nullptr) return Status::Ok();
    if (!n->is_boolean()) return err(key, "must be true or false");
    *out = n->as_boolean()->get();
    return Status::Ok();
  };
  auto duration = [&](const char* key, Duration* out) -> Status {
    std::string text;
    TL_RETURN_IF_ERROR(str(key, &text));
    if (text.empty()) return Status::Ok();
    Result<Duration> d = ParseDuration(text);
    if (!d.ok()) return err(key, d.status().message());
    if (d->count() < 0) return err(key, "must not be negative");
    *out = *d;
    return Status::Ok();
  };
  TL_RETURN_IF_ERROR(str("config", &s->config));
  std::string sched, tz, mem;
  TL_RETURN_IF_ERROR(str("schedule", &sched));
  if (!sched.empty()) {
    Result<Schedule> p = Schedule::Parse(sched);
    if (!p.ok()) return err("schedule", p.status().message());
    s->schedule = std::move(p).value();
  }
  TL_RETURN_IF_ERROR(str("timezone", &tz));
  if (!tz.empty()) {
    Result<TimeZone> z = TimeZone::Load(tz);
    if (!z.ok()) return err("timezone", z.status().message());
    s->zone = *z;
  }
  TL_RETURN_IF_ERROR(boolean("skip_holidays", &s->skip_holidays));
  TL_RETURN_IF_ERROR(boolean("stop_at_early_close", &s->stop_at_early_close));
  TL_RETURN_IF_ERROR(boolean("enabled", &s->enabled));
  TL_RETURN_IF_ERROR(duration("timeout", &s->timeout));
  TL_RETURN_IF_ERROR(duration("kill_grace", &s->kill_grace));
  TL_RETURN_IF_ERROR(duration("max_lateness", &s->max_lateness));
  if (const toml::node* n = t.get("memory_limit")) {
    if (n->is_integer()) {
      mem = std::to_string(n->as_integer()->get());
    } else {
      TL_RETURN_IF_ERROR(str("memory_limit", &mem));
    }
    Result<int64_t> b = ParseByteSize(mem);
    if (!b.ok()) return err("memory_limit", b.status().message());
    s->memory_limit_bytes = *b;
  }
  if (const toml::node* n = t.get("command")) {
    const toml::array* a = n->as_array();
    if (a == nullptr || a->empty()) return err("command", "must be a non-empty array of strings");
    s->command.clear();
    for (const toml::node& e : *a) {
      if (!e.is_string()) return err("command", "must be a non-empty array of strings");
      s->command.push_back(e.as_string()->get());
    }
  }
  return Status::Ok();
}

// 'text' (built by appending: GCC 12 warns falsely on "'" + std::string).
std::string Quoted(std::string_view text) {
  std::string q;
  q += '\'';
  q.append(text);
  q += '\'';
  return q;
}

bool ValidName(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return false;
    }
  }
  return n != "." && n != "..";
}

}  // namespace

Result<int64_t> ParseByteSize(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || v < 0) {
    return InvalidArgument(Quoted(text) + " is not a size like 512MiB or 2GiB");
  }
  std::string unit(p, text.data() + text.size());
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int64_t mul = 0;
  if (unit.empty() || unit == "b") mul = 1;
  if (unit == "k" || unit == "kib" || unit == "kb") mul = unit == "kb" ? 1000 : 1024;
  if (unit == "m" || unit == "mib" || unit == "mb") mul = unit == "mb" ? 1000'000 : 1 << 20;
  if (unit == "g" || unit == "gib" || unit == "gb") mul = unit == "gb" ? 1000'000'000 : 1LL << 30;
  if (mul == 0) {
    return InvalidArgument(Quoted(text) + ": unit must be B, KiB, MiB, GiB (or KB, MB, GB)");
  }
  if (v > (int64_t{1} << 50) / mul) return InvalidArgument(Quoted(text) + " is too large");
  return v * mul;
}

Result<FleetConfig> ParseFleetConfig(std::string_view text, std::string_view path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(std::string(path) + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  const fs::path base = fs::path(path).parent_path();
  FleetConfig fleet;
  fleet.path = std::string(path);
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    if (key != "fleet" && key != "defaults" && key != "strategy") {
      return InvalidArgument(Where(path, &v) + ": unknown table '" + key +
                             "' (expected [fleet], [defaults], [[strategy]])");
    }
  }
  if (const toml::table* f = root["fleet"].as_table()) {
    for (const auto& [k, v] : *f) {
      const std::string key(k.str());
      if (key == "state_file" || key == "log_dir" || key == "tradelet") {
        if (!v.is_string())
          return InvalidArgument(Where(path, &v) + ": fleet." + key + ": must be a string");
        const std::string s = Resolve(base, v.as_string()->get());
        (key == "state_file" ? fleet.state_file
         : key == "log_dir"  ? fleet.log_dir
                             : fleet.tradelet) = s;
      } else if (key == "shutdown_grace") {
        Result<Duration> d =
            v.is_string() ? ParseDuration(v.as_string()->get())
                          : Result<Duration>(InvalidArgument("must be a string like \"30s\""));
        if (!d.ok())
          return InvalidArgument(Where(path, &v) +
                                 ": fleet.shutdown_grace: " + d.status().message());
        fleet.shutdown_grace = *d;
      } else {
        return InvalidArgument(Where(path, &v) + ": fleet: unknown key '" + key + "'");
      }
    }
  }
  StrategySpec defaults;
  if (const toml::table* d = root["defaults"].as_table()) {
    for (const char* k : {"name", "config", "schedule", "command"}) {
      if (d->contains(k)) {
        return InvalidArgument(Where(path, d->get(k)) + ": defaults: '" + k + "' is per strategy");
      }
    }
    TL_RETURN_IF_ERROR(ReadStrategyFields(*d, path, "defaults: ", &defaults));
  }
  const toml::array* list = root["strategy"].as_array();
  if (list == nullptr || list->empty()) {
    return InvalidArgument(std::string(path) + ": no [[strategy]] entries");
  }
  std::set<std::string> names;
  for (const toml::node& n : *list) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return InvalidArgument(Where(path, &n) + ": [[strategy]] must be a table");
    StrategySpec s = defaults;
    s.schedule.reset();
    const toml::node* name = t->get("name");
    if (name == nullptr || !name->is_string() || !ValidName(name->as_string()->get())) {
      return InvalidArgument(Where(path, name ? name : &n) +
                             ": strategy: name: required, letters, digits, '_', '-', '.'");
    }
    s.name = name->as_string()->get();
    if (!names.insert(s.name).second) {
      return InvalidArgument(Where(path, name) + ": strategy '" + s.name + "': duplicate name");
    }
    TL_RETURN_IF_ERROR(ReadStrategyFields(*t, path, "strategy '" + s.name + "': ", &s));
    if (!s.schedule) {
      return InvalidArgument(Where(path, &n) + ": strategy '" + s.name + "': schedule: required");
    }
    const bool uses_config =
        std::any_of(s.command.begin(), s.command.end(),
                    [](const std::string& a) { return a.find("{config}") != std::string::npos; });
    if (uses_config && s.config.empty()) {
      return InvalidArgument(Where(path, &n) + ": strategy '" + s.name +
                             "': config: required by the command");
    }
    s.config = Resolve(base, s.config);
    if (s.timeout.count() <= 0) {
      return InvalidArgument(Where(path, t->get("timeout")) + ": strategy '" + s.name +
                             "': timeout: must be positive");
    }
    fleet.strategies.push_back(std::move(s));
  }
  if (fleet.state_file.empty()) {
    fs::path p(path);
    fleet.state_file = (base / (p.stem().string() + ".state.json")).string();
  }
  if (fleet.log_dir.empty()) fleet.log_dir = (base / "logs").string();
  return fleet;
}

Result<FleetConfig> LoadFleetConfig(std::string_view path) {
  std::error_code ec;
  if (std::filesystem::is_directory(std::filesystem::path(path), ec)) {
    return InvalidArgument(std::string(path) + ": is a directory, not a fleet file");
  }
  std::ifstream f{std::string(path)};
  if (!f) return NotFound(std::string(path) + ": cannot open the fleet file");
  std::stringstream ss;
  ss << f.rdbuf();
  return ParseFleetConfig(ss.str(), path);
}

}  // namespace tradelet::schedule
