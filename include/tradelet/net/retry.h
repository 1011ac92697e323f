// Retries with exponential backoff and jitter, plus an optional circuit breaker, as a decorator
// around any HttpClient:
//
//   HttpsClient client;
//   CircuitBreaker breaker("yahoo", RealClock::Get());
//   RetryingHttpClient http(client, RealClock::Get(), RetryPolicy{}, &breaker);
//
// What is retried: transport errors that may be transient (kUnavailable, kDeadlineExceeded,
// kDataLoss) and HTTP 408, 429, 500, 502, 503, 504. Only idempotent requests are retried
// (HttpRequest::idempotent()): a POST whose outcome is unknown must be reconciled by the caller,
// never blindly repeated. A 429/503 "Retry-After" (seconds or HTTP date) or Alpaca's
// "X-RateLimit-Reset" (Unix seconds) sets the wait when it is longer than the backoff, capped at
// max_backoff. After the last attempt the last response (e.g. the 429) or error is returned.
//
// Thread-safety: as thread-safe as the wrapped client; the jitter source is locked.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>

#include "tradelet/base/clock.h"
#include "tradelet/net/circuit_breaker.h"
#include "tradelet/net/http.h"

namespace tradelet::net {

struct RetryPolicy {
  int max_attempts = 4;  // including the first; 1 disables retries
  Duration initial_backoff = std::chrono::milliseconds(500);
  double multiplier = 2.0;
  Duration max_backoff = std::chrono::seconds(30);
  // Each wait is drawn uniformly from [backoff * (1 - jitter), backoff].
  double jitter = 0.5;
  // Seed for the jitter; 0 seeds from std::random_device.
  uint64_t seed = 0;
};

// True for HTTP statuses worth retrying (408, 429, 500, 502, 503, 504).
bool IsRetryableHttpStatus(int status);
// True for transport errors worth retrying.
bool IsRetryableTransportError(const Status& status);
// The server's requested wait from Retry-After (delta seconds or IMF-fixdate) or
// X-RateLimit-Reset (Unix seconds), relative to `now`.
std::optional<Duration> ServerRequestedWait(const HttpResponse& response, Timestamp now);

class RetryingHttpClient final : public HttpClient {
 public:
  // `inner`, `clock` and `breaker` (optional) must outlive this object. Waits go through
  // clock.SleepUntil, so a SimulatedClock makes tests instant and the waits observable.
  RetryingHttpClient(HttpClient& inner, Clock& clock, RetryPolicy policy = {},
                     CircuitBreaker* breaker = nullptr);

  Result<HttpResponse> Send(const HttpRequest& request) override;

  // Statistics since construction (for logs and tests).
  int64_t attempts() const { return attempts_; }
  int64_t retries() const { return retries_; }
  Duration total_wait() const { return Duration(total_wait_ns_); }

 private:
  Duration NextWait(int retry_index, std::optional<Duration> server_wait);

  HttpClient& inner_;
  Clock& clock_;
  const RetryPolicy policy_;
  CircuitBreaker* breaker_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
  std::atomic<int64_t> attempts_{0};
  std::atomic<int64_t> retries_{0};
  std::atomic<int64_t> total_wait_ns_{0};
};

}  // namespace tradelet::net
