// A packaged function run on this machine as Lambda runs it: the zip of `tradelet package
// lambda` (PackageLambda) of a config, unzipped into a task root, its `bootstrap` started as a
// child process (LambdaSandbox: Lambda's environment, TZ=:UTC, the task root as working
// directory) against the Runtime API emulator on 127.0.0.1; each invocation goes through that
// API, as on AWS. `tradelet demo` (step 6) and the journey test run the reference bot this way.
//
//   auto fn = LocalFunction::Start({.binary = "/path/to/tradelet", .config = "bot.toml",
//                                   .work_dir = "out/fn"});
//   auto body = (*fn)->Invoke("req-1", R"({"source":"scheduler",...})");  // response body
//   (*fn)->Stop();
//
// work_dir receives function.zip, task/ (the task root) and bootstrap.log (the function's
// stdout and stderr). Needs what packaging needs (patchelf, strip unless strip = false) and
// `unzip` (scripts/setup installs them).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/lambda/packager.h"

namespace tradelet::lambda {

struct LocalFunctionOptions {
  std::string binary;    // REQUIRED: the tradelet executable packaged as `bootstrap`
  std::string config;    // REQUIRED: the strategy TOML packaged under config/
  std::string work_dir;  // REQUIRED: created if missing; its task/ is replaced
  bool strip = false;    // a local run needs no small binary
  int zip_level = 1;     // fast deflate: the zip is unpacked right away
  // Extra environment of the function (e.g. APCA_* pointing at a paper exchange).
  std::vector<std::pair<std::string, std::string>> env;
  // As PackageOptions::validate_config (the CLI's check of the live configuration).
  std::function<Status(const std::string& config)> validate_config;
};

class LocalFunction {
 public:
  // Packages, unzips, starts the emulator and the bootstrap process. Errors: those of
  // PackageLambda, Unavailable when unzip is missing or the emulator cannot bind.
  static Result<std::unique_ptr<LocalFunction>> Start(LocalFunctionOptions options);
  ~LocalFunction();
  LocalFunction(const LocalFunction&) = delete;
  LocalFunction& operator=(const LocalFunction&) = delete;

  // Delivers `payload` under `request_id` with a deadline `timeout` from now; returns the
  // function's response body. Internal (with the error body) when the function answered an
  // error, DeadlineExceeded when it did not answer in time (the process is then restarted, as
  // Lambda does).
  Result<std::string> Invoke(const std::string& request_id, const std::string& payload,
                             std::chrono::milliseconds timeout = std::chrono::seconds(120));
  // The last `max_bytes` of bootstrap.log, for error messages.
  std::string LogTail(size_t max_bytes = 4000) const;
  // Kills the bootstrap process and stops the emulator (also done by the destructor).
  void Stop();

  const PackageSummary& package() const;
  std::string zip_path() const;
  std::string task_root() const;
  std::string log_path() const;

 private:
  struct Impl;
  explicit LocalFunction(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tradelet::lambda
