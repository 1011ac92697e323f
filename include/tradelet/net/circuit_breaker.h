// A circuit breaker for one remote service: after `failure_threshold` consecutive failures it
// opens and rejects calls at once for `open_duration`, then lets `half_open_probes` trial calls
// through; a successful probe closes it, a failed one opens it again. This keeps a bot that
// depends on a flaky source (Yahoo) from hammering it and lets the caller fall back quickly.
//
// Thread-safety: all methods are safe to call concurrently.
#pragma once

#include <mutex>
#include <string>

#include "tradelet/base/clock.h"
#include "tradelet/base/status.h"

namespace tradelet::net {

struct CircuitBreakerOptions {
  int failure_threshold = 5;
  Duration open_duration = std::chrono::seconds(30);
  int half_open_probes = 1;
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  // `clock` must outlive the breaker.
  CircuitBreaker(std::string name, const Clock& clock, CircuitBreakerOptions options = {});

  // OK if a call may proceed (and, when half-open, reserves a probe slot); otherwise
  // kUnavailable "circuit <name> open until <time>" without touching the network.
  Status Allow();
  void RecordSuccess();
  void RecordFailure();
  // The call ended in a way that says nothing about the service (e.g. a malformed URL): frees a
  // half-open probe slot without changing the state.
  void RecordNeutral();

  State state() const;
  int consecutive_failures() const;
  const std::string& name() const { return name_; }

 private:
  void MaybeHalfOpenLocked(Timestamp now);

  const std::string name_;
  const Clock& clock_;
  const CircuitBreakerOptions options_;
  mutable std::mutex mu_;
  State state_ = State::kClosed;
  int failures_ = 0;
  int probes_in_flight_ = 0;
  Timestamp open_until_;
};

std::string_view CircuitStateName(CircuitBreaker::State s);

}  // namespace tradelet::net
