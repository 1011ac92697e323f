// tradelet forecast cv: Prophet's cross_validation + performance_metrics on a CSV series.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "command.h"
#include "tradelet/forecast/diagnostics.h"
#include "tradelet/forecast/flags.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::cli {
namespace {

namespace fc = tradelet::forecast;

constexpr char kUsage[] =
    "usage: tradelet forecast cv --input F.csv --horizon D [--initial D] [--period D] "
    "[--rolling-window R] [--metrics mse,rmse,...] [model options] [--output cv.csv] "
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
  CLI::App app{"Cross-validate a Prophet model (simulated historical forecasts) and print "
               "performance metrics.\n" + std::string(kUsage),
               "tradelet forecast cv"};
  std::string input, output, metrics_output, horizon, initial, period, metrics, holidays_path;
  double rolling_window = 0.1;
  fc::ProphetFlags f;
  app.add_option("--input", input, "CSV with ds,y")->required();
  app.add_option("--horizon", horizon, "forecast horizon, e.g. 30d")->required();
  app.add_option("--initial", initial, "first training window (default 3 x horizon)");
  app.add_option("--period", period, "spacing of cutoffs (default horizon / 2)");
  app.add_option("--rolling-window", rolling_window, "share of rows per metric window");
  app.add_option("--metrics", metrics, "comma list of mse,rmse,mae,mape,mdape,smape,coverage");
  app.add_option("--output", output, "cross-validation rows CSV");
  app.add_option("--metrics-output", metrics_output, "metrics CSV (default: stdout)");
  app.add_option("--growth", f.growth, "linear, logistic or flat");
  app.add_option("--cap", f.cap, "logistic capacity");
  app.add_option("--floor", f.floor, "logistic floor");
  app.add_option("--n-changepoints", f.n_changepoints, "number of potential changepoints");
  app.add_option("--changepoint-range", f.changepoint_range, "share of history with changepoints");
  app.add_option("--changepoint-prior-scale", f.changepoint_prior_scale, "trend flexibility");
  app.add_option("--yearly-seasonality", f.yearly_seasonality, "auto, true, false or an order");
  app.add_option("--weekly-seasonality", f.weekly_seasonality, "auto, true, false or an order");
  app.add_option("--daily-seasonality", f.daily_seasonality, "auto, true, false or an order");
  app.add_option("--seasonality-mode", f.seasonality_mode, "additive or multiplicative");
  app.add_option("--seasonality-prior-scale", f.seasonality_prior_scale, "seasonality strength");
  app.add_option("--holidays", holidays_path, "CSV: holiday,ds[,lower_window,upper_window]");
  app.add_option("--holidays-prior-scale", f.holidays_prior_scale, "holiday strength");
  app.add_option("--interval-width", f.interval_width, "width of the uncertainty interval");
  app.add_option("--uncertainty-samples", f.uncertainty_samples, "0 disables intervals");
  app.add_option("--seed", f.seed, "seed of the interval simulation");
  app.add_option("--scaling", f.scaling, "absmax or minmax");
  app.add_option("--algorithm", f.algorithm, "exact (default: the exact MAP), auto (Stan's run as Prophet does it), lbfgs or newton");
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
    TL_ASSIGN_OR_RETURN(fc::ProphetOptions options, fc::OptionsFromFlags(f));
    TL_ASSIGN_OR_RETURN(std::string text, ReadTextFile(input));
    TL_ASSIGN_OR_RETURN(fc::Frame hist, fc::ParseFrameCsv(text, true, input));
    TL_RETURN_IF_ERROR(fc::ApplyCapFloor(f, &hist));
    fc::Prophet model(options);
    TL_RETURN_IF_ERROR(model.Fit(hist).status());
    TL_ASSIGN_OR_RETURN(fc::CrossValidationResult cv, fc::CrossValidation(model, cvo));
    std::vector<std::string> names;
    std::stringstream ms(metrics);
    for (std::string m; std::getline(ms, m, ',');) {
      if (!m.empty()) names.push_back(m);
    }
    TL_ASSIGN_OR_RETURN(fc::PerformanceMetrics pm,
                        fc::ComputePerformanceMetrics(cv, names, rolling_window));
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
