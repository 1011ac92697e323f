// The real HttpClient: HTTP/1.1 and HTTPS on cpp-httplib's client (OpenSSL for TLS, zlib and
// brotli for decoding). Keeps the HttpClient contract of http.h:
//   - every HTTP status is a response; transport failures are errors:
//     connection refused/reset, DNS, TLS handshake       -> kUnavailable
//     connect timeout, or the whole-exchange `timeout`    -> kDeadlineExceeded
//     the connection closes or breaks after the headers   -> kDataLoss (a body cut short, or a
//       body that does not decode as its Content-Encoding)
//     a malformed URL, a scheme other than http/https      -> kInvalidArgument
//     a body above max_body_bytes                          -> kResourceExhausted
//     more than max_redirects redirects                    -> kFailedPrecondition
//     the CA bundle cannot be loaded                       -> kFailedPrecondition
//   - TLS: server certificates are verified against the CA bundle, with the host name checked
//     against the certificate (subjectAltName, else CN); SNI is sent.
//   - The whole-exchange deadline (HttpRequest::timeout) covers connect, send, the wait for the
//     answer and the body: each socket wait is bounded by the time left, and the body receiver
//     stops the transfer once the deadline has passed.
//   - Redirects (301/302/303/307/308 with Location) are followed here, up to max_redirects, across
//     hosts; a redirect to another origin (scheme, host or port) keeps only Accept*, User-Agent,
//     Content-Type/-Length and Cache-Control: API keys, Authorization and Cookie headers go to
//     the configured origin only; 303, and 301/302 after a POST, turn into a GET without body (as
//     browsers and curl do).
//   - Connection reuse: idle keep-alive connections are pooled per origin (scheme, host, port),
//     at most max_idle_connections each; a connection the server has closed meanwhile is
//     detected and replaced before use.
//   - Response headers arrive grouped by name in case-insensitive name order (cpp-httplib keeps
//     them in a multimap), not in wire order; repeated headers (Set-Cookie) keep their order.
//   - Cookies (optional): a CookieJar shared by all requests, loaded from and saved to
//     cookie_jar_path (Netscape cookies.txt) when set; saved on destruction and by SaveCookies().
//   - Proxies from the environment, read once at construction: http_proxy for http URLs,
//     https_proxy / HTTPS_PROXY for https URLs (tunnelled with CONNECT), all_proxy / ALL_PROXY
//     as a fallback for both, no_proxy / NO_PROXY exemptions ("*", host names, domain suffixes
//     with or without a leading dot, IP addresses; an entry's ":port" is ignored). Proxy URLs
//     must be http:// (user:password@ gives Basic proxy auth). Not supported: https:// or
//     socks proxies, CIDR ranges in no_proxy, and uppercase HTTP_PROXY (ignored on purpose, as
//     curl does: CGI servers set it from a request header).
//
// Thread-safety: Send() may be called from many threads at once; each exchange holds its own
// connection, the pool and the cookie jar are guarded by mutexes.
#pragma once

#include <memory>
#include <string>

#include "tradelet/net/cookie_jar.h"
#include "tradelet/net/http.h"

namespace tradelet::net {

struct HttpsClientOptions {
  // Sent unless the request has its own User-Agent header.
  std::string user_agent = "tradelet/0.1";
  // Keep cookies between requests (needed by Yahoo's cookie + crumb flow).
  bool enable_cookies = false;
  // If set (and enable_cookies), cookies are loaded from and saved to this file.
  std::string cookie_jar_path;
  // CA bundle (PEM file). Empty: $TRADELET_CA_BUNDLE, then $SSL_CERT_FILE, then
  // /etc/pki/tls/certs/ca-bundle.crt (Amazon Linux, the Lambda image) when it exists, else
  // OpenSSL's default store (on Debian /etc/ssl/certs/ca-certificates.crt).
  std::string ca_bundle;
  int max_redirects = 5;
  // Accept-Encoding offered (the client decodes gzip, deflate and br). gzip/deflate by default:
  // brotli at a server's default quality is slow to produce, and the test server (cpp-httplib)
  // would otherwise spend seconds compressing a 370 KB fixture.
  std::string accept_encoding = "gzip, deflate";
  // Decoded bodies larger than this fail with kResourceExhausted instead of exhausting memory.
  size_t max_body_bytes = 512u << 20;
  // Idle keep-alive connections kept per origin.
  size_t max_idle_connections = 4;
};

// The CA bundle the client uses when options.ca_bundle is empty (see above); "" means OpenSSL's
// default store.
std::string DefaultCaBundle();

class HttpsClient final : public HttpClient {
 public:
  explicit HttpsClient(HttpsClientOptions options = {});
  ~HttpsClient() override;  // saves the cookie jar file when one is configured
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;

  // Writes the cookie jar file now (a no-op without cookie_jar_path).
  Status SaveCookies() const;
  // The cookie jar as it is now (empty when cookies are off).
  CookieJar Cookies() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tradelet::net
