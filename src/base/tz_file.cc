// TimeZone::Load: built-in zones, fixed offsets, and TZif files (RFC 8536) with their POSIX
// TZ footer extended forward, so zones work past the last transition stored in the file.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tradelet/base/time.h"

namespace tradelet {
namespace {

struct PosixRule {  // Mm.w.d/time
  int month = 0, week = 0, wday = 0;
  int64_t time_seconds = 7200;
};

struct PosixTz {
  int64_t std_offset = 0;  // local - UTC
  bool has_dst = false;
  int64_t dst_offset = 0;
  PosixRule start, end;
};

// Parses "[+-]hh[:mm[:ss]]" returning seconds (POSIX sign: positive is west of UTC).
bool ParsePosixOffset(std::string_view& s, int64_t* out) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  int64_t parts[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) {
      if (k == 0) return false;
      break;
    }
    int64_t v = 0;
    while (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) {
      v = v * 10 + (s[0] - '0');
      s.remove_prefix(1);
      if (v > 999) return false;  // POSIX hours are <= 24 (RFC 8536: 167); never overflow
    }
    parts[k] = v;
    if (k < 2 && !s.empty() && s[0] == ':') {
      s.remove_prefix(1);
    } else {
      break;
    }
  }
  *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool SkipName(std::string_view& s) {
  if (!s.empty() && s[0] == '<') {
    auto e = s.find('>');
    if (e == std::string_view::npos) return false;
    s.remove_prefix(e + 1);
    return true;
  }
  size_t n = 0;
  while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
  if (n < 3) return false;
  s.remove_prefix(n);
  return true;
}

bool ParseRule(std::string_view& s, PosixRule* r) {
  if (s.empty() || s[0] != 'M') return false;  // Julian-day forms are not used by real zones
  s.remove_prefix(1);
  int vals[3];
  for (int k = 0; k < 3; ++k) {
    int v = 0, n = 0;
    while (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) {
      v = v * 10 + (s[0] - '0');
      s.remove_prefix(1);
      ++n;
    }
    if (n == 0) return false;
    vals[k] = v;
    if (k < 2) {
      if (s.empty() || s[0] != '.') return false;
      s.remove_prefix(1);
    }
  }
  r->month = vals[0];
  r->week = vals[1];
  r->wday = vals[2];
  if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->wday > 6) return false;
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    int64_t t = 0;
    if (!ParsePosixOffset(s, &t)) return false;
    r->time_seconds = t;
  }
  return true;
}

bool ParsePosixTz(std::string_view s, PosixTz* tz) {
  int64_t off = 0;
  if (!SkipName(s) || !ParsePosixOffset(s, &off)) return false;
  tz->std_offset = -off;
  if (s.empty()) return true;
  if (!SkipName(s)) return false;
  tz->has_dst = true;
  tz->dst_offset = tz->std_offset + 3600;
  if (!s.empty() && s[0] != ',') {
    if (!ParsePosixOffset(s, &off)) return false;
    tz->dst_offset = -off;
  }
  if (s.empty() || s[0] != ',') return false;
  s.remove_prefix(1);
  if (!ParseRule(s, &tz->start)) return false;
  if (s.empty() || s[0] != ',') return false;
  s.remove_prefix(1);
  return ParseRule(s, &tz->end) && s.empty();
}

Timestamp RuleInstant(int year, const PosixRule& r, int64_t offset_before) {
  CivilDate d =
      NthWeekdayOfMonth(year, r.month, static_cast<Weekday>(r.wday), r.week == 5 ? -1 : r.week);
  return LocalDateTime{d}.AsUtc() + seconds(r.time_seconds - offset_before);
}

uint64_t ReadBe(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

Result<TimeZone> ParseTzif(const std::string& name, const std::string& bytes) {
  auto corrupt = [&](const char* why) {
    return DataLoss("time zone file for '" + name + "' is not valid TZif: " + why);
  };
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t size = bytes.size();
  if (size < 44 || std::memcmp(p, "TZif", 4) != 0) return corrupt("bad magic");
  auto header_counts = [&](size_t at, uint32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = static_cast<uint32_t>(ReadBe(p + at + 20 + 4 * i, 4));
  };
  uint32_t c[6];  // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
  header_counts(0, c);
  const char version = static_cast<char>(p[4]);
  size_t at = 44;
  int time_size = 4;
  if (version >= '2') {
    const size_t v1 =
        static_cast<size_t>(c[3]) * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    at = 44 + v1;
    if (at + 44 > size || std::memcmp(p + at, "TZif", 4) != 0) return corrupt("bad v2 header");
    header_counts(at, c);
    at += 44;
    time_size = 8;
  }
  const uint32_t timecnt = c[3], typecnt = c[4];
  const size_t need = static_cast<size_t>(timecnt) * (time_size + 1) + typecnt * 6 + c[5] +
                      c[2] * (time_size + 4) + c[1] + c[0];
  if (typecnt == 0 || at + need > size) return corrupt("truncated");
  std::vector<int64_t> times(timecnt);
  for (uint32_t i = 0; i < timecnt; ++i) {
    uint64_t raw = ReadBe(p + at + i * time_size, time_size);
    times[i] = time_size == 8 ? static_cast<int64_t>(raw)
                              : static_cast<int64_t>(static_cast<int32_t>(raw));
  }
  const size_t idx_at = at + timecnt * time_size;
  const size_t types_at = idx_at + timecnt;
  auto type_offset = [&](uint8_t k) {
    return static_cast<int64_t>(static_cast<int32_t>(ReadBe(p + types_at + 6 * k, 4)));
  };
  std::vector<TimeZone::Transition> tr;
  for (uint32_t i = 0; i < timecnt; ++i) {
    uint8_t k = p[idx_at + i];
    if (k >= typecnt) return corrupt("type index out of range");
    tr.push_back({Timestamp::FromUnixSeconds(times[i]), type_offset(k)});
  }
  int64_t initial = type_offset(0);
  // Footer: "\n<POSIX TZ>\n" after the v2 data.
  if (version >= '2') {
    size_t f = at + need;
    if (f < size && p[f] == '\n') {
      size_t e = bytes.find('\n', f + 1);
      if (e != std::string::npos) {
        PosixTz rule;
        std::string_view footer(bytes.data() + f + 1, e - f - 1);
        if (!footer.empty() && ParsePosixTz(footer, &rule)) {
          const int first_year =
              tr.empty() ? 1970 : LocalDateTime::FromUtc(tr.back().at).date.year + 1;
          if (!rule.has_dst) {
            if (tr.empty()) initial = rule.std_offset;
          } else {
            for (int y = first_year; y <= 2200; ++y) {
              Timestamp s = RuleInstant(y, rule.start, rule.std_offset);
              Timestamp en = RuleInstant(y, rule.end, rule.dst_offset);
              std::vector<TimeZone::Transition> yr = {{s, rule.dst_offset}, {en, rule.std_offset}};
              if (en < s) std::swap(yr[0], yr[1]);  // southern hemisphere
              for (auto& t : yr) {
                if (tr.empty() || t.at > tr.back().at) tr.push_back(t);
              }
            }
          }
        }
      }
    }
  }
  return TimeZone(name, initial, std::move(tr));
}

}  // namespace

Result<TimeZone> TimeZone::Load(std::string_view name) {
  if (name == "UTC" || name == "Z" || name == "Etc/UTC" || name == "GMT" || name == "utc") {
    return Utc();
  }
  if (name == "America/New_York" || name == "US/Eastern" || name == "EST5EDT") return NewYork();
  if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
    std::string_view s = name;
    int64_t off = 0;
    if (!ParsePosixOffset(s, &off) || !s.empty()) {
      return InvalidArgument("bad UTC offset '" + std::string(name) + "' (want +HH:MM)");
    }
    return TimeZone(std::string(name), off, {});
  }
  if (name.empty() || name.find("..") != std::string_view::npos || name[0] == '/') {
    return InvalidArgument("bad time zone name '" + std::string(name) + "'");
  }
  const char* dir = std::getenv("TZDIR");
  std::string path =
      std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("unknown time zone '" + std::string(name) + "' (no " + path +
                    "; America/New_York and UTC are built in)");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseTzif(std::string(name), ss.str());
}

}  // namespace tradelet
