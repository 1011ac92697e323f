// Parsing of cron fields for both dialects (AWS six-field and classic five-field) and rate().
// Every error names the field and the offending text, because users mostly paste expressions
// from consoles and blog posts and need to see which part is wrong.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "tradelet/schedule/expression.h"

namespace tradelet::schedule {
namespace {

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

enum class FieldId { kMinutes, kHours, kDayOfMonth, kMonth, kDayOfWeek, kYear };

struct FieldSpec {
  FieldId id;
  const char* name;
  int min;
  int max;
};

// Value ranges as written in each dialect (day-of-week is converted to 0 = Sunday later).
constexpr FieldSpec kMinutes{FieldId::kMinutes, "minutes", 0, 59};
constexpr FieldSpec kHours{FieldId::kHours, "hours", 0, 23};
constexpr FieldSpec kDom{FieldId::kDayOfMonth, "day-of-month", 1, 31};
constexpr FieldSpec kMonth{FieldId::kMonth, "month", 1, 12};
constexpr FieldSpec kAwsDow{FieldId::kDayOfWeek, "day-of-week", 1, 7};
constexpr FieldSpec kClassicDow{FieldId::kDayOfWeek, "day-of-week", 0, 7};
constexpr FieldSpec kYear{FieldId::kYear, "year", CronFields::kMinYear, CronFields::kMaxYear};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Status FieldError(const FieldSpec& f, const std::string& what) {
  return InvalidArgument(std::string(f.name) + ": " + what);
}

std::string Quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out.append(s);
  out += '\'';
  return out;
}

// Parses one value: a number in [min, max] or (month, day-of-week) a three-letter name.
Result<int> ParseValue(const FieldSpec& f, bool aws, std::string_view tok) {
  if (tok.empty()) return FieldError(f, "empty value");
  if (std::isdigit(static_cast<unsigned char>(tok[0]))) {
    int v = 0;
    auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || p != tok.data() + tok.size()) {
      return FieldError(f, Quote(tok) + " is not a number");
    }
    if (v < f.min || v > f.max) {
      return FieldError(f, std::to_string(v) + " is out of range " + std::to_string(f.min) + "-" +
                               std::to_string(f.max));
    }
    return v;
  }
  const std::string up = Upper(tok);
  if (f.id == FieldId::kMonth) {
    for (int i = 0; i < 12; ++i) {
      if (up == kMonthNames[i]) return i + 1;
    }
    return FieldError(f, Quote(tok) + " is not a month name (JAN-DEC) or number (1-12)");
  }
  if (f.id == FieldId::kDayOfWeek) {
    for (int i = 0; i < 7; ++i) {
      if (up == kDayNames[i]) return aws ? i + 1 : i;
    }
    return FieldError(f, Quote(tok) + " is not a day name (SUN-SAT) or number (" +
                             std::to_string(f.min) + "-" + std::to_string(f.max) + ")");
  }
  return FieldError(f, Quote(tok) + " is not a number");
}

// Day-of-week as written -> 0 = Sunday.
int DowToInternal(bool aws, int v) { return aws ? v - 1 : v % 7; }

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    out.push_back(
        s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// A plain item: `*`, `v`, `a-b`, with an optional `/step`. Sets values (as written) in `set`.
Status ParseRangeItem(const FieldSpec& f, bool aws, std::string_view item, std::vector<bool>* set) {
  std::string_view range = item;
  int step = 1;
  bool has_step = false;
  if (const size_t slash = item.find('/'); slash != std::string_view::npos) {
    range = item.substr(0, slash);
    const std::string_view st = item.substr(slash + 1);
    auto [p, ec] = std::from_chars(st.data(), st.data() + st.size(), step);
    if (st.empty() || ec != std::errc() || p != st.data() + st.size()) {
      return FieldError(f, "step " + Quote(st) + " in " + Quote(item) + " is not a number");
    }
    if (step < 1) return FieldError(f, "step in " + Quote(item) + " must be at least 1");
    has_step = true;
  }
  int lo = f.min, hi = f.max;
  if (f.id == FieldId::kDayOfWeek && !aws) hi = 6;  // `*` in classic: 0-6 (7 is Sunday again)
  if (range == "*") {
    // every value
  } else if (const size_t dash = range.find('-'); dash != std::string_view::npos && dash > 0) {
    TL_ASSIGN_OR_RETURN(lo, ParseValue(f, aws, range.substr(0, dash)));
    TL_ASSIGN_OR_RETURN(hi, ParseValue(f, aws, range.substr(dash + 1)));
    if (lo > hi) {
      return FieldError(f, "range " + Quote(range) + " runs backwards (write it as a list)");
    }
  } else {
    TL_ASSIGN_OR_RETURN(lo, ParseValue(f, aws, range));
    // `a/step` runs to the end of the field; a bare value is just itself.
    hi = has_step ? f.max : lo;
    if (has_step && f.id == FieldId::kDayOfWeek && !aws) hi = 6;
  }
  for (int v = lo; v <= hi; v += step) (*set)[v] = true;
  return Status::Ok();
}

bool EndsWith(std::string_view s, char c) {
  return !s.empty() && (s.back() == c || s.back() == c + 32);
}

// Day-of-month items beyond plain ranges (AWS only): L, LW, nW.
Status ParseDomItem(bool aws, std::string_view item, std::vector<bool>* set, CronFields* out) {
  const std::string up = Upper(item);
  if (up == "L" || up == "LW" || (up.size() > 1 && up.back() == 'W')) {
    if (!aws) {
      return FieldError(kDom,
                        Quote(item) + " ('L'/'W') is AWS cron syntax; use the six-field form");
    }
    if (up == "L") {
      out->last_day_of_month = true;
    } else if (up == "LW") {
      out->last_weekday_of_month = true;
    } else {
      TL_ASSIGN_OR_RETURN(int d, ParseValue(kDom, aws, item.substr(0, item.size() - 1)));
      out->nearest_weekday.push_back(d);
    }
    return Status::Ok();
  }
  if (up.find('L') != std::string::npos || up.find('W') != std::string::npos) {
    return FieldError(kDom, Quote(item) + " is not a day: use a number, 'L', 'LW' or 'nW'");
  }
  return ParseRangeItem(kDom, aws, item, set);
}

// Day-of-week items beyond plain ranges (AWS only): L, dL, d#n.
Status ParseDowItem(bool aws, const FieldSpec& f, std::string_view item, std::vector<bool>* set,
                    CronFields* out) {
  if (const size_t hash = item.find('#'); hash != std::string_view::npos) {
    if (!aws)
      return FieldError(f, Quote(item) + " ('#') is AWS cron syntax; use the six-field form");
    TL_ASSIGN_OR_RETURN(int d, ParseValue(f, aws, item.substr(0, hash)));
    const std::string_view nth = item.substr(hash + 1);
    int n = 0;
    auto [p, ec] = std::from_chars(nth.data(), nth.data() + nth.size(), n);
    if (nth.empty() || ec != std::errc() || p != nth.data() + nth.size() || n < 1 || n > 5) {
      return FieldError(
          f, "in " + Quote(item) + ", " + Quote(nth) + " is not an occurrence number 1-5");
    }
    out->nth_weekday.emplace_back(DowToInternal(aws, d), n);
    return Status::Ok();
  }
  if (EndsWith(item, 'L')) {
    if (!aws)
      return FieldError(f, Quote(item) + " ('L') is AWS cron syntax; use the six-field form");
    if (item.size() == 1) {
      (*set)[7] = true;  // last day of the week: Saturday (7 when 1 = Sunday)
      return Status::Ok();
    }
    TL_ASSIGN_OR_RETURN(int d, ParseValue(f, aws, item.substr(0, item.size() - 1)));
    out->last_weekday.push_back(DowToInternal(aws, d));
    return Status::Ok();
  }
  return ParseRangeItem(f, aws, item, set);
}

// Parses one whole field into a value set (values as written).
Status ParseField(const FieldSpec& f, bool aws, std::string_view text, std::vector<bool>* set,
                  CronFields* out) {
  set->assign(f.max + 1, false);
  if (text.empty()) return FieldError(f, "empty field");
  const std::vector<std::string_view> items = Split(text, ',');
  int hashes = 0;
  for (std::string_view item : items) {
    if (item.empty()) return FieldError(f, "empty item in list " + Quote(text));
    if (item == "?") {
      if (f.id != FieldId::kDayOfMonth && f.id != FieldId::kDayOfWeek) {
        return FieldError(f, "'?' is only allowed in day-of-month and day-of-week");
      }
      if (items.size() != 1) return FieldError(f, "'?' must stand alone, not in a list");
      // Classic crontabs that accept '?' read it as '*'; AWS reads the other day field.
      if (!aws) TL_RETURN_IF_ERROR(ParseRangeItem(f, aws, "*", set));
      continue;
    }
    if (f.id == FieldId::kDayOfMonth) {
      TL_RETURN_IF_ERROR(ParseDomItem(aws, item, set, out));
    } else if (f.id == FieldId::kDayOfWeek) {
      if (item.find('#') != std::string_view::npos && ++hashes > 1) {
        return FieldError(f, "only one '#' item is allowed (" + Quote(text) + ")");
      }
      TL_RETURN_IF_ERROR(ParseDowItem(aws, f, item, set, out));
    } else {
      TL_RETURN_IF_ERROR(ParseRangeItem(f, aws, item, set));
    }
  }
  return Status::Ok();
}

std::vector<std::string_view> SplitFields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

template <size_t N>
void CopyBits(const std::vector<bool>& from, std::bitset<N>* to) {
  for (size_t i = 0; i < N && i < from.size(); ++i) (*to)[i] = from[i];
}

Result<CronFields> ParseCron(std::string_view text, bool aws) {
  const std::vector<std::string_view> parts = SplitFields(text);
  const size_t want = aws ? 6 : 5;
  if (parts.size() != want) {
    return InvalidArgument(std::string(aws ? "AWS cron" : "classic cron") + " needs " +
                           std::to_string(want) + " fields (" +
                           (aws ? "minutes hours day-of-month month day-of-week year"
                                : "minute hour day-of-month month day-of-week") +
                           "), got " + std::to_string(parts.size()));
  }
  CronFields out;
  std::vector<bool> set;
  TL_RETURN_IF_ERROR(ParseField(kMinutes, aws, parts[0], &set, &out));
  CopyBits(set, &out.minutes);
  TL_RETURN_IF_ERROR(ParseField(kHours, aws, parts[1], &set, &out));
  CopyBits(set, &out.hours);
  TL_RETURN_IF_ERROR(ParseField(kDom, aws, parts[2], &set, &out));
  CopyBits(set, &out.days_of_month);
  TL_RETURN_IF_ERROR(ParseField(kMonth, aws, parts[3], &set, &out));
  CopyBits(set, &out.months);
  const FieldSpec& dow = aws ? kAwsDow : kClassicDow;
  TL_RETURN_IF_ERROR(ParseField(dow, aws, parts[4], &set, &out));
  for (int v = dow.min; v <= dow.max; ++v) {
    if (set[v]) out.days_of_week[DowToInternal(aws, v)] = true;
  }
  const bool dom_q = parts[2] == "?";
  const bool dow_q = parts[4] == "?";
  if (aws) {
    if (dom_q == dow_q) {
      return InvalidArgument(
          "day-of-month and day-of-week: exactly one of them must be '?' in AWS cron (got " +
          Quote(parts[2]) + " and " + Quote(parts[4]) +
          "); e.g. '0 9 ? * MON-FRI *' or '0 9 1 * ? *'");
    }
    out.dom_unrestricted = dom_q;
    out.dow_unrestricted = dow_q;
    if (parts[5] != "*") {
      TL_RETURN_IF_ERROR(ParseField(kYear, aws, parts[5], &set, &out));
      out.years.assign(set.begin() + CronFields::kMinYear, set.end());
    }
  } else {
    // Vixie cron: a day field that starts with '*' does not restrict the day.
    out.dom_unrestricted = dom_q || parts[2].front() == '*';
    out.dow_unrestricted = dow_q || parts[4].front() == '*';
  }
  return out;
}

}  // namespace

Result<CronFields> ParseAwsCron(std::string_view six_fields) { return ParseCron(six_fields, true); }

Result<CronFields> ParseClassicCron(std::string_view five_fields) {
  return ParseCron(five_fields, false);
}

Result<Duration> ParseRate(std::string_view inside) {
  const std::vector<std::string_view> parts = SplitFields(inside);
  if (parts.size() != 2) {
    return InvalidArgument("rate: expected 'rate(N unit)', e.g. rate(5 minutes), got " +
                           Quote(inside));
  }
  int64_t n = 0;
  auto [p, ec] = std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), n);
  if (ec != std::errc() || p != parts[0].data() + parts[0].size()) {
    return InvalidArgument("rate: value " + Quote(parts[0]) + " is not a whole number");
  }
  if (n < 1 || n > 1'000'000) {
    return InvalidArgument("rate: value " + std::to_string(n) + " is out of range 1-1000000");
  }
  const std::string unit = Upper(parts[1]);
  Duration one{0};
  bool plural = false;
  if (unit == "MINUTE" || unit == "MINUTES") {
    one = minutes(1);
  } else if (unit == "HOUR" || unit == "HOURS") {
    one = hours(1);
  } else if (unit == "DAY" || unit == "DAYS") {
    one = hours(24);
  } else {
    return InvalidArgument("rate: unit " + Quote(parts[1]) +
                           " is not minute(s), hour(s) or day(s)");
  }
  plural = unit.back() == 'S';
  // AWS rejects rate(1 hours) and rate(5 hour); so do we, so a schedule that works here works
  // there.
  if (plural != (n != 1)) {
    const std::string singular = unit.substr(0, plural ? unit.size() - 1 : unit.size());
    std::string fix = singular;
    for (char& c : fix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n != 1) fix += "s";
    return InvalidArgument("rate: unit " + Quote(parts[1]) + " does not agree with value " +
                           std::to_string(n) + " (AWS requires singular for 1, plural above): " +
                           "write rate(" + std::to_string(n) + " " + fix + ")");
  }
  return one * n;
}

}  // namespace tradelet::schedule
