#include "tradelet/lambda/runtime.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <thread>

#include <httplib.h>

#include "tradelet/base/log.h"

namespace tradelet::lambda {
namespace {

constexpr char kPrefix[] = "/2018-06-01/runtime";

// Lambda freezes the process while /next waits, so the wait has no meaningful bound; a week
// stands in for "no timeout" (httplib needs a number, and polls with an int of milliseconds,
// so it must stay under 2^31 ms, about 24 days).
constexpr time_t kNextReadTimeoutSeconds = 7LL * 24 * 3600;
// Posts go to the local agent and return at once; a stall this long means it is gone.
constexpr time_t kPostTimeoutSeconds = 10;

Timestamp WallNow() {
  return Timestamp::FromUnixNanos(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
}

Status PostStatus(const httplib::Result& res, const std::string& what) {
  if (!res) {
    return Unavailable("runtime API " + what + ": " + httplib::to_string(res.error()));
  }
  if (res->status == 202 || res->status == 200) return Status::Ok();
  const std::string detail = what + ": HTTP " + std::to_string(res->status) + " " + res->body;
  // 500 is Lambda's "non-recoverable state; exit promptly".
  if (res->status >= 500) return Internal("runtime API " + detail);
  return FailedPrecondition("runtime API " + detail);
}

}  // namespace

std::string LambdaErrorJson(const LambdaError& error) {
  std::string out = "{\"errorMessage\":";
  AppendJsonString(&out, Logger::Redact(error.message));
  out += ",\"errorType\":";
  AppendJsonString(&out, error.type);
  out += ",\"stackTrace\":[";
  for (size_t i = 0; i < error.stack_trace.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(&out, error.stack_trace[i]);
  }
  out += "]}";
  return out;
}

LambdaError LambdaErrorFromStatus(const Status& status) {
  return LambdaError{std::string(StatusCodeName(status.code())), status.message(), {}};
}

struct RuntimeClient::Impl {
  explicit Impl(const std::string& host_port) : http("http://" + host_port) {
    http.set_connection_timeout(1, 0);
    http.set_write_timeout(kPostTimeoutSeconds, 0);
    http.set_keep_alive(true);
    // Headers and body go out in separate writes; without this Nagle + delayed ACK add ~40 ms.
    http.set_tcp_nodelay(true);
  }
  httplib::Client http;
};

RuntimeClient::RuntimeClient(std::string host_port)
    : host_port_(std::move(host_port)), impl_(std::make_unique<Impl>(host_port_)) {}
RuntimeClient::~RuntimeClient() = default;
RuntimeClient::RuntimeClient(RuntimeClient&&) noexcept = default;
RuntimeClient& RuntimeClient::operator=(RuntimeClient&&) noexcept = default;

Result<RuntimeClient> RuntimeClient::FromEnvironment() {
  const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (api == nullptr || *api == '\0') {
    return InvalidArgument(
        "AWS_LAMBDA_RUNTIME_API is not set: the Lambda runtime only runs inside Lambda or "
        "under a Runtime API emulator");
  }
  std::string_view v(api);
  const auto colon = v.rfind(':');
  int port = 0;
  if (colon == std::string_view::npos || colon == 0 ||
      std::from_chars(v.data() + colon + 1, v.data() + v.size(), port).ptr !=
          v.data() + v.size() ||
      port <= 0 || port > 65535) {
    return InvalidArgument("AWS_LAMBDA_RUNTIME_API: expected host:port, got '" +
                           std::string(v) + "'");
  }
  return RuntimeClient(std::string(v));
}

Result<Invocation> RuntimeClient::Next() {
  impl_->http.set_read_timeout(kNextReadTimeoutSeconds, 0);
  auto res = impl_->http.Get(std::string(kPrefix) + "/invocation/next");
  if (!res) {
    return Unavailable("runtime API next: " + httplib::to_string(res.error()));
  }
  if (res->status != 200) {
    return Unavailable("runtime API next: HTTP " + std::to_string(res->status) + " " +
                       res->body);
  }
  Invocation inv;
  inv.received = WallNow();
  inv.request_id = res->get_header_value("Lambda-Runtime-Aws-Request-Id");
  if (inv.request_id.empty()) {
    return DataLoss("runtime API next: missing header Lambda-Runtime-Aws-Request-Id");
  }
  const std::string deadline = res->get_header_value("Lambda-Runtime-Deadline-Ms");
  int64_t ms = 0;
  if (deadline.empty() ||
      std::from_chars(deadline.data(), deadline.data() + deadline.size(), ms).ptr !=
          deadline.data() + deadline.size()) {
    return DataLoss("runtime API next: header Lambda-Runtime-Deadline-Ms missing or not a "
                    "number: '" + deadline + "' (request " + inv.request_id + ")");
  }
  inv.deadline = Timestamp::FromUnixMillis(ms);
  inv.function_arn = res->get_header_value("Lambda-Runtime-Invoked-Function-Arn");
  inv.trace_id = res->get_header_value("Lambda-Runtime-Trace-Id");
  inv.payload = std::move(res->body);
  return inv;
}

Status RuntimeClient::PostResponse(const std::string& request_id, std::string_view body) {
  impl_->http.set_read_timeout(kPostTimeoutSeconds, 0);
  auto res = impl_->http.Post(std::string(kPrefix) + "/invocation/" + request_id + "/response",
                              body.data(), body.size(), "application/json");
  return PostStatus(res, "response for " + request_id);
}

Status RuntimeClient::PostError(const std::string& request_id, const LambdaError& error) {
  impl_->http.set_read_timeout(kPostTimeoutSeconds, 0);
  httplib::Headers headers{{"Lambda-Runtime-Function-Error-Type", error.type}};
  auto res = impl_->http.Post(std::string(kPrefix) + "/invocation/" + request_id + "/error",
                              headers, LambdaErrorJson(error), "application/json");
  return PostStatus(res, "error for " + request_id);
}

Status RuntimeClient::PostInitError(const LambdaError& error) {
  impl_->http.set_read_timeout(kPostTimeoutSeconds, 0);
  httplib::Headers headers{{"Lambda-Runtime-Function-Error-Type", error.type}};
  auto res = impl_->http.Post(std::string(kPrefix) + "/init/error", headers,
                              LambdaErrorJson(error), "application/json");
  return PostStatus(res, "init error");
}

Status RunRuntimeLoop(RuntimeClient& client, Handler& handler, const RuntimeLoopOptions& options) {
  int failures = 0;
  for (int n = 0; options.max_invocations < 0 || n < options.max_invocations;) {
    auto next = client.Next();
    if (!next.ok()) {
      TL_LOG(kError, "runtime API next failed")
          .Field("error", next.status().ToString())
          .Field("attempt", failures + 1);
      if (++failures >= options.max_next_failures) return next.status();
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * failures));
      continue;
    }
    failures = 0;
    ++n;
    const Invocation& inv = *next;
    if (inv.trace_id.empty()) {
      ::unsetenv("_X_AMZN_TRACE_ID");
    } else {
      ::setenv("_X_AMZN_TRACE_ID", inv.trace_id.c_str(), 1);
    }
    const auto deadline_in_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(inv.deadline - inv.received)
            .count();
    TL_LOG(kInfo, "invocation start")
        .Field("request_id", inv.request_id)
        .Field("trace_id", inv.trace_id)
        .Field("deadline_in_ms", static_cast<int64_t>(deadline_in_ms));
    const auto start = std::chrono::steady_clock::now();
    Result<std::string> result = Internal("handler did not run");
    try {
      result = handler.Handle(inv);
    } catch (const std::exception& e) {
      result = Internal(std::string("handler threw: ") + e.what());
    } catch (...) {
      result = Internal("handler threw a non-standard exception");
    }
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    Status posted;
    if (result.ok()) {
      TL_LOG(kInfo, "invocation end")
          .Field("request_id", inv.request_id)
          .Field("outcome", "response")
          .Field("duration_ms", ms);
      posted = client.PostResponse(inv.request_id, *result);
    } else {
      const LambdaError error = LambdaErrorFromStatus(result.status());
      TL_LOG(kError, "invocation end")
          .Field("request_id", inv.request_id)
          .Field("outcome", "error")
          .Field("error_type", error.type)
          .Field("error", error.message)
          .Field("duration_ms", ms);
      posted = client.PostError(inv.request_id, error);
    }
    if (!posted.ok()) {
      TL_LOG(kError, "runtime API post failed")
          .Field("request_id", inv.request_id)
          .Field("error", posted.ToString());
      if (posted.code() == StatusCode::kInternal) return posted;
    }
  }
  return Status::Ok();
}

}  // namespace tradelet::lambda
