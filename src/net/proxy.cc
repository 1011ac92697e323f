#include "tradelet/net/proxy.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "tradelet/base/log.h"

namespace tradelet::net {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::string FirstSet(std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (std::string v = Env(n); !v.empty()) return v;
  }
  return "";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<Proxy> ParseOrWarn(const char* what, const std::string& value) {
  if (value.empty()) return std::nullopt;
  auto p = ParseProxy(value);
  if (!p.ok()) {
    TL_LOG(kWarn, "proxy setting ignored").Field("variable", what).Field("error", p.status().message());
    return std::nullopt;
  }
  return *p;
}

}  // namespace

Result<Proxy> ParseProxy(const std::string& value) {
  std::string text = value;
  if (text.find("://") == std::string::npos) text = "http://" + text;
  // Only the scheme is checked here: ParseUrl accepts http and https, and an https:// proxy (TLS
  // to the proxy itself) is not something the transport can do.
  const std::string scheme = text.substr(0, text.find("://"));
  std::string lower = scheme;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower != "http") {
    return InvalidArgument("proxy '" + scheme + "://...': only http:// proxies are supported");
  }
  std::string_view authority(text);
  authority.remove_prefix(text.find("://") + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  const size_t bracket = authority.rfind(']');
  const bool has_port =
      authority.find(':', bracket == std::string_view::npos ? 0 : bracket) != std::string_view::npos;
  auto url = ParseUrl(text);
  if (!url.ok()) return InvalidArgument("proxy: " + url.status().message());
  Proxy p;
  p.host = url->host;
  p.port = has_port ? url->port : 1080;
  if (!url->userinfo.empty()) {
    const size_t colon = url->userinfo.find(':');
    p.user = PercentDecode(url->userinfo.substr(0, colon));
    if (colon != std::string::npos) p.password = PercentDecode(url->userinfo.substr(colon + 1));
  }
  return p;
}

ProxySettings ProxySettings::FromEnvironment() {
  // Uppercase HTTP_PROXY is not read: CGI servers set it from a client's "Proxy:" header.
  const std::string all = FirstSet({"all_proxy", "ALL_PROXY"});
  std::string http = Env("http_proxy");
  std::string https = FirstSet({"https_proxy", "HTTPS_PROXY"});
  if (http.empty()) http = all;
  if (https.empty()) https = all;
  return FromValues(http, https, FirstSet({"no_proxy", "NO_PROXY"}));
}

ProxySettings ProxySettings::FromValues(const std::string& http_proxy,
                                        const std::string& https_proxy,
                                        const std::string& no_proxy) {
  ProxySettings s;
  s.http_ = ParseOrWarn("http_proxy", http_proxy);
  s.https_ = ParseOrWarn("https_proxy", https_proxy);
  size_t pos = 0;
  while (pos <= no_proxy.size()) {
    const size_t comma = std::min(no_proxy.find(',', pos), no_proxy.size());
    std::string entry = no_proxy.substr(pos, comma - pos);
    pos = comma + 1;
    entry.erase(std::remove_if(entry.begin(), entry.end(),
                               [](unsigned char c) { return std::isspace(c); }),
                entry.end());
    std::transform(entry.begin(), entry.end(), entry.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (entry == "*") s.bypass_all_ = true;
    if (!entry.empty() && entry.front() == '[') {  // [v6]:port
      entry = entry.substr(1, entry.find(']') - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {  // host:port
      entry = entry.substr(0, entry.find(':'));
    }
    while (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (!entry.empty() && entry != "*") s.bypass_.push_back(entry);
  }
  return s;
}

std::optional<Proxy> ProxySettings::For(const Url& url) const {
  const std::optional<Proxy>& p = url.https() ? https_ : http_;
  if (!p || bypass_all_) return std::nullopt;
  for (const std::string& b : bypass_) {
    if (url.host == b) return std::nullopt;
    if (url.host.size() > b.size() && url.host.ends_with(b) &&
        url.host[url.host.size() - b.size() - 1] == '.') {
      return std::nullopt;
    }
  }
  return p;
}

}  // namespace tradelet::net
