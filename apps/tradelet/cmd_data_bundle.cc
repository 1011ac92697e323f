// tradelet data bundle: parse a directory of CSV files once (in parallel), validate every series
// and write one memory-mappable, checksummed bar bundle (*.tlb) that backtest and sweep read
// wherever they read a data folder (--data X.tlb, [data] dir = "X.tlb").
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli_args.h"
#include "command.h"
#include "tradelet/base/log.h"
#include "tradelet/data/bundle.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data bundle --data DIR|F.csv --out FILE.tlb [--threads N] [--verify]";

int Run(int argc, char** argv) {
  CLI::App app{
      std::string(kUsage) +
          "\n\nReads every *.csv / *.csv.gz of --data as backtest does (files parsed in "
          "parallel, series normalised), checks each series' rows as backtest does, and writes "
          "them as columns to one bundle file with the verdicts (excluded symbols and why), "
          "each series' bar interval and the source files' names, sizes and times. "
          "`backtest --data FILE.tlb` and `sweep --data FILE.tlb` then map it instead of "
          "parsing CSV, with the same results; a bundle whose source files changed since is "
          "refused as stale. Prints one JSON line.",
      "data bundle"};
  std::string data, out;
  int threads = 0;
  bool verify = false;
  app.add_option("--data", data, "CSV file or directory (as backtest --data)")->required();
  app.add_option("--out", out, "bundle to write (conventionally *.tlb; replaced atomically)")
      ->required();
  app.add_option("--threads", threads, "files parsed at once (default: one per core)");
  app.add_flag("--verify", verify, "read the bundle back and check it after writing");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  if (threads < 0) {
    ReportStatus("data bundle",
                 InvalidArgument("--threads: must be >= 0, got " + std::to_string(threads)));
    return kExitUsage;
  }
  data::LoadOptions lo;
  lo.threads = static_cast<size_t>(threads);
  auto rep = data::WriteBundle(data, out, lo);
  if (!rep.ok()) return ReportStatus("data bundle", rep.status());
  if (verify) {
    auto back = data::ReadBundle(out);
    if (!back.ok()) return ReportStatus("data bundle", back.status());
    if (back->market.total_bars() != rep->bars || back->market.size() != rep->symbols) {
      return ReportStatus("data bundle",
                          Internal(out + ": read back differs from what was written"));
    }
  }
  std::string line = "{\"bundle\":";
  AppendJsonString(&line, out);
  line +=
      ",\"files\":" + std::to_string(rep->files) + ",\"symbols\":" + std::to_string(rep->symbols) +
      ",\"bars\":" + std::to_string(rep->bars) + ",\"invalid\":" + std::to_string(rep->invalid) +
      ",\"bytes\":" + std::to_string(rep->bytes) + "}";
  std::printf("%s\n", line.c_str());
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("data bundle", "parse CSV once into a memory-mapped bar bundle (*.tlb)", Run);

}  // namespace tradelet::cli
