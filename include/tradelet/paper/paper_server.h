// The paper exchange's HTTP server (cpp-httplib, 127.0.0.1 by default) with fault injection
// and admin endpoints, so users can forward-test against it and tests can break it on purpose.
//
// Faults are queued; each is consumed by the next `count` requests whose method (empty = any)
// and path prefix (empty = any) match:
//   drop_before  close the connection before handling: the request had no effect
//   drop_after   handle the request (an order IS accepted), then close the connection without
//                a response: the client cannot know the outcome
//   delay        sleep `delay_ms`, then answer normally (a short client timeout fires)
//   status       answer `status` (e.g. 429 with Retry-After: 0, 500, 503) without handling
//   reject       answer 403 {"code":40310000,"message":...} without handling
// Admin endpoints (no credentials needed):
//   POST   /admin/faults   {"kind":"drop_after","method":"POST","path":"/v2/orders","count":1,
//                           "status":500,"delay_ms":0,"message":"..."}
//   DELETE /admin/faults   clear the queue
//   POST   /admin/clock    {"advance":"15m"} or {"to":"2024-01-02T15:00:00Z"}
//   GET    /admin/clock    {"now":"..."}
// Every /v2 request needs the APCA-API-KEY-ID and APCA-API-SECRET-KEY headers (any non-empty
// values unless keys are configured), else 401 {"message":"unauthorized"} as Alpaca answers.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tradelet/paper/paper_exchange.h"

namespace tradelet::live {

struct PaperFault {
  enum class Kind { kDropBefore, kDropAfter, kDelay, kStatus, kReject };
  Kind kind = Kind::kStatus;
  std::string method;       // "" = any
  std::string path_prefix;  // "" = any
  int status = 500;
  Duration delay{0};
  std::string message;
  int count = 1;
};
Result<PaperFault> ParsePaperFaultJson(std::string_view body);

struct PaperServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = any free port
  // When both are set, requests must carry exactly these keys.
  std::string key_id, secret_key;
};

class PaperServer {
 public:
  // `exchange` must outlive the server.
  PaperServer(PaperExchange& exchange, PaperServerOptions options = {});
  ~PaperServer();
  PaperServer(const PaperServer&) = delete;
  PaperServer& operator=(const PaperServer&) = delete;

  Status Start();  // binds and serves on a background thread
  void Stop();
  // Blocks until Stop() (the CLI's foreground mode).
  void Wait();
  int port() const { return port_; }
  std::string base_url() const;

  void PushFault(PaperFault fault);
  void ClearFaults();
  size_t pending_faults() const;
  size_t requests() const { return requests_; }
  size_t faults_applied() const { return faults_applied_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  PaperExchange& exchange_;
  PaperServerOptions options_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::deque<PaperFault> faults_;
  std::atomic<size_t> requests_{0}, faults_applied_{0};

  std::optional<PaperFault> TakeFault(const std::string& method, const std::string& path);
};

}  // namespace tradelet::live
