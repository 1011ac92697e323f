// Test support: an NYSE-like session calendar from explicit tables (09:30-16:00 New York,
// 13:00 on the listed early-close dates, closed on weekends and the listed holidays). The
// tables come from the published NYSE calendars (integrations.md 5.2), typed in by hand, so
// tests do not depend on the calendar module's rules.
#pragma once

#include <set>

#include "tradelet/schedule/trigger.h"

namespace tradelet::schedule::testing {

class TableCalendar final : public SessionCalendar {
 public:
  TableCalendar(std::set<CivilDate> holidays, std::set<CivilDate> early_closes)
      : holidays_(std::move(holidays)), early_(std::move(early_closes)) {}

  // NYSE holidays and early closes 2025-2028 as published.
  static TableCalendar Nyse2025To2028() {
    std::set<CivilDate> h = {
        {2025, 1, 1},   {2025, 1, 9},  {2025, 1, 20}, {2025, 2, 17},  {2025, 4, 18},
        {2025, 5, 26},  {2025, 6, 19}, {2025, 7, 4},  {2025, 9, 1},   {2025, 11, 27},
        {2025, 12, 25}, {2026, 1, 1},  {2026, 1, 19}, {2026, 2, 16},  {2026, 4, 3},
        {2026, 5, 25},  {2026, 6, 19}, {2026, 7, 3},  {2026, 9, 7},   {2026, 11, 26},
        {2026, 12, 25}, {2027, 1, 1},  {2027, 1, 18}, {2027, 2, 15},  {2027, 3, 26},
        {2027, 5, 31},  {2027, 6, 18}, {2027, 7, 5},  {2027, 9, 6},   {2027, 11, 25},
        {2027, 12, 24}, {2028, 1, 17}, {2028, 2, 21}, {2028, 4, 14},  {2028, 5, 29},
        {2028, 6, 19},  {2028, 7, 4},  {2028, 9, 4},  {2028, 11, 23}, {2028, 12, 25}};
    std::set<CivilDate> e = {{2025, 7, 3},   {2025, 11, 28}, {2025, 12, 24}, {2026, 11, 27},
                             {2026, 12, 24}, {2027, 11, 26}, {2028, 7, 3},   {2028, 11, 24}};
    return TableCalendar(std::move(h), std::move(e));
  }

  std::optional<SessionHours> SessionOn(const CivilDate& d) const override {
    const Weekday w = d.weekday();
    if (w == Weekday::kSaturday || w == Weekday::kSunday || holidays_.count(d)) {
      return std::nullopt;
    }
    const TimeZone& ny = TimeZone::NewYork();
    LocalDateTime open{d, 9, 30}, close{d, 16, 0};
    const bool early = early_.count(d) > 0;
    if (early) close.hour = 13;
    return SessionHours{ny.FromLocal(open), ny.FromLocal(close), early};
  }
  const TimeZone& zone() const override { return TimeZone::NewYork(); }

  bool IsHoliday(const CivilDate& d) const { return holidays_.count(d) > 0; }
  bool IsEarlyClose(const CivilDate& d) const { return early_.count(d) > 0; }

 private:
  std::set<CivilDate> holidays_;
  std::set<CivilDate> early_;
};

}  // namespace tradelet::schedule::testing
