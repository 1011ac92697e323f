// tradelet package lambda: a reproducible AWS Lambda zip (provided.al2023) of this binary.
#include <cstdio>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "cli_args.h"
#include "command.h"
#include "tradelet/lambda/packager.h"
#include "tradelet/live/live_check.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  CLI::App app{
      "Build a deployable AWS Lambda zip (runtime provided.al2023, handler bootstrap): this\n"
      "binary as `bootstrap`, its shared libraries and glibc's loader in lib/, the strategy\n"
      "config, and a CA bundle. The same inputs give the same bytes. x86_64 or arm64: for a\n"
      "Graviton function, package the cross-built binary (scripts/build arm64).\n\n"
      "usage: tradelet package lambda --config S.toml -o function.zip\n"
      "       tradelet package lambda --binary build/arm64/tradelet --config S.toml -o f.zip",
      "package lambda"};
  lambda::PackageOptions options;
  std::error_code ec;
  options.binary = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  double max_mb = 10.0;
  app.add_option("--config", options.config, "strategy config (TOML)")->required();
  app.add_option("-o,--output", options.output, "zip to write")->required();
  app.add_option("--binary", options.binary, "executable to ship, x86_64 or arm64 (default: this tradelet)");
  app.add_option("--task-root", options.task_root,
                 "where Lambda unpacks the zip (default /var/task; tests only change it)");
  app.add_option("--ca-bundle", options.ca_bundle, "CA certificates to bundle");
  app.add_option("--max-mb", max_mb, "fail when the zip is larger (default 10 MB)");
  app.add_flag("!--no-strip", options.strip, "keep the binary's symbols");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  options.max_zip_bytes = static_cast<uint64_t>(max_mb * 1024 * 1024);
  // The whole live configuration, as the function will run it (docs/live.md).
  options.validate_config = [](const std::string& path) {
    return live::CheckLiveConfigFile(path, live::LiveTarget::kLambda).status();
  };
  auto summary = lambda::PackageLambda(options);
  if (!summary.ok()) return ReportStatus("package lambda", summary.status());
  for (const auto& f : summary->files) {
    std::printf("  %-36s %10llu  %s\n", f.name.c_str(), static_cast<unsigned long long>(f.bytes),
                f.source.c_str());
  }
  std::printf("%s: %llu bytes zipped (%.2f MB), %llu bytes unzipped, %zu files, %s, "
              "interpreter %s\n",
              options.output.c_str(), static_cast<unsigned long long>(summary->stats.zip_bytes),
              summary->stats.zip_bytes / (1024.0 * 1024.0),
              static_cast<unsigned long long>(summary->stats.uncompressed_bytes),
              summary->stats.entries, summary->machine.c_str(),
              summary->interpreter.empty() ? "(static)" : summary->interpreter.c_str());
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("package lambda", "build a reproducible AWS Lambda zip of a strategy", Run);

}  // namespace tradelet::cli
