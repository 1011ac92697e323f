// Issue 16.2: a rerun after any fault or kill leaves exactly the orders a clean run places.
// examples/prophet_trend_intraday.toml (equal_buying_power sizing: every buy's size depends on
// how many buys the run makes) decides its first slot of a real Wednesday against the paper
// exchange. A clean run gives the reference book; then, each on a fresh exchange, a run under
// one fault kind of the paper exchange (HTTP 500 x3 and 429 x6 on POST /v2/orders, connections
// dropped before or after the order is accepted) or the real `tradelet run` process killed with
// SIGKILL at a random instant (deterministic seeds), followed by a clean rerun of the slot.
// The broker's book (parent orders: symbol, side, qty, client id) must equal the clean run's:
// no duplicate, nothing missing, nothing resized. The same with buying_power_fraction = 0.5.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <thread>

#include "week_fixture.h"

extern char** environ;

namespace tradelet::live::e2e {
namespace {

// Parent orders at the exchange: client id -> "symbol side qty".
using BookLines = std::map<std::string, std::string>;
BookLines ReadBookLines(const PaperExchange& ex) {
  BookLines out;
  for (const auto& [cid, o] : ExchangeOrders(ex)) {
    out[cid] = o.order.symbol + " " + std::string(OrderSideName(o.order.side)) + " " +
               o.order.qty.ToString();
  }
  return out;
}

int Differences(const BookLines& a, const BookLines& b) {
  int d = 0;
  for (const auto& [cid, line] : a) {
    auto it = b.find(cid);
    d += it == b.end() || it->second != line;
  }
  for (const auto& [cid, line] : b) d += !a.count(cid);
  return d;
}

pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0].c_str(), &fa, nullptr, argv.data(), envp.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

int Wait(pid_t pid) {
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? -WTERMSIG(st) : WEXITSTATUS(st);
}

struct Tally {
  int scenarios = 0, runs = 0, duplicates = 0, book_differences = 0, killed_mid_run = 0;
  int rejected = 0;  // orders the broker refused in any rerun (an oversized buy: 403)
};

class RerunMatrix : public WeekFixture {
 protected:
  static constexpr int64_t kMeasure = -2;  // Scenario: run the CLI to its end, timed
  int64_t measured_us_ = 0;
  // The example as shipped, its journal in `folder`, with `fraction` of buying power.
  std::string WriteConfig(const std::string& folder, const std::string& fraction) {
    std::string text = std::regex_replace(example_, std::regex("journal = \"[^\"]*\""),
                                          "journal = \"" + folder + "/journal.sqlite\"");
    text = std::regex_replace(text, std::regex("buying_power_fraction = [0-9.]+"),
                              "buying_power_fraction = " + fraction);
    const std::string path = folder + "/pt.toml";
    std::ofstream(path) << text;
    return path;
  }

  // One scenario on a fresh exchange: a run under `faults` (in process) or a killed process,
  // then a clean rerun; returns the book.
  BookLines Scenario(const std::string& fraction, const std::vector<PaperFault>& faults,
                     int64_t kill_after_us, Tally* t, bool count) {
    const std::string folder = ::tradelet::testing::TempDir("rerun-matrix");
    const std::string config_path = WriteConfig(folder, fraction);
    PaperExchange exchange(bars_, {broker_, slot_ - std::chrono::minutes(15)});
    PaperServer server(exchange);
    EXPECT_TRUE(server.Start().ok());
    EXPECT_TRUE(exchange.AdvanceTo(slot_ + std::chrono::seconds(3)).ok());
    const std::vector<std::string> env = {"APCA_API_BASE_URL=" + server.base_url(),
                                          "APCA_API_DATA_URL=" + server.base_url(),
                                          "APCA_API_KEY_ID=k", "APCA_API_SECRET_KEY=s", "TZ=UTC"};
    const std::vector<std::string> args = {TRADELET_BIN, "run",  "--config",
                                           config_path,  "--at", FormatTimestamp(slot_)};
    auto in_process = [&]() {
      SimulatedClock clock(slot_ + std::chrono::seconds(3));
      return RunIn(server, clock, config_path, slot_);
    };
    if (kill_after_us == kMeasure) {
      // A whole `tradelet run` process, timed: the span the kill instants are drawn from.
      const auto t0 = std::chrono::steady_clock::now();
      EXPECT_EQ(Wait(Spawn(args, env)), 0);
      measured_us_ = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - t0)
                         .count();
    } else if (kill_after_us >= 0) {
      const pid_t pid = Spawn(args, env);
      EXPECT_GT(pid, 0);
      std::this_thread::sleep_for(std::chrono::microseconds(kill_after_us));
      kill(pid, SIGKILL);
      if (count) t->killed_mid_run += Wait(pid) == -SIGKILL;
      if (count) ++t->runs;
    } else if (!faults.empty()) {
      for (const PaperFault& f : faults) server.PushFault(f);
      in_process();
      server.ClearFaults();
      if (count) ++t->runs;
    }
    const JobReport rerun = in_process();
    EXPECT_EQ(rerun.outcome, "ok") << rerun.ToJson();
    if (count) {
      ++t->runs;
      ++t->scenarios;
      t->duplicates += CountDuplicates(exchange);
      for (const OrderReport& o : rerun.orders) t->rejected += o.state == "rejected";
    }
    BookLines book = ReadBookLines(exchange);
    server.Stop();
    return book;
  }

  void RunMatrix(const std::string& fraction, int kills, Tally* t) {
    const BookLines clean = Scenario(fraction, {}, -1, t, false);
    ASSERT_GE(clean.size(), 2u) << "the slot must place several buys";
    auto status = [](int code, int count) {
      PaperFault f;
      f.kind = PaperFault::Kind::kStatus;
      f.status = code;
      f.method = "POST";
      f.path_prefix = "/v2/orders";
      f.count = count;
      return f;
    };
    auto drop = [](PaperFault::Kind k) {
      PaperFault f;
      f.kind = k;
      f.method = "POST";
      f.path_prefix = "/v2/orders";
      f.count = 2;
      return f;
    };
    const std::vector<std::pair<std::string, std::vector<PaperFault>>> kinds = {
        {"500x3", {status(500, 3)}},
        {"429x6", {status(429, 6)}},
        {"drop_before", {drop(PaperFault::Kind::kDropBefore)}},
        {"drop_after", {drop(PaperFault::Kind::kDropAfter)}},
    };
    for (const auto& [name, faults] : kinds) {
      const BookLines book = Scenario(fraction, faults, -1, t, true);
      const int d = Differences(clean, book);
      t->book_differences += d;
      EXPECT_EQ(d, 0) << name << " (fraction " << fraction << ")";
    }
    // The clean run's length, measured as a process, bounds the kill instants.
    const BookLines by_process = Scenario(fraction, {}, kMeasure, t, false);
    EXPECT_EQ(Differences(clean, by_process), 0) << "the CLI's clean run";
    const int64_t run_us = std::max<int64_t>(20000, measured_us_);
    std::mt19937_64 rng(16);
    for (int k = 0; k < kills; ++k) {
      const int64_t at = static_cast<int64_t>(rng() % static_cast<uint64_t>(run_us));
      const BookLines book = Scenario(fraction, {}, at, t, true);
      const int d = Differences(clean, book);
      t->book_differences += d;
      EXPECT_EQ(d, 0) << "SIGKILL after " << at << " us (fraction " << fraction << ")";
    }
    std::printf(
        "fraction %s: clean run %zu orders; scenarios %d, runs %d (%d killed mid-run), "
        "duplicates %d, book differences %d, rejected in reruns %d\n",
        fraction.c_str(), clean.size(), t->scenarios, t->runs, t->killed_mid_run, t->duplicates,
        t->book_differences, t->rejected);
  }
};

TEST_F(RerunMatrix, EveryFaultKindAndSigkillThenRerunLeavesTheCleanRunsBook) {
  Tally t;
  RunMatrix("0.95", 6, &t);
  EXPECT_EQ(t.duplicates, 0);
  EXPECT_EQ(t.book_differences, 0);
  EXPECT_EQ(t.rejected, 0);
}

TEST_F(RerunMatrix, HalfTheBuyingPower) {
  Tally t;
  RunMatrix("0.5", 3, &t);
  EXPECT_EQ(t.duplicates, 0);
  EXPECT_EQ(t.book_differences, 0);
  EXPECT_EQ(t.rejected, 0);
}

}  // namespace
}  // namespace tradelet::live::e2e
