// Progress lines as a user sees them: the binary run under a pseudo-terminal (forkpty) draws a
// progress line on stderr (redrawn with '\r', erased with ESC[K); under a pipe, or with
// --no-progress / TRADELET_PROGRESS=0, it writes none.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "run_cli.h"
#include "tradelet/base/time.h"

extern char** environ;

namespace {

using tradelet::cli_test::Outcome;

// Runs the binary with `args` on a new pseudo-terminal (stdin, stdout and stderr), with `env`
// ("NAME=value") added to the environment; returns everything the terminal received.
Outcome RunInPty(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  // Everything the child needs is built before fork (only exec after it).
  std::vector<std::string> storage = {TRADELET_BIN};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = env;
  std::vector<char*> envp;
  for (auto& s : env_storage) envp.push_back(s.data());
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  envp.push_back(nullptr);

  int master = -1;
  struct winsize ws = {};
  ws.ws_row = 40;
  ws.ws_col = 160;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  if (pid < 0) return {-1, std::string("forkpty: ") + std::strerror(errno)};
  if (pid == 0) {
    execve(TRADELET_BIN, argv.data(), envp.data());
    _exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(master, buf, sizeof(buf));
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO once the child's side is closed
    }
  }
  int st = 0;
  waitpid(pid, &st, 0);
  close(master);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

bool HasProgress(const std::string& out) { return out.find("\033[K") != std::string::npos; }

class ProgressCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = ::testing::TempDir() + "/cli_progress";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ + "/sma.toml") << "[strategy]\nname = \"sma_crossover\"\n"
                                         "[backtest]\ninitial_cash = 100000\n";
    std::ofstream(dir_ + "/grid.toml") << "[grid]\n\"strategy.fast\" = [5, 10, 20]\n"
                                          "\"strategy.slow\" = [30, 100]\n[sweep]\nthreads = 1\n";
  }
  static std::string dir_;
};
std::string ProgressCli::dir_;

TEST_F(ProgressCli, DemoAndSweepDrawProgressOnATerminalOnly) {
  // The demo on a terminal: one line per step under way, erased at the end.
  Outcome demo = RunInPty({"demo", "--symbols", "4", "--out", dir_ + "/demo"});
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  EXPECT_TRUE(HasProgress(demo.out)) << demo.out;
  EXPECT_NE(demo.out.find("\rdemo (backtest): 2/6 steps"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("[3] backtest:"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("done."), std::string::npos) << demo.out;
  // The last thing on the terminal before "done." is the erased line, not a progress text.
  const size_t done = demo.out.rfind("done.");
  const size_t last_progress = demo.out.rfind("steps");
  EXPECT_LT(last_progress, done);
  EXPECT_NE(demo.out.find("\r\033[K", last_progress), std::string::npos);

  const std::string sweep = "sweep --config " + dir_ + "/sma.toml --grid " + dir_ +
                            "/grid.toml --data " + dir_ + "/demo/market/daily --out " + dir_;
  Outcome tty = RunInPty({"sweep", "--config", dir_ + "/sma.toml", "--grid", dir_ + "/grid.toml",
                          "--data", dir_ + "/demo/market/daily", "--out", dir_ + "/s1"});
  ASSERT_EQ(tty.exit_code, 0) << tty.out;
  EXPECT_NE(tty.out.find("\rsweep: 1/6 runs 16%"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("runs/s ETA "), std::string::npos) << tty.out;

  // A pipe: the same command writes no progress at all.
  Outcome piped = tradelet::cli_test::RunCli(sweep + "/s2");
  ASSERT_EQ(piped.exit_code, 0) << piped.out;
  EXPECT_FALSE(HasProgress(piped.out)) << piped.out;
  EXPECT_EQ(piped.out.find('\r'), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find("runs/s"), std::string::npos) << piped.out;

  // On a terminal, --no-progress and TRADELET_PROGRESS=0 turn it off.
  Outcome flag =
      RunInPty({"sweep", "--no-progress", "--config", dir_ + "/sma.toml", "--grid",
                dir_ + "/grid.toml", "--data", dir_ + "/demo/market/daily", "--out", dir_ + "/s3"});
  ASSERT_EQ(flag.exit_code, 0) << flag.out;
  EXPECT_FALSE(HasProgress(flag.out)) << flag.out;
  Outcome env = RunInPty({"sweep", "--config", dir_ + "/sma.toml", "--grid", dir_ + "/grid.toml",
                          "--data", dir_ + "/demo/market/daily", "--out", dir_ + "/s4"},
                         {"TRADELET_PROGRESS=0"});
  ASSERT_EQ(env.exit_code, 0) << env.out;
  EXPECT_FALSE(HasProgress(env.out)) << env.out;
  EXPECT_EQ(env.out.find("runs/s"), std::string::npos) << env.out;

  // A backtest of well under a second stays silent even on a terminal.
  Outcome bt = RunInPty({"backtest", "--config", dir_ + "/sma.toml", "--data",
                         dir_ + "/demo/market/daily", "--out", dir_ + "/bt"});
  ASSERT_EQ(bt.exit_code, 0) << bt.out;
  EXPECT_FALSE(HasProgress(bt.out)) << bt.out;
}

TEST_F(ProgressCli, ForecastCvCountsCutoffs) {
  // 200 days of a noisy line; 20-day horizon every 10 days from day 60: many cutoffs.
  std::ofstream csv(dir_ + "/cv.csv");
  csv << "ds,y\n";
  for (int d = 0; d < 200; ++d) {
    csv << tradelet::CivilDate{2021, 1, 1}.AddDays(d).ToString() << ","
        << 10 + 0.05 * d + ((d * 7919) % 13) * 0.1 << "\n";
  }
  csv.close();
  Outcome cv = RunInPty({"forecast", "cv", "--input", dir_ + "/cv.csv", "--horizon", "20d",
                         "--period", "10d", "--initial", "60d", "--metrics", "mae"});
  ASSERT_EQ(cv.exit_code, 0) << cv.out;
  // Some count of the 12 cutoffs is drawn: which ones depends on the machine's speed (lines
  // are drawn at most every min_interval; under ASan on a loaded CI machine the first count
  // drawn was 2/12).
  EXPECT_TRUE(std::regex_search(cv.out, std::regex("\rforecast cv: [0-9]+/12 cutoffs"))) << cv.out;
  EXPECT_NE(cv.out.find(" cutoffs "), std::string::npos) << cv.out;
  EXPECT_NE(cv.out.find("mae"), std::string::npos) << cv.out;
  Outcome piped = tradelet::cli_test::RunCli("forecast cv --input " + dir_ +
                                             "/cv.csv --horizon 20d --period 10d --initial 60d "
                                             "--metrics mae");
  ASSERT_EQ(piped.exit_code, 0) << piped.out;
  EXPECT_FALSE(HasProgress(piped.out)) << piped.out;
}

}  // namespace
