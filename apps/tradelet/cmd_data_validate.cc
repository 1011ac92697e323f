// tradelet data validate: check bars for gaps, bad prices, duplicates and splits, per symbol.
// Output: a table (default) or one JSON object per symbol (--json) on stdout; exit code 3 when
// any symbol fails (has an error-level finding), 0 otherwise.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli_args.h"
#include "command.h"
#include "tradelet/data/validate.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data validate --data DIR|F.csv [--json] [--as-of T] [--layout L]\n"
    "                              [--columns MAP] [--tz ZONE] [--max-stale-sessions N]";

int Run(int argc, char** argv) {
  CLI::App app{
      std::string(kUsage) +
          "\n\nChecks every symbol in a CSV file or a directory of CSV files (*.csv, "
          "*.csv.gz): missing values, non-positive prices, high < low, duplicates, "
          "unsorted rows, gaps against the NYSE sessions, a stale last bar, and jumps that "
          "look like unrecorded splits. Exit code 3 when any symbol fails.",
      "data validate"};
  std::string data, as_of_text, layout_text = "auto", columns_text, tz;
  bool json = false;
  int max_stale = 0;
  app.add_option("--data", data, "CSV file or directory")->required();
  app.add_flag("--json", json, "one JSON object per symbol instead of a table");
  app.add_option("--as-of", as_of_text,
                 "staleness reference (ISO time or date); default: the close of the newest "
                 "bar's session");
  app.add_option("--layout", layout_text,
                 "auto, generic, canonical, yahoo, alphavantage-daily, alphavantage-intraday, "
                 "kaggle, mplfinance");
  app.add_option("--columns", columns_text, "column map, e.g. time=Date,close=Last");
  app.add_option("--tz", tz, "zone of date-times without an offset (default America/New_York)");
  app.add_option("--max-stale-sessions", max_stale, "sessions the last bar may lag (default 0)");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  if (max_stale < 0) {
    ReportStatus("data validate", InvalidArgument("--max-stale-sessions: must be >= 0, got " +
                                                  std::to_string(max_stale)));
    return kExitUsage;
  }
  data::ValidateFilesOptions opt;
  opt.max_stale_sessions = max_stale;
  auto layout = data::ParseCsvLayout(layout_text);
  if (!layout.ok()) {
    ReportStatus("data validate", layout.status());
    return kExitUsage;
  }
  opt.csv.layout = *layout;
  if (!columns_text.empty()) {
    auto m = data::ColumnMap::Parse(columns_text);
    if (!m.ok()) {
      ReportStatus("data validate", m.status());
      return kExitUsage;
    }
    opt.csv.columns = *m;
  }
  std::optional<TimeZone> zone;
  if (!tz.empty()) {
    auto z = TimeZone::Load(tz);
    if (!z.ok()) {
      ReportStatus("data validate", z.status());
      return kExitUsage;
    }
    zone = *z;
    opt.csv.zone = &*zone;
  }
  if (!as_of_text.empty()) {
    auto t = ParseTimestamp(as_of_text);
    if (!t.ok()) {
      ReportStatus("data validate", t.status());
      return kExitUsage;
    }
    opt.as_of = *t;
  }
  auto reports = data::ValidateFiles(data, opt);
  if (!reports.ok()) return ReportStatus("data validate", reports.status());
  size_t failed = 0;
  if (!json) {
    std::printf("%-8s %-6s %8s %-10s %-10s %6s %8s  %s\n", "symbol", "status", "rows", "first",
                "last", "errors", "warnings", "findings");
  }
  for (const auto& r : *reports) {
    failed += !r.ok();
    if (json) {
      std::printf("%s\n", data::ReportToJson(r).c_str());
      continue;
    }
    std::string first = r.rows ? FormatTimestamp(r.first_bar).substr(0, 10) : "-";
    std::string last = r.rows ? FormatTimestamp(r.last_bar).substr(0, 10) : "-";
    std::string text;
    for (const auto& f : r.findings) {
      if (f.severity == data::Severity::kInfo) continue;
      if (!text.empty()) text += " | ";
      text += std::string(data::SeverityName(f.severity)) + " " + f.check + ": " + f.message;
    }
    std::printf("%-8s %-6s %8zu %-10s %-10s %6zu %8zu  %s\n", r.symbol.c_str(),
                r.ok() ? "ok" : "FAIL", r.rows, first.c_str(), last.c_str(),
                r.count(data::Severity::kError), r.count(data::Severity::kWarning),
                text.empty() ? "-" : text.c_str());
  }
  std::fprintf(stderr, "tradelet data validate: %zu symbols, %zu ok, %zu failed\n", reports->size(),
               reports->size() - failed, failed);
  return failed ? kExitBadInput : kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("data validate", "check bars for gaps, bad prices, duplicates and splits", Run);

}  // namespace tradelet::cli
