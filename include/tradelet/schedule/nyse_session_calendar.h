// The NYSE calendar (tradelet::NyseCalendar, 1990-2050) as a SessionCalendar for Trigger.
#pragma once

#include "tradelet/schedule/trigger.h"

namespace tradelet::schedule {

class NyseSessionCalendar final : public SessionCalendar {
 public:
  static const NyseSessionCalendar& Get();
  // Dates outside 1990-2050 have no known holidays: weekdays there are reported as regular
  // sessions (09:30-16:00 New York), so a filter never silently drops them.
  std::optional<SessionHours> SessionOn(const CivilDate& date) const override;
  const TimeZone& zone() const override { return TimeZone::NewYork(); }
};

}  // namespace tradelet::schedule
