// Absolute http(s) URLs as the HTTPS client needs them: which connection (scheme, host, port),
// which request target (path and query), and how a redirect's Location resolves against them.
#pragma once

#include <string>
#include <string_view>

#include "tradelet/base/status.h"

namespace tradelet::net {

struct Url {
  std::string scheme;    // "http" or "https" (lower case)
  std::string userinfo;  // "user:password" before '@' (percent-encoded as given), usually empty
  std::string host;      // lower case; an IPv6 literal without its brackets
  int port = 0;          // the explicit port, else 80 / 443
  std::string target;    // path and query as sent on the request line; "/" when the URL has none

  bool https() const { return scheme == "https"; }
  // The path part of `target` (without the query).
  std::string_view path() const;
  // "scheme://host:port" (IPv6 hosts bracketed): the connection a request goes over.
  std::string Origin() const;
};

// Parses "scheme://[userinfo@]host[:port][/path][?query][#fragment]" with scheme http or https.
// The fragment is dropped (never sent). InvalidArgument, naming the URL (without its query, which
// may carry tokens), for anything else: another scheme, no host, a bad port, spaces or control
// characters.
Result<Url> ParseUrl(std::string_view url);

// The URL a redirect's Location header points at, relative to `base` (RFC 3986 section 5.2:
// absolute, scheme-relative "//host/..", absolute-path "/..", or relative to base's directory;
// "." and ".." segments are not collapsed, as servers send them rarely and resolve them anyway).
Result<Url> ResolveLocation(const Url& base, std::string_view location);

}  // namespace tradelet::net
