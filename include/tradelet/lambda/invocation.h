// One AWS Lambda invocation as the Runtime API (2018-06-01) hands it to a custom runtime, and
// the handler interface the runtime loop calls for each one.
#pragma once

#include <string>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::lambda {

// What GET /runtime/invocation/next returned: the event body and its headers.
struct Invocation {
  std::string request_id;    // Lambda-Runtime-Aws-Request-Id; unchanged when Lambda retries
  std::string payload;       // the event JSON, verbatim
  Timestamp deadline;        // Lambda-Runtime-Deadline-Ms: the process is killed at this instant
  std::string function_arn;  // Lambda-Runtime-Invoked-Function-Arn
  std::string trace_id;      // Lambda-Runtime-Trace-Id (X-Ray); empty when absent
  Timestamp received;        // when the runtime got it (wall clock), for budgets and logs
};

// Handles one invocation. Returns the response body (JSON) or an error Status, which the
// runtime posts to /error in Lambda's error shape. Must return before `invocation.deadline`;
// work still running at the deadline is killed by Lambda and counted as a function error.
// Thread-compatibility: the runtime calls Handle from one thread, one invocation at a time.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual Result<std::string> Handle(const Invocation& invocation) = 0;
};

}  // namespace tradelet::lambda
