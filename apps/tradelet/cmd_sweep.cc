// tradelet sweep: run a strategy over a parameter grid in parallel
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/sweep.h"
#include "tradelet/backtest/sweep_shard.h"
#include "tradelet/base/progress.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet sweep --config S.toml --grid G.toml --out DIR [--data DIR] [--threads N] "
    "[--walk-forward] [--shard K/N|auto/N]\n"
    "       tradelet sweep merge --out DIR SHARD_DIR...";

void PrintRanked(const SweepResult& result, const SweepOptions& options) {
  std::printf("rank");
  for (const GridAxis& a : result.axes) std::printf(",%s", a.key.c_str());
  std::printf(",%s,total_return,max_drawdown,trades\n", options.rank_by.c_str());
  for (size_t i = 0; i < result.rows.size() && i < 20; ++i) {
    const SweepRow& r = result.rows[i];
    std::printf("%zu", i + 1);
    for (const auto& p : r.params) std::printf(",%s", p.c_str());
    if (r.status.ok()) {
      std::printf(",%.4f,%.4f,%.4f,%lld\n", r.metric, r.total_return, r.max_drawdown,
                  static_cast<long long>(r.trades));
    } else {
      std::printf(",error: %s\n", r.status.message().c_str());
    }
  }
}

int Run(int argc, char** argv) {
  CLI::App app(
      "Run every combination of a parameter grid (a [grid] table of dotted config keys to "
      "value arrays) on all cores and write a ranked sweep.csv and sweep.json; with a "
      "[walk_forward] table (or --walk-forward) pick the best combination on each training "
      "window and test it on the next window (walk_forward.csv).\n" +
          std::string(kUsage),
      "tradelet sweep");
  std::string config_path, grid_path, out_dir, data_dir;
  int threads = -1;
  bool walk_forward = false;
  app.add_option("--config", config_path, "strategy config (TOML)")->required();
  app.add_option("--grid", grid_path, "grid file (TOML)")->required();
  app.add_option("--out", out_dir, "output folder")->required();
  app.add_option("--data", data_dir, "folder of CSV / CSV.gz files, or a bundle FILE.tlb (overrides [data] dir)");
  app.add_option("--threads", threads, "worker threads (default: [sweep] threads, else all cores)");
  app.add_flag("--walk-forward", walk_forward,
               "walk-forward mode even without a [walk_forward] table (730/365 days)");
  std::string shard;
  app.add_option("--shard", shard,
                 "run only shard K of N (0-based; combinations i with i % N == K) and write "
                 "shard.json for `sweep merge`; auto/N takes K from AWS_BATCH_JOB_ARRAY_INDEX "
                 "or JOB_COMPLETION_INDEX");
  bool no_progress = false;
  app.add_flag("--no-progress", no_progress,
               "no progress line on a terminal (also TRADELET_PROGRESS=0)");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  std::pair<int, int> shard_kn{0, 1};
  if (!shard.empty()) {
    auto kn = ParseShardSpec(shard, [](const char* name) -> std::optional<std::string> {
      const char* v = std::getenv(name);
      return v ? std::optional<std::string>(v) : std::nullopt;
    });
    if (!kn.ok()) return ReportStatus("sweep", kn.status());
    shard_kn = *kn;
  }
  auto root = ReadTomlFile(config_path);
  if (!root.ok()) return ReportStatus("sweep", root.status());
  auto grid_file = ReadTomlFile(grid_path);
  if (!grid_file.ok()) return ReportStatus("sweep", grid_file.status());
  auto axes = ParseGrid(*grid_file);
  if (!axes.ok()) return ReportStatus("sweep", axes.status().WithContext(grid_path));
  auto options = ParseSweepOptions(*grid_file);
  if (!options.ok()) return ReportStatus("sweep", options.status().WithContext(grid_path));
  if (walk_forward) options->walk_forward = true;
  if (threads >= 0) options->threads = threads;
  options->shard_index = shard_kn.first;
  options->shard_count = shard_kn.second;
  const std::string base = std::filesystem::path(config_path).parent_path().string();
  auto config = ParseBacktestConfig(*root, base.empty() ? "." : base);
  if (!config.ok()) return ReportStatus("sweep", config.status().WithContext(config_path));
  auto data = LoadBacktestData(*config, data_dir);
  if (!data.ok()) return ReportStatus("sweep", WithConfigFile(data.status(), config_path));
  // Runs of this shard (walk-forward: not known in advance, so no ETA).
  int64_t runs = 1;
  for (const GridAxis& a : *axes) runs *= static_cast<int64_t>(a.values.size());
  runs = (runs - shard_kn.first + shard_kn.second - 1) / shard_kn.second;
  auto progress = Progress::ForStderr(
      {.label = "sweep", .unit = "runs", .total = options->walk_forward ? 0 : runs}, no_progress);
  options->on_run_done = [&] { progress->Add(); };
  auto result = RunSweep(*root, base.empty() ? "." : base, *axes, *options, data->all);
  progress->Finish();
  if (!result.ok()) return ReportStatus("sweep", result.status());
  Status s = WriteSweepOutputs(*result, *options, out_dir);
  if (!s.ok()) return ReportStatus("sweep", s);
  if (result->shard_count > 1) {
    s = WriteSweepShard(*result, *options, out_dir);
    if (!s.ok()) return ReportStatus("sweep", s);
  }
  // The ranked table on stdout (the first rows), the files in --out.
  PrintRanked(*result, *options);
  if (options->walk_forward) {
    std::printf("walk-forward: %zu windows, out-of-sample total return %.4f\n",
                result->windows.size(), result->oos_total_return);
  }
  std::fprintf(stderr, "tradelet sweep: %zu runs on %d threads in %.2f s; wrote %s/%s\n",
               result->rows.size(), result->threads, result->seconds, out_dir.c_str(),
               result->shard_count > 1 ? "sweep.csv and shard.json" : "sweep.csv");
  return kExitOk;
}

int Merge(int argc, char** argv) {
  CLI::App app(
      "Merge the shard.json files of `tradelet sweep --shard K/N` runs into the sweep.csv and "
      "sweep.json one machine would have written (same rows, order and numbers). Every shard "
      "0..N-1 must be given exactly once.\n"
      "usage: tradelet sweep merge --out DIR SHARD_DIR...",
      "tradelet sweep merge");
  std::string out_dir;
  std::vector<std::string> dirs;
  app.add_option("--out", out_dir, "output folder")->required();
  app.add_option("shards", dirs, "the --out folders of the shard runs")->required();
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  SweepOptions options;
  auto merged = MergeSweepShards(dirs, &options);
  if (!merged.ok()) return ReportStatus("sweep merge", merged.status());
  Status s = WriteSweepOutputs(*merged, options, out_dir);
  if (!s.ok()) return ReportStatus("sweep merge", s);
  PrintRanked(*merged, options);
  std::fprintf(stderr, "tradelet sweep merge: %zu shards, %zu combinations; wrote %s/sweep.csv\n",
               dirs.size(), merged->rows.size(), out_dir.c_str());
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("sweep", "run a strategy over a parameter grid in parallel", Run);
TL_REGISTER_COMMAND("sweep merge", "merge the outputs of sharded sweeps (sweep --shard K/N)",
                    Merge);

}  // namespace tradelet::cli
