// tradelet serve: runs every strategy of a fleet on its schedule, each run in its own child
// process (docs/scheduling.md). SIGTERM or SIGINT stops it cleanly: no new runs, running
// children get SIGTERM and the fleet's shutdown_grace to finish, then SIGKILL; state is saved.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/base/clock.h"
#include "tradelet/base/log.h"
#include "tradelet/live/live_check.h"
#include "tradelet/schedule/nyse_session_calendar.h"
#include "tradelet/schedule/scheduler.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet serve --fleet F.toml [--until T] [--poll D]\n"
    "       tradelet serve status --fleet F.toml [--json]";

schedule::FleetScheduler* g_scheduler = nullptr;

extern "C" void OnStopSignal(int) {
  if (g_scheduler != nullptr) g_scheduler->RequestStop();
}

std::string SelfExe() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, n) : std::string("tradelet");
}

int Run(int argc, char** argv) {
  CLI::App app{kUsage, "serve"};
  std::string fleet_path, until_text, poll_text = "1s";
  app.add_option("--fleet", fleet_path, "fleet file (TOML), see examples/fleet.toml")->required();
  app.add_option("--until", until_text,
                 "stop at this instant (ISO 8601); default: run until SIGTERM");
  app.add_option("--poll", poll_text, "how often running children are checked (default 1s)");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  Result<schedule::FleetConfig> fleet = schedule::LoadFleetConfig(fleet_path);
  if (!fleet.ok()) return ReportStatus("serve", fleet.status());
  if (fleet->tradelet.empty()) fleet->tradelet = SelfExe();
  // Every live entry's config is checked now, not at its first slot (exit 3, naming the key).
  for (const auto& spec : fleet->strategies) {
    const bool runs_live =
        spec.command.size() > 1 && spec.command[0] == "{tradelet}" && spec.command[1] == "run";
    if (!spec.enabled || !runs_live) continue;
    auto checked = live::CheckLiveConfigFile(spec.config, live::LiveTarget::kServe);
    if (!checked.ok()) {
      return ReportStatus("serve", checked.status().WithContext("strategy '" + spec.name + "'"));
    }
  }
  Timestamp until = Timestamp::Max();
  if (!until_text.empty()) {
    Result<Timestamp> u = ParseTimestamp(until_text);
    if (!u.ok()) return ReportStatus("serve", u.status().WithContext("--until"));
    until = *u;
  }
  Result<Duration> poll = ParseDuration(poll_text);
  if (!poll.ok() || poll->count() <= 0) {
    return ReportStatus("serve",
                        InvalidArgument("--poll: '" + poll_text + "' is not a positive duration"));
  }
  // One scheduler per fleet: a second one would start every run twice.
  const std::filesystem::path state_dir = std::filesystem::path(fleet->state_file).parent_path();
  std::error_code ec;
  if (!state_dir.empty()) std::filesystem::create_directories(state_dir, ec);
  const std::string lock_path = fleet->state_file + ".lock";
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    return ReportStatus(
        "serve",
        FailedPrecondition(lock_path + ": another tradelet serve is "
                                       "running this fleet (or the lock cannot be created)"));
  }
  schedule::ForkExecLauncher launcher;
  schedule::FleetScheduler scheduler(*fleet, RealClock::Get(), launcher,
                                     &schedule::NyseSessionCalendar::Get());
  const Status started = scheduler.Start();
  if (!started.ok()) return ReportStatus("serve", started);
  g_scheduler = &scheduler;
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
  scheduler.Run(until, *poll);
  g_scheduler = nullptr;
  ::close(lock_fd);
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("serve", "run a fleet of strategies on their schedules", Run);

}  // namespace tradelet::cli
