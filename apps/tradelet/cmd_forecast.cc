// tradelet forecast: fit a Prophet model to a CSV series and write Prophet's predict() columns.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "command.h"
#include "forecast_cli.h"
#include "tradelet/base/log.h"
#include "tradelet/forecast/flags.h"
#include "tradelet/forecast/plot.h"
#include "tradelet/forecast/prophet.h"
#include "tradelet/forecast/weekday_coverage.h"
#include "tradelet/strategy/trading_frequency.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet forecast --input F.csv --periods N --freq F [model options] --output out.csv "
    "[--stats-json s.json] [--plot p.html]\n"
    "       tradelet forecast cv --input F.csv --horizon D [--initial D] [--period D] [...]";

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
  bool no_history = false;
  fc::ProphetFlags flags;
  app.add_option("--input", input, "CSV with ds,y (and cap/floor)")->required();
  app.add_option("--periods", periods, "future steps to forecast")->required();
  app.add_option("--freq", freq_text,
                 "day, week, month, quarter, year, B (weekdays), nyse (NYSE sessions), 15min, 1h, "
                 "5s, seconds");
  app.add_option("--output", output, "forecast CSV (Prophet's predict() columns)")->required();
  app.add_option("--stats-json", stats_json, "fit/predict seconds, iterations, termination");
  app.add_option("--plot", plot, "self-contained HTML plot");
  app.add_flag("--no-history", no_history, "forecast only the future rows (no history rows)");
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
    auto parsed_freq = ParseTradingFrequency(freq_text);
    if (!parsed_freq.ok()) return parsed_freq.status().WithContext("--freq");
    fc::Frequency freq = *parsed_freq;
    if (!holidays_path.empty()) {
      TL_ASSIGN_OR_RETURN(flags.holidays_text, ReadTextFile(holidays_path));
      flags.holidays_source = holidays_path;
    }
    TL_ASSIGN_OR_RETURN(fc::ProphetOptions options, fc::OptionsFromFlags(flags));
    TL_ASSIGN_OR_RETURN(std::string text, ReadTextFile(input));
    TL_ASSIGN_OR_RETURN(fc::Frame all, fc::ParseFrameCsv(text, true, input));
    TL_RETURN_IF_ERROR(fc::ApplyCapFloor(flags, &all));
    TL_ASSIGN_OR_RETURN(fc::Frame hist, HistoryRows(all, options, input));
    if (!flags.country_holidays.empty() && hist.size() > 0) {
      const auto [lo, hi] = std::minmax_element(hist.ds.begin(), hist.ds.end());
      TL_RETURN_IF_ERROR(
          fc::AddCountryHolidays(flags, *lo, *hi, freq.Advance(*hi, periods), &options));
    }
    fc::Prophet model(options);
    const auto t0 = std::chrono::steady_clock::now();
    TL_ASSIGN_OR_RETURN(fc::FitSummary summary, model.Fit(hist));
    const auto t1 = std::chrono::steady_clock::now();
    TL_ASSIGN_OR_RETURN(fc::Frame future, model.MakeFutureDataFrame(periods, freq, !no_history));
    if (future.size() == 0) {
      return InvalidArgument("--no-history with --periods 0: nothing to forecast");
    }
    TL_RETURN_IF_ERROR(FillModelColumns(all, options, input, &future));
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
    // Weekly seasonality is not identified on weekdays the history never has (daily closes:
    // weekends): flag the forecast rows that fall there.
    const std::vector<Weekday> unobserved = fc::UnobservedWeekdays(model);
    const std::vector<size_t> flagged = fc::RowsOnWeekdays(out.ds, unobserved);
    std::string days_json = "[", days_text;
    for (Weekday w : unobserved) {
      days_json +=
          std::string(days_json.size() > 1 ? ", " : "") + "\"" + fc::WeekdayShortName(w) + "\"";
      days_text += (days_text.empty() ? "" : ",") + fc::WeekdayShortName(w);
    }
    days_json += "]";
    if (!flagged.empty()) {
      TL_LOG(kWarn,
             "forecast rows fall on weekdays the history never contains; weekly seasonality is "
             "not identified there, so their yhat depends on the priors (use --freq B or nyse "
             "for trading days)")
          .Field("weekdays", days_text)
          .Field("rows", static_cast<int64_t>(flagged.size()))
          .Field("first", FormatTimestamp(out.ds[flagged.front()]));
    }
    const double fit_s = std::chrono::duration<double>(t1 - t0).count();
    const double pred_s = std::chrono::duration<double>(t3 - t2).count();
    if (!stats_json.empty()) {
      char buf[4096];
      std::snprintf(buf, sizeof(buf),
                    "{\"fit_seconds\": %.6f, \"predict_seconds\": %.6f, \"iterations\": %d, "
                    "\"evaluations\": %d, \"termination\": \"%s\", \"algorithm\": \"%s\", "
                    "\"fell_back_to_newton\": %s, \"objective\": %.10g, \"rows\": %d, "
                    "\"features\": %d, \"changepoints\": %d, \"message\": \"%s\", "
                    "\"unobserved_weekdays\": %s, \"rows_on_unobserved_weekdays\": %zu}\n",
                    fit_s, pred_s, summary.iterations, summary.evaluations,
                    std::string(fc::TerminationName(summary.termination)).c_str(),
                    std::string(fc::AlgorithmName(summary.algorithm)).c_str(),
                    summary.fell_back_to_newton ? "true" : "false", summary.objective, summary.rows,
                    summary.features, summary.changepoints, JsonEscape(summary.message).c_str(),
                    days_json.c_str(), flagged.size());
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
