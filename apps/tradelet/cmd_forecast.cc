// tradelet forecast: fit a Prophet model to a CSV series and write Prophet's predict() columns.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "command.h"
#include "tradelet/forecast/flags.h"
#include "tradelet/forecast/plot.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::cli {
namespace {

namespace fc = tradelet::forecast;

constexpr char kUsage[] =
    "usage: tradelet forecast --input F.csv --periods N --freq F [model options] --output out.csv "
    "[--stats-json s.json] [--plot p.html]\n"
    "       tradelet forecast cv --input F.csv --horizon D [--initial D] [--period D] [...]";

void AddModelFlags(CLI::App& app, fc::ProphetFlags* f, std::string* holidays_path) {
  app.add_option("--growth", f->growth, "linear, logistic or flat");
  app.add_option("--cap", f->cap, "logistic capacity (a number applied to every row)");
  app.add_option("--floor", f->floor, "logistic floor (a number applied to every row)");
  app.add_option("--n-changepoints", f->n_changepoints, "number of potential changepoints");
  app.add_option("--changepoint-range", f->changepoint_range, "share of history with changepoints");
  app.add_option("--changepoint-prior-scale", f->changepoint_prior_scale, "trend flexibility");
  app.add_option("--yearly-seasonality", f->yearly_seasonality, "auto, true, false or an order");
  app.add_option("--weekly-seasonality", f->weekly_seasonality, "auto, true, false or an order");
  app.add_option("--daily-seasonality", f->daily_seasonality, "auto, true, false or an order");
  app.add_option("--seasonality-mode", f->seasonality_mode, "additive or multiplicative");
  app.add_option("--seasonality-prior-scale", f->seasonality_prior_scale, "seasonality strength");
  app.add_option("--holidays", *holidays_path, "CSV: holiday,ds[,lower_window,upper_window]");
  app.add_option("--holidays-prior-scale", f->holidays_prior_scale, "holiday strength");
  app.add_option("--interval-width", f->interval_width, "width of the uncertainty interval");
  app.add_option("--uncertainty-samples", f->uncertainty_samples, "0 disables intervals");
  app.add_option("--seed", f->seed, "seed of the interval simulation");
  app.add_option("--scaling", f->scaling, "absmax or minmax");
  app.add_option("--algorithm", f->algorithm, "exact (default: the exact MAP), auto (Stan's run as Prophet does it), lbfgs or newton");
}

std::string JsonEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    o += c;
  }
  return o;
}

int Run(int argc, char** argv) {
  CLI::App app{"Fit a Prophet model to a series and forecast it.\n" + std::string(kUsage),
               "tradelet forecast"};
  std::string input, output, stats_json, plot, freq_text = "day", holidays_path;
  int periods = 0;
  fc::ProphetFlags flags;
  app.add_option("--input", input, "CSV with ds,y (and cap/floor)")->required();
  app.add_option("--periods", periods, "future steps to forecast")->required();
  app.add_option("--freq", freq_text, "day, week, month, quarter, year, 15min, 1h, 5s, seconds");
  app.add_option("--output", output, "forecast CSV (Prophet's predict() columns)")->required();
  app.add_option("--stats-json", stats_json, "fit/predict seconds, iterations, termination");
  app.add_option("--plot", plot, "self-contained HTML plot");
  AddModelFlags(app, &flags, &holidays_path);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "tradelet forecast: %s\n%s\n", e.what(), kUsage);
    return kExitUsage;
  }
  auto run = [&]() -> Status {
    if (periods < 0) return InvalidArgument("--periods must be >= 0");
    TL_ASSIGN_OR_RETURN(fc::Frequency freq, fc::Frequency::Parse(freq_text));
    if (!holidays_path.empty()) {
      TL_ASSIGN_OR_RETURN(flags.holidays_text, ReadTextFile(holidays_path));
      flags.holidays_source = holidays_path;
    }
    TL_ASSIGN_OR_RETURN(fc::ProphetOptions options, fc::OptionsFromFlags(flags));
    TL_ASSIGN_OR_RETURN(std::string text, ReadTextFile(input));
    TL_ASSIGN_OR_RETURN(fc::Frame hist, fc::ParseFrameCsv(text, true, input));
    TL_RETURN_IF_ERROR(fc::ApplyCapFloor(flags, &hist));
    fc::Prophet model(options);
    const auto t0 = std::chrono::steady_clock::now();
    TL_ASSIGN_OR_RETURN(fc::FitSummary summary, model.Fit(hist));
    const auto t1 = std::chrono::steady_clock::now();
    TL_ASSIGN_OR_RETURN(fc::Frame future, model.MakeFutureDataFrame(periods, freq, true));
    if (options.growth == fc::Growth::kLogistic) {
      if (flags.cap.empty()) {
        return InvalidArgument("logistic growth: give --cap (the future rows need a capacity)");
      }
      TL_RETURN_IF_ERROR(fc::ApplyCapFloor(flags, &future));
    }
    const auto t2 = std::chrono::steady_clock::now();
    TL_ASSIGN_OR_RETURN(fc::Forecast out, model.Predict(future));
    const auto t3 = std::chrono::steady_clock::now();
    TL_RETURN_IF_ERROR(WriteTextFile(output, out.ToCsv()));
    const double fit_s = std::chrono::duration<double>(t1 - t0).count();
    const double pred_s = std::chrono::duration<double>(t3 - t2).count();
    if (!stats_json.empty()) {
      char buf[1024];
      std::snprintf(buf, sizeof(buf),
                    "{\"fit_seconds\": %.6f, \"predict_seconds\": %.6f, \"iterations\": %d, "
                    "\"evaluations\": %d, \"termination\": \"%s\", \"algorithm\": \"%s\", "
                    "\"fell_back_to_newton\": %s, \"objective\": %.10g, \"rows\": %d, "
                    "\"features\": %d, \"changepoints\": %d, \"message\": \"%s\"}\n",
                    fit_s, pred_s, summary.iterations, summary.evaluations,
                    std::string(fc::TerminationName(summary.termination)).c_str(),
                    std::string(fc::AlgorithmName(summary.algorithm)).c_str(),
                    summary.fell_back_to_newton ? "true" : "false", summary.objective,
                    summary.rows, summary.features, summary.changepoints,
                    JsonEscape(summary.message).c_str());
      TL_RETURN_IF_ERROR(WriteTextFile(stats_json, buf));
    }
    if (!plot.empty()) TL_RETURN_IF_ERROR(WriteTextFile(plot, fc::PlotHtml(model, out, input)));
    return Status::Ok();
  };
  return ReportStatus("forecast", run());
}

}  // namespace

TL_REGISTER_COMMAND("forecast", "fit a Prophet model and forecast a series", Run);

}  // namespace tradelet::cli
