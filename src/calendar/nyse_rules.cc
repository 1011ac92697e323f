// NYSE holiday and early-close rules (see nyse_rules.h). Each rule carries the years it has
// applied, as established from the published calendars in ../shared/data/calendar:
//   * MLK Day joined the NYSE calendar in 1998 (federal since 1986, but the exchange traded).
//   * Juneteenth joined in 2022 (first observed Monday 2022-06-20).
//   * New Year's Day on a Saturday is not observed (Rule 7.2): 1993-12-31, 1999-12-31,
//     2004-12-31, 2010-12-31, 2021-12-31 and 2027-12-31 are sessions.
//   * Early closes were at 14:00 ET until 1992 and 13:00 ET from 1993 on.
//   * Day after Thanksgiving is an early close from 1992 (1990 and 1991 were full days).
//   * July 3 early closes start in 1995. Until 2012 a Wednesday July 3 was a full day and the
//     Friday July 5 closed early instead (1996, 2002); from 2013 a Wednesday July 3 closes early
//     and July 5 is a full day.
#include "tradelet/calendar/nyse_rules.h"

#include <algorithm>

namespace tradelet::nyse {
namespace {

CivilDate Date(int y, int m, int d) { return CivilDate{y, m, d}; }

bool IsWeekend(CivilDate d) {
  const Weekday w = d.weekday();
  return w == Weekday::kSaturday || w == Weekday::kSunday;
}

}  // namespace

CivilDate ObservedDate(CivilDate holiday) {
  switch (holiday.weekday()) {
    case Weekday::kSaturday:
      return holiday.AddDays(-1);
    case Weekday::kSunday:
      return holiday.AddDays(1);
    default:
      return holiday;
  }
}

const std::vector<ClosedDay>& UnscheduledClosures() {
  static const std::vector<ClosedDay> kDays = {
      {Date(1994, 4, 27), "National Day of Mourning for President Nixon"},
      {Date(2001, 9, 11), "September 11 attacks"},
      {Date(2001, 9, 12), "September 11 attacks"},
      {Date(2001, 9, 13), "September 11 attacks"},
      {Date(2001, 9, 14), "September 11 attacks"},
      {Date(2004, 6, 11), "National Day of Mourning for President Reagan"},
      {Date(2007, 1, 2), "National Day of Mourning for President Ford"},
      {Date(2012, 10, 29), "Hurricane Sandy"},
      {Date(2012, 10, 30), "Hurricane Sandy"},
      {Date(2018, 12, 5), "National Day of Mourning for President George H.W. Bush"},
      {Date(2025, 1, 9), "National Day of Mourning for President Carter"},
  };
  return kDays;
}

std::vector<ClosedDay> ClosedDaysOfYear(int year) {
  std::vector<ClosedDay> out;
  // A holiday moved by the weekend rule is named "(observed)".
  auto add_observed = [&](CivilDate actual, std::string_view name, std::string_view observed_name) {
    const CivilDate obs = ObservedDate(actual);
    out.push_back({obs, obs == actual ? name : observed_name});
  };

  const CivilDate new_year = Date(year, 1, 1);
  if (new_year.weekday() == Weekday::kSunday) {
    out.push_back({new_year.AddDays(1), "New Year's Day (observed)"});
  } else if (new_year.weekday() != Weekday::kSaturday) {
    out.push_back({new_year, "New Year's Day"});
  }  // Saturday: not observed (NYSE Rule 7.2), December 31 stays a session.
  if (year >= 1998) {
    out.push_back({NthWeekdayOfMonth(year, 1, Weekday::kMonday, 3), "Martin Luther King Jr. Day"});
  }
  out.push_back({NthWeekdayOfMonth(year, 2, Weekday::kMonday, 3), "Washington's Birthday"});
  out.push_back({EasterSunday(year).AddDays(-2), "Good Friday"});
  out.push_back({NthWeekdayOfMonth(year, 5, Weekday::kMonday, -1), "Memorial Day"});
  if (year >= 2022) {
    add_observed(Date(year, 6, 19), "Juneteenth National Independence Day",
                 "Juneteenth National Independence Day (observed)");
  }
  add_observed(Date(year, 7, 4), "Independence Day", "Independence Day (observed)");
  out.push_back({NthWeekdayOfMonth(year, 9, Weekday::kMonday, 1), "Labor Day"});
  out.push_back({NthWeekdayOfMonth(year, 11, Weekday::kThursday, 4), "Thanksgiving Day"});
  add_observed(Date(year, 12, 25), "Christmas Day", "Christmas Day (observed)");

  for (const ClosedDay& c : UnscheduledClosures()) {
    if (c.date.year == year) out.push_back(c);
  }
  std::sort(out.begin(), out.end(),
            [](const ClosedDay& a, const ClosedDay& b) { return a.date < b.date; });
  return out;
}

std::vector<EarlyClose> EarlyClosesOfYear(int year) {
  const int hour = year <= 1992 ? 14 : 13;
  std::vector<EarlyClose> out;
  const CivilDate july3 = Date(year, 7, 3);
  const Weekday j3 = july3.weekday();
  if (year >= 1995) {
    const bool wednesday_counts = year >= 2013;
    if (j3 == Weekday::kMonday || j3 == Weekday::kTuesday || j3 == Weekday::kThursday ||
        (j3 == Weekday::kWednesday && wednesday_counts)) {
      out.push_back({july3, hour, "Day before Independence Day"});
    }
  }
  if (year >= 1996 && year <= 2012 && Date(year, 7, 4).weekday() == Weekday::kThursday) {
    out.push_back({Date(year, 7, 5), hour, "Day after Independence Day"});
  }
  if (year >= 1992) {
    out.push_back({NthWeekdayOfMonth(year, 11, Weekday::kThursday, 4).AddDays(1), hour,
                   "Day after Thanksgiving"});
  }
  const CivilDate christmas_eve = Date(year, 12, 24);
  if (!IsWeekend(christmas_eve) && christmas_eve.weekday() != Weekday::kFriday) {
    out.push_back({christmas_eve, hour, "Christmas Eve"});
  }
  // Ad-hoc early closes announced by the exchange.
  if (year == 1997) out.push_back({Date(1997, 12, 26), hour, "Day after Christmas (ad hoc)"});
  if (year == 1999) out.push_back({Date(1999, 12, 31), hour, "New Year's Eve 1999 (Y2K)"});
  if (year == 2003) out.push_back({Date(2003, 12, 26), hour, "Day after Christmas (ad hoc)"});
  std::sort(out.begin(), out.end(),
            [](const EarlyClose& a, const EarlyClose& b) { return a.date < b.date; });
  return out;
}

}  // namespace tradelet::nyse
