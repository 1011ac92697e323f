#include "tradelet/forecast/country_holidays.h"

#include <algorithm>
#include <set>

namespace tradelet::forecast {
namespace {

void Add(std::vector<HolidayEvent>* out, std::string name, CivilDate d) {
  HolidayEvent h;
  h.name = std::move(name);
  h.date = d;
  out->push_back(std::move(h));
}

// A fixed-date federal holiday and, when it falls on a weekend, its observed weekday
// (Saturday -> Friday before, Sunday -> Monday after; 5 U.S.C. 6103(b)).
void Fixed(std::vector<HolidayEvent>* out, const std::string& name, CivilDate d) {
  Add(out, name, d);
  const Weekday wd = d.weekday();
  if (wd == Weekday::kSaturday) Add(out, name + " (observed)", d.AddDays(-1));
  if (wd == Weekday::kSunday) Add(out, name + " (observed)", d.AddDays(1));
}

void UsYear(int y, std::vector<HolidayEvent>* out) {
  // New Year's Day: a Sunday one is observed on Monday 2 January; a Saturday one on Friday
  // 31 December of the year before (the `holidays` package lists that under the earlier
  // year, so it is generated from next year's 1 January here).
  {
    const CivilDate ny{y, 1, 1};
    Add(out, "New Year's Day", ny);
    if (ny.weekday() == Weekday::kSunday) Add(out, "New Year's Day (observed)", ny.AddDays(1));
    const CivilDate next{y + 1, 1, 1};
    if (next.weekday() == Weekday::kSaturday) {
      Add(out, "New Year's Day (observed)", CivilDate{y, 12, 31});
    }
  }
  Add(out, "Martin Luther King Jr. Day", NthWeekdayOfMonth(y, 1, Weekday::kMonday, 3));
  Add(out, "Washington's Birthday", NthWeekdayOfMonth(y, 2, Weekday::kMonday, 3));
  Add(out, "Memorial Day", NthWeekdayOfMonth(y, 5, Weekday::kMonday, -1));
  if (y >= 2021) Fixed(out, "Juneteenth National Independence Day", CivilDate{y, 6, 19});
  Fixed(out, "Independence Day", CivilDate{y, 7, 4});
  Add(out, "Labor Day", NthWeekdayOfMonth(y, 9, Weekday::kMonday, 1));
  Add(out, "Columbus Day", NthWeekdayOfMonth(y, 10, Weekday::kMonday, 2));
  Fixed(out, "Veterans Day", CivilDate{y, 11, 11});
  Add(out, "Thanksgiving Day", NthWeekdayOfMonth(y, 11, Weekday::kThursday, 4));
  Fixed(out, "Christmas Day", CivilDate{y, 12, 25});
}

}  // namespace

Result<std::vector<HolidayEvent>> CountryHolidays(std::string_view country, int first_year,
                                                  int last_year) {
  if (country != "US") {
    return InvalidArgument("country holidays: '" + std::string(country) +
                           "' is not built in (only US)");
  }
  first_year = std::max(first_year, kCountryHolidaysFirstYear);
  last_year = std::min(last_year, kCountryHolidaysLastYear);
  if (first_year > last_year) {
    return InvalidArgument("country holidays: no year of " +
                           std::to_string(kCountryHolidaysFirstYear) + ".." +
                           std::to_string(kCountryHolidaysLastYear) + " in the requested range");
  }
  std::vector<HolidayEvent> out;
  for (int y = first_year; y <= last_year; ++y) UsYear(y, &out);
  std::stable_sort(out.begin(), out.end(),
                   [](const HolidayEvent& a, const HolidayEvent& b) { return a.date < b.date; });
  return out;
}

Result<std::vector<HolidayEvent>> CountryHolidaysForFit(std::string_view country, int train_first,
                                                        int train_last, int last_year,
                                                        std::string_view flag) {
  auto train = CountryHolidays(country, train_first, train_last);
  if (!train.ok()) return train.status().WithContext(std::string(flag));
  std::set<std::string> seen;
  for (const auto& h : *train) seen.insert(h.name);
  auto all = CountryHolidays(country, train_first, std::max(train_last, last_year));
  if (!all.ok()) return all.status().WithContext(std::string(flag));
  std::vector<HolidayEvent> out;
  for (auto& h : *all) {
    if (seen.count(h.name)) out.push_back(std::move(h));
  }
  return out;
}

}  // namespace tradelet::forecast
