#include "tradelet/forecast/weekday_coverage.h"

#include <algorithm>
#include <cmath>

namespace tradelet::forecast {
namespace {

Weekday UtcWeekday(Timestamp t) { return LocalDateTime::FromUtc(t).date.weekday(); }

}  // namespace

std::vector<Weekday> UnobservedWeekdays(const Prophet& model) {
  if (!model.fitted()) return {};
  bool weekly = false;
  for (const SeasonalitySpec& s : model.FittedSeasonalities()) {
    weekly |= s.condition_name.empty() && std::fabs(s.period_days - 7.0) < 1e-9;
  }
  if (!weekly) return {};
  bool seen[7] = {};
  const Frame& h = model.history();
  for (size_t i = 0; i < h.size(); ++i) {
    if (!h.y.empty() && std::isnan(h.y[i])) continue;
    seen[static_cast<int>(UtcWeekday(h.ds[i]))] = true;
  }
  std::vector<Weekday> out;
  // Monday first, Sunday last (as people list a week).
  for (int k = 1; k <= 7; ++k) {
    const int w = k % 7;
    if (!seen[w]) out.push_back(static_cast<Weekday>(w));
  }
  return out;
}

std::vector<size_t> RowsOnWeekdays(const std::vector<Timestamp>& ds,
                                   const std::vector<Weekday>& weekdays) {
  std::vector<size_t> rows;
  if (weekdays.empty()) return rows;
  for (size_t i = 0; i < ds.size(); ++i) {
    if (std::find(weekdays.begin(), weekdays.end(), UtcWeekday(ds[i])) != weekdays.end()) {
      rows.push_back(i);
    }
  }
  return rows;
}

std::string WeekdayShortName(Weekday w) {
  static const char* kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return kNames[static_cast<int>(w)];
}

}  // namespace tradelet::forecast
