#include "tradelet/net/http.h"

#include <cctype>
#include <string>

namespace tradelet::net {

std::string_view HttpMethodName(HttpMethod m) {
  switch (m) {
    case HttpMethod::kGet: return "GET";
    case HttpMethod::kHead: return "HEAD";
    case HttpMethod::kPost: return "POST";
    case HttpMethod::kPut: return "PUT";
    case HttpMethod::kPatch: return "PATCH";
    case HttpMethod::kDelete: return "DELETE";
  }
  return "GET";
}

bool IsIdempotent(HttpMethod m) { return m != HttpMethod::kPost && m != HttpMethod::kPatch; }

namespace {
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}
}  // namespace

std::optional<std::string> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return std::nullopt;
}

Status HttpStatusToStatus(int status, std::string_view what, std::string_view detail) {
  if (status >= 200 && status < 300) return Status::Ok();
  std::string msg = std::string(what) + ": HTTP " + std::to_string(status);
  if (!detail.empty()) msg += ": " + std::string(detail);
  switch (status) {
    case 400:
    case 422: return InvalidArgument(std::move(msg));
    case 401: return Unauthenticated(std::move(msg));
    case 403: return PermissionDenied(std::move(msg));
    case 404: return NotFound(std::move(msg));
    case 408: return DeadlineExceeded(std::move(msg));
    case 409: return Aborted(std::move(msg));
    case 429: return ResourceExhausted(std::move(msg));
    default: break;
  }
  if (status >= 500) return Unavailable(std::move(msg));
  return FailedPrecondition(std::move(msg));
}

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    out += out.empty() ? '?' : '&';
    out += UrlEncode(k);
    out += '=';
    out += UrlEncode(v);
  }
  return out;
}

std::string TrimTrailingSlash(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

std::string BodyExcerpt(std::string_view body, size_t max_bytes) {
  std::string out;
  const size_t n = std::min(body.size(), max_bytes);
  out.reserve(n + 3);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(body[i]);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (body.size() > max_bytes) out += "...";
  return out;
}

}  // namespace tradelet::net
