// Which HTTP proxy a request goes through, from the conventional environment variables (the
// rules HttpsClient documents): http_proxy for http URLs, https_proxy / HTTPS_PROXY for https
// URLs, all_proxy / ALL_PROXY for both, and no_proxy / NO_PROXY exemptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tradelet/net/url.h"

namespace tradelet::net {

struct Proxy {
  std::string host;
  int port = 0;
  std::string user;      // percent-decoded, empty without credentials
  std::string password;  // percent-decoded
};

class ProxySettings {
 public:
  // Reads the variables now. A proxy variable that does not parse (or names an https:// or
  // socks proxy, which are not supported) is ignored with a warning in the log.
  static ProxySettings FromEnvironment();
  // Explicit values, as the variables would hold them ("" = unset).
  static ProxySettings FromValues(const std::string& http_proxy, const std::string& https_proxy,
                                  const std::string& no_proxy);

  // The proxy for `url`, or nullopt to connect directly.
  std::optional<Proxy> For(const Url& url) const;

 private:
  std::optional<Proxy> http_;
  std::optional<Proxy> https_;
  bool bypass_all_ = false;
  std::vector<std::string> bypass_;  // lower case, no leading dot, no port
};

// Parses "[http://][user:password@]host[:port][/]" (port defaults to 1080, as curl's does).
// InvalidArgument for other schemes or a malformed value.
Result<Proxy> ParseProxy(const std::string& value);

}  // namespace tradelet::net
