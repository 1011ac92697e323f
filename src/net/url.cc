#include "tradelet/net/url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace tradelet::net {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Query strings may carry tokens (Yahoo's crumb) and errors end up in logs.
std::string ForMessage(std::string_view url) {
  return std::string(url.substr(0, url.find_first_of("?#")));
}

bool HasBadChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

}  // namespace

std::string_view Url::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string Url::Origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Url> ParseUrl(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("URL '" + ForMessage(text) + "': " + std::string(why));
  };
  if (text.empty()) return bad("empty");
  if (HasBadChar(text)) return bad("contains a space or control character");
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) return bad("not absolute (expected http:// or https://)");
  Url url;
  url.scheme = Lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return bad("unsupported scheme '" + url.scheme + "' (expected http or https)");
  }
  std::string_view rest = text.substr(sep + 3);
  rest = rest.substr(0, rest.find('#'));
  const size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view target = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 literal");
    url.host = Lower(authority.substr(1, close - 1));
    // Only a real IPv6 address: "[.::1]" or "[abc]" would otherwise pass as a host and, e.g.,
    // a leading '.' would turn a host-only cookie into a domain cookie in cookies.txt.
    in6_addr addr;
    if (inet_pton(AF_INET6, url.host.c_str(), &addr) != 1) return bad("bad IPv6 literal");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after the IPv6 literal");
      port = after.substr(1);
    }
  } else {
    const size_t colon = authority.find(':');
    url.host = Lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (url.host.find_first_of("[]@") != std::string::npos) return bad("malformed host");
  }
  if (url.host.empty()) return bad("no host");
  // Host names: letters, digits, '-', '_' and dots between labels (a trailing dot is a fully
  // qualified name); IPv6 literals: hex digits, ':' and '.'.
  const bool v6 = url.host.find(':') != std::string::npos;
  for (unsigned char c : url.host) {
    const bool ok = std::isalnum(c) || c == '.' || (v6 ? c == ':' : (c == '-' || c == '_'));
    if (!ok) return bad("bad character in host");
  }
  if (!v6 && (url.host.front() == '.' || url.host.find("..") != std::string::npos)) {
    return bad("empty label in host");
  }
  url.port = url.https() ? 443 : 80;
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(),
                                         [](unsigned char c) { return std::isdigit(c); })) {
      return bad("bad port");
    }
    url.port = std::stoi(std::string(port));
    if (url.port < 1 || url.port > 65535) return bad("port out of range");
  }
  url.target = target.empty() ? "/" : std::string(target);
  if (url.target.front() == '?') url.target.insert(0, "/");
  return url;
}

Result<Url> ResolveLocation(const Url& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos &&
      location.find("://") < location.find_first_of("/?#")) {
    return ParseUrl(location);
  }
  if (location.substr(0, 2) == "//") return ParseUrl(base.scheme + ":" + std::string(location));
  if (location.empty() || HasBadChar(location)) {
    return InvalidArgument("redirect Location '" + ForMessage(location) + "' is not a URL");
  }
  Url out = base;
  location = location.substr(0, location.find('#'));
  if (location.front() == '/') {
    out.target = std::string(location);
  } else if (location.front() == '?') {
    out.target = std::string(base.path()) + std::string(location);
  } else {
    const std::string_view dir = base.path().substr(0, base.path().rfind('/') + 1);
    out.target = std::string(dir.empty() ? "/" : dir) + std::string(location);
  }
  return out;
}

}  // namespace tradelet::net
