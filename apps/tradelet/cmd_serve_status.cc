// tradelet serve status: what the fleet scheduler last did and will do next, per strategy,
// from the fleet file and its state file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/base/clock.h"
#include "tradelet/schedule/nyse_session_calendar.h"
#include "tradelet/schedule/scheduler.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] = "usage: tradelet serve status --fleet F.toml [--json]";

int Run(int argc, char** argv) {
  CLI::App app{kUsage, "serve status"};
  std::string fleet_path;
  bool json = false;
  app.add_option("--fleet", fleet_path, "fleet file (TOML)")->required();
  app.add_flag("--json", json, "print the state file as JSON");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  Result<schedule::FleetConfig> fleet = schedule::LoadFleetConfig(fleet_path);
  if (!fleet.ok()) return ReportStatus("serve status", fleet.status());
  Result<std::vector<schedule::StrategyState>> saved = schedule::LoadState(fleet->state_file);
  if (!saved.ok()) return ReportStatus("serve status", saved.status());
  if (json) {
    std::ifstream f(fleet->state_file);
    if (!f) {
      std::printf("{\"strategies\":{}}\n");
      return kExitOk;
    }
    std::cout << f.rdbuf();
    return kExitOk;
  }
  std::map<std::string, schedule::StrategyState> by_name;
  for (auto& s : *saved) by_name[s.name] = s;
  const Timestamp now = RealClock::Get().Now();
  std::printf("state file: %s\n", fleet->state_file.c_str());
  for (const schedule::StrategySpec& spec : fleet->strategies) {
    const auto it = by_name.find(spec.name);
    const schedule::StrategyState* st = it == by_name.end() ? nullptr : &it->second;
    schedule::CalendarFilter filter{&schedule::NyseSessionCalendar::Get(), spec.skip_holidays,
                                    spec.stop_at_early_close};
    const schedule::Trigger trigger(*spec.schedule, spec.zone, filter);
    // The saved next slot, unless it has passed (the scheduler is not running): then the
    // next one from now.
    std::optional<Timestamp> next = st ? st->next_slot : std::nullopt;
    if (!next || *next < now) next = trigger.Next(now);
    auto fmt = [&](const std::optional<Timestamp>& t) {
      return t ? FormatTimestamp(*t, spec.zone) : std::string("-");
    };
    std::printf("\n%s%s\n  schedule     %s (%s)\n", spec.name.c_str(),
                spec.enabled ? "" : " (disabled)", spec.schedule->text().c_str(),
                spec.zone.name().c_str());
    if (st == nullptr) {
      std::printf("  last run     never\n");
    } else {
      std::printf("  last run     %s, started %s\n  last result  %s%s\n",
                  fmt(st->last_slot).c_str(), fmt(st->last_start).c_str(),
                  st->last_result.empty() ? "-" : st->last_result.c_str(),
                  st->running ? " (running now)" : "");
      std::printf(
          "  counts       %lld runs, %lld failed, %lld stale, %lld overlapping, %lld missed\n",
          static_cast<long long>(st->runs), static_cast<long long>(st->failures),
          static_cast<long long>(st->skipped_stale), static_cast<long long>(st->skipped_overlap),
          static_cast<long long>(st->missed));
    }
    std::printf("  next run     %s\n", fmt(next).c_str());
  }
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("serve status", "last and next run of every strategy in a fleet", Run);

}  // namespace tradelet::cli
