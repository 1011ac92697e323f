#include "tradelet/net/retry.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include "tradelet/base/log.h"

namespace tradelet::net {

bool IsRetryableHttpStatus(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

bool IsRetryableTransportError(const Status& status) {
  return status.code() == StatusCode::kUnavailable ||
         status.code() == StatusCode::kDeadlineExceeded || status.code() == StatusCode::kDataLoss;
}

namespace {

std::optional<int64_t> ParseInt(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<Timestamp> ParseHttpDate(std::string_view s) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const size_t comma = s.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  s.remove_prefix(comma + 2);
  if (s.size() < 20) return std::nullopt;
  auto day = ParseInt(s.substr(0, 2));
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (s.substr(3, 3) == kMonths[m]) month = m + 1;
  }
  auto year = ParseInt(s.substr(7, 4));
  auto hh = ParseInt(s.substr(12, 2));
  auto mm = ParseInt(s.substr(15, 2));
  auto ss = ParseInt(s.substr(18, 2));
  if (!day || !month || !year || !hh || !mm || !ss) return std::nullopt;
  LocalDateTime t;
  t.date = CivilDate{static_cast<int>(*year), month, static_cast<int>(*day)};
  if (!t.date.IsValid()) return std::nullopt;
  t.hour = static_cast<int>(*hh);
  t.minute = static_cast<int>(*mm);
  t.second = static_cast<int>(*ss);
  return t.AsUtc();
}

}  // namespace

std::optional<Duration> ServerRequestedWait(const HttpResponse& response, Timestamp now) {
  if (auto ra = response.Header("Retry-After")) {
    if (auto secs = ParseInt(*ra)) return std::chrono::seconds(std::max<int64_t>(0, *secs));
    if (auto at = ParseHttpDate(*ra)) return std::max(Duration(0), *at - now);
  }
  if (response.status == 429) {
    if (auto reset = response.Header("X-RateLimit-Reset")) {
      if (auto secs = ParseInt(*reset)) {
        return std::max(Duration(0), Timestamp::FromUnixSeconds(*secs) - now);
      }
    }
  }
  return std::nullopt;
}

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, Clock& clock, RetryPolicy policy,
                                       CircuitBreaker* breaker)
    : inner_(inner),
      clock_(clock),
      policy_(policy),
      breaker_(breaker),
      rng_(policy.seed != 0 ? policy.seed : std::random_device{}()) {}

Duration RetryingHttpClient::NextWait(int retry_index, std::optional<Duration> server_wait) {
  const double base_ns = static_cast<double>(policy_.initial_backoff.count()) *
                         std::pow(policy_.multiplier, retry_index);
  const double capped = std::min(base_ns, static_cast<double>(policy_.max_backoff.count()));
  double u;
  {
    std::lock_guard<std::mutex> lock(rng_mu_);
    u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  }
  const double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  Duration wait(static_cast<int64_t>(capped * (1.0 - jitter * u)));
  if (server_wait && *server_wait > wait) wait = std::min(*server_wait, policy_.max_backoff);
  return wait;
}

Result<HttpResponse> RetryingHttpClient::Send(const HttpRequest& request) {
  const int max_attempts = request.idempotent() ? std::max(1, policy_.max_attempts) : 1;
  for (int attempt = 1;; ++attempt) {
    if (breaker_ != nullptr) TL_RETURN_IF_ERROR(breaker_->Allow());
    ++attempts_;
    Result<HttpResponse> result = inner_.Send(request);

    bool retryable;
    std::optional<Duration> server_wait;
    std::string reason;
    if (result.ok()) {
      const int status = result->status;
      retryable = IsRetryableHttpStatus(status);
      // The service answered; only overload and server errors count against it.
      const bool service_failure = status == 429 || status >= 500;
      if (breaker_ != nullptr) {
        if (service_failure) {
          breaker_->RecordFailure();
        } else {
          breaker_->RecordSuccess();
        }
      }
      if (retryable) {
        server_wait = ServerRequestedWait(*result, clock_.Now());
        reason = "HTTP " + std::to_string(status);
      }
    } else {
      retryable = IsRetryableTransportError(result.status());
      if (breaker_ != nullptr) {
        if (retryable) {
          breaker_->RecordFailure();
        } else {
          breaker_->RecordNeutral();
        }
      }
      reason = result.status().ToString();
    }

    if (!retryable || attempt >= max_attempts) return result;
    const Duration wait = NextWait(attempt - 1, server_wait);
    ++retries_;
    total_wait_ns_ += wait.count();
    TL_LOG(kWarn, "http retry")
        .Field("method", HttpMethodName(request.method))
        .Field("attempt", attempt)
        .Field("reason", reason)
        .Field("wait_ms", static_cast<int64_t>(wait.count() / 1'000'000));
    clock_.SleepUntil(clock_.Now() + wait);
  }
}

}  // namespace tradelet::net
