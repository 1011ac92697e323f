#include "tradelet/schedule/trigger.h"

namespace tradelet::schedule {
namespace {

bool IsWeekday(const CivilDate& d) {
  const Weekday w = d.weekday();
  return w != Weekday::kSaturday && w != Weekday::kSunday;
}

// The first instant of the exchange date after the one containing `t`, minus 1 ns, so a
// following Next() starts the next day (a rejected day is rejected whole).
Timestamp EndOfExchangeDay(const TimeZone& z, Timestamp t) {
  LocalDateTime next;
  next.date = z.ToLocal(t).date.AddDays(1);
  return z.FromLocal(next) - Duration(1);
}

Timestamp StartOfExchangeDay(const TimeZone& z, Timestamp t) {
  LocalDateTime start;
  start.date = z.ToLocal(t).date;
  return z.FromLocal(start);
}

}  // namespace

bool Trigger::Keeps(Timestamp t) const {
  if (filter_.calendar == nullptr || (!filter_.skip_holidays && !filter_.stop_at_early_close)) {
    return true;
  }
  const CivilDate date = filter_.calendar->zone().ToLocal(t).date;
  const std::optional<SessionHours> s = filter_.calendar->SessionOn(date);
  if (!s) return !(filter_.skip_holidays && IsWeekday(date));
  if (filter_.stop_at_early_close && s->early_close && t >= s->close) return false;
  return true;
}

std::optional<Timestamp> Trigger::Next(Timestamp t) const {
  // Bounded: each rejection moves to the next exchange day or the next fire time.
  for (std::optional<Timestamp> c = schedule_.Next(t, zone_); c; c = schedule_.Next(t, zone_)) {
    if (Keeps(*c)) return c;
    const TimeZone& z = filter_.calendar->zone();
    const CivilDate date = z.ToLocal(*c).date;
    const std::optional<SessionHours> s = filter_.calendar->SessionOn(date);
    // A closed day or the rest of an early-close day: nothing later that day can pass.
    t = (!s || *c >= s->close) ? EndOfExchangeDay(z, *c) : *c;
  }
  return std::nullopt;
}

std::optional<Timestamp> Trigger::Previous(Timestamp t) const {
  for (std::optional<Timestamp> c = schedule_.Previous(t, zone_); c;
       c = schedule_.Previous(t, zone_)) {
    if (Keeps(*c)) return c;
    const TimeZone& z = filter_.calendar->zone();
    const std::optional<SessionHours> s = filter_.calendar->SessionOn(z.ToLocal(*c).date);
    // Closed day: jump before it. After an early close: step to the previous fire time (the
    // ones before the close on that day still pass).
    t = !s ? StartOfExchangeDay(z, *c) : *c;
  }
  return std::nullopt;
}

}  // namespace tradelet::schedule
