// The custom-runtime side of the AWS Lambda Runtime API, version 2018-06-01: a client for its
// four calls and the `bootstrap` loop (next -> handle -> response | error).
//
// Facts this follows (docs/deploy.md has the sources): /next is a long poll with no client
// timeout, because the sandbox is frozen while it waits; /response and /error answer 202;
// a 500 from them means the runtime must exit; the error body is
// {"errorMessage": ..., "errorType": ..., "stackTrace": [...]} with the type repeated in the
// Lambda-Runtime-Function-Error-Type header. The trace id header goes to _X_AMZN_TRACE_ID.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/lambda/invocation.h"

namespace tradelet::lambda {

// Lambda's error shape. `type` is free text for Lambda; tradelet uses the Status code name
// (e.g. "UNIMPLEMENTED", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED").
struct LambdaError {
  std::string type;
  std::string message;
  std::vector<std::string> stack_trace;
};

// {"errorMessage":...,"errorType":...,"stackTrace":[...]} with secrets redacted from the message.
std::string LambdaErrorJson(const LambdaError& error);
LambdaError LambdaErrorFromStatus(const Status& status);

// Client for the Runtime API at `host:port` (AWS_LAMBDA_RUNTIME_API). Plain HTTP over loopback.
// Not thread-safe: one loop owns it.
class RuntimeClient {
 public:
  // REQUIRES: `host_port` is "host:port" (no scheme).
  explicit RuntimeClient(std::string host_port);
  ~RuntimeClient();
  RuntimeClient(RuntimeClient&&) noexcept;
  RuntimeClient& operator=(RuntimeClient&&) noexcept;

  // Reads AWS_LAMBDA_RUNTIME_API; InvalidArgument when it is missing or not host:port.
  static Result<RuntimeClient> FromEnvironment();

  const std::string& host_port() const { return host_port_; }

  // GET /runtime/invocation/next. Blocks until Lambda has an event (no timeout).
  // Unavailable when the API cannot be reached; DataLoss when a required header is missing.
  Result<Invocation> Next();
  // POST /runtime/invocation/{id}/response. Internal (fatal) when the API answers 500.
  Status PostResponse(const std::string& request_id, std::string_view body);
  // POST /runtime/invocation/{id}/error with Lambda-Runtime-Function-Error-Type.
  Status PostError(const std::string& request_id, const LambdaError& error);
  // POST /runtime/init/error; the caller exits afterwards.
  Status PostInitError(const LambdaError& error);

 private:
  struct Impl;
  std::string host_port_;
  std::unique_ptr<Impl> impl_;
};

struct RuntimeLoopOptions {
  // Stop after this many invocations (tests and benchmarks); negative = run until the API
  // fails, which is how a real bootstrap ends (Lambda freezes or kills it otherwise).
  int max_invocations = -1;
  // Consecutive failed /next calls tolerated before the loop gives up (aws-lambda-cpp uses 3).
  int max_next_failures = 3;
};

// The bootstrap loop. Sets _X_AMZN_TRACE_ID for each invocation, logs one JSON line when an
// invocation starts and one when it ends, turns a handler error (or an escaped C++ exception)
// into a posted Lambda error, and keeps going. Returns OK after max_invocations, otherwise the
// Status that ended it (the API unreachable, or a 500 from a post), and main exits non-zero.
Status RunRuntimeLoop(RuntimeClient& client, Handler& handler,
                      const RuntimeLoopOptions& options = {});

}  // namespace tradelet::lambda
