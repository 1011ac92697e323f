#include "tradelet/net/https_client.h"

#include <httplib.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#include "tradelet/base/clock.h"
#include "tradelet/base/log.h"
#include "tradelet/net/proxy.h"

namespace tradelet::net {
namespace {

using SteadyClock = std::chrono::steady_clock;
// Stands in for "no limit": httplib needs a number and polls with an int of milliseconds.
constexpr auto kNoLimit = std::chrono::hours(24);

// "scheme://host/path" without the query: query strings may carry tokens (Yahoo's crumb), and
// error messages end up in logs.
std::string UrlForMessage(const std::string& url) {
  const size_t q = url.find_first_of("?#");
  return q == std::string::npos ? url : url.substr(0, q);
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool HasHeader(const Headers& h, std::string_view name) { return FindHeader(h, name).has_value(); }

void RemoveHeader(Headers& h, std::string_view name) {
  std::erase_if(h, [&](const auto& kv) {
    return kv.first.size() == name.size() &&
           std::equal(kv.first.begin(), kv.first.end(), name.begin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  });
}

// Before a redirect to another origin (scheme, host, port): keep only headers that describe the
// request, never credentials. An allowlist rather than a denylist, so API key headers of any
// name (APCA-API-KEY-ID, APCA-API-SECRET-KEY, X-Api-Key, Authorization, Cookie, ...) stay with
// the configured origin.
void KeepOnlyPortableHeaders(Headers& h) {
  std::erase_if(h, [](const auto& kv) {
    std::string name = kv.first;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* keep : {"accept", "accept-encoding", "accept-language", "user-agent",
                             "content-type", "content-length", "cache-control"}) {
      if (name == keep) return false;
    }
    return true;
  });
}

// cpp-httplib polls with whole milliseconds and truncates: round up and add one, so a wait
// bounded by the time left ends after the deadline, never just before it.
template <class D>
std::chrono::microseconds PollLimit(D d) {
  return std::chrono::ceil<std::chrono::milliseconds>(d) + std::chrono::milliseconds(1);
}

// OpenSSL writes to a socket the peer has closed raise SIGPIPE, whose default action kills the
// process (plain sockets use MSG_NOSIGNAL, TLS ones do not). Ignore it once, unless the program
// installed its own handler.
void IgnoreSigpipeOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction old {};
    if (sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

// What one exchange saw, for telling its failure apart.
struct ExchangeState {
  bool got_headers = false;
  bool body_too_large = false;
  bool past_deadline = false;
};

}  // namespace

std::string DefaultCaBundle() {
  for (const char* var : {"TRADELET_CA_BUNDLE", "SSL_CERT_FILE"}) {
    if (const char* env = std::getenv(var); env != nullptr && *env != '\0') return env;
  }
  std::error_code ec;
  const char* amazon = "/etc/pki/tls/certs/ca-bundle.crt";
  if (std::filesystem::exists(amazon, ec)) return amazon;
  return "";
}

struct HttpsClient::Impl {
  HttpsClientOptions options;
  std::string ca_bundle;
  ProxySettings proxies;

  std::mutex pool_mu;
  std::map<std::string, std::vector<std::unique_ptr<httplib::ClientImpl>>> idle;

  mutable std::mutex jar_mu;
  CookieJar jar;

  std::unique_ptr<httplib::ClientImpl> Acquire(const Url& url) {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      auto it = idle.find(url.Origin());
      if (it != idle.end() && !it->second.empty()) {
        auto c = std::move(it->second.back());
        it->second.pop_back();
        return c;
      }
    }
    std::unique_ptr<httplib::ClientImpl> c;
    if (url.https()) {
      auto ssl = std::make_unique<httplib::SSLClient>(url.host, url.port);
      if (!ca_bundle.empty()) ssl->set_ca_cert_path(ca_bundle);
      ssl->enable_server_certificate_verification(true);
      c = std::move(ssl);
    } else {
      c = std::make_unique<httplib::ClientImpl>(url.host, url.port);
    }
    c->set_keep_alive(true);
    // Headers and body leave in separate writes; with Nagle on, the body waits for the ACK of
    // the headers, which the server delays ~40 ms: every POST would stall that long.
    c->set_tcp_nodelay(true);
    c->set_follow_location(false);  // redirects are followed in Send (count, cookies, hosts)
    c->set_url_encode(false);       // targets arrive encoded (UrlEncode / QueryString)
    c->set_compress(false);
    c->set_decompress(true);
    if (auto proxy = proxies.For(url)) {
      c->set_proxy(proxy->host, proxy->port);
      if (!proxy->user.empty()) c->set_proxy_basic_auth(proxy->user, proxy->password);
    }
    return c;
  }

  void Release(const Url& url, std::unique_ptr<httplib::ClientImpl> c) {
    std::lock_guard<std::mutex> lock(pool_mu);
    auto& v = idle[url.Origin()];
    if (v.size() < options.max_idle_connections) v.push_back(std::move(c));
  }

  Result<HttpResponse> Exchange(const Url& url, HttpMethod method, const Headers& headers,
                                const std::string& body, const HttpRequest& req,
                                SteadyClock::time_point deadline, bool limited);
};

Result<HttpResponse> HttpsClient::Impl::Exchange(const Url& url, HttpMethod method,
                                                 const Headers& headers, const std::string& body,
                                                 const HttpRequest& req,
                                                 SteadyClock::time_point deadline, bool limited) {
  const std::string what =
      std::string(HttpMethodName(method)) + " " + UrlForMessage(req.url) + ": ";
  const auto start = SteadyClock::now();
  const auto left = limited ? deadline - start : SteadyClock::duration(kNoLimit);
  if (left <= SteadyClock::duration::zero()) {
    return DeadlineExceeded(what + "timed out before the redirect could be followed");
  }
  auto connect_limit = req.connect_timeout > Duration::zero()
                           ? std::min<SteadyClock::duration>(req.connect_timeout, left)
                           : left;

  std::unique_ptr<httplib::ClientImpl> client = Acquire(url);
  client->set_connection_timeout(PollLimit(connect_limit));
  client->set_read_timeout(PollLimit(left));
  client->set_write_timeout(PollLimit(left));

  httplib::Request hreq;
  hreq.method = std::string(HttpMethodName(method));
  hreq.path = url.target;
  for (const auto& [k, v] : headers) hreq.headers.emplace(k, v);
  if (!HasHeader(headers, "User-Agent")) hreq.headers.emplace("User-Agent", options.user_agent);
  if (!HasHeader(headers, "Accept-Encoding") && !options.accept_encoding.empty()) {
    hreq.headers.emplace("Accept-Encoding", options.accept_encoding);
  }
  if (options.enable_cookies && !HasHeader(headers, "Cookie")) {
    std::lock_guard<std::mutex> lock(jar_mu);
    std::string cookie = jar.CookieHeaderFor(url, RealClock::Get().Now());
    if (!cookie.empty()) hreq.headers.emplace("Cookie", std::move(cookie));
  }
  hreq.body = body;

  ExchangeState st;
  HttpResponse out;
  const size_t max_body = options.max_body_bytes;
  hreq.response_handler = [&st](const httplib::Response&) {
    st.got_headers = true;
    return true;
  };
  hreq.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (limited && SteadyClock::now() > deadline) {
      st.past_deadline = true;
      return false;
    }
    if (out.body.size() + n > max_body) {
      st.body_too_large = true;
      return false;
    }
    out.body.append(data, n);
    return true;
  };

  httplib::Response hres;
  httplib::Error err = httplib::Error::Success;
  const bool ok = client->send(hreq, hres, err);
  const auto now = SteadyClock::now();
  if (!ok) {
    // The connection is in an unknown state: drop it (its destructor closes the socket).
    long verify_result = 0;
    if (auto* ssl = dynamic_cast<httplib::SSLClient*>(client.get())) {
      verify_result = ssl->get_openssl_verify_result();
    }
    client.reset();
    if (st.body_too_large) {
      return ResourceExhausted(what + "body larger than " + std::to_string(max_body) + " bytes");
    }
    const auto ms = [](auto d) {
      return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
    };
    if (st.past_deadline || (limited && now >= deadline)) {
      return DeadlineExceeded(what + "timed out after " + ms(req.timeout) + " ms" +
                              (st.got_headers ? " (while reading the body)" : ""));
    }
    switch (err) {
      case httplib::Error::ConnectionTimeout:
        return DeadlineExceeded(what + "connect timed out after " + ms(connect_limit) + " ms");
      case httplib::Error::Connection:
        if (now - start >= connect_limit) {
          return DeadlineExceeded(what + "connect timed out after " + ms(connect_limit) + " ms");
        }
        return Unavailable(what + "could not connect (refused, unreachable or DNS failure)");
      case httplib::Error::Read:
        if (st.got_headers) {
          return DataLoss(what + "connection closed before the whole body arrived, or the body " +
                          "did not decode");
        }
        return Unavailable(what + "connection closed or reset before the response");
      case httplib::Error::Write:
        return Unavailable(what + "connection closed or reset while sending the request");
      case httplib::Error::SSLConnection:
        return Unavailable(what + "TLS handshake failed");
      case httplib::Error::SSLServerVerification:
        return Unavailable(what + "TLS certificate verification failed: " +
                           (verify_result != X509_V_OK
                                ? X509_verify_cert_error_string(verify_result)
                                : "the certificate does not name host " + url.host));
      case httplib::Error::SSLLoadingCerts:
        return FailedPrecondition(what + "cannot load the CA bundle " +
                                  (ca_bundle.empty() ? "(OpenSSL default)" : ca_bundle));
      case httplib::Error::Compression:
        return DataLoss(what + "body does not decode as its Content-Encoding");
      default:
        return Unavailable(what + httplib::to_string(err));
    }
  }
  out.status = hres.status;
  for (const auto& [k, v] : hres.headers) out.headers.emplace_back(k, v);
  if (options.enable_cookies) {
    std::lock_guard<std::mutex> lock(jar_mu);
    const Timestamp wall = RealClock::Get().Now();
    const auto [b, e] = hres.headers.equal_range("Set-Cookie");
    for (auto it = b; it != e; ++it) {
      if (Status s = jar.SetFromHeader(url, it->second, wall); !s.ok()) {
        TL_LOG(kDebug, "cookie refused")
            .Field("url", UrlForMessage(req.url))
            .Field("why", s.message());
      }
    }
  }
  Release(url, std::move(client));
  return out;
}

HttpsClient::HttpsClient(HttpsClientOptions options) : impl_(std::make_unique<Impl>()) {
  IgnoreSigpipeOnce();
  impl_->options = std::move(options);
  impl_->ca_bundle =
      impl_->options.ca_bundle.empty() ? DefaultCaBundle() : impl_->options.ca_bundle;
  impl_->proxies = ProxySettings::FromEnvironment();
  if (impl_->options.enable_cookies && !impl_->options.cookie_jar_path.empty()) {
    auto jar = CookieJar::LoadFile(impl_->options.cookie_jar_path, RealClock::Get().Now());
    if (jar.ok()) {
      impl_->jar = std::move(*jar);
    } else {
      // A damaged jar costs a fresh cookie, not the run: start empty and overwrite it on save.
      TL_LOG(kWarn, "cookie jar ignored").Field("error", jar.status().message());
    }
  }
}

HttpsClient::~HttpsClient() {
  if (Status s = SaveCookies(); !s.ok()) {
    TL_LOG(kWarn, "cookie jar not saved").Field("error", s.message());
  }
}

Status HttpsClient::SaveCookies() const {
  if (!impl_->options.enable_cookies || impl_->options.cookie_jar_path.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(impl_->jar_mu);
  return impl_->jar.SaveFile(impl_->options.cookie_jar_path, RealClock::Get().Now());
}

CookieJar HttpsClient::Cookies() const {
  std::lock_guard<std::mutex> lock(impl_->jar_mu);
  return impl_->jar;
}

Result<HttpResponse> HttpsClient::Send(const HttpRequest& req) {
  TL_ASSIGN_OR_RETURN(Url url, ParseUrl(req.url));
  // A timeout past a day is "no limit" too (and cannot overflow the clock).
  const bool limited = req.timeout > Duration::zero() && req.timeout < kNoLimit;
  const auto deadline = SteadyClock::now() + (limited ? req.timeout : Duration::zero());
  HttpMethod method = req.method;
  Headers headers = req.headers;
  std::string body = req.body;
  for (int redirects = 0;; ++redirects) {
    TL_ASSIGN_OR_RETURN(HttpResponse resp,
                        impl_->Exchange(url, method, headers, body, req, deadline, limited));
    const auto location = resp.Header("Location");
    if (!IsRedirect(resp.status) || !location) return resp;
    if (redirects >= impl_->options.max_redirects) {
      return FailedPrecondition(std::string(HttpMethodName(req.method)) + " " +
                                UrlForMessage(req.url) + ": more than " +
                                std::to_string(impl_->options.max_redirects) + " redirects");
    }
    TL_ASSIGN_OR_RETURN(Url next, ResolveLocation(url, *location));
    if (next.Origin() != url.Origin()) {
      // Credentials meant for one server are not handed to another.
      KeepOnlyPortableHeaders(headers);
    }
    const bool to_get = (resp.status == 303 && method != HttpMethod::kHead) ||
                        ((resp.status == 301 || resp.status == 302) && method == HttpMethod::kPost);
    if (to_get) {
      method = HttpMethod::kGet;
      body.clear();
      RemoveHeader(headers, "Content-Type");
      RemoveHeader(headers, "Content-Length");
    }
    url = std::move(next);
  }
}

}  // namespace tradelet::net
