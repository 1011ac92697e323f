#include "tradelet/schedule/nyse_session_calendar.h"

#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet::schedule {

const NyseSessionCalendar& NyseSessionCalendar::Get() {
  static const NyseSessionCalendar cal;
  return cal;
}

std::optional<SessionHours> NyseSessionCalendar::SessionOn(const CivilDate& date) const {
  if (!NyseCalendar::InRange(date)) {
    const Weekday w = date.weekday();
    if (w == Weekday::kSaturday || w == Weekday::kSunday) return std::nullopt;
    const TimeZone& ny = TimeZone::NewYork();
    return SessionHours{ny.FromLocal({date, 9, 30}), ny.FromLocal({date, 16, 0}), false};
  }
  Result<Session> s = NyseCalendar::Get().SessionOn(date);
  if (!s.ok()) return std::nullopt;  // NotFound: weekend or holiday
  return SessionHours{s->open, s->close, s->early_close};
}

}  // namespace tradelet::schedule
