// Issue 17 item 9, fleet containment with real processes: a run whose child starts its own
// session (setsid) must not outlive the run, whether the run ends by itself, by its timeout
// (SIGTERM ignored, then SIGKILL) or by the scheduler's shutdown.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fast_clock.h"
#include "tradelet/base/log.h"
#include "tradelet/schedule/scheduler.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::schedule {
namespace {

// Running and not a zombie.
bool Alive(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(f, stat)) return false;
  const size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z' &&
         stat[close + 2] != 'X';
}

// SIGKILL is asynchronous: a killed process may take a moment to go.
bool GoneWithin(pid_t pid, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (Alive(pid)) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

pid_t ReadPid(const std::string& path, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    std::ifstream f(path);
    int pid = 0;
    if (f >> pid && pid > 0) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

class ContainmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tradelet::testing::TempDir() + "/containment";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    for (pid_t p : escaped_) {
      if (p > 0 && Alive(p)) ::kill(p, SIGKILL);  // never leave one behind, even on failure
    }
  }
  pid_t Escaped(const std::string& pidfile) {
    const pid_t p = ReadPid(pidfile, std::chrono::seconds(10));
    escaped_.push_back(p);
    return p;
  }
  std::string dir_;
  std::vector<pid_t> escaped_;
};

TEST_F(ContainmentTest, RunThatExitsLeavesNoSessionBehind) {
  ForkExecLauncher launcher;
  RunRequest req;
  req.strategy = "exits";
  req.argv = {SCHEDULE_TEST_CHILD, "escape", dir_ + "/exit.pid", "exit"};
  ASSERT_TRUE(launcher.Start(req).ok());
  const pid_t grandchild = Escaped(dir_ + "/exit.pid");
  ASSERT_GT(grandchild, 0);
  std::vector<ProcessLauncher::Finished> done;
  for (int i = 0; i < 1000 && done.empty(); ++i) {
    done = launcher.Reap();
    if (done.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].outcome.success()) << DescribeOutcome(done[0].outcome);
  EXPECT_TRUE(GoneWithin(grandchild, std::chrono::seconds(2)))
      << "the setsid grandchild " << grandchild << " outlived its run";
  launcher.Reap();  // reaps the grandchild's zombie (re-parented to this subreaper)
}

TEST_F(ContainmentTest, TimeoutAndShutdownKillTheWholeTree) {
  // Both strategies fire once at 10:00. "timeout" ignores SIGTERM: SIGTERM at 10:01, SIGKILL at
  // 10:01:05. "shutdown" is stopped by the shutdown at 10:01:30 (its SIGTERM ends the child).
  // Each run's grandchild started its own session and ignores SIGTERM.
  const std::string child = SCHEDULE_TEST_CHILD;
  const std::string toml =
      "[fleet]\nshutdown_grace = \"30s\"\n"
      "[defaults]\nkill_grace = \"5s\"\nmax_lateness = \"30s\"\nmemory_limit = \"256MiB\"\n"
      "[[strategy]]\nname = \"timeout\"\nschedule = \"cron(0 10 * * ? *)\"\ntimeout = \"1m\"\n"
      "command = [\"" +
      child + "\", \"escape\", \"" + dir_ +
      "/timeout.pid\", \"hang\"]\n"
      "[[strategy]]\nname = \"shutdown\"\nschedule = \"cron(0 10 * * ? *)\"\ntimeout = \"1h\"\n"
      "command = [\"" +
      child + "\", \"escape\", \"" + dir_ + "/shutdown.pid\", \"term\"]\n";
  Result<FleetConfig> fleet = ParseFleetConfig(toml, dir_ + "/fleet.toml");
  ASSERT_TRUE(fleet.ok()) << fleet.status().ToString();
  fleet->state_file.clear();
  fleet->log_dir.clear();
  Logger::SetLevel(LogLevel::kOff);
  FastClock clock(ParseTimestamp("2026-01-05T09:59:58Z").value());
  ForkExecLauncher launcher;
  FleetScheduler s(*fleet, clock, launcher, nullptr);
  pid_t timeout_gc = -1, shutdown_gc = -1;
  bool timeout_gc_gone_at_finish = false, shutdown_gc_alive_before = false;
  std::string finished;
  s.set_event_listener([&](const SchedulerEvent& e) {
    if (e.kind == SchedulerEvent::Kind::kStarted) {
      const pid_t gc = Escaped(dir_ + "/" + e.strategy + ".pid");
      (e.strategy == "timeout" ? timeout_gc : shutdown_gc) = gc;
    }
    if (e.kind == SchedulerEvent::Kind::kFinished) {
      finished += e.strategy + ": " + e.detail + "\n";
      if (e.strategy == "timeout") {
        timeout_gc_gone_at_finish = GoneWithin(timeout_gc, std::chrono::seconds(2));
        shutdown_gc_alive_before = Alive(shutdown_gc);
      }
    }
  });
  ASSERT_TRUE(s.Start().ok());
  s.Run(ParseTimestamp("2026-01-05T10:01:30Z").value(), seconds(3));
  Logger::SetLevel(LogLevel::kInfo);
  ASSERT_GT(timeout_gc, 0);
  ASSERT_GT(shutdown_gc, 0);
  EXPECT_NE(finished.find("timeout: timeout after 1m (signal 9 (SIGKILL))"), std::string::npos)
      << finished;
  EXPECT_NE(finished.find("shutdown: stopped by shutdown (signal 15 (SIGTERM))"), std::string::npos)
      << finished;
  EXPECT_TRUE(timeout_gc_gone_at_finish) << "timeout's setsid grandchild survived the timeout";
  EXPECT_TRUE(shutdown_gc_alive_before) << "the other run's tree was touched by the timeout";
  EXPECT_TRUE(GoneWithin(shutdown_gc, std::chrono::seconds(2)))
      << "shutdown's setsid grandchild survived the shutdown";
}

}  // namespace
}  // namespace tradelet::schedule
