#include "tradelet/data/sessions.h"

#include <algorithm>

#include "data/parse_util.h"

namespace tradelet::data {

// Until the NYSE calendar module is wired in, sessions are every weekday 09:30-16:00 New York
// (no holidays, no early closes).
Result<std::vector<MarketSession>> SessionsFor(CivilDate from, CivilDate to) {
  if (!from.IsValid() || !to.IsValid()) return InvalidArgument("SessionsFor: invalid date");
  std::vector<MarketSession> out;
  for (int64_t d = from.ToDays(); d <= to.ToDays(); ++d) {
    const CivilDate date = CivilDate::FromDays(d);
    const Weekday wd = date.weekday();
    if (wd == Weekday::kSaturday || wd == Weekday::kSunday) continue;
    const int64_t open = internal::SessionOpenUtcNs(d);
    out.push_back({date, Timestamp::FromUnixNanos(open),
                   Timestamp::FromUnixNanos(open + int64_t{390} * 60'000'000'000)});
  }
  return out;
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
