#include "tradelet/lambda/local_function.h"

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "subprocess.h"
#include "tradelet/lambda/runtime_api_emulator.h"

namespace tradelet::lambda {
namespace fs = std::filesystem;

struct LocalFunction::Impl {
  LocalFunctionOptions options;
  PackageSummary package;
  std::string zip, task, log;
  RuntimeApiEmulator api;
  std::unique_ptr<LambdaSandbox> box;
};

LocalFunction::LocalFunction(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LocalFunction::~LocalFunction() { Stop(); }

Result<std::unique_ptr<LocalFunction>> LocalFunction::Start(LocalFunctionOptions options) {
  if (options.binary.empty() || options.config.empty() || options.work_dir.empty()) {
    return InvalidArgument("local function: binary, config and work_dir are required");
  }
  auto impl = std::make_unique<Impl>();
  std::error_code ec;
  const fs::path dir = fs::absolute(options.work_dir, ec);
  if (ec) return InvalidArgument("local function: " + options.work_dir + ": " + ec.message());
  impl->zip = (dir / "function.zip").string();
  impl->task = (dir / "task").string();
  impl->log = (dir / "bootstrap.log").string();
  fs::remove_all(impl->task, ec);  // a previous run's package
  fs::create_directories(impl->task, ec);
  if (ec)
    return InvalidArgument("local function: cannot create " + impl->task + ": " + ec.message());
  fs::remove(impl->log, ec);

  // The zip exactly as `tradelet package lambda --task-root <task>` builds it.
  PackageOptions po;
  po.binary = options.binary;
  po.config = options.config;
  po.output = impl->zip;
  po.task_root = impl->task;
  po.strip = options.strip;
  po.zip_level = options.zip_level;
  // Nothing is uploaded: no size budget (a sanitizer build bundles libasan and is larger).
  po.max_zip_bytes = std::numeric_limits<uint64_t>::max();
  po.validate_config = options.validate_config;
  TL_ASSIGN_OR_RETURN(impl->package, PackageLambda(po));
  TL_ASSIGN_OR_RETURN(internal::CommandOutput unzip,
                      internal::RunCommand({"unzip", "-q", "-o", impl->zip, "-d", impl->task}));
  if (unzip.exit_code != 0) {
    return Internal("unzip " + impl->zip + " failed (exit " + std::to_string(unzip.exit_code) +
                    "): " + unzip.out);
  }

  TL_RETURN_IF_ERROR(impl->api.Start());
  impl->box = std::make_unique<LambdaSandbox>(
      &impl->api,
      LambdaSandbox::Options{impl->task + "/bootstrap", impl->task, impl->log, options.env, {}});
  TL_RETURN_IF_ERROR(impl->box->StartProcess());
  impl->options = std::move(options);
  return std::unique_ptr<LocalFunction>(new LocalFunction(std::move(impl)));
}

Result<std::string> LocalFunction::Invoke(const std::string& request_id, const std::string& payload,
                                          std::chrono::milliseconds timeout) {
  if (!impl_->box || !impl_->box->running()) {
    return FailedPrecondition("local function: not running");
  }
  LambdaSandbox::Invoked r = impl_->box->Invoke(payload, timeout, request_id);
  if (!r.outcome) {
    return DeadlineExceeded("the function did not answer " + request_id + " within " +
                            std::to_string(timeout.count()) + " ms" + LogTail());
  }
  if (r.outcome->kind != EmulatedOutcome::Kind::kResponse) {
    return Internal("the function answered " + request_id + " with an error (" +
                    r.outcome->error_type + "): " + r.outcome->body + LogTail());
  }
  return r.outcome->body;
}

std::string LocalFunction::LogTail(size_t max_bytes) const {
  std::ifstream in(impl_->log);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  return "\n--- bootstrap log (tail) ---\n" +
         all.substr(all.size() > max_bytes ? all.size() - max_bytes : 0);
}

void LocalFunction::Stop() {
  if (!impl_) return;
  if (impl_->box) impl_->box->KillProcess();
  impl_->box.reset();
  impl_->api.Stop();
}

const PackageSummary& LocalFunction::package() const { return impl_->package; }
std::string LocalFunction::zip_path() const { return impl_->zip; }
std::string LocalFunction::task_root() const { return impl_->task; }
std::string LocalFunction::log_path() const { return impl_->log; }

}  // namespace tradelet::lambda
