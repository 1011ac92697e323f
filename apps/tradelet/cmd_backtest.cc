// tradelet backtest: run a strategy on history and write its report
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/report.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/base/log.h"
#include "tradelet/base/progress.h"
#include "tradelet/base/run_heap.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet backtest --config S.toml [--data DIR] [--from D --to D] --out DIR";

double MsBetween(std::chrono::steady_clock::time_point from,
                 std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// CPU time of the whole process so far (every thread), in ms: on a shared machine the phases'
// wall times also count other jobs' turns.
double CpuMs() {
  struct rusage u;
  if (::getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

int Run(int argc, char** argv) {
  const auto t_start = std::chrono::steady_clock::now();
  CLI::App app(
      "Run a strategy on historical bars and write summary.json, equity.csv, trades.csv, "
      "orders.csv and report.html to --out. The summary is also printed as JSON.\n" +
          std::string(kUsage),
      "tradelet backtest");
  std::string config_path, data_dir, from_text, to_text, out_dir;
  app.add_option("--config", config_path, "strategy config (TOML, see examples/)")->required();
  app.add_option("--data", data_dir,
                 "folder of CSV / CSV.gz files, one symbol per file, or a bundle "
                 "(FILE.tlb, from tradelet data bundle) (overrides [data] dir)");
  app.add_option("--from", from_text, "first date to trade, YYYY-MM-DD (earlier bars are warm-up)");
  app.add_option("--to", to_text, "last date to trade, YYYY-MM-DD");
  app.add_option("--out", out_dir, "output folder (created if missing)")->required();
  bool no_progress = false;
  app.add_flag("--no-progress", no_progress,
               "no progress line on a terminal (also TRADELET_PROGRESS=0)");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  // The run's heap (orders, fills, trades, equity, the reports' text: ~63 MB on the SMA
  // benchmark) grown at once in 2 MB pages and faulted in on the other core while the data
  // loads, instead of ~14.5k 4 kB faults on the run's thread. The process ends after the run.
  PrepareRunHeap(size_t{64} << 20);
  auto root = ReadTomlFile(config_path);
  if (!root.ok()) return ReportStatus("backtest", root.status());
  const std::string base = std::filesystem::path(config_path).parent_path().string();
  auto config = ParseBacktestConfig(*root, base.empty() ? "." : base);
  if (!config.ok()) return ReportStatus("backtest", config.status().WithContext(config_path));
  if (!from_text.empty()) {
    auto d = CivilDate::Parse(from_text);
    if (!d.ok()) return ReportStatus("backtest", d.status().WithContext("--from"));
    config->from = *d;
  }
  if (!to_text.empty()) {
    auto d = CivilDate::Parse(to_text);
    if (!d.ok()) return ReportStatus("backtest", d.status().WithContext("--to"));
    config->to = *d;
  }
  if (config->from && config->to && *config->to < *config->from) {
    return ReportStatus("backtest", InvalidArgument("--to is before --from"));
  }
  // Shown only when the backtest takes more than a second or two.
  auto progress = Progress::ForStderr(
      {.label = "backtest: loading data", .unit = "bars", .delay = std::chrono::milliseconds(1500)},
      no_progress);
  const auto t_load = std::chrono::steady_clock::now();
  const double cpu_load = CpuMs();
  // A run on one thread: a bundle's price columns are verified on the other core while the run
  // goes; the run waits for each bar to be verified and fails (no report) if one is corrupt.
  // A run on both cores (RunPreparesAhead) would have that verifier take turns with its
  // preparer on one core: the whole bundle is verified before it starts instead, on both
  // cores, series by series (streaming reads; SMA bundle benchmark, 21 interleaved runs:
  // median 103.0 -> 88.4 ms end to end).
  const bool defer = !RunPreparesAhead(*config);
  auto data = LoadBacktestData(*config, data_dir, /*defer_verification=*/defer);
  if (!data.ok()) return ReportStatus("backtest", WithConfigFile(data.status(), config_path));
  config->data_verifier = data->verifier;
  const auto t_run = std::chrono::steady_clock::now();
  const double cpu_run = CpuMs();
  progress->Phase("backtest");
  config->on_progress = [&](uint64_t done, uint64_t total) {
    progress->Set(static_cast<int64_t>(done), static_cast<int64_t>(total));
  };
  auto result = RunBacktest(*config, data->all);
  progress->Finish();
  if (!result.ok()) return ReportStatus("backtest", result.status());
  result->skipped = data->skipped;
  const auto t_write = std::chrono::steady_clock::now();
  const double cpu_write = CpuMs();
  Status s = WriteBacktestOutputs(*result, out_dir);
  if (!s.ok()) return ReportStatus("backtest", s);
  // Where the command's own time went (TRADELET_LOG_LEVEL=debug; the bench reads it).
  TL_LOG(kDebug, "backtest phases")
      .Field("config_ms", MsBetween(t_start, t_load))
      .Field("load_ms", MsBetween(t_load, t_run))
      .Field("run_ms", MsBetween(t_run, t_write))
      .Field("write_ms", MsBetween(t_write, std::chrono::steady_clock::now()))
      .Field("cpu_before_load_ms", cpu_load)
      .Field("load_cpu_ms", cpu_run - cpu_load)
      .Field("run_cpu_ms", cpu_write - cpu_run)
      .Field("write_cpu_ms", CpuMs() - cpu_write);
  std::printf("%s\n", SummaryJson(*result).dump(2).c_str());
  std::fprintf(stderr,
               "tradelet backtest: %zu symbols, %llu bars in %.3f s; wrote %s/report.html\n",
               result->traded.size(), static_cast<unsigned long long>(result->kernel.bars),
               result->run_seconds, out_dir.c_str());
  // Everything the command produces is written (the report files are closed) and printed: end
  // the process here. Returning would free the result (91k orders, their fills and trades),
  // the strategy, the broker and the data one allocation at a time, ~15 ms that the kernel
  // does wholesale when it reclaims the address space. Only this command path does it; the
  // library frees as usual.
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(kExitOk);
}

}  // namespace

TL_REGISTER_COMMAND("backtest", "run a strategy on history and write its report", Run);

}  // namespace tradelet::cli
