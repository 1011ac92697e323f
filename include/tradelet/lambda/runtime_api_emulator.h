// A local AWS Lambda Runtime API (2018-06-01) for running a packaged function off AWS
// (LocalFunction, `tradelet demo`, the tests and benchmarks): real HTTP on
// 127.0.0.1, the same paths, status codes and headers Lambda uses, so a bootstrap cannot tell
// it from the real thing. What Lambda does around the API (killing a runtime at its deadline,
// re-running init after a crash) is done by LambdaSandbox below.
//
//   GET  /2018-06-01/runtime/invocation/next          200, event body, headers
//        Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn, -Trace-Id
//   POST /2018-06-01/runtime/invocation/{id}/response 202 {"status":"OK"}
//   POST /2018-06-01/runtime/invocation/{id}/error    202; reads Lambda-Runtime-Function-Error-Type
//   POST /2018-06-01/runtime/init/error               202
//   unknown request id: 400 {"errorMessage":..., "errorType":"InvalidRequestID"}
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tradelet/base/status.h"

namespace httplib {
class Server;
}

namespace tradelet::lambda {

struct EmulatedEvent {
  std::string request_id;
  std::string payload;
  int64_t deadline_ms = 0;  // Unix epoch milliseconds
  std::string function_arn = "arn:aws:lambda:us-east-1:123456789012:function:tradelet-test";
  std::string trace_id =
      "Root=1-5e1b4151-5ac6c58f5e1d8c2f3b4a2e1d;Parent=0123456789abcdef;Sampled=1";
};

struct EmulatedOutcome {
  enum class Kind { kResponse, kError, kInitError } kind = Kind::kResponse;
  std::string request_id;
  std::string body;
  std::string error_type;  // Lambda-Runtime-Function-Error-Type header
  std::string content_type;
};

class RuntimeApiEmulator {
 public:
  RuntimeApiEmulator();
  ~RuntimeApiEmulator();
  RuntimeApiEmulator(const RuntimeApiEmulator&) = delete;
  RuntimeApiEmulator& operator=(const RuntimeApiEmulator&) = delete;

  // Binds 127.0.0.1 on a free port and serves in a background thread.
  Status Start();
  void Stop();
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Queues an event; the next GET .../next returns it. Outcomes already recorded for its
  // request id are dropped, so WaitOutcome sees this delivery's.
  void Enqueue(EmulatedEvent event);
  // Waits for the response or error posted for `request_id`.
  std::optional<EmulatedOutcome> WaitOutcome(const std::string& request_id,
                                             std::chrono::milliseconds timeout);
  std::optional<EmulatedOutcome> WaitInitError(std::chrono::milliseconds timeout);
  // Waits until at least `count` GET .../next requests have arrived in total; returns when the
  // count-th one arrived (steady clock).
  std::optional<std::chrono::steady_clock::time_point> WaitNextRequests(
      int count, std::chrono::milliseconds timeout);
  int next_requests() const;
  // Releases every blocked GET .../next with 503 (used after killing a runtime process).
  void ReleaseWaiters();
  // Drops an event that is still queued or in flight (Lambda gives up on a timed-out one).
  void Forget(const std::string& request_id);

 private:
  void Serve();

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<EmulatedEvent> queue_;
  std::map<std::string, EmulatedEvent> in_flight_;
  std::vector<EmulatedOutcome> outcomes_;
  std::vector<std::chrono::steady_clock::time_point> next_times_;
  uint64_t release_epoch_ = 0;
  bool stopping_ = false;
};

// Runs a bootstrap executable as Lambda would: a child process with AWS_LAMBDA_RUNTIME_API,
// LAMBDA_TASK_ROOT (also its working directory), the reserved variables and TZ=:UTC; stdout
// and stderr go to `log_path`. When an invocation passes its deadline, Invoke kills the process
// (SIGKILL, as Lambda does) and starts a fresh one, which re-runs init.
class LambdaSandbox {
 public:
  struct Options {
    std::string bootstrap;                                 // path of the executable
    std::string task_root;                                 // working directory and LAMBDA_TASK_ROOT
    std::string log_path;                                  // captured stdout+stderr (appended)
    std::vector<std::pair<std::string, std::string>> env;  // extra variables
    // Runs the bootstrap through this program (an absolute path), e.g.
    // {"/usr/bin/qemu-aarch64", "-0", "bootstrap"} for an arm64 package on an x86_64 host; the
    // bootstrap's path is appended. Empty: the bootstrap is exec'd directly.
    std::vector<std::string> launcher;
  };
  struct Invoked {
    std::optional<EmulatedOutcome> outcome;  // empty when the invocation timed out
    bool timed_out = false;
    double elapsed_ms = 0;
  };

  LambdaSandbox(RuntimeApiEmulator* emulator, Options options);
  ~LambdaSandbox();

  // Starts the process; returns when it is spawned (not when init is done).
  Status StartProcess();
  // Kills the process (if running) and reaps it.
  void KillProcess();
  // Waits for the process to exit by itself; returns its exit code (or 128+signal).
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }

  // Sends one event with a deadline `timeout` from now and waits for the outcome.
  Invoked Invoke(const std::string& payload, std::chrono::milliseconds timeout,
                 const std::string& request_id = "");

 private:
  RuntimeApiEmulator* emulator_;
  Options options_;
  int pid_ = -1;
  int counter_ = 0;
};

int64_t UnixMillisNow();

}  // namespace tradelet::lambda
