// tradelet run: run one live job of a strategy against its broker (docs/live.md)
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli_args.h"
#include "command.h"
#include "tradelet/base/log.h"
#include "tradelet/live/job.h"
#include "tradelet/live/journal_rebuild.h"
#include "tradelet/live/live_check.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  CLI::App app(
      "Run one live job: staleness guard, market-open gate, reconcile positions and open "
      "orders, fetch bars, run the strategy, place its orders exactly once, print a JSON "
      "report. Broker and data URLs and keys come from APCA_API_BASE_URL, APCA_API_DATA_URL, "
      "APCA_API_KEY_ID, APCA_API_SECRET_KEY (or ALPACAUSER / ALPACAPW).\n"
      "usage: tradelet run --config S.toml [--dry-run] [--at T]\n"
      "       tradelet run --config S.toml --rebuild-journal",
      "tradelet run");
  std::string config, at;
  bool dry_run = false, rebuild = false;
  app.add_option("--config", config, "live config (TOML with [live] and [strategy])")->required();
  app.add_flag("--dry-run", dry_run, "do everything except sending orders and cancels");
  app.add_option("--at", at, "the scheduled slot (RFC 3339); default: now floored to the period");
  app.add_flag("--rebuild-journal", rebuild,
               "rebuild a lost or corrupt journal from the broker's orders of this strategy "
               "(the old file is kept beside it), then exit without running");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  Logger::RegisterSecretsFromEnvironment();
  // Refuse what cannot run live before touching the broker (exit 3, naming the key).
  if (auto checked = live::CheckLiveConfigFile(config, live::LiveTarget::kRun); !checked.ok()) {
    return ReportStatus("run", checked.status());
  }
  if (rebuild) {
    auto r = live::RebuildJournalFromEnvironment(config);
    if (!r.ok()) return ReportStatus("run --rebuild-journal", r.status());
    std::printf("%s\n", r->ToJson().c_str());
    return kExitOk;
  }
  live::JobRequest request;
  request.config_path = config;
  request.dry_run = dry_run;
  if (!at.empty()) {
    auto t = ParseTimestamp(at);
    if (!t.ok()) return ReportStatus("run", t.status().WithContext("--at"));
    request.slot = *t;
  }
  live::JobServices services;
  auto report = live::RunJob(request, services);
  if (!report.ok()) return ReportStatus("run", report.status());
  // Broker error messages in errors[] may echo the keys: redact stdout as the log is redacted.
  const std::string json = Logger::Redact(report->ToJson());
  std::printf("%s\n", json.c_str());
  // Non-zero only when a rerun could help (failed run, orders of unknown fate). Business
  // rejections are reported, not retried.
  return report->outcome == "failed" || report->has_unknown() ? kExitFailure : kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("run", "run one live job of a strategy against its broker", Run);

}  // namespace tradelet::cli
