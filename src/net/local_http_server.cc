#include "tradelet/net/local_http_server.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <deque>

#include <httplib.h>

#include "tradelet/net/drop_connection.h"

namespace tradelet::net {

std::optional<std::string> ServerRequest::Param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

ServerResponse ServerResponse::Json(int status, std::string body) {
  ServerResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

ServerResponse ServerResponse::Text(int status, std::string body) {
  ServerResponse r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

Fault Fault::Delay(Duration d) {
  Fault f;
  f.kind = Kind::kDelay;
  f.delay = d;
  return f;
}

Fault Fault::Status(int status, std::string body, Headers headers, std::string content_type) {
  Fault f;
  f.kind = Kind::kStatus;
  f.response.status = status;
  f.response.body = std::move(body);
  f.response.headers = std::move(headers);
  f.response.content_type = std::move(content_type);
  return f;
}

Fault Fault::RateLimited(int retry_after_seconds, std::string body) {
  return Status(429, std::move(body), {{"Retry-After", std::to_string(retry_after_seconds)}});
}

Fault Fault::ServerError(int status, std::string body) { return Status(status, std::move(body)); }

Fault Fault::TruncateBody(double keep_fraction) {
  Fault f;
  f.kind = Kind::kTruncateBody;
  f.keep_fraction = std::clamp(keep_fraction, 0.0, 1.0);
  return f;
}

Fault Fault::DropConnection() {
  Fault f;
  f.kind = Kind::kDropConnection;
  return f;
}

namespace {

struct RouteEntry {
  std::string method;
  std::regex pattern;
  RouteHandler handler;
};

struct QueuedFault {
  std::optional<std::regex> filter;
  Fault fault;
};

}  // namespace

struct LocalHttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  mutable std::mutex mu;
  std::condition_variable stop_cv;
  bool stopping = false;
  bool running = false;
  std::vector<RouteEntry> routes;
  std::deque<QueuedFault> faults;
  std::vector<ServerRequest> log;
  size_t faults_applied = 0;

  std::optional<Fault> TakeFault(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    for (auto it = faults.begin(); it != faults.end(); ++it) {
      if (!it->filter || std::regex_match(path, *it->filter)) {
        Fault f = it->fault;
        faults.erase(it);
        ++faults_applied;
        return f;
      }
    }
    return std::nullopt;
  }

  // Sleeps for `d` unless the server stops first.
  void Sleep(Duration d) {
    std::unique_lock<std::mutex> lock(mu);
    stop_cv.wait_for(lock, d, [&] { return stopping; });
  }

  ServerResponse Dispatch(ServerRequest& req) {
    std::vector<RouteEntry> snapshot;
    {
      std::lock_guard<std::mutex> lock(mu);
      snapshot = routes;
    }
    for (const auto& r : snapshot) {
      if (r.method != "*" && r.method != req.method &&
          !(req.method == "HEAD" && r.method == "GET")) {
        continue;
      }
      std::smatch m;
      if (!std::regex_match(req.path, m, r.pattern)) continue;
      req.matches.clear();
      for (const auto& g : m) req.matches.push_back(g.str());
      return r.handler(req);
    }
    return ServerResponse::Json(
        404, R"({"message":"no route for )" + req.method + " " + req.path + R"("})");
  }

  void Handle(const httplib::Request& hreq, httplib::Response& hres) {
    ServerRequest req;
    req.method = hreq.method;
    req.path = hreq.path;
    req.target = hreq.target;
    for (const auto& [k, v] : hreq.headers) req.headers.emplace_back(k, v);
    for (const auto& [k, v] : hreq.params) req.params.emplace(k, v);
    req.body = hreq.body;
    req.remote_port = hreq.remote_port;
    {
      std::lock_guard<std::mutex> lock(mu);
      log.push_back(req);
    }

    std::optional<Fault> fault = TakeFault(req.path);
    if (fault && fault->delay.count() > 0) Sleep(fault->delay);
    if (fault && fault->kind == Fault::Kind::kDropConnection) {
      ShutdownServerConnection(hreq.local_port, hreq.remote_port);
      hres.status = 500;  // never reaches the client
      return;
    }

    ServerResponse out = fault && fault->kind == Fault::Kind::kStatus ? fault->response
                                                                       : Dispatch(req);
    hres.status = out.status;
    for (const auto& [k, v] : out.headers) hres.set_header(k, v);
    if (fault && fault->kind == Fault::Kind::kTruncateBody) {
      const size_t keep = static_cast<size_t>(static_cast<double>(out.body.size()) *
                                              fault->keep_fraction);
      auto body = std::make_shared<std::string>(std::move(out.body));
      // Announces the full length, sends `keep` bytes, then fails the provider: cpp-httplib
      // closes the connection, so the client sees a short body.
      hres.set_content_provider(
          body->size(), out.content_type,
          [body, keep](size_t offset, size_t, httplib::DataSink& sink) {
            if (offset < keep) sink.write(body->data() + offset, keep - offset);
            return false;
          });
      return;
    }
    hres.set_content(out.body, out.content_type);
  }
};

LocalHttpServer::LocalHttpServer() : impl_(std::make_unique<Impl>()) {}

LocalHttpServer::~LocalHttpServer() { Stop(); }

void LocalHttpServer::Route(std::string method, const std::string& path_regex,
                            RouteHandler handler) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->routes.push_back({std::move(method), std::regex(path_regex), std::move(handler)});
}

void LocalHttpServer::PushFault(Fault fault, const std::string& path_regex) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  QueuedFault q;
  if (!path_regex.empty()) q.filter = std::regex(path_regex);
  q.fault = std::move(fault);
  impl_->faults.push_back(std::move(q));
}

void LocalHttpServer::ClearFaults() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->faults.clear();
}

size_t LocalHttpServer::pending_faults() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->faults.size();
}

Status LocalHttpServer::Start() {
  if (impl_->running) return FailedPrecondition("LocalHttpServer already started");
  // A client that hangs up mid-response must not kill the test process.
  signal(SIGPIPE, SIG_IGN);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    impl_->Handle(req, res);
  };
  const char* any = ".*";
  impl_->server.Get(any, handler);
  impl_->server.Post(any, handler);
  impl_->server.Put(any, handler);
  impl_->server.Patch(any, handler);
  impl_->server.Delete(any, handler);
  impl_->server.Options(any, handler);
  impl_->server.set_keep_alive_timeout(2);
  // Headers and body go out in separate writes; without NODELAY, Nagle plus delayed ACKs add
  // ~40 ms to every exchange.
  impl_->server.set_tcp_nodelay(true);
  impl_->server.set_read_timeout(std::chrono::seconds(5));
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return Unavailable("LocalHttpServer: cannot bind 127.0.0.1");
  impl_->running = true;
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  // Wait until the accept loop runs so the first request cannot race it.
  for (int i = 0; i < 500 && !impl_->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return Status::Ok();
}

void LocalHttpServer::Stop() {
  if (!impl_->running) return;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->running = false;
}

std::string LocalHttpServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<ServerRequest> LocalHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->log;
}

size_t LocalHttpServer::request_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->log.size();
}

size_t LocalHttpServer::faults_applied() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->faults_applied;
}

}  // namespace tradelet::net
