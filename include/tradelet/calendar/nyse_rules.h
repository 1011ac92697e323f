// The NYSE holiday and early-close rules, year by year. NyseCalendar builds its tables from
// these; they are public so tests and tools can explain a date.
//
// Sources: NYSE Rule 7.2 and the NYSE Group holiday releases; the history (which rule applies
// since when) was read off three independent published calendars (exchange_calendars XNYS,
// QuantConnect LEAN, Alpaca /v2/calendar) — see docs/calendar.md for the per-source differences.
#pragma once

#include <string_view>
#include <vector>

#include "tradelet/base/time.h"

namespace tradelet::nyse {

// A full-day weekday closure.
struct ClosedDay {
  CivilDate date;
  std::string_view name;  // static storage
};

// A session that closes early.
struct EarlyClose {
  CivilDate date;
  int close_hour;           // New York hour of the close (13, or 14 before 1993)
  std::string_view reason;  // static storage, e.g. "Day after Thanksgiving"
};

// Saturday -> preceding Friday, Sunday -> following Monday (the general weekend rule).
CivilDate ObservedDate(CivilDate holiday);

// Every weekday closure of `year` in date order: the ten rule holidays as they applied that
// year (MLK Day from 1998, Juneteenth from 2022, New Year's Day not observed when Jan 1 is a
// Saturday) plus the unscheduled closures (days of mourning, 9/11, Hurricane Sandy).
std::vector<ClosedDay> ClosedDaysOfYear(int year);

// Every early close of `year` in date order: day after Thanksgiving (from 1992), Christmas Eve
// on Monday–Thursday, July 3 on Mon/Tue/Thu (from 1995; Wednesday too from 2013), Friday
// July 5 after a Thursday Independence Day (1996–2012), and the ad-hoc ones (1997-12-26,
// 1999-12-31, 2003-12-26). None of them falls on a closed day.
std::vector<EarlyClose> EarlyClosesOfYear(int year);

// The unscheduled closures known to the calendar (all years), in date order.
const std::vector<ClosedDay>& UnscheduledClosures();

}  // namespace tradelet::nyse
