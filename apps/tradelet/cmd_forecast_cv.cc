// tradelet forecast cv: Prophet's cross_validation + performance_metrics on a CSV series.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "command.h"
#include "forecast_cli.h"
#include "tradelet/base/progress.h"
#include "tradelet/forecast/diagnostics.h"
#include "tradelet/forecast/flags.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet forecast cv --input F.csv --horizon D [--initial D] [--period D] "
    "[--cutoffs D1,D2] [--rolling-window R] [--metrics mse,rmse,...] [model options] [--output "
    "cv.csv] "
    "[--metrics-output metrics.csv]\n"
    "  durations: 30d, 12h, 15min, or a number of seconds";

Result<Duration> DurationFlag(const char* flag, const std::string& v) {
  auto d = ParseDuration(v);
  if (!d.ok() || d->count() <= 0) {
    return InvalidArgument(std::string(flag) + ": not a positive duration '" + v +
                           "' (e.g. 30d, 12h, 15min)");
  }
  return *d;
}

int Run(int argc, char** argv) {
  CLI::App app{
      "Cross-validate a Prophet model (simulated historical forecasts) and print "
      "performance metrics.\n" +
          std::string(kUsage),
      "tradelet forecast cv"};
  std::string input, output, metrics_output, horizon, initial, period, metrics, holidays_path,
      cutoffs;
  double rolling_window = 0.1;
  fc::ProphetFlags f;
  app.add_option("--input", input, "CSV with ds,y")->required();
  app.add_option("--horizon", horizon, "forecast horizon, e.g. 30d")->required();
  app.add_option("--initial", initial, "first training window (default 3 x horizon)");
  app.add_option("--period", period, "spacing of cutoffs (default horizon / 2)");
  app.add_option("--cutoffs", cutoffs, "explicit cutoffs: comma list of dates/date-times");
  app.add_option("--rolling-window", rolling_window, "share of rows per metric window");
  app.add_option("--metrics", metrics, "comma list of mse,rmse,mae,mape,mdape,smape,coverage");
  app.add_option("--output", output, "cross-validation rows CSV");
  app.add_option("--metrics-output", metrics_output, "metrics CSV (default: stdout)");
  AddModelFlags(app, &f, &holidays_path);
  bool no_progress = false;
  app.add_flag("--no-progress", no_progress,
               "no progress line on a terminal (also TRADELET_PROGRESS=0)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "tradelet forecast cv: %s\n%s\n", e.what(), kUsage);
    return kExitUsage;
  }
  auto run = [&]() -> Status {
    fc::CrossValidationOptions cvo;
    TL_ASSIGN_OR_RETURN(cvo.horizon, DurationFlag("--horizon", horizon));
    if (!initial.empty()) {
      TL_ASSIGN_OR_RETURN(Duration d, DurationFlag("--initial", initial));
      cvo.initial = d;
    }
    if (!period.empty()) {
      TL_ASSIGN_OR_RETURN(Duration d, DurationFlag("--period", period));
      cvo.period = d;
    }
    if (!holidays_path.empty()) {
      TL_ASSIGN_OR_RETURN(f.holidays_text, ReadTextFile(holidays_path));
      f.holidays_source = holidays_path;
    }
    if (!cutoffs.empty()) {
      std::stringstream cs(cutoffs);
      for (std::string c; std::getline(cs, c, ',');) {
        auto t = ParseTimestamp(c);
        if (!t.ok()) return InvalidArgument("--cutoffs: not a date or date-time '" + c + "'");
        cvo.cutoffs.push_back(*t);
      }
    }
    TL_ASSIGN_OR_RETURN(fc::ProphetOptions options, fc::OptionsFromFlags(f));
    TL_ASSIGN_OR_RETURN(std::string text, ReadTextFile(input));
    TL_ASSIGN_OR_RETURN(fc::Frame all, fc::ParseFrameCsv(text, true, input));
    TL_RETURN_IF_ERROR(fc::ApplyCapFloor(f, &all));
    TL_ASSIGN_OR_RETURN(fc::Frame hist, HistoryRows(all, options, input));
    if (!f.country_holidays.empty() && hist.size() > 0) {
      const auto [lo, hi] = std::minmax_element(hist.ds.begin(), hist.ds.end());
      TL_RETURN_IF_ERROR(fc::AddCountryHolidays(f, *lo, *hi, *hi, &options));
    }
    fc::Prophet model(options);
    TL_RETURN_IF_ERROR(model.Fit(hist).status());
    auto progress = Progress::ForStderr({.label = "forecast cv", .unit = "cutoffs"}, no_progress);
    cvo.on_cutoff = [&](size_t done, size_t total) {
      progress->Set(static_cast<int64_t>(done), static_cast<int64_t>(total));
    };
    TL_ASSIGN_OR_RETURN(fc::CrossValidationResult cv, fc::CrossValidation(model, cvo));
    progress->Finish();
    std::vector<std::string> names;
    std::stringstream ms(metrics);
    for (std::string m; std::getline(ms, m, ',');) {
      if (!m.empty()) names.push_back(m);
    }
    TL_ASSIGN_OR_RETURN(fc::PerformanceMetrics pm,
                        fc::ComputePerformanceMetrics(cv, names, rolling_window));
    for (const auto& why : pm.dropped_reasons) {
      std::fprintf(stderr, "tradelet forecast cv: note: metric %s dropped\n", why.c_str());
    }
    if (!output.empty()) TL_RETURN_IF_ERROR(WriteTextFile(output, cv.ToCsv()));
    if (!metrics_output.empty()) {
      TL_RETURN_IF_ERROR(WriteTextFile(metrics_output, pm.ToCsv()));
    } else {
      std::fputs(pm.ToCsv().c_str(), stdout);
    }
    return Status::Ok();
  };
  return ReportStatus("forecast cv", run());
}

}  // namespace

TL_REGISTER_COMMAND("forecast cv", "cross-validate a Prophet model (cutoffs, metrics)", Run);

}  // namespace tradelet::cli
