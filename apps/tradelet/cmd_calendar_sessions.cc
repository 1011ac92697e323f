// tradelet calendar sessions: print the NYSE sessions of a date range as CSV
// (date,open,close,early_close with ISO 8601 UTC instants).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet::cli {
namespace {

int Run(int argc, char** argv) {
  CLI::App app(
      "Print the NYSE regular sessions with from <= date <= to as CSV: "
      "date,open,close,early_close (open/close in UTC, ISO 8601).\n"
      "usage: tradelet calendar sessions --from YYYY-MM-DD --to YYYY-MM-DD",
      "tradelet calendar sessions");
  std::string from_text, to_text;
  app.add_option("--from", from_text, "first date (inclusive), 1990-01-01..2050-12-31")->required();
  app.add_option("--to", to_text, "last date (inclusive)")->required();
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  auto from = CivilDate::Parse(from_text);
  if (!from.ok()) return ReportStatus("calendar sessions", from.status().WithContext("--from"));
  auto to = CivilDate::Parse(to_text);
  if (!to.ok()) return ReportStatus("calendar sessions", to.status().WithContext("--to"));
  if (*to < *from) {
    return ReportStatus("calendar sessions",
                        InvalidArgument("--to " + to_text + " is before --from " + from_text));
  }
  auto sessions = NyseCalendar::Get().SessionsBetween(*from, *to);
  if (!sessions.ok()) return ReportStatus("calendar sessions", sessions.status());
  std::string out = "date,open,close,early_close\n";
  for (const Session& s : *sessions) {
    out += s.date.ToString();
    out += ',';
    out += FormatTimestamp(s.open);
    out += ',';
    out += FormatTimestamp(s.close);
    out += s.early_close ? ",true\n" : ",false\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("calendar sessions", "NYSE sessions of a date range as CSV (UTC times)", Run);

}  // namespace tradelet::cli
