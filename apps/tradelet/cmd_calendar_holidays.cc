// tradelet calendar holidays: print the NYSE full-day closures of a date range as CSV
// (date,weekday,name).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet::cli {
namespace {

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int Run(int argc, char** argv) {
  CLI::App app(
      "Print the NYSE full-day closures (rule holidays as observed, and unscheduled closures) "
      "with from <= date <= to as CSV: date,weekday,name. Weekends are not listed.\n"
      "usage: tradelet calendar holidays --from YYYY-MM-DD --to YYYY-MM-DD",
      "tradelet calendar holidays");
  std::string from_text, to_text;
  app.add_option("--from", from_text, "first date (inclusive), 1990-01-01..2050-12-31")->required();
  app.add_option("--to", to_text, "last date (inclusive)")->required();
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  auto from = CivilDate::Parse(from_text);
  if (!from.ok()) return ReportStatus("calendar holidays", from.status().WithContext("--from"));
  auto to = CivilDate::Parse(to_text);
  if (!to.ok()) return ReportStatus("calendar holidays", to.status().WithContext("--to"));
  if (*to < *from) {
    return ReportStatus("calendar holidays",
                        InvalidArgument("--to " + to_text + " is before --from " + from_text));
  }
  auto holidays = NyseCalendar::Get().HolidaysBetween(*from, *to);
  if (!holidays.ok()) return ReportStatus("calendar holidays", holidays.status());
  std::printf("date,weekday,name\n");
  for (const Holiday& h : *holidays) {
    // Names never contain commas or quotes, so no CSV quoting is needed.
    std::printf("%s,%s,%s\n", h.date.ToString().c_str(),
                kWeekdays[static_cast<int>(h.date.weekday())], h.name.c_str());
  }
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("calendar holidays", "NYSE holidays and closures of a date range as CSV", Run);

}  // namespace tradelet::cli
