// Schedule: dialect detection, day matching, and the next/previous fire-time search.
//
// The search walks local calendar days in the zone and, on a matching day, the matching
// (hour, minute) pairs in order, mapping each wall time to an instant with the DST policy in
// expression.h. Mapping a wall time to its first occurrence is monotonic in the wall time, so
// the first candidate past `t` is the answer.
#include "tradelet/schedule/expression.h"

#include <cctype>

namespace tradelet::schedule {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool StartsWithWord(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
  }
  return true;
}

int CountFields(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = std::isspace(static_cast<unsigned char>(c));
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Wall time -> instant under the policy: skipped times do not fire, repeated times fire at
// their first occurrence.
std::optional<Timestamp> Resolve(const TimeZone& zone, const CivilDate& d, int h, int m) {
  LocalDateTime lt;
  lt.date = d;
  lt.hour = h;
  lt.minute = m;
  const TimeZone::LocalLookup r = zone.Lookup(lt);
  if (r.kind == TimeZone::LocalLookup::Kind::kSkipped) return std::nullopt;
  return r.earlier;
}

// Offsets change by at most a few hours at a transition; wall times further than this before
// the local reading of `t` cannot map past `t`, so the first day's scan starts there.
constexpr int kSlackMinutes = 4 * 60;

}  // namespace

std::string_view DialectName(Dialect d) {
  switch (d) {
    case Dialect::kAws:
      return "aws";
    case Dialect::kClassic:
      return "classic";
    case Dialect::kRate:
      return "rate";
  }
  return "?";
}

Result<Schedule> Schedule::Parse(std::string_view text) {
  const std::string_view t = Trim(text);
  Schedule s;
  s.text_ = std::string(t);
  auto wrapped = [&](std::string_view word) -> std::optional<std::string_view> {
    if (!StartsWithWord(t, word)) return std::nullopt;
    std::string_view rest = Trim(t.substr(word.size()));
    if (rest.empty() || rest.front() != '(') return std::nullopt;
    return rest;
  };
  if (auto rest = wrapped("rate")) {
    if (rest->back() != ')') return InvalidArgument("rate: missing ')' in '" + s.text_ + "'");
    TL_ASSIGN_OR_RETURN(s.period_, ParseRate(rest->substr(1, rest->size() - 2)));
    s.dialect_ = Dialect::kRate;
    return s;
  }
  std::string_view body = t;
  bool force_aws = false;
  if (auto rest = wrapped("cron")) {
    if (rest->back() != ')') return InvalidArgument("cron: missing ')' in '" + s.text_ + "'");
    body = Trim(rest->substr(1, rest->size() - 2));
    force_aws = true;
  }
  const int n = CountFields(body);
  Result<CronFields> fields = Status();
  if (force_aws || n == 6) {
    s.dialect_ = Dialect::kAws;
    fields = ParseAwsCron(body);
  } else if (n == 5) {
    s.dialect_ = Dialect::kClassic;
    fields = ParseClassicCron(body);
  } else {
    return InvalidArgument("schedule '" + s.text_ +
                           "': expected cron(6 fields), 6 AWS cron "
                           "fields, 5 classic crontab fields, or rate(N unit); got " +
                           std::to_string(n) + " fields");
  }
  if (!fields.ok()) {
    return fields.status().WithContext("schedule '" + s.text_ + "'");
  }
  s.fields_ = std::move(fields).value();
  return s;
}

bool Schedule::YearMatches(int year) const {
  if (year < CronFields::kMinYear || year > CronFields::kMaxYear) {
    return fields_.years.empty() && year > 0;
  }
  return fields_.years.empty() || fields_.years[year - CronFields::kMinYear];
}

bool Schedule::DayMatches(const CivilDate& date) const {
  const CronFields& f = fields_;
  if (!YearMatches(date.year) || !f.months[date.month]) return false;
  const int dim = DaysInMonth(date.year, date.month);
  const int wd = static_cast<int>(date.weekday());
  auto dom = [&] {
    if (f.days_of_month[date.day]) return true;
    if (f.last_day_of_month && date.day == dim) return true;
    auto is_weekday = [](int w) { return w >= 1 && w <= 5; };
    if (f.last_weekday_of_month) {
      int last = dim;
      while (!is_weekday(static_cast<int>(CivilDate{date.year, date.month, last}.weekday()))) {
        --last;
      }
      if (date.day == last) return true;
    }
    for (int n : f.nearest_weekday) {
      if (n > dim) continue;  // no such day this month: nothing fires
      const int w = static_cast<int>(CivilDate{date.year, date.month, n}.weekday());
      int target = n;
      if (w == 6) target = n == 1 ? n + 2 : n - 1;    // Saturday -> Friday (or Monday the 3rd)
      if (w == 0) target = n == dim ? n - 2 : n + 1;  // Sunday -> Monday (or Friday before)
      if (date.day == target) return true;
    }
    return false;
  };
  auto dow = [&] {
    if (f.days_of_week[wd]) return true;
    for (auto [w, n] : f.nth_weekday) {
      if (w == wd && (date.day - 1) / 7 + 1 == n) return true;
    }
    for (int w : f.last_weekday) {
      if (w == wd && date.day + 7 > dim) return true;
    }
    return false;
  };
  if (dialect_ == Dialect::kAws) return f.dom_unrestricted ? dow() : dom();
  // Vixie: when either field starts with '*' both must match (so `*/2` still restricts);
  // otherwise either one is enough.
  if (f.dom_unrestricted || f.dow_unrestricted) return dom() && dow();
  return dom() || dow();
}

std::optional<Timestamp> Schedule::Next(Timestamp t, const TimeZone& zone) const {
  if (dialect_ == Dialect::kRate) {
    const int64_t p = period_.count();
    const int64_t k = FloorDiv(t.unix_nanos() - anchor_.unix_nanos(), p) + 1;
    return anchor_ + Duration(k * p);
  }
  return NextCron(t, zone);
}

std::optional<Timestamp> Schedule::Previous(Timestamp t, const TimeZone& zone) const {
  if (dialect_ == Dialect::kRate) {
    const int64_t p = period_.count();
    const int64_t k = FloorDiv(t.unix_nanos() - 1 - anchor_.unix_nanos(), p);
    return anchor_ + Duration(k * p);
  }
  return PreviousCron(t, zone);
}

std::optional<Timestamp> Schedule::NextCron(Timestamp t, const TimeZone& zone) const {
  const LocalDateTime start = zone.ToLocal(t - minutes(kSlackMinutes));
  CivilDate day = start.date;
  int first_minute_of_day = start.hour * 60 + start.minute;
  const int max_year = fields_.years.empty() ? 2261 : CronFields::kMaxYear;
  while (day.year <= max_year) {
    if (!YearMatches(day.year)) {
      day = CivilDate{day.year + 1, 1, 1};
      first_minute_of_day = 0;
      continue;
    }
    if (!fields_.months[day.month]) {
      day = day.month == 12 ? CivilDate{day.year + 1, 1, 1} : CivilDate{day.year, day.month + 1, 1};
      first_minute_of_day = 0;
      continue;
    }
    if (DayMatches(day)) {
      for (int h = first_minute_of_day / 60; h < 24; ++h) {
        if (!fields_.hours[h]) continue;
        const int m0 = h == first_minute_of_day / 60 ? first_minute_of_day % 60 : 0;
        for (int m = m0; m < 60; ++m) {
          if (!fields_.minutes[m]) continue;
          const std::optional<Timestamp> at = Resolve(zone, day, h, m);
          if (at && *at > t) return at;
        }
      }
    }
    day = day.AddDays(1);
    first_minute_of_day = 0;
  }
  return std::nullopt;
}

std::optional<Timestamp> Schedule::PreviousCron(Timestamp t, const TimeZone& zone) const {
  // The latest wall time that can map before t is a little after t's local reading.
  const LocalDateTime start = zone.ToLocal(t + minutes(kSlackMinutes));
  CivilDate day = start.date;
  int last_minute_of_day = start.hour * 60 + start.minute;
  while (day.year >= CronFields::kMinYear) {
    if (!YearMatches(day.year)) {
      day = CivilDate{day.year - 1, 12, 31};
      last_minute_of_day = 24 * 60 - 1;
      continue;
    }
    if (!fields_.months[day.month]) {
      day = CivilDate{day.year, day.month, 1}.AddDays(-1);
      last_minute_of_day = 24 * 60 - 1;
      continue;
    }
    if (DayMatches(day)) {
      for (int h = last_minute_of_day / 60; h >= 0; --h) {
        if (!fields_.hours[h]) continue;
        const int m0 = h == last_minute_of_day / 60 ? last_minute_of_day % 60 : 59;
        for (int m = m0; m >= 0; --m) {
          if (!fields_.minutes[m]) continue;
          const std::optional<Timestamp> at = Resolve(zone, day, h, m);
          if (at && *at < t) return at;
        }
      }
    }
    day = day.AddDays(-1);
    last_minute_of_day = 24 * 60 - 1;
  }
  return std::nullopt;
}

}  // namespace tradelet::schedule
