// The HTTP transport port. Adapters (Yahoo, Alpaca, the Lambda runtime) talk to the network only
// through HttpClient, so tests can swap the real transport (HttpsClient) for a fake or point it at
// a local server.
//
// Contract: Send() returns a response for every HTTP status (a 404 or a 500 is a response, not a
// transport error); only transport failures are errors: connection refused or reset
// (kUnavailable), timeouts (kDeadlineExceeded), a body cut short (kDataLoss), a malformed URL
// (kInvalidArgument). HttpStatusToStatus() maps a non-2xx response to a Status when the caller
// wants one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::net {

enum class HttpMethod { kGet, kHead, kPost, kPut, kPatch, kDelete };

std::string_view HttpMethodName(HttpMethod m);  // "GET", ...
// GET, HEAD, PUT and DELETE are idempotent by RFC 9110; POST and PATCH are not.
bool IsIdempotent(HttpMethod m);

// Header list in order; names compare case-insensitively.
using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of header `name` (case-insensitive), if any.
std::optional<std::string> FindHeader(const Headers& headers, std::string_view name);

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;  // absolute: http://host[:port]/path?query
  Headers headers;
  std::string body;
  // Whole exchange (connect + send + receive). Zero means no limit (never used by adapters).
  Duration timeout = std::chrono::seconds(30);
  Duration connect_timeout = std::chrono::seconds(10);
  // A POST/PATCH that the caller knows is safe to repeat (e.g. keyed by a client order id) may
  // set this; otherwise retries follow IsIdempotent(method).
  bool idempotent_override = false;

  bool idempotent() const { return idempotent_override || IsIdempotent(method); }
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
  bool ok() const { return status >= 200 && status < 300; }
};

// The port. Implementations document their own thread-safety.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// Maps an HTTP status to a Status (OK for 2xx): 400/422 -> kInvalidArgument, 401 ->
// kUnauthenticated, 403 -> kPermissionDenied, 404 -> kNotFound, 408 -> kDeadlineExceeded,
// 409 -> kAborted, 429 -> kResourceExhausted, 5xx -> kUnavailable, others -> kFailedPrecondition.
// The message is "<what>: HTTP <status>: <detail>".
Status HttpStatusToStatus(int status, std::string_view what, std::string_view detail);

// Percent-encodes everything except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string UrlEncode(std::string_view s);
// Builds "?k1=v1&k2=v2" (values encoded); empty when `params` is empty.
std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params);
// Removes any trailing '/' so "base + /path" joins cleanly.
std::string TrimTrailingSlash(std::string_view url);
// The first `max_bytes` of `body` on one line (control characters replaced), for error messages.
std::string BodyExcerpt(std::string_view body, size_t max_bytes = 200);

}  // namespace tradelet::net
