#include "tradelet/data/sessions.h"

#include <algorithm>

namespace tradelet::data {

Result<std::vector<MarketSession>> SessionsFor(CivilDate from, CivilDate to) {
  if (!from.IsValid() || !to.IsValid()) return InvalidArgument("SessionsFor: invalid date");
  TL_ASSIGN_OR_RETURN(std::span<const Session> span, NyseCalendar::Get().SessionsBetween(from, to));
  return std::vector<MarketSession>(span.begin(), span.end());
}

long SessionContaining(std::span<const MarketSession> s, Timestamp t) {
  auto it = std::upper_bound(s.begin(), s.end(), t,
                             [](Timestamp x, const MarketSession& m) { return x < m.open; });
  if (it == s.begin()) return -1;
  --it;
  return t < it->close ? static_cast<long>(it - s.begin()) : -1;
}

long SessionOnDateOf(std::span<const MarketSession> s, Timestamp t) {
  const CivilDate date = TimeZone::NewYork().ToLocal(t).date;
  auto it = std::lower_bound(s.begin(), s.end(), date,
                             [](const MarketSession& m, const CivilDate& d) { return m.date < d; });
  return it != s.end() && it->date == date ? static_cast<long>(it - s.begin()) : -1;
}

}  // namespace tradelet::data
