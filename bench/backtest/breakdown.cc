#include "breakdown.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>

#include "sma_config.h"
#include "tradelet/backtest/analyzers.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/report.h"
#include "tradelet/backtest/runner.h"

extern char** environ;

namespace tradelet::bench {
namespace {

double Clock(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct Cost {
  double wall = 1e9, cpu = 1e9;  // best of the repeats; CPU = every thread of the process
};

// Best wall and best process CPU of `repeat` calls of f (false = failed).
bool Time(int repeat, Cost* c, const std::function<bool()>& f) {
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = Clock(CLOCK_PROCESS_CPUTIME_ID);
    if (!f()) return false;
    c->cpu = std::min(c->cpu, Clock(CLOCK_PROCESS_CPUTIME_ID) - c0);
    c->wall = std::min(
        c->wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return true;
}

// `tradelet --version`: exec, dynamic linking, static initialisers, exit (the child's CPU).
bool ProcessStart(const std::string& bin, int repeat, Cost* c) {
  for (int r = 0; r < repeat; ++r) {
    char* argv[] = {const_cast<char*>(bin.c_str()), const_cast<char*>("--version"), nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    rusage ru{};
    if (rc != 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status)) return false;
    c->wall = std::min(
        c->wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    c->cpu = std::min(c->cpu, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
                                  ru.ru_stime.tv_usec * 1e-6);
  }
  return true;
}

void Line(const char* what, const Cost& c, double bars) {
  std::printf("  %-34s wall %.4f s, CPU %.4f s (%6.1f ns/bar CPU)\n", what, c.wall, c.cpu,
              c.cpu / bars * 1e9);
}

}  // namespace

bool RunBreakdown(const BreakdownOptions& o) {
  auto root = toml::parse(kSmaConfig);
  auto config = ParseBacktestConfig(root, ".");
  if (!config.ok()) return false;
  std::printf("breakdown of `tradelet backtest` (best of %d, this process; CPU = all threads)\n",
              o.repeat);
  Cost start, csv, tlb, run, analyzers, summary, html, write, teardown;
  if (!o.tradelet.empty() && ProcessStart(o.tradelet, o.repeat, &start)) {
    std::printf("  %-34s wall %.4f s, CPU %.4f s\n",
                "process start (tradelet --version):", start.wall, start.cpu);
  }
  Result<BacktestData> data = InvalidArgument("not loaded");
  if (!Time(o.repeat, &csv, [&] { return (data = LoadBacktestData(*config, o.data)).ok(); })) {
    return false;
  }
  const double bars = static_cast<double>(data->bars);
  Line("load + validate the gzipped CSV:", csv, bars);
  // The run reads the bundle's columns (in place, from the mapping) when there is a bundle,
  // as `tradelet backtest --data FILE.tlb` does.
  Result<BacktestData> b = InvalidArgument("not loaded");
  if (!o.bundle.empty()) {
    b = InvalidArgument("not loaded");
    if (Time(o.repeat, &tlb, [&] {
          b = InvalidArgument("released");  // each repeat maps and verifies afresh
          return (b = LoadBacktestData(*config, o.bundle)).ok();
        })) {
      Line("load the bundle (map, verify):", tlb, bars);
    }
  }
  const BacktestData& in = b.ok() ? *b : *data;
  Result<BacktestResult> res = InvalidArgument("not run");
  if (!Time(o.repeat, &run, [&] { return (res = RunBacktest(*config, in.all)).ok(); })) {
    return false;
  }
  Line("RunBacktest (kernel + analyzers):", run, bars);
  Time(o.repeat, &analyzers, [&] {
    BacktestResult& r = *res;
    r.returns = ComputeReturnStats(r.equity, r.initial_cash, config->analyzer);
    r.trade_stats = ComputeTradeStats(r.trades);
    r.exposure = ComputeExposure(r.equity, r.totals.traded_value, r.returns.years);
    r.monthly = MonthlyReturns(ToDaily(r.equity), r.initial_cash);
    return true;
  });
  Line("  of which analyzers:", analyzers, bars);
  Time(o.repeat, &summary, [&] { return !SummaryJson(*res).dump(2).empty(); });
  Time(o.repeat, &html, [&] { return !RenderReportHtml(*res).empty(); });
  const std::string out = o.work + "/breakdown";
  if (!Time(o.repeat, &write, [&] { return WriteBacktestOutputs(*res, out).ok(); })) return false;
  std::printf("  reports: %zu trades, %zu orders, %zu equity rows\n",
              res->trades.size() + res->open_trades.size(), res->orders.size(), res->equity.size());
  Line("write every report:", write, bars);
  Line("  of which summary.json:", summary, bars);
  Line("  of which report.html:", html, bars);
  // What a process frees on its way out: the result, the loaded bars (a CSV load's heap
  // columns, or the bundle's mapping).
  Time(1, &teardown, [&] {
    res = InvalidArgument("released");
    b = InvalidArgument("released");
    data = InvalidArgument("released");
    return true;
  });
  Line("free the result and the data:", teardown, bars);
  std::filesystem::remove_all(out);
  return true;
}

}  // namespace tradelet::bench
