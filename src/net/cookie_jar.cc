#include "tradelet/net/cookie_jar.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tradelet::net {
namespace {

constexpr std::string_view kSpace = " \t";
// Timestamps are int64 nanoseconds (good to year 2262): later expiry dates are clamped here,
// which is "never" for every practical purpose.
constexpr int64_t kNeverSeconds = 9'000'000'000;  // year 2255
constexpr std::string_view kHttpOnlyPrefix = "#HttpOnly_";

std::string_view Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsIpAddress(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6 literal
  return !host.empty() && std::all_of(host.begin(), host.end(),
                                      [](char c) { return IsDigit(c) || c == '.'; });
}

// RFC 6265 5.1.1 date tokens.
bool IsDateDelimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) ||
         (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

// Reads between `min_digits` and `max_digits` digits at the start of `s`; the digits must be
// followed by the end or a non-digit. Advances `s` past them.
bool ReadDigits(std::string_view& s, size_t min_digits, size_t max_digits, int& value) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  if (n < min_digits || n > max_digits) return false;
  value = 0;
  for (size_t i = 0; i < n; ++i) value = value * 10 + (s[i] - '0');
  s.remove_prefix(n);
  return true;
}

bool ParseTimeToken(std::string_view t, int& h, int& m, int& s) {
  if (!ReadDigits(t, 1, 2, h) || t.empty() || t.front() != ':') return false;
  t.remove_prefix(1);
  if (!ReadDigits(t, 1, 2, m) || t.empty() || t.front() != ':') return false;
  t.remove_prefix(1);
  return ReadDigits(t, 1, 2, s);
}

int MonthFromToken(std::string_view t) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (t.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (IEquals(t.substr(0, 3), kMonths[i])) return i + 1;
  }
  return 0;
}

// The default path of RFC 6265 5.1.4: the request path up to (not including) its last '/'.
std::string DefaultPath(std::string_view request_path) {
  if (request_path.empty() || request_path.front() != '/') return "/";
  const size_t last = request_path.rfind('/');
  if (last == 0) return "/";
  return std::string(request_path.substr(0, last));
}

bool IsExpired(const Cookie& c, Timestamp now) { return c.expires && *c.expires <= now; }

bool SameIdentity(const Cookie& a, const Cookie& b) {
  return a.name == b.name && a.domain == b.domain && a.path == b.path;
}

}  // namespace

std::optional<Timestamp> ParseCookieDate(std::string_view text) {
  bool have_time = false, have_day = false, have_month = false, have_year = false;
  int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsDateDelimiter(static_cast<unsigned char>(text[i]))) ++i;
    const size_t start = i;
    while (i < text.size() && !IsDateDelimiter(static_cast<unsigned char>(text[i]))) ++i;
    const std::string_view token = text.substr(start, i - start);
    if (token.empty()) continue;
    int h, m, s;
    std::string_view rest = token;
    if (!have_time && ParseTimeToken(token, h, m, s)) {
      have_time = true;
      hour = h, minute = m, second = s;
    } else if (rest = token; !have_day && ReadDigits(rest, 1, 2, day)) {
      have_day = true;
    } else if (!have_month && MonthFromToken(token) != 0) {
      have_month = true;
      month = MonthFromToken(token);
    } else if (rest = token; !have_year && ReadDigits(rest, 2, 4, year)) {
      have_year = true;
    }
  }
  if (!have_time || !have_day || !have_month || !have_year) return std::nullopt;
  if (year >= 70 && year <= 99) year += 1900;
  if (year >= 0 && year <= 69) year += 2000;
  if (year < 1601 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const CivilDate date{year, month, day};
  if (!date.IsValid()) return std::nullopt;
  const int64_t secs = date.ToDays() * 86400 + hour * 3600 + minute * 60 + second;
  // Dates before 1970 only ever mean "expired".
  return Timestamp::FromUnixSeconds(std::clamp<int64_t>(secs, 1, kNeverSeconds));
}

bool DomainMatches(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  if (IsIpAddress(host) || domain.empty() || host.size() <= domain.size()) return false;
  return host.substr(host.size() - domain.size()) == domain &&
         host[host.size() - domain.size() - 1] == '.';
}

bool PathMatches(std::string_view request_path, std::string_view cookie_path) {
  if (request_path == cookie_path) return true;
  if (request_path.substr(0, cookie_path.size()) != cookie_path) return false;
  return cookie_path.back() == '/' || request_path[cookie_path.size()] == '/';
}

Status CookieJar::SetFromHeader(const Url& request_url, std::string_view set_cookie,
                                Timestamp now) {
  // Tabs included: no server sends them, and they would break the cookies.txt format.
  if (std::any_of(set_cookie.begin(), set_cookie.end(),
                  [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; })) {
    return InvalidArgument("Set-Cookie with control characters");
  }
  const size_t semi = set_cookie.find(';');
  const std::string_view pair = set_cookie.substr(0, semi);
  const size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return InvalidArgument("Set-Cookie without name=value");
  Cookie c;
  c.name = std::string(Trim(pair.substr(0, eq)));
  c.value = std::string(Trim(pair.substr(eq + 1)));
  if (c.name.empty()) return InvalidArgument("Set-Cookie with an empty name");
  if (c.name.size() + c.value.size() > kMaxCookieBytes) {
    return InvalidArgument("Set-Cookie '" + c.name.substr(0, 64) + "' is larger than 4096 bytes");
  }
  std::optional<Timestamp> expires_attr;
  std::optional<Timestamp> max_age_attr;
  std::string domain_attr;
  std::string path_attr;
  std::string_view attrs = semi == std::string_view::npos ? "" : set_cookie.substr(semi + 1);
  while (!attrs.empty()) {
    const size_t next = attrs.find(';');
    const std::string_view av = attrs.substr(0, next);
    attrs = next == std::string_view::npos ? "" : attrs.substr(next + 1);
    const size_t aeq = av.find('=');
    const std::string_view key = Trim(av.substr(0, aeq));
    const std::string_view val = aeq == std::string_view::npos ? "" : Trim(av.substr(aeq + 1));
    if (IEquals(key, "expires")) {
      if (auto t = ParseCookieDate(val)) expires_attr = t;
    } else if (IEquals(key, "max-age")) {
      std::string_view digits = val;
      const bool negative = !digits.empty() && digits.front() == '-';
      if (negative) digits.remove_prefix(1);
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(), IsDigit)) continue;
      // Longer than 10 digits is centuries: clamp rather than overflow.
      int64_t secs = 0;
      for (char d : digits.substr(0, 10)) secs = secs * 10 + (d - '0');
      if (digits.size() > 10) secs = kNeverSeconds;
      if (negative || secs == 0) {
        max_age_attr = Timestamp::FromUnixNanos(INT64_MIN);
      } else {
        max_age_attr = Timestamp::FromUnixSeconds(
            std::min(kNeverSeconds, std::max<int64_t>(now.unix_seconds(), 0) + secs));
      }
    } else if (IEquals(key, "domain")) {
      std::string_view d = val;
      if (!d.empty() && d.front() == '.') d.remove_prefix(1);
      domain_attr = Lower(d);
    } else if (IEquals(key, "path")) {
      path_attr = std::string(val);
    } else if (IEquals(key, "secure")) {
      c.secure = true;
    } else if (IEquals(key, "httponly")) {
      c.http_only = true;
    }
  }
  c.expires = max_age_attr ? max_age_attr : expires_attr;
  if (!domain_attr.empty()) {
    if (!DomainMatches(request_url.host, domain_attr)) {
      return InvalidArgument("Set-Cookie '" + c.name + "' for domain " + domain_attr +
                             " from host " + request_url.host);
    }
    if (domain_attr.find('.') == std::string::npos && domain_attr != request_url.host) {
      return InvalidArgument("Set-Cookie '" + c.name + "' for top-level domain " + domain_attr);
    }
    c.domain = domain_attr;
    c.host_only = domain_attr == request_url.host && IsIpAddress(domain_attr);
  } else {
    c.domain = request_url.host;
  }
  c.path = !path_attr.empty() && path_attr.front() == '/' ? path_attr
                                                          : DefaultPath(request_url.path());
  if (c.secure && !request_url.https()) {
    return InvalidArgument("Set-Cookie '" + c.name + "' is Secure but came over http");
  }
  return Store(std::move(c), now);
}

Status CookieJar::Store(Cookie c, Timestamp now) {
  auto same = std::find_if(cookies_.begin(), cookies_.end(),
                           [&](const Cookie& o) { return SameIdentity(o, c); });
  if (IsExpired(c, now)) {
    if (same != cookies_.end()) cookies_.erase(same);
    return Status::Ok();
  }
  if (same != cookies_.end()) {
    *same = std::move(c);
    return Status::Ok();
  }
  // Make room by dropping expired cookies before refusing a new one.
  std::erase_if(cookies_, [&](const Cookie& o) { return IsExpired(o, now); });
  const size_t per_domain = std::count_if(cookies_.begin(), cookies_.end(),
                                          [&](const Cookie& o) { return o.domain == c.domain; });
  if (per_domain >= kMaxPerDomain || cookies_.size() >= kMaxCookies) {
    return InvalidArgument("cookie jar full: refused '" + c.name + "' for " + c.domain);
  }
  cookies_.push_back(std::move(c));
  return Status::Ok();
}

std::string CookieJar::CookieHeaderFor(const Url& url, Timestamp now) const {
  std::vector<const Cookie*> matching;
  for (const Cookie& c : cookies_) {
    if (IsExpired(c, now)) continue;
    if (c.secure && !url.https()) continue;
    if (c.host_only ? url.host != c.domain : !DomainMatches(url.host, c.domain)) continue;
    if (!PathMatches(url.path(), c.path)) continue;
    matching.push_back(&c);
  }
  std::stable_sort(matching.begin(), matching.end(), [](const Cookie* a, const Cookie* b) {
    return a->path.size() > b->path.size();
  });
  std::string out;
  for (const Cookie* c : matching) {
    if (!out.empty()) out += "; ";
    out += c->name + "=" + c->value;
  }
  return out;
}

std::string CookieJar::Serialize(Timestamp now) const {
  std::string out =
      "# Netscape HTTP Cookie File\n"
      "# Written by tradelet (net::CookieJar). Fields: domain, include-subdomains, path, secure,\n"
      "# expires (unix seconds, 0 = session), name, value.\n\n";
  for (const Cookie& c : cookies_) {
    if (IsExpired(c, now)) continue;
    if (c.http_only) out += kHttpOnlyPrefix;
    out += c.host_only ? c.domain : "." + c.domain;
    out += c.host_only ? "\tFALSE\t" : "\tTRUE\t";
    out += c.path;
    out += c.secure ? "\tTRUE\t" : "\tFALSE\t";
    out += std::to_string(c.expires ? std::max<int64_t>(1, c.expires->unix_nanos() / 1'000'000'000)
                                    : 0);
    out += "\t" + c.name + "\t" + c.value + "\n";
  }
  return out;
}

Result<CookieJar> CookieJar::Parse(std::string_view text, std::string_view source,
                                   Timestamp now) {
  CookieJar jar;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? "" : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto bad = [&](const std::string& why) {
      return InvalidArgument(std::string(source) + ":" + std::to_string(line_no) + ": " + why);
    };
    Cookie c;
    if (line.substr(0, kHttpOnlyPrefix.size()) == kHttpOnlyPrefix) {
      c.http_only = true;
      line.remove_prefix(kHttpOnlyPrefix.size());
    } else if (Trim(line).empty() || line.front() == '#') {
      continue;
    }
    if (std::any_of(line.begin(), line.end(),
                    [](unsigned char ch) { return (ch < 0x20 && ch != '\t') || ch == 0x7f; })) {
      return bad("control character");
    }
    std::vector<std::string_view> f;
    for (size_t pos = 0;;) {
      const size_t tab = line.find('\t', pos);
      f.push_back(line.substr(pos, tab == std::string_view::npos ? tab : tab - pos));
      if (tab == std::string_view::npos) break;
      pos = tab + 1;
    }
    // Seven fields; a cookie with an empty value may lose its trailing tab in hand-edited files.
    if (f.size() == 6) f.push_back("");
    if (f.size() != 7) return bad("expected 7 tab-separated fields, got " + std::to_string(f.size()));
    auto flag = [&](std::string_view v, bool& out) {
      if (v == "TRUE") return out = true, true;
      if (v == "FALSE") return out = false, true;
      return false;
    };
    std::string_view domain = f[0];
    bool subdomains = false;
    if (!flag(f[1], subdomains)) return bad("include-subdomains must be TRUE or FALSE");
    while (!domain.empty() && domain.front() == '.') domain.remove_prefix(1);
    if (domain.empty()) return bad("empty domain");
    // A host name or IP literal. Anything else (e.g. ".#HttpOnly_x") would be written back as
    // a line that reads differently ("#HttpOnly_x" is curl's HttpOnly marker).
    if (!std::all_of(domain.begin(), domain.end(), [](unsigned char ch) {
          return std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':';
        })) {
      return bad("domain is not a host name");
    }
    c.domain = Lower(domain);
    c.host_only = !subdomains;
    c.path = std::string(f[2]);
    if (c.path.empty() || c.path.front() != '/') return bad("path must start with '/'");
    if (!flag(f[3], c.secure)) return bad("secure must be TRUE or FALSE");
    std::string_view exp = f[4];
    if (exp.empty() || exp.size() > 18 || !std::all_of(exp.begin(), exp.end(), IsDigit)) {
      return bad("expires must be unix seconds");
    }
    int64_t secs = 0;
    for (char d : exp) secs = secs * 10 + (d - '0');
    secs = std::min(secs, kNeverSeconds);
    if (secs != 0) c.expires = Timestamp::FromUnixSeconds(secs);
    c.name = std::string(f[5]);
    c.value = std::string(f[6]);
    if (c.name.empty()) return bad("empty cookie name");
    if (c.name.size() + c.value.size() > kMaxCookieBytes) return bad("cookie larger than 4096 bytes");
    if (Status s = jar.Store(std::move(c), now); !s.ok()) return bad(s.message());
  }
  return jar;
}

Result<CookieJar> CookieJar::LoadFile(const std::string& path, Timestamp now) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return CookieJar();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable("cookie jar " + path + ": cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path, now);
}

Status CookieJar::SaveFile(const std::string& path, Timestamp now) const {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Unavailable("cookie jar " + tmp + ": cannot open for writing");
    out << Serialize(now);
    if (!out.flush()) return Unavailable("cookie jar " + tmp + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Unavailable("cookie jar " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace tradelet::net
