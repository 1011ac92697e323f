// A client-side cookie store after RFC 6265: parses Set-Cookie header values, picks the cookies
// a request URL should carry, and saves/loads them in the Netscape cookies.txt format (the one
// curl and browsers' export tools use), so a jar written by curl loads here and the other way.
//
// Supported attributes: Domain (host-only without it; a Domain that the request host does not
// domain-match, or one without a dot, is refused), Path (default path per RFC 6265 5.1.4),
// Expires (RFC 6265 5.1.1 date parsing: RFC 1123, RFC 850 and asctime forms), Max-Age (wins over
// Expires; <= 0 deletes), Secure (sent over https only), HttpOnly (kept and saved; this client is
// no script, so it changes nothing else). SameSite is ignored (no browsing context here).
// Not done: the public suffix list (a server could set a cookie on "co.uk"; tradelet only talks to
// Yahoo and Alpaca), and cookie ordering by creation time beyond insertion order.
//
// Limits (a hostile server must not exhaust memory): name + value at most 4096 bytes, at most
// 50 cookies per domain and 3000 in all; past a limit the new cookie is refused.
//
// Thread-safety: none; HttpsClient guards its jar with a mutex.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/net/url.h"

namespace tradelet::net {

struct Cookie {
  std::string name;
  std::string value;
  std::string domain;  // lower case, no leading dot
  std::string path;    // starts with '/'
  bool host_only = true;  // no Domain attribute: sent to exactly `domain`, not its subdomains
  bool secure = false;
  bool http_only = false;
  std::optional<Timestamp> expires;  // nullopt: a session cookie (still saved to a jar file)
};

// Parses an HTTP date as RFC 6265 section 5.1.1 does (lenient: tokens in any order, 2-digit
// years mapped to 1970..2069). nullopt when it names no valid date.
std::optional<Timestamp> ParseCookieDate(std::string_view text);

class CookieJar {
 public:
  static constexpr size_t kMaxCookieBytes = 4096;
  static constexpr size_t kMaxPerDomain = 50;
  static constexpr size_t kMaxCookies = 3000;

  // Applies one Set-Cookie value received in the response to `request_url` at `now`. Returns
  // InvalidArgument (saying why) when the cookie is refused; the jar is then unchanged. A cookie
  // that is already expired deletes its stored namesake and returns OK.
  Status SetFromHeader(const Url& request_url, std::string_view set_cookie, Timestamp now);

  // The Cookie header value for a request to `url` at `now` ("a=1; b=2", longer paths first),
  // or "" when no cookie applies.
  std::string CookieHeaderFor(const Url& url, Timestamp now) const;

  // Netscape cookies.txt: a comment header, then one line per unexpired cookie:
  // domain \t include-subdomains \t path \t secure \t expires (unix seconds, 0 = session) \t name
  // \t value, with "#HttpOnly_" before the domain for HttpOnly cookies.
  std::string Serialize(Timestamp now) const;
  // Parses Serialize's format. Blank lines and '#' comments are skipped; a malformed line is an
  // InvalidArgument naming `source` and the line number. Cookies expired at `now` are dropped.
  static Result<CookieJar> Parse(std::string_view text, std::string_view source, Timestamp now);

  // File helpers: a missing file loads as an empty jar; SaveFile writes atomically (temp + rename).
  static Result<CookieJar> LoadFile(const std::string& path, Timestamp now);
  Status SaveFile(const std::string& path, Timestamp now) const;

  const std::vector<Cookie>& cookies() const { return cookies_; }
  size_t size() const { return cookies_.size(); }

 private:
  Status Store(Cookie cookie, Timestamp now);

  std::vector<Cookie> cookies_;  // insertion order
};

// RFC 6265 5.1.3: `host` equals `domain` or ends with "." + domain, and host is no IP address.
bool DomainMatches(std::string_view host, std::string_view domain);
// RFC 6265 5.1.4.
bool PathMatches(std::string_view request_path, std::string_view cookie_path);

}  // namespace tradelet::net
