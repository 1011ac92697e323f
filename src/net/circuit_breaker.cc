#include "tradelet/net/circuit_breaker.h"

#include "tradelet/base/log.h"

namespace tradelet::net {

std::string_view CircuitStateName(CircuitBreaker::State s) {
  switch (s) {
    case CircuitBreaker::State::kClosed: return "closed";
    case CircuitBreaker::State::kOpen: return "open";
    case CircuitBreaker::State::kHalfOpen: return "half-open";
  }
  return "closed";
}

CircuitBreaker::CircuitBreaker(std::string name, const Clock& clock,
                               CircuitBreakerOptions options)
    : name_(std::move(name)), clock_(clock), options_(options) {}

void CircuitBreaker::MaybeHalfOpenLocked(Timestamp now) {
  if (state_ == State::kOpen && now >= open_until_) {
    state_ = State::kHalfOpen;
    probes_in_flight_ = 0;
  }
}

Status CircuitBreaker::Allow() {
  std::lock_guard<std::mutex> lock(mu_);
  const Timestamp now = clock_.Now();
  MaybeHalfOpenLocked(now);
  switch (state_) {
    case State::kClosed:
      return Status::Ok();
    case State::kHalfOpen:
      if (probes_in_flight_ < options_.half_open_probes) {
        ++probes_in_flight_;
        return Status::Ok();
      }
      return Unavailable("circuit " + name_ + " half-open: a probe request is in flight");
    case State::kOpen:
      break;
  }
  return Unavailable("circuit " + name_ + " open after " + std::to_string(failures_) +
                     " consecutive failures; retry after " + FormatTimestamp(open_until_));
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kClosed) {
    TL_LOG(kInfo, "circuit closed").Field("circuit", name_);
  }
  state_ = State::kClosed;
  failures_ = 0;
  probes_in_flight_ = 0;
}

void CircuitBreaker::RecordFailure() {
  std::lock_guard<std::mutex> lock(mu_);
  ++failures_;
  const bool trip = state_ == State::kHalfOpen ||
                    (state_ == State::kClosed && failures_ >= options_.failure_threshold);
  if (trip) {
    state_ = State::kOpen;
    probes_in_flight_ = 0;
    open_until_ = clock_.Now() + options_.open_duration;
    TL_LOG(kWarn, "circuit opened")
        .Field("circuit", name_)
        .Field("failures", failures_)
        .Field("until", FormatTimestamp(open_until_));
  }
}

void CircuitBreaker::RecordNeutral() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kHalfOpen && probes_in_flight_ > 0) --probes_in_flight_;
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kOpen && clock_.Now() >= open_until_) return State::kHalfOpen;
  return state_;
}

int CircuitBreaker::consecutive_failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

}  // namespace tradelet::net
