// tradelet cron next: prints the next (or previous) fire times of a schedule expression, one
// ISO 8601 instant with the zone's offset per line.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "cli_args.h"
#include "command.h"
#include "tradelet/base/clock.h"
#include "tradelet/schedule/nyse_session_calendar.h"
#include "tradelet/schedule/trigger.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet cron next EXPR [--tz Z] [--from T] [--count N] [--previous]\n"
    "                          [--skip-holidays] [--stop-at-early-close]";

int Run(int argc, char** argv) {
  CLI::App app{kUsage, "cron next"};
  std::string expr, tz = "UTC", from;
  int count = 10;
  bool previous = false, skip_holidays = false, stop_early = false;
  app.add_option("EXPR", expr, "cron(...) / six AWS fields, five classic fields, or rate(N unit)")
      ->required();
  app.add_option("--tz", tz, "IANA time zone the fields are read in (default UTC)");
  app.add_option("--from", from, "start instant, ISO 8601 (default: now)");
  app.add_option("--count", count, "how many fire times (default 10)")
      ->check(CLI::Range(1, 100000));
  app.add_flag("--previous", previous, "list fire times before --from, latest first");
  app.add_flag("--skip-holidays", skip_holidays, "drop fire times on NYSE holidays");
  app.add_flag("--stop-at-early-close", stop_early,
               "drop fire times at or after the close on NYSE early-close days");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  Result<schedule::Schedule> s = schedule::Schedule::Parse(expr);
  if (!s.ok()) return ReportStatus("cron next", s.status());
  Result<TimeZone> zone = TimeZone::Load(tz);
  if (!zone.ok()) return ReportStatus("cron next", zone.status().WithContext("--tz"));
  Timestamp t = RealClock::Get().Now();
  if (!from.empty()) {
    Result<Timestamp> f = ParseTimestamp(from);
    if (!f.ok()) return ReportStatus("cron next", f.status().WithContext("--from"));
    t = *f;
  }
  schedule::CalendarFilter filter;
  if (skip_holidays || stop_early) {
    filter.calendar = &schedule::NyseSessionCalendar::Get();
    filter.skip_holidays = skip_holidays;
    filter.stop_at_early_close = stop_early;
  }
  const schedule::Trigger trigger(std::move(s).value(), *zone, filter);
  for (int i = 0; i < count; ++i) {
    std::optional<Timestamp> n = previous ? trigger.Previous(t) : trigger.Next(t);
    if (!n) {
      std::fprintf(stderr, "tradelet cron next: no more fire times %s %s\n",
                   previous ? "before" : "after", FormatTimestamp(t, *zone).c_str());
      break;
    }
    std::printf("%s\n", FormatTimestamp(*n, *zone).c_str());
    t = *n;
  }
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("cron next", "next fire times of a cron or rate expression", Run);

}  // namespace tradelet::cli
