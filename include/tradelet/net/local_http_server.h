// LocalHttpServer: a real HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for tests that must
// go over real sockets (Yahoo and Alpaca replays, the Alpaca paper exchange, the Lambda Runtime
// API emulator). Built on cpp-httplib; lives in the test-only library tradelet::net_testing.
//
//   LocalHttpServer server;
//   server.Route("GET", R"(/v8/finance/chart/([^/]+))", [](const ServerRequest& r) {
//     return ServerResponse::Json(200, LoadFixture(r.matches[1]));
//   });
//   server.PushFault(Fault::RateLimited(/*retry_after_seconds=*/1));  // next request only
//   ASSERT_TRUE(server.Start().ok());
//   client.base_url = server.base_url();   // "http://127.0.0.1:<port>"
//
// Fault injection: faults are queued and each one is consumed by the next request whose path
// matches its filter (empty filter = any path), so a test can script "429, then 500, then the
// real answer". A fault replaces or damages the response:
//   kDelay          sleep, then answer normally (a client timeout shorter than the delay fires)
//   kStatus         answer with a given status/body/headers instead of calling the route
//   kTruncateBody   send the headers with the full Content-Length but only part of the body, then
//                   close the connection (the client sees a short body)
//   kDropConnection close the connection before sending any byte of the response
// Delays wake up early when the server stops, so a stuck test never blocks shutdown for long.
//
// Thread-safety: Route/PushFault/requests may be called while the server runs. Handlers run on
// the server's worker threads, several at a time.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/net/http.h"

namespace tradelet::net {

struct ServerRequest {
  std::string method;
  std::string path;    // decoded path without the query
  std::string target;  // path and query as sent
  Headers headers;
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::string body;
  std::vector<std::string> matches;  // [0] whole path, [1..] the route's capture groups
  int remote_port = 0;  // the client's port: equal across requests on a reused connection

  std::optional<std::string> Param(const std::string& name) const;
  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

struct ServerResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;

  static ServerResponse Json(int status, std::string body);
  static ServerResponse Text(int status, std::string body);
};

using RouteHandler = std::function<ServerResponse(const ServerRequest&)>;

struct Fault {
  enum class Kind { kDelay, kStatus, kTruncateBody, kDropConnection };
  Kind kind = Kind::kDelay;
  Duration delay{0};         // kDelay (also applied before the other kinds when set)
  ServerResponse response;   // kStatus
  double keep_fraction = 0.5;  // kTruncateBody: share of the body actually sent, 0..1

  static Fault Delay(Duration d);
  static Fault Status(int status, std::string body, Headers headers = {},
                      std::string content_type = "text/plain");
  // HTTP 429 with Retry-After and a plain-text body (Yahoo's shape).
  static Fault RateLimited(int retry_after_seconds, std::string body = "Too Many Requests");
  static Fault ServerError(int status = 500, std::string body = "Internal Server Error");
  static Fault TruncateBody(double keep_fraction = 0.5);
  static Fault DropConnection();
};

class LocalHttpServer {
 public:
  LocalHttpServer();
  ~LocalHttpServer();  // stops the server
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  // Adds a route; `method` is "GET", "POST", ... or "*" for any; `path_regex` must match the
  // whole path. Routes are tried in the order added. Unmatched requests get a JSON 404.
  void Route(std::string method, const std::string& path_regex, RouteHandler handler);

  // Queues a fault for the next request whose path matches `path_regex` (empty = any).
  void PushFault(Fault fault, const std::string& path_regex = "");
  void ClearFaults();
  size_t pending_faults() const;

  // Binds 127.0.0.1 on a free port and starts serving on a background thread.
  Status Start();
  void Stop();
  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // Every request received (including faulted ones), in arrival order.
  std::vector<ServerRequest> requests() const;
  size_t request_count() const;
  size_t faults_applied() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace tradelet::net
