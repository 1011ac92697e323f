// Scheduler policies on a simulated clock: overlap, stale/fresh missed slots, restart from the
// state file, shutdown, and fleet-file errors.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "fake_launcher.h"
#include "tradelet/base/log.h"
#include "tradelet/schedule/scheduler.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::schedule {
namespace {

using testing::FakeBehaviour;
using testing::FakeLauncher;

Timestamp T(const char* iso) { return ParseTimestamp(iso).value(); }

FleetConfig OneStrategy(const char* schedule, const char* extra = "") {
  std::string toml = std::string("[[strategy]]\nname = \"s\"\nconfig = \"s.toml\"\nschedule = \"") +
                     schedule + "\"\n" + extra;
  Result<FleetConfig> f = ParseFleetConfig(toml, "fleet.toml");
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  FleetConfig c = std::move(f).value();
  c.state_file.clear();
  c.log_dir.clear();
  return c;
}

std::vector<std::string> Slots(const FakeLauncher& l) {
  std::vector<std::string> out;
  for (const auto& x : l.launches()) out.push_back(FormatTimestamp(x.slot));
  return out;
}

class FleetPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override { Logger::SetLevel(LogLevel::kOff); }
  void TearDown() override { Logger::SetLevel(LogLevel::kInfo); }
};

TEST_F(FleetPolicyTest, NoOverlappingRunsOfOneStrategy) {
  SimulatedClock clock(T("2026-01-05T10:00:00Z"));
  FakeLauncher launcher(clock, [](const RunRequest&, int) {
    FakeBehaviour b;
    b.duration = seconds(150);  // longer than the one-minute period
    return b;
  });
  FleetScheduler s(OneStrategy("* * * * *", "timeout = \"10m\"\n"), clock, launcher, nullptr);
  ASSERT_TRUE(s.Start().ok());
  s.Run(T("2026-01-05T10:07:30Z"), hours(1));
  // 10:00 runs until 10:02:30, so 10:01 and 10:02 are skipped; 10:03 runs; and so on.
  EXPECT_EQ(Slots(launcher),
            (std::vector<std::string>{"2026-01-05T10:00:00Z", "2026-01-05T10:03:00Z",
                                      "2026-01-05T10:06:00Z"}));
  EXPECT_EQ(s.states()[0].skipped_overlap, 5);  // 01, 02, 04, 05, 07
  // Run() shuts down at its end, which stops the 10:06 run (due to end at 10:08:30).
  EXPECT_EQ(s.states()[0].failures, 1);
  EXPECT_EQ(s.states()[0].last_result, "stopped by shutdown (signal 15 (SIGTERM))");
}

TEST_F(FleetPolicyTest, MissedSlotRunsWhenFreshAndIsSkippedWhenStale) {
  SimulatedClock clock(T("2026-01-05T10:00:30Z"));
  FakeLauncher launcher(clock, [](const RunRequest&, int) { return FakeBehaviour{}; });
  FleetScheduler s(OneStrategy("*/15 * * * *", "max_lateness = \"2m\"\n"), clock, launcher,
                   nullptr);
  std::vector<std::string> skips;
  s.set_event_listener([&](const SchedulerEvent& e) {
    if (e.kind == SchedulerEvent::Kind::kSkipped) skips.push_back(e.detail);
  });
  ASSERT_TRUE(s.Start().ok());
  s.Step();  // started 30 s after 10:00: fresh, runs
  ASSERT_EQ(launcher.launches().size(), 1u);
  EXPECT_EQ(FormatTimestamp(launcher.launches()[0].at), "2026-01-05T10:00:30Z");
  clock.Set(T("2026-01-05T10:01:00Z"));
  s.Step();
  // The machine sleeps through 10:15 and 10:30 and wakes at 10:47: 10:45 is 2 min late.
  clock.Set(T("2026-01-05T10:47:00Z"));
  s.Step();
  ASSERT_EQ(launcher.launches().size(), 2u);
  EXPECT_EQ(FormatTimestamp(launcher.launches()[1].slot), "2026-01-05T10:45:00Z");
  EXPECT_EQ(s.states()[0].missed, 2);
  // Asleep again; wakes at 11:20: 11:15 is 5 min late (stale), 11:00 missed.
  clock.Set(T("2026-01-05T11:20:00Z"));
  s.Step();
  EXPECT_EQ(launcher.launches().size(), 2u);
  EXPECT_EQ(s.states()[0].skipped_stale, 1);
  EXPECT_EQ(s.states()[0].missed, 3);
  EXPECT_EQ(FormatTimestamp(*s.states()[0].next_slot), "2026-01-05T11:30:00Z");
  ASSERT_EQ(skips.size(), 3u);
  EXPECT_EQ(skips[2], "stale: 5m late, max_lateness 2m");
}

TEST_F(FleetPolicyTest, FirstStartMissesNoSlot) {
  // Issue 17 item 9: serve started fresh (no state file) on a minute schedule with the default
  // max_lateness (2 min) counted the minute before the latest as "missed 1 slot(s)", though
  // no scheduler existed then.
  const std::string dir = tradelet::testing::TempDir() + "/first_start";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FleetConfig fleet = OneStrategy("* * * * *");
  fleet.state_file = dir + "/state.json";  // absent: a first start
  SimulatedClock clock(T("2026-01-05T10:00:30Z"));
  FakeLauncher launcher(clock, [](const RunRequest&, int) { return FakeBehaviour{}; });
  FleetScheduler s(fleet, clock, launcher, nullptr);
  std::vector<std::string> skips;
  s.set_event_listener([&](const SchedulerEvent& e) {
    if (e.kind == SchedulerEvent::Kind::kSkipped) skips.push_back(e.detail);
  });
  ASSERT_TRUE(s.Start().ok());
  s.Run(T("2026-01-05T10:02:30Z"), hours(1));
  EXPECT_TRUE(skips.empty()) << skips[0];
  EXPECT_EQ(s.states()[0].missed, 0);
  EXPECT_EQ(Slots(launcher),
            (std::vector<std::string>{"2026-01-05T10:00:00Z", "2026-01-05T10:01:00Z",
                                      "2026-01-05T10:02:00Z"}));
  // A first start long after the latest slot waits for the next one, missing nothing.
  SimulatedClock late(T("2026-01-05T10:05:00Z"));
  FakeLauncher launcher2(late, [](const RunRequest&, int) { return FakeBehaviour{}; });
  FleetScheduler s2(OneStrategy("*/15 * * * *"), late, launcher2, nullptr);
  ASSERT_TRUE(s2.Start().ok());
  s2.Step();
  EXPECT_TRUE(launcher2.launches().empty());
  EXPECT_EQ(s2.states()[0].missed, 0);
  EXPECT_EQ(FormatTimestamp(*s2.states()[0].next_slot), "2026-01-05T10:15:00Z");
}

TEST_F(FleetPolicyTest, RestartResumesFromTheStateFile) {
  const std::string dir = tradelet::testing::TempDir() + "/restart";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FleetConfig fleet = OneStrategy("*/15 * * * *", "max_lateness = \"2m\"\n");
  fleet.state_file = dir + "/state.json";
  fleet.log_dir = dir + "/logs";
  SimulatedClock clock(T("2026-01-05T09:59:00Z"));
  FakeLauncher launcher(clock, [](const RunRequest&, int n) {
    FakeBehaviour b;
    b.hangs = n == 1;  // the second run is still going when the scheduler dies
    return b;
  });
  {
    FleetScheduler a(fleet, clock, launcher, nullptr);
    ASSERT_TRUE(a.Start().ok());
    clock.Set(T("2026-01-05T10:00:00Z"));
    a.Step();
    clock.Set(T("2026-01-05T10:01:00Z"));
    a.Step();
    EXPECT_EQ(a.states()[0].last_result, "exit 0");
    clock.Set(T("2026-01-05T10:15:00Z"));
    a.Step();  // starts the hanging run; then "crashes" (destroyed without shutdown)
  }
  clock.Set(T("2026-01-05T10:31:00Z"));
  FleetScheduler b(fleet, clock, launcher, nullptr);
  ASSERT_TRUE(b.Start().ok());
  EXPECT_EQ(b.states()[0].last_result, "interrupted: the scheduler stopped during the run");
  EXPECT_EQ(b.states()[0].runs, 2);
  b.Step();  // 10:30 is 1 min late: runs
  EXPECT_EQ(FormatTimestamp(launcher.launches().back().slot), "2026-01-05T10:30:00Z");
  EXPECT_EQ(b.states()[0].runs, 3);
  Result<std::vector<StrategyState>> saved = LoadState(fleet.state_file);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  ASSERT_EQ(saved->size(), 1u);
  EXPECT_EQ((*saved)[0].runs, 3);
  EXPECT_TRUE((*saved)[0].running);
  EXPECT_EQ(FormatTimestamp(*(*saved)[0].next_slot), "2026-01-05T10:45:00Z");
  // The per-strategy log is JSON lines with every event.
  std::ifstream log(fleet.log_dir + "/s.jsonl");
  std::string line;
  int started = 0, lines = 0;
  while (std::getline(log, line)) {
    ++lines;
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}');
    started += line.find("\"event\":\"run_started\"") != std::string::npos;
  }
  EXPECT_EQ(started, 3);
  EXPECT_GE(lines, 4);
}

TEST_F(FleetPolicyTest, ShutdownTerminatesThenKills) {
  FleetConfig fleet = OneStrategy("* * * * *", "timeout = \"1h\"\n");
  fleet.strategies.push_back(fleet.strategies[0]);
  fleet.strategies[1].name = "stubborn";
  fleet.shutdown_grace = seconds(30);
  SimulatedClock clock(T("2026-01-05T10:00:00Z"));
  FakeLauncher launcher(clock, [](const RunRequest& r, int) {
    FakeBehaviour b;
    b.hangs = true;
    b.ignores_sigterm = r.strategy == "stubborn";
    return b;
  });
  FleetScheduler s(fleet, clock, launcher, nullptr);
  ASSERT_TRUE(s.Start().ok());
  s.Step();
  ASSERT_EQ(launcher.launches().size(), 2u);
  s.RequestStop();
  s.Run(T("2026-01-05T11:00:00Z"), seconds(1));
  EXPECT_EQ(s.states()[0].last_result, "stopped by shutdown (signal 15 (SIGTERM))");
  EXPECT_EQ(s.states()[1].last_result, "stopped by shutdown (signal 9 (SIGKILL))");
  EXPECT_EQ(clock.Now(), T("2026-01-05T10:00:30Z"));  // waited exactly the grace
  EXPECT_EQ(launcher.running(), 0u);
  EXPECT_EQ(launcher.launches().size(), 2u);  // nothing new started while stopping
}

TEST_F(FleetPolicyTest, CalendarFilterNeedsACalendar) {
  FleetScheduler s(OneStrategy("* * * * *", "skip_holidays = true\n"), RealClock::Get(),
                   *std::make_unique<FakeLauncher>(
                       RealClock::Get(), [](const RunRequest&, int) { return FakeBehaviour{}; }),
                   nullptr);
  EXPECT_EQ(s.Start().code(), StatusCode::kFailedPrecondition);
}

std::string FleetError(const std::string& toml) {
  Result<FleetConfig> f = ParseFleetConfig(toml, "fleet.toml");
  return f.ok() ? "ok" : f.status().message();
}

TEST(FleetConfigTest, ErrorsNameFileLineAndField) {
  EXPECT_EQ(
      FleetError("[[strategy]]\nname = \"a\"\nconfig = \"a.toml\"\nschedule = \"0 9 ? * FOO *\"\n"),
      "fleet.toml:4: strategy 'a': schedule: schedule '0 9 ? * FOO *': day-of-week: 'FOO' is "
      "not a day name (SUN-SAT) or number (1-7)");
  EXPECT_EQ(
      FleetError("[[strategy]]\nname = \"a\"\nconfig = \"a.toml\"\nschedule = \"rate(5 minutes)\"\n"
                 "timout = \"5m\"\n"),
      "fleet.toml:5: strategy 'a': unknown key 'timout'");
  EXPECT_EQ(FleetError("[[strategy]]\nname = \"a\"\nschedule = \"rate(5 minutes)\"\n"),
            "fleet.toml:1: strategy 'a': config: required by the command");
  EXPECT_EQ(
      FleetError("[[strategy]]\nname = \"a\"\nconfig = \"x\"\nschedule = \"rate(5 minutes)\"\n"
                 "memory_limit = \"lots\"\n"),
      "fleet.toml:5: strategy 'a': memory_limit: 'lots' is not a size like 512MiB or 2GiB");
  EXPECT_EQ(
      FleetError("[[strategy]]\nname = \"a\"\nconfig = \"x\"\nschedule = \"rate(5 minutes)\"\n"
                 "timezone = \"Mars/Olympus\"\n")
          .rfind("fleet.toml:5: strategy 'a': timezone: ", 0),
      0u);
  EXPECT_NE(FleetError("[[strategy]]\nname = \"a b\"\n").find("strategy: name"), std::string::npos);
  EXPECT_NE(FleetError("[fleet]\nstate = 1\n").find("fleet: unknown key 'state'"),
            std::string::npos);
  EXPECT_NE(
      FleetError("[[strategy]]\nname = \"a\"\nconfig = \"x\"\nschedule = \"rate(5 minutes)\"\n"
                 "[[strategy]]\nname = \"a\"\nconfig = \"x\"\nschedule = \"rate(5 minutes)\"\n")
          .find("duplicate name"),
      std::string::npos);
  EXPECT_NE(FleetError("x = [").find("fleet.toml:1:"), std::string::npos);
  EXPECT_EQ(FleetError(""), "fleet.toml: no [[strategy]] entries");
}

TEST(FleetConfigTest, DefaultsAndPaths) {
  Result<FleetConfig> f = ParseFleetConfig(
      "[fleet]\nlog_dir = \"l\"\n[defaults]\ntimezone = \"America/New_York\"\nmax_lateness = "
      "\"90s\"\n"
      "[[strategy]]\nname = \"a\"\nconfig = \"cfg/a.toml\"\nschedule = \"cron(0 9 ? * MON-FRI "
      "*)\"\n"
      "command = [\"/bin/echo\", \"{name}\", \"{slot}\", \"{config}\"]\n",
      "/srv/fleet/prod.toml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->state_file, "/srv/fleet/prod.state.json");
  EXPECT_EQ(f->log_dir, "/srv/fleet/l");
  const StrategySpec& s = f->strategies[0];
  EXPECT_EQ(s.zone.name(), "America/New_York");
  EXPECT_EQ(s.max_lateness, seconds(90));
  EXPECT_EQ(s.timeout, minutes(10));
  EXPECT_EQ(s.memory_limit_bytes, 2048LL << 20);
  EXPECT_EQ(ExpandCommand(s, "tl", T("2026-01-05T14:00:00Z")),
            (std::vector<std::string>{"/bin/echo", "a", "2026-01-05T14:00:00Z",
                                      "/srv/fleet/cfg/a.toml"}));
}

TEST(FleetConfigTest, ExampleFleetLoads) {
  Result<FleetConfig> f = LoadFleetConfig(TRADELET_SOURCE_DIR "/examples/fleet.toml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->strategies.size(), 3u);
  EXPECT_EQ(f->strategies[0].zone.name(), "America/New_York");
  EXPECT_TRUE(f->strategies[0].skip_holidays);
  EXPECT_FALSE(f->strategies[2].enabled);
  EXPECT_EQ(f->shutdown_grace, seconds(30));
}

}  // namespace
}  // namespace tradelet::schedule
