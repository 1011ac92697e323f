// The fleet scheduler with real child processes (fork/exec, process groups, RLIMIT_AS, SIGTERM
// then SIGKILL) on a clock that runs 60 times faster than real time, so a minute-level
// schedule plays out in seconds: one strategy that succeeds, and four that crash, hang, leak
// memory and exit non-zero. The good one must keep its schedule; the others must be contained
// and reported.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "fast_clock.h"
#include "tradelet/base/log.h"
#include "tradelet/schedule/scheduler.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::schedule {
namespace {

std::string Fleet(const std::string& child, const std::string& dir) {
  auto strategy = [&](const char* name, const char* args, const char* extra) {
    return std::string("[[strategy]]\nname = \"") + name + "\"\nschedule = \"* * * * *\"\n" +
           "command = [\"" + child + "\", " + args + "]\n" + extra + "\n";
  };
  return "[fleet]\nstate_file = \"" + dir + "/state.json\"\nlog_dir = \"" + dir +
         "/logs\"\nshutdown_grace = \"30s\"\n"
         "[defaults]\ntimeout = \"3m\"\nkill_grace = \"30s\"\nmax_lateness = \"30s\"\n"
         "memory_limit = \"256MiB\"\n" +
         strategy("good", "\"ok\", \"{slot}\"", "") + strategy("crash", "\"crash\"", "") +
         strategy("hang", "\"hang\"", "") +
         strategy("leak", "\"leak\"", "memory_limit = \"64MiB\"") +
         strategy("exit7", "\"exit\", \"7\"", "") +
         // Only started near the end, to be stopped by the shutdown.
         "[[strategy]]\nname = \"journal\"\nschedule = \"cron(9 10 * * ? *)\"\ncommand = [\"" +
         child + "\", \"journal\", \"" + dir + "/journal.txt\"]\ntimeout = \"1h\"\n";
}

TEST(FleetProcessTest, RealChildrenAreContainedAndReported) {
  const std::string dir = tradelet::testing::TempDir() + "/fleet_process";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Result<FleetConfig> fleet =
      ParseFleetConfig(Fleet(SCHEDULE_TEST_CHILD, dir), dir + "/fleet.toml");
  ASSERT_TRUE(fleet.ok()) << fleet.status().ToString();
  Logger::SetLevel(LogLevel::kOff);
  // Start just before 10:00:00 so ten whole minutes play out (10 real seconds).
  FastClock clock(ParseTimestamp("2026-01-05T09:59:58Z").value());
  ForkExecLauncher launcher;
  FleetScheduler s(*fleet, clock, launcher, nullptr);
  std::vector<SchedulerEvent> events;
  s.set_event_listener([&](const SchedulerEvent& e) { events.push_back(e); });
  ASSERT_TRUE(s.Start().ok());
  s.Run(ParseTimestamp("2026-01-05T10:09:40Z").value(), seconds(3));  // poll every 50 ms real
  Logger::SetLevel(LogLevel::kInfo);

  std::map<std::string, StrategyState> st;
  for (const StrategyState& x : s.states()) st[x.name] = x;
  // The good strategy ran every minute 10:00..10:09, on time, and all succeeded.
  EXPECT_EQ(st["good"].runs, 10);
  EXPECT_EQ(st["good"].failures, 0);
  EXPECT_EQ(st["good"].last_result.rfind("exit 0", 0), 0u) << st["good"].last_result;
  EXPECT_EQ(st["good"].skipped_overlap + st["good"].skipped_stale + st["good"].missed, 0);
  Duration worst_delay{0};
  for (const SchedulerEvent& e : events) {
    if (e.kind == SchedulerEvent::Kind::kStarted && e.strategy == "good") {
      worst_delay = std::max(worst_delay, e.at - e.slot);
    }
  }
  // A neighbour that blocked the scheduler would delay it by at least the 3-minute timeout;
  // 30 simulated seconds (half a real second) leaves room for a loaded machine.
  EXPECT_LT(worst_delay, seconds(30)) << "good strategy started late";

  EXPECT_EQ(st["crash"].failures, st["crash"].runs);
  EXPECT_EQ(st["crash"].last_result.rfind("signal 11 (SIGSEGV)", 0), 0u) << st["crash"].last_result;
  EXPECT_GE(st["crash"].runs, 9);

  // hang: SIGTERM ignored, SIGKILL after the grace; its own later slots overlap and are skipped.
  int hang_timeouts = 0;
  std::string hang_events;
  for (const SchedulerEvent& e : events) {
    if (e.strategy != "hang") continue;
    hang_events += FormatTimestamp(e.at) + " " + e.detail + "\n";
    hang_timeouts += e.kind == SchedulerEvent::Kind::kFinished &&
                     e.detail.rfind("timeout after 3m (signal 9 (SIGKILL))", 0) == 0;
  }
  EXPECT_GE(hang_timeouts, 2) << hang_events;
  EXPECT_EQ(st["hang"].failures, st["hang"].runs);
  EXPECT_GE(st["hang"].runs, 2);
  EXPECT_GE(st["hang"].skipped_overlap, 4);

  // leak: the allocation fails at the 64 MiB address-space limit; the child aborts.
  EXPECT_EQ(st["leak"].failures, st["leak"].runs);
  EXPECT_EQ(st["leak"].last_result.rfind("signal 6 (SIGABRT)", 0), 0u) << st["leak"].last_result;
  EXPECT_GE(st["leak"].runs, 9);

  EXPECT_EQ(st["exit7"].last_result.rfind("exit 7", 0), 0u);
  EXPECT_EQ(st["exit7"].failures, st["exit7"].runs);

  // Shutdown: the journal child got SIGTERM, flushed its journal, and exited 0.
  EXPECT_EQ(st["journal"].last_result.rfind("stopped by shutdown (exit 0)", 0), 0u)
      << st["journal"].last_result;
  std::ifstream journal(dir + "/journal.txt");
  std::string flushed;
  std::getline(journal, flushed);
  EXPECT_EQ(flushed, "flushed");

  // The state file and every per-strategy log are machine-readable.
  Result<std::vector<StrategyState>> saved = LoadState(dir + "/state.json");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->size(), 6u);
  for (const char* name : {"good", "crash", "hang", "leak", "exit7", "journal"}) {
    std::ifstream log(dir + "/logs/" + name + ".jsonl");
    std::string line;
    int n = 0;
    while (std::getline(log, line)) {
      ++n;
      nlohmann::json j = nlohmann::json::parse(line);  // throws (fails the test) if not JSON
      EXPECT_EQ(j["strategy"], name);
    }
    EXPECT_GT(n, 0) << name;
  }
  // The child's own output went to <name>.out.
  std::ifstream leak_out(dir + "/logs/leak.out");
  std::string all((std::istreambuf_iterator<char>(leak_out)), std::istreambuf_iterator<char>());
  EXPECT_NE(all.find("leak: allocation failed after"), std::string::npos);
}

TEST(FleetProcessTest, MissingProgramIsALaunchFailure) {
  ForkExecLauncher launcher;
  RunRequest r;
  r.strategy = "x";
  r.argv = {"/nonexistent/tradelet-program"};
  Result<ProcessLauncher::RunId> id = launcher.Start(r);
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.status().message().find("cannot run '/nonexistent/tradelet-program'"),
            std::string::npos);
}

}  // namespace
}  // namespace tradelet::schedule
