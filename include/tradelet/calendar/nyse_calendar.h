// The NYSE trading calendar, 1990-01-01 .. 2050-12-31: regular sessions (09:30–16:00
// America/New_York), full-day holidays, early closes (13:00 ET; 14:00 ET before 1993) and the
// unscheduled closures of the period, with every session's open and close as UTC instants
// (correct across DST).
//
// Everything is computed once from the holiday rules (NYSE Rule 7.2, see nyse_rules.h) into
// precomputed tables, so every query is O(1) or a binary search over ~15,400 sessions; the
// backtester and the scheduler call it in inner loops.
//
// Thread-safety: Get() returns an immutable singleton built on first use (thread-safe static);
// all methods are const and safe to call from any thread.
//
// Out-of-range policy: queries that return a Result give OutOfRange for dates/instants outside
// the supported range (or when the answer would fall outside it); the bool predicates
// (IsSession, IsOpen) answer false there, so call InRange() first when that matters.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet {

// One regular trading session.
struct Session {
  CivilDate date;   // the session's date in New York
  Timestamp open;   // 09:30 New York, as UTC
  Timestamp close;  // 16:00 New York (13:00 on early closes, 14:00 before 1993), as UTC
  bool early_close = false;

  // True when open <= t < close (the closing instant itself is after the session).
  bool Contains(Timestamp t) const { return open <= t && t < close; }
  friend bool operator==(const Session&, const Session&) = default;
};

// A weekday on which the exchange is closed all day.
struct Holiday {
  CivilDate date;
  std::string name;  // e.g. "Christmas Day (observed)", "Hurricane Sandy"
};

class NyseCalendar {
 public:
  static constexpr CivilDate kFirstDate{1990, 1, 1};
  static constexpr CivilDate kLastDate{2050, 12, 31};

  // The calendar for the whole supported range, built once.
  static const NyseCalendar& Get();

  // True for kFirstDate <= date <= kLastDate.
  static bool InRange(CivilDate date);

  // True when `date` is a trading day (full or early close). False on weekends, holidays and
  // outside the range.
  bool IsSession(CivilDate date) const;

  // The session on `date`. NotFound (naming the holiday or "weekend") when closed that day,
  // OutOfRange outside the supported range, InvalidArgument for an invalid date.
  Result<Session> SessionOn(CivilDate date) const;

  // The first session strictly after / strictly before `date` (any date in range, session or
  // not). OutOfRange when there is none inside the supported range.
  Result<Session> NextSession(CivilDate date) const;
  Result<Session> PreviousSession(CivilDate date) const;
  // Like the above, but `date` itself qualifies when it is a session.
  Result<Session> SessionOnOrAfter(CivilDate date) const;
  Result<Session> SessionOnOrBefore(CivilDate date) const;

  // Every session with from <= date <= to (inclusive), in order; a view into the calendar's
  // table (valid for the program's life). Empty when from > to. OutOfRange when either bound
  // is outside the supported range.
  Result<std::span<const Session>> SessionsBetween(CivilDate from, CivilDate to) const;
  // Every session 1990..2050.
  std::span<const Session> AllSessions() const { return sessions_; }

  // True when the regular session is open at instant t (open <= t < close).
  bool IsOpen(Timestamp t) const;
  // The session that contains t, if the market is open at t.
  std::optional<Session> SessionContaining(Timestamp t) const;
  // The session containing t, or else the next one to open after t. OutOfRange when t is
  // after the last session's close or before the range.
  Result<Session> SessionContainingOrNext(Timestamp t) const;
  // The last session to close at or before t (t >= close). OutOfRange when none in range.
  Result<Session> LastClosedSession(Timestamp t) const;

  // The holiday's name when `date` is a weekday on which the exchange is closed all day
  // ("Thanksgiving Day", "Independence Day (observed)", "Hurricane Sandy"). nullopt for
  // sessions, weekends and dates out of range.
  std::optional<std::string> HolidayName(CivilDate date) const;
  // Every full-day weekday closure with from <= date <= to. OutOfRange as SessionsBetween.
  Result<std::vector<Holiday>> HolidaysBetween(CivilDate from, CivilDate to) const;

  // Number of sessions with from <= date <= to; OutOfRange as SessionsBetween.
  Result<int64_t> CountSessions(CivilDate from, CivilDate to) const;

  NyseCalendar(const NyseCalendar&) = delete;
  NyseCalendar& operator=(const NyseCalendar&) = delete;

 private:
  NyseCalendar();
  // Index of `date` in the per-day tables; REQUIRES InRange(date).
  static int64_t DayIndex(CivilDate date);
  Status CheckDate(CivilDate date) const;

  std::vector<Session> sessions_;
  // Per day since kFirstDate: index of the first session on or after that day
  // (sessions_.size() when none).
  std::vector<int32_t> first_session_on_or_after_;
  // Per day: 0 = session or weekend, else 1 + index into holiday_names_.
  std::vector<uint8_t> holiday_id_;
  std::vector<std::string> holiday_names_;
};

}  // namespace tradelet
