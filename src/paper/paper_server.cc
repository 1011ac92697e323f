#include "tradelet/paper/paper_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "tradelet/adapters/alpaca/trading_json.h"
#include "tradelet/net/drop_connection.h"

namespace tradelet::live {

Result<PaperFault> ParsePaperFaultJson(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument("fault: expected a JSON object");
  PaperFault f;
  auto str = [&](const char* k) -> std::string {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto num = [&](const char* k, int64_t fallback) -> int64_t {
    auto it = j.find(k);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
  };
  const std::string kind = str("kind");
  if (kind == "drop_before")
    f.kind = PaperFault::Kind::kDropBefore;
  else if (kind == "drop_after")
    f.kind = PaperFault::Kind::kDropAfter;
  else if (kind == "delay")
    f.kind = PaperFault::Kind::kDelay;
  else if (kind == "status")
    f.kind = PaperFault::Kind::kStatus;
  else if (kind == "reject")
    f.kind = PaperFault::Kind::kReject;
  else
    return InvalidArgument("fault.kind: expected drop_before|drop_after|delay|status|reject");
  f.method = str("method");
  f.path_prefix = str("path");
  f.message = str("message");
  f.status = static_cast<int>(num("status", 500));
  if (f.status < 100 || f.status > 599) return InvalidArgument("fault.status: not an HTTP status");
  const int64_t delay_ms = num("delay_ms", 0);
  if (delay_ms < 0 || delay_ms > 600000) return InvalidArgument("fault.delay_ms: 0..600000");
  f.delay = std::chrono::milliseconds(delay_ms);
  f.count = static_cast<int>(num("count", 1));
  if (f.count < 1 || f.count > 1000000) return InvalidArgument("fault.count: 1..1000000");
  return f;
}

struct PaperServer::Impl {
  httplib::Server server;
};

PaperServer::PaperServer(PaperExchange& exchange, PaperServerOptions options)
    : impl_(std::make_unique<Impl>()), exchange_(exchange), options_(std::move(options)) {}

PaperServer::~PaperServer() { Stop(); }

std::string PaperServer::base_url() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

void PaperServer::PushFault(PaperFault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(std::move(fault));
}
void PaperServer::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
}
size_t PaperServer::pending_faults() const {
  std::lock_guard<std::mutex> lock(mu_);
  return faults_.size();
}

std::optional<PaperFault> PaperServer::TakeFault(const std::string& method,
                                                 const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->method.empty() && it->method != method) continue;
    if (!it->path_prefix.empty() && path.rfind(it->path_prefix, 0) != 0) continue;
    PaperFault f = *it;
    if (--it->count <= 0) faults_.erase(it);
    ++faults_applied_;
    return f;
  }
  return std::nullopt;
}

Status PaperServer::Start() {
  httplib::Server& s = impl_->server;
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(1000);
  auto json = [](httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    if (status != 204) res.set_content(body, "application/json");
  };
  auto admin = [this, json](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/admin/faults" && req.method == "POST") {
      auto f = ParsePaperFaultJson(req.body);
      if (!f.ok()) return json(res, 422, alpaca::ApiErrorToJson(40010001, f.status().message()));
      PushFault(*f);
      return json(res, 200, R"({"queued":)" + std::to_string(pending_faults()) + "}");
    }
    if (req.path == "/admin/faults" && req.method == "DELETE") {
      ClearFaults();
      return json(res, 200, R"({"queued":0})");
    }
    if (req.path == "/admin/clock") {
      if (req.method == "POST") {
        auto j = nlohmann::json::parse(req.body, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
          return json(res, 422, alpaca::ApiErrorToJson(40010001, "clock: expected a JSON object"));
        }
        Timestamp target = exchange_.now();
        if (j.contains("advance") && j["advance"].is_string()) {
          auto d = ParseDuration(j["advance"].get<std::string>());
          if (!d.ok())
            return json(res, 422, alpaca::ApiErrorToJson(40010001, d.status().message()));
          target = target + *d;
        } else if (j.contains("to") && j["to"].is_string()) {
          auto t = ParseTimestamp(j["to"].get<std::string>());
          if (!t.ok())
            return json(res, 422, alpaca::ApiErrorToJson(40010001, t.status().message()));
          target = *t;
        } else {
          return json(res, 422, alpaca::ApiErrorToJson(40010001, "clock: give advance or to"));
        }
        if (Status st = exchange_.AdvanceTo(target); !st.ok()) {
          return json(res, 422, alpaca::ApiErrorToJson(40010001, st.message()));
        }
      }
      return json(res, 200, nlohmann::json{{"now", FormatTimestamp(exchange_.now())}}.dump());
    }
    return json(res, 404, alpaca::ApiErrorToJson(40410000, "no such admin endpoint"));
  };
  auto handler = [this, json, admin](const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    if (req.path.rfind("/admin/", 0) == 0) return admin(req, res);
    auto key = req.get_header_value("APCA-API-KEY-ID");
    auto secret = req.get_header_value("APCA-API-SECRET-KEY");
    const bool keys_ok = options_.key_id.empty() || options_.secret_key.empty()
                             ? !key.empty() && !secret.empty()
                             : key == options_.key_id && secret == options_.secret_key;
    if (!keys_ok) return json(res, 401, R"({"message":"unauthorized"})");
    std::optional<PaperFault> fault = TakeFault(req.method, req.path);
    if (fault && fault->delay.count() > 0) {
      std::this_thread::sleep_for(fault->delay);
    }
    PaperRequest pr{req.method, req.path, {}, req.body};
    for (const auto& [k, v] : req.params) pr.params.emplace(k, v);
    if (fault) {
      switch (fault->kind) {
        case PaperFault::Kind::kDropBefore:
          net::ShutdownServerConnection(req.local_port, req.remote_port);
          res.status = 500;  // never reaches the client
          return;
        case PaperFault::Kind::kDropAfter:
          (void)exchange_.Handle(pr);
          net::ShutdownServerConnection(req.local_port, req.remote_port);
          res.status = 500;
          return;
        case PaperFault::Kind::kStatus:
          if (fault->status == 429) res.set_header("Retry-After", "0");
          return json(
              res, fault->status,
              alpaca::ApiErrorToJson(fault->status * 100000,
                                     fault->message.empty() ? "injected fault" : fault->message));
        case PaperFault::Kind::kReject:
          return json(res, 403,
                      alpaca::ApiErrorToJson(40310000, fault->message.empty()
                                                           ? "rejected by fault injection"
                                                           : fault->message));
        case PaperFault::Kind::kDelay:
          break;
      }
    }
    PaperResponse out = exchange_.Handle(pr);
    json(res, out.status, out.body);
  };
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Patch(".*", handler);
  s.Delete(".*", handler);
  s.Put(".*", handler);
  if (options_.port < 0 || options_.port > 65535) {
    return InvalidArgument("paper exchange: port " + std::to_string(options_.port) +
                           " is not a TCP port (0..65535; 0 = any free port)");
  }
  // Connection handling: the listening port is ours alone (SO_REUSEADDR only lets a restart
  // bind while old connections sit in TIME_WAIT; no SO_REUSEPORT, under which a second
  // exchange would share the port and the kernel would split requests between the two). Each
  // connection's reads time out, so idle or half-open clients cannot hold the workers, and
  // bodies are capped.
  // The listening socket, to raise its backlog once bound (the last socket the callback saw
  // is the one bound: cpp-httplib closes one it cannot bind and tries the next address).
  socket_t listening = INVALID_SOCKET;
  s.set_socket_options([&listening](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
    listening = sock;
  });
  s.set_read_timeout(2, 0);
  s.set_write_timeout(5, 0);
  s.set_payload_max_length(1 << 20);
  s.new_task_queue = [] { return new httplib::ThreadPool(32); };
  if (options_.port == 0) {
    port_ = s.bind_to_any_port(options_.host);
    if (port_ <= 0) return Unavailable("paper exchange: cannot bind " + options_.host);
  } else {
    if (!s.bind_to_port(options_.host, options_.port)) {
      return Unavailable("paper exchange: cannot bind " + options_.host + ":" +
                         std::to_string(options_.port) +
                         " (in use by another process, or not an address of this host)");
    }
    port_ = options_.port;
  }
  // cpp-httplib listens with a backlog of 5: a few clients connecting at once while its
  // accepting thread waits for a core (a loaded machine) overflow it, and the kernel drops
  // their handshakes, which TCP retries after 1 s, then 3 s: a stall for clients that had
  // nothing to do with the others (seen in CI: 1,024 ms for one request behind 16 idle ones).
  // listen() again on a listening socket only changes its backlog.
  if (listening != INVALID_SOCKET) ::listen(listening, SOMAXCONN);
  thread_ = std::thread([this] { impl_->server.listen_after_bind(); });
  for (int i = 0; i < 1000 && !impl_->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return Status::Ok();
}

void PaperServer::Stop() {
  impl_->server.stop();
  if (thread_.joinable()) thread_.join();
}

void PaperServer::Wait() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace tradelet::live
