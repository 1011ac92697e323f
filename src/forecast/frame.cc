#include "tradelet/forecast/frame.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace tradelet::forecast {

const std::vector<double>* Frame::Column(std::string_view name) const {
  for (const auto& [n, v] : columns) {
    if (n == name) return &v;
  }
  return nullptr;
}

void Frame::SetColumn(std::string name, std::vector<double> values) {
  for (auto& [n, v] : columns) {
    if (n == name) {
      v = std::move(values);
      return;
    }
  }
  columns.emplace_back(std::move(name), std::move(values));
}

namespace {

// A fixed step longer than this is no forecasting step (and ~106,000 days overflow the
// nanosecond range of a Timestamp).
constexpr int64_t kMaxStepDays = 36500;

// The step a duration text such as "15min" or "100000000d" spells, in seconds, computed without
// overflow; 0 when the text is not "<digits><unit>".
long double StepSeconds(std::string_view text) {
  size_t i = 0;
  long double n = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) n = n * 10 + (text[i] - '0');
  const std::string_view unit = text.substr(i);
  if (unit == "ms") return n / 1e3L;
  if (unit == "us") return n / 1e6L;
  if (unit == "ns") return n / 1e9L;
  if (unit == "m" || unit == "min" || unit == "T") return n * 60;
  if (unit == "h" || unit == "H") return n * 3600;
  if (unit == "d" || unit == "D") return n * 86400;
  if (unit == "w" || unit == "W") return n * 604800;
  return n;  // seconds
}

}  // namespace

Result<Frequency> Frequency::Parse(std::string_view text) {
  Frequency f;
  auto calendar = [&](Unit u, int64_t count) {
    f.unit = u;
    f.count = count;
    return f;
  };
  if (text == "day" || text == "D" || text == "d" || text == "days") return calendar(Unit::kDay, 1);
  if (text == "week" || text == "W" || text == "weeks") return calendar(Unit::kWeek, 1);
  if (text == "month" || text == "MS" || text == "months") return calendar(Unit::kMonth, 1);
  if (text == "quarter" || text == "QS") return calendar(Unit::kMonth, 3);
  if (text == "year" || text == "YS" || text == "AS") return calendar(Unit::kMonth, 12);
  if (!text.empty() && text.back() == 'B') {
    // pandas' business day: "B", "1B", "5B".
    TL_ASSIGN_OR_RETURN(const int64_t count, UnitCount(text, "B"));
    return calendar(Unit::kBusinessDay, count);
  }
  if (StepSeconds(text) > kMaxStepDays * 86400.0L) {
    // Checked on the text, before the duration is parsed: the nanosecond count of a longer
    // step would overflow.
    return InvalidArgument("frequency '" + std::string(text) + "': step too long (at most " +
                           std::to_string(kMaxStepDays) + " days)");
  }
  auto d = ParseDuration(text);
  if (!d.ok() || d->count() <= 0) {
    return InvalidArgument("unknown frequency '" + std::string(text) +
                           "' (use day, week, month, quarter, year, B, nyse, or a step such as "
                           "15min, 1h, 5s or a number of seconds)");
  }
  f.unit = Unit::kFixed;
  f.step = *d;
  f.count = 1;
  return f;
}

Result<int64_t> Frequency::UnitCount(std::string_view text, std::string_view unit) {
  const std::string_view n = text.substr(0, text.size() - std::min(text.size(), unit.size()));
  if (n.empty()) return 1;
  int64_t count = 0;
  for (char c : n) {
    if (c < '0' || c > '9' || count > 100000) {
      return InvalidArgument("unknown frequency '" + std::string(text) + "' (" + std::string(unit) +
                             " takes a count: 5" + std::string(unit) + ")");
    }
    count = count * 10 + (c - '0');
  }
  if (count < 1) {
    return InvalidArgument("frequency '" + std::string(text) + "': count must be >= 1");
  }
  return count;
}

Frequency Frequency::Sessions(std::string name, int64_t count,
                              std::shared_ptr<const std::vector<int64_t>> session_days) {
  Frequency f;
  f.unit = Unit::kSessions;
  f.count = count;
  f.name = std::move(name);
  f.session_days = std::move(session_days);
  return f;
}

namespace {

bool IsWeekday(int64_t day) {
  const Weekday w = CivilDate::FromDays(day).weekday();
  return w != Weekday::kSaturday && w != Weekday::kSunday;
}

// The n-th (n >= 1) weekday strictly after `day`.
int64_t NthWeekdayAfter(int64_t day, int64_t n) {
  while (n > 0) {
    ++day;
    if (IsWeekday(day)) --n;
  }
  return day;
}

}  // namespace

Timestamp Frequency::Advance(Timestamp t, int64_t steps) const {
  if (unit == Unit::kBusinessDay || unit == Unit::kSessions) {
    if (steps <= 0) return t;
    const int64_t ns_per_day = 86400LL * 1000000000LL;
    const int64_t ns = t.unix_nanos();
    const int64_t day = ns >= 0 ? ns / ns_per_day : (ns - ns_per_day + 1) / ns_per_day;
    const Duration time_of_day(ns - day * ns_per_day);
    const int64_t n = steps * count;
    int64_t target;
    if (unit == Unit::kBusinessDay || !session_days || session_days->empty()) {
      target = NthWeekdayAfter(day, n);
    } else {
      const auto& s = *session_days;
      const auto it = std::upper_bound(s.begin(), s.end(), day);
      const int64_t idx = (it - s.begin()) + n - 1;
      if (idx < static_cast<int64_t>(s.size())) {
        target = s[static_cast<size_t>(idx)];
      } else {
        const int64_t beyond = idx - static_cast<int64_t>(s.size()) + 1;
        target = NthWeekdayAfter(std::max(day, s.back()), beyond);
      }
    }
    return Timestamp::FromUnixNanos(target * ns_per_day) + time_of_day;
  }
  switch (unit) {
    case Unit::kFixed:
      return t + step * steps;
    case Unit::kDay:
      return t + days(count * steps);
    case Unit::kWeek:
      return t + days(7 * count * steps);
    case Unit::kMonth: {
      LocalDateTime l = LocalDateTime::FromUtc(t);
      const int64_t months =
          static_cast<int64_t>(l.date.year) * 12 + (l.date.month - 1) + count * steps;
      const int year = static_cast<int>(months >= 0 ? months / 12 : (months - 11) / 12);
      const int month = static_cast<int>(months - static_cast<int64_t>(year) * 12) + 1;
      l.date.year = year;
      l.date.month = month;
      l.date.day = std::min(l.date.day, DaysInMonth(year, month));
      return l.AsUtc();
    }
    case Unit::kBusinessDay:
    case Unit::kSessions:
      break;  // handled above
  }
  return t;
}

std::string Frequency::ToString() const {
  switch (unit) {
    case Unit::kFixed:
      return std::to_string(step.count() / 1e9) + "s";
    case Unit::kDay:
      return "day";
    case Unit::kWeek:
      return "week";
    case Unit::kMonth:
      return count == 1 ? "month" : (count == 3 ? "quarter" : "year");
    case Unit::kBusinessDay:
      return std::to_string(count) + "B";
    case Unit::kSessions:
      return std::to_string(count) + name;
  }
  return "?";
}

std::string FormatTimestampForCsv(Timestamp t) {
  const LocalDateTime l = LocalDateTime::FromUtc(t);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", l.date.year, l.date.month,
                l.date.day, l.hour, l.minute, l.second);
  std::string s(buf);
  if (l.nanos != 0) {
    std::snprintf(buf, sizeof(buf), ".%09lld", static_cast<long long>(l.nanos));
    s += buf;
  }
  return s;
}

namespace {

// Splits one CSV record (RFC 4180 quoting). Returns false on an unterminated quote.
bool SplitRecord(std::string_view text, size_t* pos, std::vector<std::string>* fields) {
  fields->clear();
  std::string cur;
  bool in_quotes = false, quoted = false;
  size_t i = *pos;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '"' && cur.empty() && !quoted) {
      in_quotes = quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(cur));
      cur.clear();
      quoted = false;
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      cur += c;
    }
  }
  if (in_quotes) return false;
  fields->push_back(std::move(cur));
  *pos = i < text.size() ? i + 1 : i;
  return true;
}

std::string Trim(std::string s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

bool IsMissing(const std::string& s) {
  return s.empty() || s == "NA" || s == "NaN" || s == "nan" || s == "null" || s == "NULL";
}

bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno != ERANGE;
}

}  // namespace

Result<Frame> ParseFrameCsv(std::string_view text, bool require_y, std::string_view source) {
  const std::string src(source);
  size_t pos = 0;
  std::vector<std::string> fields;
  // Skip leading blank lines.
  while (pos < text.size() && (text[pos] == '\n' || text[pos] == '\r')) ++pos;
  if (pos >= text.size()) return InvalidArgument(src + ": empty input (expected a header row)");
  if (!SplitRecord(text, &pos, &fields)) {
    return InvalidArgument(src + ": line 1: unterminated quote in the header");
  }
  std::vector<std::string> header;
  for (auto& f : fields) header.push_back(Trim(f));
  int ds_col = -1, y_col = -1, cap_col = -1, floor_col = -1;
  Frame frame;
  std::vector<int> extra_cols;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (h.empty())
      return InvalidArgument(src + ": line 1: column " + std::to_string(c + 1) + " has no name");
    for (size_t d = 0; d < c; ++d) {
      if (header[d] == h) return InvalidArgument(src + ": line 1: duplicate column '" + h + "'");
    }
    if (h == "ds") {
      ds_col = static_cast<int>(c);
    } else if (h == "y") {
      y_col = static_cast<int>(c);
    } else if (h == "cap") {
      cap_col = static_cast<int>(c);
    } else if (h == "floor") {
      floor_col = static_cast<int>(c);
    } else {
      extra_cols.push_back(static_cast<int>(c));
      frame.columns.emplace_back(h, std::vector<double>{});
    }
  }
  if (ds_col < 0) return InvalidArgument(src + ": missing column 'ds' in the header");
  if (require_y && y_col < 0) return InvalidArgument(src + ": missing column 'y' in the header");
  int line = 1;
  while (pos < text.size()) {
    ++line;
    const size_t start = pos;
    if (!SplitRecord(text, &pos, &fields)) {
      return InvalidArgument(src + ": line " + std::to_string(line) + ": unterminated quote");
    }
    if (fields.size() == 1 && Trim(fields[0]).empty()) {
      if (pos == start) break;
      continue;  // blank line
    }
    if (fields.size() != header.size()) {
      return InvalidArgument(src + ": line " + std::to_string(line) + ": expected " +
                             std::to_string(header.size()) + " fields, found " +
                             std::to_string(fields.size()));
    }
    auto where = [&](int c) {
      return src + ": line " + std::to_string(line) + ", column '" + header[c] + "'";
    };
    const std::string ds_text = Trim(fields[ds_col]);
    auto ts = ParseTimestamp(ds_text);
    if (!ts.ok()) {
      return InvalidArgument(where(ds_col) + ": not a date or date-time '" + ds_text + "'");
    }
    frame.ds.push_back(*ts);
    auto number = [&](int c, bool missing_ok, std::vector<double>* out) -> Status {
      const std::string v = Trim(fields[c]);
      double d;
      if (IsMissing(v)) {
        if (!missing_ok) return InvalidArgument(where(c) + ": missing value");
        d = std::nan("");
      } else if (!ParseDouble(v, &d)) {
        return InvalidArgument(where(c) + ": not a number '" + v + "'");
      }
      out->push_back(d);
      return Status::Ok();
    };
    if (y_col >= 0) TL_RETURN_IF_ERROR(number(y_col, true, &frame.y));
    if (cap_col >= 0) TL_RETURN_IF_ERROR(number(cap_col, false, &frame.cap));
    if (floor_col >= 0) TL_RETURN_IF_ERROR(number(floor_col, false, &frame.floor));
    for (size_t e = 0; e < extra_cols.size(); ++e) {
      const int c = extra_cols[e];
      const std::string v = Trim(fields[c]);
      double d;
      if (v == "TRUE" || v == "True" || v == "true") {
        d = 1;
      } else if (v == "FALSE" || v == "False" || v == "false") {
        d = 0;
      } else if (IsMissing(v)) {
        d = std::nan("");  // allowed here; an error only if the model uses the column
      } else if (!ParseDouble(v, &d)) {
        return InvalidArgument(where(c) + ": not a number '" + v + "'");
      }
      frame.columns[e].second.push_back(d);
    }
  }
  if (frame.ds.empty()) return InvalidArgument(src + ": no data rows after the header");
  return frame;
}

}  // namespace tradelet::forecast
