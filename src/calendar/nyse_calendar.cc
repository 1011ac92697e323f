// NyseCalendar: precomputed per-day tables built from the rules in nyse_rules.cc.
#include "tradelet/calendar/nyse_calendar.h"

#include <algorithm>

#include "tradelet/calendar/nyse_rules.h"

namespace tradelet {
namespace {

Timestamp NewYorkTime(CivilDate date, int hour, int minute) {
  LocalDateTime local;
  local.date = date;
  local.hour = hour;
  local.minute = minute;
  // 09:30–16:00 never falls in a DST gap or overlap (those are at 02:00), so the
  // disambiguation never applies.
  return TimeZone::NewYork().FromLocal(local);
}

bool IsWeekend(CivilDate d) {
  const Weekday w = d.weekday();
  return w == Weekday::kSaturday || w == Weekday::kSunday;
}

Timestamp MidnightUtc(CivilDate d) {
  LocalDateTime local;
  local.date = d;
  return local.AsUtc();
}

std::string RangeText() {
  return NyseCalendar::kFirstDate.ToString() + ".." + NyseCalendar::kLastDate.ToString();
}

}  // namespace

const NyseCalendar& NyseCalendar::Get() {
  static const NyseCalendar* const kCalendar = new NyseCalendar();
  return *kCalendar;
}

bool NyseCalendar::InRange(CivilDate date) {
  return date.IsValid() && kFirstDate <= date && date <= kLastDate;
}

int64_t NyseCalendar::DayIndex(CivilDate date) { return date.ToDays() - kFirstDate.ToDays(); }

NyseCalendar::NyseCalendar() {
  const int64_t num_days = DayIndex(kLastDate) + 1;
  holiday_id_.assign(static_cast<size_t>(num_days), 0);
  std::vector<int8_t> close_hour(static_cast<size_t>(num_days), 16);
  for (int year = kFirstDate.year; year <= kLastDate.year; ++year) {
    for (const nyse::ClosedDay& c : nyse::ClosedDaysOfYear(year)) {
      auto it = std::find(holiday_names_.begin(), holiday_names_.end(), c.name);
      if (it == holiday_names_.end()) it = holiday_names_.insert(it, std::string(c.name));
      holiday_id_[static_cast<size_t>(DayIndex(c.date))] =
          static_cast<uint8_t>(1 + (it - holiday_names_.begin()));
    }
    for (const nyse::EarlyClose& e : nyse::EarlyClosesOfYear(year)) {
      close_hour[static_cast<size_t>(DayIndex(e.date))] = static_cast<int8_t>(e.close_hour);
    }
  }
  TL_CHECK(holiday_names_.size() < 255);

  sessions_.reserve(static_cast<size_t>(num_days * 5 / 7));
  for (int64_t i = 0; i < num_days; ++i) {
    const CivilDate date = kFirstDate.AddDays(i);
    if (IsWeekend(date) || holiday_id_[static_cast<size_t>(i)] != 0) continue;
    const int hour = close_hour[static_cast<size_t>(i)];
    sessions_.push_back(
        Session{date, NewYorkTime(date, 9, 30), NewYorkTime(date, hour, 0), hour != 16});
  }
  first_session_on_or_after_.resize(static_cast<size_t>(num_days));
  size_t next = sessions_.size();
  for (int64_t i = num_days - 1; i >= 0; --i) {
    if (next > 0 && DayIndex(sessions_[next - 1].date) == i) --next;
    first_session_on_or_after_[static_cast<size_t>(i)] = static_cast<int32_t>(next);
  }
}

Status NyseCalendar::CheckDate(CivilDate date) const {
  if (!date.IsValid()) {
    return InvalidArgument("NYSE calendar: invalid date " + std::to_string(date.year) + "-" +
                           std::to_string(date.month) + "-" + std::to_string(date.day));
  }
  if (!InRange(date)) {
    return OutOfRange("NYSE calendar: " + date.ToString() + " is outside the supported range " +
                      RangeText());
  }
  return Status::Ok();
}

bool NyseCalendar::IsSession(CivilDate date) const {
  if (!InRange(date)) return false;
  const size_t idx = first_session_on_or_after_[static_cast<size_t>(DayIndex(date))];
  return idx < sessions_.size() && sessions_[idx].date == date;
}

Result<Session> NyseCalendar::SessionOn(CivilDate date) const {
  TL_RETURN_IF_ERROR(CheckDate(date));
  const size_t idx = first_session_on_or_after_[static_cast<size_t>(DayIndex(date))];
  if (idx < sessions_.size() && sessions_[idx].date == date) return sessions_[idx];
  if (auto name = HolidayName(date)) {
    return NotFound("NYSE calendar: " + date.ToString() + " is a holiday (" + *name + ")");
  }
  return NotFound("NYSE calendar: " + date.ToString() + " is a weekend");
}

Result<Session> NyseCalendar::SessionOnOrAfter(CivilDate date) const {
  TL_RETURN_IF_ERROR(CheckDate(date));
  const size_t idx = first_session_on_or_after_[static_cast<size_t>(DayIndex(date))];
  if (idx >= sessions_.size()) {
    return OutOfRange("NYSE calendar: no session on or after " + date.ToString() +
                      " within the supported range " + RangeText());
  }
  return sessions_[idx];
}

Result<Session> NyseCalendar::SessionOnOrBefore(CivilDate date) const {
  TL_RETURN_IF_ERROR(CheckDate(date));
  size_t idx = first_session_on_or_after_[static_cast<size_t>(DayIndex(date))];
  if (idx < sessions_.size() && sessions_[idx].date == date) return sessions_[idx];
  if (idx == 0) {
    return OutOfRange("NYSE calendar: no session on or before " + date.ToString() +
                      " within the supported range " + RangeText());
  }
  return sessions_[idx - 1];
}

Result<Session> NyseCalendar::NextSession(CivilDate date) const {
  TL_RETURN_IF_ERROR(CheckDate(date));
  if (date == kLastDate) {
    return OutOfRange("NYSE calendar: no session after " + date.ToString() +
                      " within the supported range " + RangeText());
  }
  return SessionOnOrAfter(date.AddDays(1));
}

Result<Session> NyseCalendar::PreviousSession(CivilDate date) const {
  TL_RETURN_IF_ERROR(CheckDate(date));
  if (date == kFirstDate) {
    return OutOfRange("NYSE calendar: no session before " + date.ToString() +
                      " within the supported range " + RangeText());
  }
  return SessionOnOrBefore(date.AddDays(-1));
}

Result<std::span<const Session>> NyseCalendar::SessionsBetween(CivilDate from, CivilDate to) const {
  TL_RETURN_IF_ERROR(CheckDate(from));
  TL_RETURN_IF_ERROR(CheckDate(to));
  if (to < from) return std::span<const Session>();
  const size_t begin = first_session_on_or_after_[static_cast<size_t>(DayIndex(from))];
  const size_t end = to == kLastDate
                         ? sessions_.size()
                         : first_session_on_or_after_[static_cast<size_t>(DayIndex(to) + 1)];
  return std::span<const Session>(sessions_.data() + begin, end - begin);
}

Result<int64_t> NyseCalendar::CountSessions(CivilDate from, CivilDate to) const {
  TL_ASSIGN_OR_RETURN(auto span, SessionsBetween(from, to));
  return static_cast<int64_t>(span.size());
}

bool NyseCalendar::IsOpen(Timestamp t) const { return SessionContaining(t).has_value(); }

std::optional<Session> NyseCalendar::SessionContaining(Timestamp t) const {
  // The first session whose close is after t; t is inside it iff its open <= t.
  auto it = std::upper_bound(sessions_.begin(), sessions_.end(), t,
                             [](Timestamp v, const Session& s) { return v < s.close; });
  if (it == sessions_.end() || t < it->open) return std::nullopt;
  return *it;
}

Result<Session> NyseCalendar::SessionContainingOrNext(Timestamp t) const {
  auto it = std::upper_bound(sessions_.begin(), sessions_.end(), t,
                             [](Timestamp v, const Session& s) { return v < s.close; });
  if (it == sessions_.end()) {
    return OutOfRange("NYSE calendar: no session at or after " + FormatTimestamp(t) +
                      " within the supported range " + RangeText());
  }
  if (it == sessions_.begin() && t < MidnightUtc(NyseCalendar::kFirstDate)) {
    return OutOfRange("NYSE calendar: " + FormatTimestamp(t) + " is before the supported range " +
                      RangeText());
  }
  return *it;
}

Result<Session> NyseCalendar::LastClosedSession(Timestamp t) const {
  auto it = std::upper_bound(sessions_.begin(), sessions_.end(), t,
                             [](Timestamp v, const Session& s) { return v < s.close; });
  if (it == sessions_.begin()) {
    return OutOfRange("NYSE calendar: no session closed at or before " + FormatTimestamp(t) +
                      " within the supported range " + RangeText());
  }
  if (it == sessions_.end() && t >= MidnightUtc(NyseCalendar::kLastDate.AddDays(1))) {
    return OutOfRange("NYSE calendar: " + FormatTimestamp(t) + " is after the supported range " +
                      RangeText());
  }
  return *(it - 1);
}

std::optional<std::string> NyseCalendar::HolidayName(CivilDate date) const {
  if (!InRange(date)) return std::nullopt;
  const uint8_t id = holiday_id_[static_cast<size_t>(DayIndex(date))];
  if (id == 0) return std::nullopt;
  return holiday_names_[id - 1];
}

Result<std::vector<Holiday>> NyseCalendar::HolidaysBetween(CivilDate from, CivilDate to) const {
  TL_RETURN_IF_ERROR(CheckDate(from));
  TL_RETURN_IF_ERROR(CheckDate(to));
  std::vector<Holiday> out;
  for (int64_t i = DayIndex(from), end = DayIndex(to); i <= end; ++i) {
    const uint8_t id = holiday_id_[static_cast<size_t>(i)];
    if (id != 0) out.push_back({kFirstDate.AddDays(i), holiday_names_[id - 1]});
  }
  return out;
}

}  // namespace tradelet
