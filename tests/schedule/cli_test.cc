// End to end through the tradelet binary: `cron next`, `serve` (with a real SIGTERM) and
// `serve status`.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "tradelet/base/time.h"
#include "tradelet/testing/shared_data.h"

namespace {

struct Output {
  int code;
  std::string out;
};

Output RunCli(const std::string& args) {
  const std::string cmd = std::string(TRADELET_BINARY) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(ScheduleCliTest, CronNext) {
  Output o = RunCli(
      "cron next 'cron(0/15 9-15 ? * MON-FRI *)' --tz America/New_York "
      "--from 2026-11-27T17:30:00Z --count 3 --skip-holidays --stop-at-early-close");
  EXPECT_EQ(o.code, 0) << o.out;
  // 2026-11-27 closes at 13:00 ET: 12:45 is the last run; Monday follows.
  EXPECT_EQ(o.out,
            "2026-11-27T12:45:00-05:00\n2026-11-30T09:00:00-05:00\n2026-11-30T09:15:00-05:00\n");
  o = RunCli(
      "cron next '0/15 13-21 ? * MON-FRI *' --from 2026-03-09T13:00:00Z --count 2 --previous");
  EXPECT_EQ(o.out, "2026-03-06T21:45:00+00:00\n2026-03-06T21:30:00+00:00\n");
  o = RunCli("cron next '0 9 ? * FOO *'");
  EXPECT_EQ(o.code, 3);
  EXPECT_NE(o.out.find("day-of-week: 'FOO' is not a day name"), std::string::npos) << o.out;
  o = RunCli("cron next 'rate(5 minutes)' --tz Mars/Base");
  EXPECT_EQ(o.code, 3) << o.out;
  EXPECT_NE(RunCli("cron next --help").out.find("usage"), std::string::npos);
  EXPECT_NE(RunCli("serve --help").out.find("usage"), std::string::npos);
  EXPECT_NE(RunCli("serve status --help").out.find("usage"), std::string::npos);
}

TEST(ScheduleCliTest, ServeRunsAndStopsCleanlyOnSigterm) {
  const std::string dir = tradelet::testing::TempDir() + "/serve";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir + "/fleet.toml");
    // max_lateness over a minute: the latest minute slot is always fresh, so both run at once.
    f << "[fleet]\nshutdown_grace = \"20s\"\n[defaults]\nmax_lateness = \"61s\"\n"
         "[[strategy]]\nname = \"quick\"\nschedule = \"* * * * *\"\n"
         "command = [\"/bin/sh\", \"-c\", \"echo ran {name} {slot}\"]\n"
         "[[strategy]]\nname = \"journal\"\nschedule = \"* * * * *\"\n"
         "command = [\"/bin/sh\", \"-c\", \"trap 'echo flushed >> "
      << dir << "/journal.txt; exit 0' TERM; sleep 600 & wait\"]\n";
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, 2);
    ::execl(TRADELET_BINARY, TRADELET_BINARY, "serve", "--fleet", (dir + "/fleet.toml").c_str(),
            "--poll", "100ms", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // A second scheduler for the same fleet is refused.
  Output second = RunCli("serve --fleet " + dir + "/fleet.toml --until 2000-01-01T00:00:00Z");
  EXPECT_NE(second.code, 0);
  EXPECT_NE(second.out.find("another tradelet serve is running this fleet"), std::string::npos)
      << second.out;
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::ifstream journal(dir + "/journal.txt");
  std::string line;
  std::getline(journal, line);
  EXPECT_EQ(line, "flushed");
  Output st = RunCli("serve status --fleet " + dir + "/fleet.toml");
  EXPECT_EQ(st.code, 0);
  EXPECT_NE(st.out.find("last result  exit 0"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("last result  stopped by shutdown (exit 0)"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("next run"), std::string::npos);
  std::ifstream out(dir + "/logs/quick.out");
  std::getline(out, line);
  EXPECT_EQ(line.rfind("ran quick ", 0), 0u) << line;
}

}  // namespace
