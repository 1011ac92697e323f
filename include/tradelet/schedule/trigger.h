// A Trigger is what a scheduler fires on: an expression read in a time zone, optionally
// filtered by an exchange's session calendar (skip holidays, stop at early closes).
//
// The calendar is a narrow interface so the schedule module does not depend on how sessions are
// known (the built-in NYSE rules, a broker's calendar API, or a test's table).
#pragma once

#include <optional>

#include "tradelet/base/time.h"
#include "tradelet/schedule/expression.h"

namespace tradelet::schedule {

// One exchange trading day: the regular session's open and close (UTC instants).
struct SessionHours {
  Timestamp open;
  Timestamp close;
  bool early_close = false;  // closes before the regular time (e.g. NYSE 13:00 ET half days)
};

class SessionCalendar {
 public:
  virtual ~SessionCalendar() = default;
  // The session on `date` (a date in the exchange's zone), or nullopt when the exchange is
  // closed all day (weekend or holiday). Must be cheap and thread-compatible.
  virtual std::optional<SessionHours> SessionOn(const CivilDate& date) const = 0;
  // The exchange's zone, used to find the trading date of a fire time.
  virtual const TimeZone& zone() const = 0;
};

struct CalendarFilter {
  const SessionCalendar* calendar = nullptr;  // not owned; must outlive the Trigger
  // Drop fire times on a Monday-Friday date the exchange is closed (holidays). Weekend fire
  // times are left to the expression (write MON-FRI to avoid them).
  bool skip_holidays = false;
  // On early-close days, drop fire times at or after the close.
  bool stop_at_early_close = false;
};

class Trigger {
 public:
  Trigger(Schedule schedule, TimeZone zone, CalendarFilter filter = {})
      : schedule_(std::move(schedule)), zone_(std::move(zone)), filter_(filter) {}

  // The first fire time strictly after `t` that passes the filter; nullopt when none.
  std::optional<Timestamp> Next(Timestamp t) const;
  // The last fire time strictly before `t` that passes the filter; nullopt when none.
  std::optional<Timestamp> Previous(Timestamp t) const;
  // Whether the filter keeps a fire time at `t`.
  bool Keeps(Timestamp t) const;

  const Schedule& schedule() const { return schedule_; }
  const TimeZone& zone() const { return zone_; }
  const CalendarFilter& filter() const { return filter_; }

 private:
  Schedule schedule_;
  TimeZone zone_;
  CalendarFilter filter_;
};

}  // namespace tradelet::schedule
