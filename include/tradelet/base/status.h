// Status and Result<T>: errors as values across module boundaries.
//
// A Status is OK or carries a code and a human-readable message that names the problem
// (file, line, field, JSON path...). Result<T> holds either a T or a non-OK Status.
// Thread-safety: values; safe to copy between threads.
#pragma once

#include <cassert>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tradelet {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // bad input from the caller: a parse error, a bad option
  kNotFound,           // a file, symbol, order or resource that does not exist
  kAlreadyExists,      // e.g. a client_order_id that was used before
  kFailedPrecondition, // the system is not in a state to do this (market closed, stale data)
  kOutOfRange,         // a value or time outside the supported range
  kUnavailable,        // transient: network, 5xx; the caller may retry
  kDeadlineExceeded,   // a timeout
  kResourceExhausted,  // rate limited (HTTP 429) or a quota
  kPermissionDenied,   // HTTP 403, e.g. insufficient buying power
  kUnauthenticated,    // HTTP 401 or missing credentials
  kDataLoss,           // truncated or corrupt data
  kUnimplemented,      // a capability that is not built
  kCancelled,
  kAborted,            // a conflict; retry at a higher level
  kInternal,           // a bug
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "INVALID_ARGUMENT: prices.csv:12: field 'close': not a number"
  std::string ToString() const;

  // Returns a copy whose message is "context: message". OK stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status DeadlineExceeded(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }
inline Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Result<T>: a T or a non-OK Status. Accessing the value of an error aborts with the status
// message (a broken invariant, not an error path).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : data_(value) {}                 // NOLINT: implicit by design
  Result(T&& value) : data_(std::move(value)) {}           // NOLINT
  Result(Status status) : data_(std::move(status)) {       // NOLINT
    if (std::get<Status>(data_).ok()) {
      data_ = Status(StatusCode::kInternal, "Result constructed from an OK Status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }

  const T& value() const& { CheckOk(); return std::get<T>(data_); }
  T& value() & { CheckOk(); return std::get<T>(data_); }
  // By value, so `for (auto& x : F().value())` does not dangle when F() returns a temporary.
  T value() && { CheckOk(); return std::get<T>(std::move(data_)); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<T>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void CheckOk() const;
  std::variant<T, Status> data_;
};

namespace internal {
[[noreturn]] void DieOnBadResultAccess(const Status& status);
inline const Status& AsStatus(const Status& s) { return s; }
template <typename T>
const Status& AsStatus(const Result<T>& r) { return r.status(); }
}  // namespace internal

template <typename T>
void Result<T>::CheckOk() const {
  if (!ok()) internal::DieOnBadResultAccess(std::get<Status>(data_));
}

}  // namespace tradelet

#define TL_CONCAT_INNER_(a, b) a##b
#define TL_CONCAT_(a, b) TL_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status or Result) is not OK.
#define TL_RETURN_IF_ERROR(expr)                                              \
  do {                                                                        \
    auto&& tl_value_ = (expr);                                                \
    const ::tradelet::Status& tl_status_ = ::tradelet::internal::AsStatus(tl_value_); \
    if (!tl_status_.ok()) return tl_status_;                                  \
  } while (0)

// TL_ASSIGN_OR_RETURN(auto x, ComputeX()); declares/assigns x or returns the error.
#define TL_ASSIGN_OR_RETURN(lhs, expr) \
  TL_ASSIGN_OR_RETURN_IMPL_(TL_CONCAT_(tl_result_, __LINE__), lhs, expr)
#define TL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

// Aborts with a message when an invariant is broken (a bug, never bad input).
#define TL_CHECK(cond)                                                          \
  do {                                                                          \
    if (!(cond)) ::tradelet::internal::DieCheckFailed(#cond, __FILE__, __LINE__); \
  } while (0)

namespace tradelet::internal {
[[noreturn]] void DieCheckFailed(const char* cond, const char* file, int line);
}
