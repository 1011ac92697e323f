// Built-in country holidays: Prophet's add_country_holidays(country_name). Prophet takes the
// dates from the python `holidays` package; tradelet builds them from the rules (as the NYSE
// calendar is built), 1990-2050. Only "US" is built in: the United States federal holidays of
// the `holidays` package's US list with its observed rule (see docs/forecaster.md).
// Pure: no I/O, no clock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {

constexpr int kCountryHolidaysFirstYear = 1990;
constexpr int kCountryHolidaysLastYear = 2050;

// The dated holidays of `country` ("US") for the years first_year..last_year (clamped to
// 1990..2050), sorted by date. Names as the `holidays` package prints them ("Independence
// Day", "Independence Day (observed)"). A Saturday holiday is observed on the Friday before,
// a Sunday one on the Monday after; New Year's Day on a Saturday is observed on 31 December
// of the year before (listed under that year). Errors: an unknown country, first > last.
Result<std::vector<HolidayEvent>> CountryHolidays(std::string_view country, int first_year,
                                                  int last_year);

// What Prophet's add_country_holidays adds to a fit whose history covers the years
// train_first..train_last and whose forecast reaches last_year: every holiday of the years
// train_first..last_year whose name occurs in the training years (Prophet keeps only holiday
// names seen in training). `flag` names the option in errors ("--country-holidays").
Result<std::vector<HolidayEvent>> CountryHolidaysForFit(std::string_view country, int train_first,
                                                        int train_last, int last_year,
                                                        std::string_view flag);

}  // namespace tradelet::forecast
