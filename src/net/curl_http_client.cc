#include "tradelet/net/curl_http_client.h"

#include <curl/curl.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

namespace tradelet::net {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// "scheme://host/path" without the query: query strings may carry tokens (Yahoo's crumb), and
// error messages end up in logs.
std::string UrlForMessage(const std::string& url) {
  const size_t q = url.find_first_of("?#");
  return q == std::string::npos ? url : url.substr(0, q);
}

struct Transfer {
  HttpResponse response;
  size_t max_body = 0;
  bool body_too_large = false;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * nmemb;
  if (t->response.body.size() + n > t->max_body) {
    t->body_too_large = true;
    return 0;  // makes libcurl fail the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * nmemb;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  // A status line starts a new header block (after a redirect or a 100 Continue): keep only
  // the headers of the final response.
  if (line.substr(0, 5) == "HTTP/") {
    t->response.headers.clear();
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  t->response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return n;
}

Status MapCurlError(CURLcode code, const HttpRequest& req, const char* detail,
                    bool body_too_large, size_t max_body) {
  std::string what = std::string(HttpMethodName(req.method)) + " " + UrlForMessage(req.url) + ": ";
  what += detail && *detail ? detail : curl_easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return DeadlineExceeded(std::move(what));
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
      return DataLoss(std::move(what));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidArgument(std::move(what));
    case CURLE_TOO_MANY_REDIRECTS:
      return FailedPrecondition(std::move(what));
    case CURLE_WRITE_ERROR:
      if (body_too_large) {
        return ResourceExhausted(what + " (body larger than " + std::to_string(max_body) +
                                 " bytes)");
      }
      return Internal(std::move(what));
    case CURLE_OUT_OF_MEMORY:
      return ResourceExhausted(std::move(what));
    default:
      // Connection refused/reset, DNS, TLS handshake, empty reply, send/recv errors: transient
      // from the caller's point of view.
      return Unavailable(std::move(what));
  }
}

}  // namespace

struct CurlHttpClient::Impl {
  CurlOptions options;
  std::string ca_bundle;
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::mutex pool_mu;
  std::vector<CURL*> idle;

  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_locks[data].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->share_locks[data].unlock();
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    CURL* h = curl_easy_init();
    if (h == nullptr) return nullptr;
    if (share) curl_easy_setopt(h, CURLOPT_SHARE, share);
    if (options.enable_cookies) {
      // "" turns the cookie engine on without reading a file.
      curl_easy_setopt(h, CURLOPT_COOKIEFILE, options.cookie_jar_path.c_str());
    }
    return h;
  }

  void Release(CURL* h) {
    std::lock_guard<std::mutex> lock(pool_mu);
    if (idle.size() < options.max_idle_handles) {
      idle.push_back(h);
    } else {
      curl_easy_cleanup(h);
    }
  }
};

CurlHttpClient::CurlHttpClient(CurlOptions options) : impl_(std::make_unique<Impl>()) {
  GlobalInitOnce();
  impl_->options = std::move(options);
  impl_->ca_bundle = impl_->options.ca_bundle;
  if (impl_->ca_bundle.empty()) {
    if (const char* env = std::getenv("SSL_CERT_FILE"); env && *env) {
      impl_->ca_bundle = env;
    } else {
      std::error_code ec;
      const char* amazon = "/etc/pki/tls/certs/ca-bundle.crt";
      if (std::filesystem::exists(amazon, ec)) impl_->ca_bundle = amazon;
    }
  }
  if (impl_->options.enable_cookies) {
    impl_->share = curl_share_init();
    curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(impl_->share, CURLSHOPT_LOCKFUNC, &Impl::Lock);
    curl_share_setopt(impl_->share, CURLSHOPT_UNLOCKFUNC, &Impl::Unlock);
    curl_share_setopt(impl_->share, CURLSHOPT_USERDATA, impl_.get());
  }
}

CurlHttpClient::~CurlHttpClient() {
  if (impl_->options.enable_cookies && !impl_->options.cookie_jar_path.empty()) {
    // Persist the shared cookie store through one handle.
    if (CURL* h = impl_->Acquire()) {
      curl_easy_setopt(h, CURLOPT_COOKIEJAR, impl_->options.cookie_jar_path.c_str());
      curl_easy_setopt(h, CURLOPT_COOKIELIST, "FLUSH");
      curl_easy_cleanup(h);
    }
  }
  for (CURL* h : impl_->idle) curl_easy_cleanup(h);
  impl_->idle.clear();
  if (impl_->share) curl_share_cleanup(impl_->share);
}

Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& req) {
  if (req.url.empty()) return InvalidArgument("HTTP request with an empty URL");
  CURL* h = impl_->Acquire();
  if (h == nullptr) return ResourceExhausted("curl_easy_init failed");
  // Options below are set on every call, so a reused handle carries nothing over from the
  // previous request except its open connections (and the shared cookies).
  Transfer transfer;
  transfer.max_body = impl_->options.max_body_bytes;
  char errbuf[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(impl_->options.max_redirects));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, impl_->options.accept_encoding.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::chrono::duration_cast<milliseconds>(req.timeout).count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(
                       std::chrono::duration_cast<milliseconds>(req.connect_timeout).count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, impl_->options.user_agent.c_str());
  if (!impl_->ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, impl_->ca_bundle.c_str());

  // Method and body.
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
  switch (req.method) {
    case HttpMethod::kGet:
      break;
    case HttpMethod::kHead:
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
      break;
    case HttpMethod::kPost:
    case HttpMethod::kPut:
    case HttpMethod::kPatch:
    case HttpMethod::kDelete:
      if (req.method != HttpMethod::kDelete || !req.body.empty()) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(req.body.size()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
      }
      if (req.method != HttpMethod::kPost) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(HttpMethodName(req.method)).c_str());
      }
      break;
  }

  curl_slist* headers = nullptr;
  for (const auto& [k, v] : req.headers) {
    const std::string line = v.empty() ? k + ";" : k + ": " + v;  // "Name;" sends an empty value
    headers = curl_slist_append(headers, line.c_str());
  }
  // Without this libcurl sends "Expect: 100-continue" for bodies over 1 KiB and waits.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

  const CURLcode code = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(headers);
  impl_->Release(h);

  if (code != CURLE_OK) {
    return MapCurlError(code, req, errbuf, transfer.body_too_large, transfer.max_body);
  }
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace tradelet::net
