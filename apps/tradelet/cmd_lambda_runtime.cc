// tradelet lambda-runtime: the AWS Lambda custom runtime. The packaged binary is started by
// Lambda as `bootstrap` (main.cc dispatches here on that name), so one binary is both the CLI
// and the function.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "command.h"
#include "tradelet/base/clock.h"
#include "tradelet/base/log.h"
#include "tradelet/lambda/function_config.h"
#include "tradelet/lambda/runtime.h"
#include "tradelet/lambda/scheduled_handler.h"
#include "tradelet/lambda/secrets.h"
#include "tradelet/lambda/sweep_handler.h"
#include "tradelet/live/job.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet lambda-runtime   (or run the binary under the name `bootstrap`)\n\n"
    "The AWS Lambda custom runtime (Runtime API 2018-06-01). Reads AWS_LAMBDA_RUNTIME_API,\n"
    "loads the strategy config from $TRADELET_CONFIG or $LAMBDA_TASK_ROOT/config/*.toml,\n"
    "and runs the live job (`tradelet run`) for the slot of each scheduled event.\n"
    "Logs are JSON lines on stdout. Environment:\n"
    "  TRADELET_LAMBDA_RUNNER=live|probe   live (default) trades; probe reports the slot it\n"
    "                                      would run and trades nothing (to check schedules)\n"
    "  TRADELET_SECRET_ID                  Secrets Manager secret with APCA_API_KEY_ID and\n"
    "                                      APCA_API_SECRET_KEY, read through the Parameters\n"
    "                                      and Secrets extension before the first live job\n"
    "  AWS_LAMBDA_LOG_LEVEL                DEBUG|INFO|WARN|ERROR (TRACE, FATAL accepted)\n"
    "An event {\"mode\":\"sweep\",...} runs one shard of a sweep instead and returns its\n"
    "shard.json (docs/scale.md).";

// The live job of `tradelet run`, for the slot the event maps to. TRADELET_DRY_RUN=1 makes
// every run a dry run. A failed run is a Lambda error (with the report in its message); business
// outcomes (market closed, stale slot, rejected orders) are in the OK report.
lambda::JobRunner LiveJobRunner() {
  return [](const lambda::JobRequest& request) -> Result<std::string> {
    const char* dry = std::getenv("TRADELET_DRY_RUN");
    const bool dry_run = dry != nullptr && (std::strcmp(dry, "1") == 0 || std::strcmp(dry, "true") == 0);
    TL_ASSIGN_OR_RETURN(live::JobReport report,
                        live::RunJob(request.config_path, request.slot.time, dry_run,
                                     request.deadline));
    if (report.outcome == "failed") return Internal("live job failed: " + report.ToJson());
    return report.ToJson();
  };
}

// Runs nothing: reports the slot an event maps to, so a deployment's schedule, payload and
// permissions can be checked end to end without trading.
lambda::JobRunner ProbeRunner() {
  return [](const lambda::JobRequest& request) -> Result<std::string> {
    std::string out = "{\"mode\":\"probe\",\"strategy\":";
    AppendJsonString(&out, request.slot.strategy);
    out += ",\"slot\":";
    AppendJsonString(&out, FormatTimestamp(request.slot.time));
    out += ",\"job_deadline\":";
    AppendJsonString(&out, FormatTimestamp(request.deadline));
    out += ",\"orders_placed\":0}";
    return out;
  };
}

// Loads the broker credentials from Secrets Manager (TRADELET_SECRET_ID) before the first job.
// Lazily, at the first invocation: the secrets extension may still be starting during init.
lambda::JobRunner WithSecrets(lambda::JobRunner runner) {
  const char* id = std::getenv("TRADELET_SECRET_ID");
  if (id == nullptr || *id == '\0') return runner;
  return [runner = std::move(runner), id = std::string(id),
          loaded = false](const lambda::JobRequest& request) mutable -> Result<std::string> {
    if (!loaded) {
      TL_ASSIGN_OR_RETURN(int exported, lambda::ExportSecretToEnvironment(id));
      TL_LOG(kInfo, "credentials loaded").Field("variables", exported);
      loaded = true;
    }
    return runner(request);
  };
}

void WriteStdout(std::string_view line) {
  // CloudWatch reads stdout; one write per line keeps lines whole.
  size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = ::write(1, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

void ApplyLambdaLogLevel() {
  const char* v = std::getenv("AWS_LAMBDA_LOG_LEVEL");
  if (v == nullptr) return;
  const std::string s(v);
  if (s == "TRACE" || s == "DEBUG") Logger::SetLevel(LogLevel::kDebug);
  if (s == "INFO") Logger::SetLevel(LogLevel::kInfo);
  if (s == "WARN") Logger::SetLevel(LogLevel::kWarn);
  if (s == "ERROR" || s == "FATAL") Logger::SetLevel(LogLevel::kError);
}

std::string TaskRoot() {
  if (const char* root = std::getenv("LAMBDA_TASK_ROOT"); root != nullptr && *root != '\0') {
    return root;
  }
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec).parent_path().string();
}

struct Init {
  lambda::FunctionConfig config;
  std::string ca_bundle;
  std::string runner_name;
  std::string journal;
  lambda::JobRunner runner;
};

Result<Init> Initialize() {
  Init init;
  const std::string root = TaskRoot();
  TL_ASSIGN_OR_RETURN(std::string path, lambda::FindFunctionConfig(root));
  TL_ASSIGN_OR_RETURN(init.config, lambda::LoadFunctionConfig(path));
  TL_ASSIGN_OR_RETURN(init.ca_bundle, lambda::ConfigureCaBundle(root));
  // The live job's journal defaults to <config>.journal.sqlite, i.e. under /var/task, which is
  // read-only on Lambda: every live run would fail to open it. /tmp is the function's writable
  // space (Lambda sets no TMPDIR; honoured when set, as the tests' sandboxes do).
  if (const char* j = std::getenv("TRADELET_JOURNAL"); j == nullptr || *j == '\0') {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    ::setenv("TRADELET_JOURNAL",
             (dir + "/tradelet-" + init.config.strategy + ".journal.sqlite").c_str(), 1);
  }
  init.journal = std::getenv("TRADELET_JOURNAL");
  const char* runner = std::getenv("TRADELET_LAMBDA_RUNNER");
  init.runner_name = runner && *runner ? runner : "live";
  if (init.runner_name == "live") {
    init.runner = WithSecrets(LiveJobRunner());
  } else if (init.runner_name == "probe") {
    init.runner = ProbeRunner();
  } else {
    return InvalidArgument("TRADELET_LAMBDA_RUNNER: expected live or probe, got '" +
                           init.runner_name + "'");
  }
  return init;
}

int Run(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::printf("%s\n", kUsage);
      return kExitOk;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  Logger::SetSink(WriteStdout);
  ApplyLambdaLogLevel();
  auto client = lambda::RuntimeClient::FromEnvironment();
  if (!client.ok()) return ReportStatus("lambda-runtime", client.status());

  auto init = Initialize();
  if (!init.ok()) {
    TL_LOG(kError, "init failed").Field("error", init.status().ToString());
    const Status posted = client->PostInitError(lambda::LambdaErrorFromStatus(init.status()));
    if (!posted.ok()) TL_LOG(kError, "init error not posted").Field("error", posted.ToString());
    return ReportStatus("lambda-runtime", init.status());
  }
  TL_LOG(kInfo, "runtime ready")
      .Field("strategy", init->config.strategy)
      .Field("config", init->config.path)
      .Field("ca_bundle", init->ca_bundle)
      .Field("runner", init->runner_name)
      .Field("journal", init->journal)
      .Field("init_ms", std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - start)
                            .count());

  RealClock clock;
  lambda::ScheduledHandlerOptions options;
  options.strategy = init->config.strategy;
  options.config_path = init->config.path;
  options.clock = &clock;
  lambda::ScheduledJobHandler handler(options, std::move(init->runner));
  // {"mode":"sweep",...} events run a sweep shard (sweep_handler.h); the rest are scheduled.
  const char* tmp = std::getenv("TMPDIR");
  lambda::SweepModeRouter router(&handler, TaskRoot(), tmp != nullptr && *tmp ? tmp : "/tmp");
  const Status status = lambda::RunRuntimeLoop(*client, router);
  return ReportStatus("lambda-runtime", status);
}

}  // namespace

TL_REGISTER_COMMAND("lambda-runtime", "the AWS Lambda custom runtime (run as `bootstrap`)", Run);

}  // namespace tradelet::cli
