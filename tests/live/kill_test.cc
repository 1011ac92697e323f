// The real `tradelet run` process killed with SIGKILL at random instants while it trades
// against the paper exchange, then rerun: no duplicate orders, and the journal (SQLite, WAL)
// and the broker agree after the rerun.
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <random>
#include <thread>

#include "e2e_fixture.h"
#include "tradelet/testing/shared_data.h"

extern char** environ;

namespace tradelet::live::e2e {
namespace {

struct Child {
  pid_t pid = -1;
};

Child Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  Child c;
  if (posix_spawn(&c.pid, args[0].c_str(), &fa, nullptr, argv.data(), envp.data()) != 0) {
    c.pid = -1;
  }
  posix_spawn_file_actions_destroy(&fa);
  return c;
}

// Exit status, or -signal when killed.
int Wait(pid_t pid) {
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) return -WTERMSIG(st);
  return WEXITSTATUS(st);
}

TEST(LiveKill, SigkillAtRandomPointsThenRerun) {
  const std::string dir = testing::TempDir("live-kill");
  const std::string journal_path = dir + "/journal.sqlite";
  const std::string config_path = dir + "/zz.toml";
  {
    std::ofstream cfg(config_path);
    cfg << "[live]\nstrategy_id = \"zz\"\nsymbols = [\"AAA\", \"BBB\", \"CCC\"]\n"
           "timeframe = \"15Min\"\nlookback = \"3d\"\nmax_staleness = \"5m\"\nclock = \"broker\"\n"
           "journal = \"" << journal_path << "\"\n"
           "[strategy]\nname = \"sma_crossover\"\nfast = 1\nslow = 2\n";
  }
  const std::vector<std::string> symbols = {"AAA", "BBB", "CCC"};
  const Timestamp open = T("2024-01-03T14:30:00Z");
  PaperExchange exchange(ZigzagBars(symbols), {{}, open});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  std::vector<std::string> env = {"APCA_API_BASE_URL=" + server.base_url(),
                                  "APCA_API_DATA_URL=" + server.base_url(),
                                  "APCA_API_KEY_ID=testkey", "APCA_API_SECRET_KEY=testsecret",
                                  "TZ=UTC"};
  std::mt19937_64 rng(42);
  int kills = 0, killed_mid_run = 0, reruns_ok = 0;
  // Kill instants are drawn over the measured length of a whole run (updated after each
  // rerun), so they land anywhere from process start to the last journal write.
  int64_t run_us = 60000;
  int pending_seen = 0;
  for (int k = 1; k <= 26; ++k) {
    const Timestamp slot = open + std::chrono::minutes(15 * k);
    ASSERT_TRUE(exchange.AdvanceTo(slot).ok());
    const std::vector<std::string> args = {TRADELET_BIN, "run", "--config", config_path, "--at",
                                           FormatTimestamp(slot)};
    // Up to two kills per slot, at random instants of the run.
    for (int attempt = 0; attempt < 2; ++attempt) {
      Child c = Spawn(args, env);
      ASSERT_GT(c.pid, 0);
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % run_us));
      kill(c.pid, SIGKILL);
      ++kills;
      killed_mid_run += Wait(c.pid) == -SIGKILL;
    }
    {
      // Intents a killed run left unsettled (killed between the write-ahead record and the
      // outcome): the rerun must settle them.
      auto journal = Journal::Open(journal_path);
      ASSERT_TRUE(journal.ok());
      for (const auto& o : *(*journal)->Orders()) {
        pending_seen += o.state == "intent" || o.state == "unknown";
      }
    }
    const auto t0 = std::chrono::steady_clock::now();
    Child rerun = Spawn(args, env);
    ASSERT_GT(rerun.pid, 0);
    const int rc = Wait(rerun.pid);
    run_us = std::max<int64_t>(
        1000, std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - t0).count());
    EXPECT_EQ(rc, 0) << "rerun of slot " << FormatTimestamp(slot);
    reruns_ok += rc == 0;
    // Journal and broker agree after every rerun.
    auto journal = Journal::Open(journal_path);
    ASSERT_TRUE(journal.ok());
    Status agree = CheckAgreement(**journal, exchange);
    ASSERT_TRUE(agree.ok()) << "slot " << FormatTimestamp(slot) << ": " << agree.ToString();
    ASSERT_EQ(CountDuplicates(exchange), 0);
  }
  // Every slot after the first traded each symbol exactly once.
  EXPECT_EQ(ExchangeOrders(exchange).size(), 3u * 25);
  std::printf("kill points: %d SIGKILLs (%d landed mid-run, %d unsettled intents found before "
              "reruns), %d reruns ok, %zu orders, 0 duplicates, journal == broker\n",
              kills, killed_mid_run, pending_seen, reruns_ok, ExchangeOrders(exchange).size());
  server.Stop();
}

}  // namespace
}  // namespace tradelet::live::e2e
