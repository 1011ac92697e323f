// The real HttpClient on libcurl: HTTP/HTTPS, connect and total timeouts, gzip/deflate, redirects,
// connection reuse (a pool of easy handles that keep their connections open), an optional shared
// cookie engine (in memory, or persisted to a cookie-jar file), and proxies from the standard
// environment variables (http_proxy, https_proxy, no_proxy; libcurl reads them itself).
//
// Thread-safety: Send() may be called from many threads; each call borrows its own handle.
#pragma once

#include <memory>
#include <string>

#include "tradelet/net/http.h"

namespace tradelet::net {

struct CurlOptions {
  // Sent unless the request has its own User-Agent header.
  std::string user_agent = "tradelet/0.1";
  // Keep cookies between requests (needed by Yahoo's cookie + crumb flow).
  bool enable_cookies = false;
  // If set (and enable_cookies), cookies are loaded from and saved to this file.
  std::string cookie_jar_path;
  // CA bundle file; empty uses $SSL_CERT_FILE, then /etc/pki/tls/certs/ca-bundle.crt (Amazon
  // Linux, the Lambda image) when it exists, else libcurl's built-in default.
  std::string ca_bundle;
  int max_redirects = 5;
  // Accept-Encoding offered (libcurl decodes the answer). gzip/deflate rather than every
  // encoding libcurl knows: brotli at a server's default quality is slow to produce, and the
  // test server (cpp-httplib) would otherwise spend seconds compressing a 370 KB fixture.
  std::string accept_encoding = "gzip, deflate";
  // Bodies larger than this fail with kResourceExhausted instead of exhausting memory.
  size_t max_body_bytes = 512u << 20;
  // Idle handles kept for reuse (each holds its open connections).
  size_t max_idle_handles = 4;
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tradelet::net
