// tradelet._ext.backtest: `tradelet backtest` in-process for tradelet.backtest(). Runs the
// config (TOML file) over its data (or `data_dir`), writes the CLI's five output files into
// `out_dir` (Python reads them as DataFrames) and returns (summary JSON, report HTML, the names
// of the strategy's own files written there).
#include <filesystem>
#include <string>
#include <vector>

#include "convert.h"
#include "strategy_bind.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/report.h"
#include "tradelet/backtest/runner.h"

namespace tradelet::python {
namespace {

py::tuple Backtest(const std::string& config_path, const std::string& data_dir,
                   const std::string& out_dir) {
  std::string summary, html;
  std::vector<std::string> files;  // the strategy's own output files (artifacts)
  Status status;
  {
    py::gil_scoped_release release;
    status = [&]() -> Status {
      TL_ASSIGN_OR_RETURN(toml::table root, ReadTomlFile(config_path));
      const std::string base = std::filesystem::path(config_path).parent_path().string();
      Result<BacktestConfig> config = ParseBacktestConfig(root, base.empty() ? "." : base);
      if (!config.ok()) return config.status().WithContext(config_path);
      TL_ASSIGN_OR_RETURN(BacktestData data, LoadBacktestData(*config, data_dir));
      TL_ASSIGN_OR_RETURN(BacktestResult result, RunBacktest(*config, data.all));
      result.skipped = data.skipped;
      TL_RETURN_IF_ERROR(WriteBacktestOutputs(result, out_dir));
      summary = SummaryJson(result).dump();
      html = RenderReportHtml(result);
      for (const auto& f : result.artifacts.files) files.push_back(f.first);
      return Status::Ok();
    }();
  }
  RaisePendingStrategyError();  // a Python strategy's exception comes first
  Check(status);
  return py::make_tuple(summary, html, files);
}

}  // namespace

void BindBacktest(py::module_& m) {
  m.def("backtest", &Backtest, py::arg("config_path"), py::arg("data_dir"), py::arg("out_dir"));
}

}  // namespace tradelet::python
