// tradelet._ext.live_run: `tradelet run` in-process for tradelet.live.run() — the same config
// check, the same job (live::RunJob: reconcile, the kernel, the exactly-once broker, the
// journal) and the same JSON report; a `[strategy] name = "python"` strategy is built through
// the registry entry of strategy_bind.cc. Broker and data URLs and keys come from the
// environment (APCA_*), as for the CLI.
#include <optional>
#include <string>

#include "convert.h"
#include "strategy_bind.h"
#include "tradelet/base/log.h"
#include "tradelet/live/job.h"
#include "tradelet/live/live_check.h"

namespace tradelet::python {
namespace {

// Returns (report JSON, exit code as `tradelet run` would give it: 0, or 1 when a rerun could
// help: a failed run or orders of unknown fate).
py::tuple LiveRun(const std::string& config_path, std::optional<int64_t> slot_ns, bool dry_run) {
  Result<live::JobReport> report = InvalidArgument("not run");
  {
    py::gil_scoped_release release;
    Logger::RegisterSecretsFromEnvironment();
    report = [&]() -> Result<live::JobReport> {
      TL_RETURN_IF_ERROR(live::CheckLiveConfigFile(config_path, live::LiveTarget::kRun).status());
      live::JobRequest request;
      request.config_path = config_path;
      request.dry_run = dry_run;
      if (slot_ns) request.slot = Timestamp::FromUnixNanos(*slot_ns);
      live::JobServices services;
      return live::RunJob(request, services);
    }();
  }
  RaisePendingStrategyError();
  const live::JobReport r = Take(std::move(report));
  const int code = r.outcome == "failed" || r.has_unknown() ? 1 : 0;
  return py::make_tuple(Logger::Redact(r.ToJson()), code);
}

}  // namespace

void BindLive(py::module_& m) {
  m.def("live_run", &LiveRun, py::arg("config_path"), py::arg("slot_ns") = py::none(),
        py::arg("dry_run") = false);
}

}  // namespace tradelet::python
