#include "tradelet/lambda/runtime_api_emulator.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tradelet::lambda {
namespace {

constexpr char kNext[] = "/2018-06-01/runtime/invocation/next";

std::string ErrorBody(const std::string& type, const std::string& message) {
  return "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + type + "\"}";
}

}  // namespace

int64_t UnixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RuntimeApiEmulator::RuntimeApiEmulator() : server_(std::make_unique<httplib::Server>()) {}

RuntimeApiEmulator::~RuntimeApiEmulator() { Stop(); }

Status RuntimeApiEmulator::Start() {
  server_->Get(kNext, [this](const httplib::Request&, httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mu_);
    next_times_.push_back(std::chrono::steady_clock::now());
    cv_.notify_all();
    const uint64_t epoch = release_epoch_;
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty() || release_epoch_ != epoch; });
    if (queue_.empty() || stopping_ || release_epoch_ != epoch) {
      res.status = 503;
      res.set_content(ErrorBody("ServiceUnavailable", "runtime released"), "application/json");
      return;
    }
    EmulatedEvent ev = std::move(queue_.front());
    queue_.pop_front();
    res.status = 200;
    res.set_header("Lambda-Runtime-Aws-Request-Id", ev.request_id);
    res.set_header("Lambda-Runtime-Deadline-Ms", std::to_string(ev.deadline_ms));
    res.set_header("Lambda-Runtime-Invoked-Function-Arn", ev.function_arn);
    if (!ev.trace_id.empty()) res.set_header("Lambda-Runtime-Trace-Id", ev.trace_id);
    res.set_content(ev.payload, "application/json");
    in_flight_[ev.request_id] = std::move(ev);
  });
  auto post = [this](EmulatedOutcome::Kind kind) {
    return [this, kind](const httplib::Request& req, httplib::Response& res) {
      EmulatedOutcome out;
      out.kind = kind;
      if (kind != EmulatedOutcome::Kind::kInitError) out.request_id = req.matches[1];
      out.body = req.body;
      out.error_type = req.get_header_value("Lambda-Runtime-Function-Error-Type");
      out.content_type = req.get_header_value("Content-Type");
      std::lock_guard<std::mutex> lock(mu_);
      if (kind != EmulatedOutcome::Kind::kInitError) {
        auto it = in_flight_.find(out.request_id);
        if (it == in_flight_.end()) {
          res.status = 400;
          res.set_content(ErrorBody("InvalidRequestID", "Invalid request ID"), "application/json");
          return;
        }
        in_flight_.erase(it);
      }
      outcomes_.push_back(std::move(out));
      cv_.notify_all();
      res.status = 202;
      res.set_content("{\"status\":\"OK\"}", "application/json");
    };
  };
  server_->Post(R"(/2018-06-01/runtime/invocation/([^/]+)/response)",
                post(EmulatedOutcome::Kind::kResponse));
  server_->Post(R"(/2018-06-01/runtime/invocation/([^/]+)/error)",
                post(EmulatedOutcome::Kind::kError));
  server_->Post("/2018-06-01/runtime/init/error", post(EmulatedOutcome::Kind::kInitError));

  server_->set_tcp_nodelay(true);
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return Unavailable("emulator: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the server runs, so Stop() right after Start() would hang in join.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > until) return Unavailable("emulator: did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return Status::Ok();
}

void RuntimeApiEmulator::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

void RuntimeApiEmulator::Enqueue(EmulatedEvent event) {
  std::lock_guard<std::mutex> lock(mu_);
  // A redelivery (Lambda's retry keeps the request id) waits for its own outcome, not the one
  // an earlier delivery of the same id already posted.
  std::erase_if(outcomes_, [&](const EmulatedOutcome& o) {
    return o.kind != EmulatedOutcome::Kind::kInitError && o.request_id == event.request_id;
  });
  queue_.push_back(std::move(event));
  cv_.notify_all();
}

void RuntimeApiEmulator::ReleaseWaiters() {
  std::lock_guard<std::mutex> lock(mu_);
  ++release_epoch_;
  cv_.notify_all();
}

void RuntimeApiEmulator::Forget(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(mu_);
  in_flight_.erase(request_id);
  for (auto it = queue_.begin(); it != queue_.end();) {
    it = it->request_id == request_id ? queue_.erase(it) : std::next(it);
  }
}

std::optional<EmulatedOutcome> RuntimeApiEmulator::WaitOutcome(const std::string& request_id,
                                                               std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  std::optional<EmulatedOutcome> found;
  cv_.wait_for(lock, timeout, [&] {
    for (const auto& o : outcomes_) {
      if (o.kind != EmulatedOutcome::Kind::kInitError && o.request_id == request_id) {
        found = o;
        return true;
      }
    }
    return false;
  });
  return found;
}

std::optional<EmulatedOutcome> RuntimeApiEmulator::WaitInitError(
    std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  std::optional<EmulatedOutcome> found;
  cv_.wait_for(lock, timeout, [&] {
    for (const auto& o : outcomes_) {
      if (o.kind == EmulatedOutcome::Kind::kInitError) {
        found = o;
        return true;
      }
    }
    return false;
  });
  return found;
}

std::optional<std::chrono::steady_clock::time_point> RuntimeApiEmulator::WaitNextRequests(
    int count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return static_cast<int>(next_times_.size()) >= count; })) {
    return std::nullopt;
  }
  return next_times_[static_cast<size_t>(count - 1)];
}

int RuntimeApiEmulator::next_requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(next_times_.size());
}

LambdaSandbox::LambdaSandbox(RuntimeApiEmulator* emulator, Options options)
    : emulator_(emulator), options_(std::move(options)) {}

LambdaSandbox::~LambdaSandbox() { KillProcess(); }

Status LambdaSandbox::StartProcess() {
  if (pid_ > 0) return FailedPrecondition("sandbox: a process is already running");
  const std::string root = options_.task_root;
  std::vector<std::string> env = {
      "AWS_LAMBDA_RUNTIME_API=" + emulator_->address(),
      "LAMBDA_TASK_ROOT=" + root,
      "LAMBDA_RUNTIME_DIR=/var/runtime",
      "_HANDLER=bootstrap",
      "AWS_LAMBDA_FUNCTION_NAME=tradelet-test",
      "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512",
      "AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
      "AWS_REGION=us-east-1",
      "AWS_DEFAULT_REGION=us-east-1",
      "LANG=en_US.UTF-8",
      "TZ=:UTC",
      "PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
      // Lambda's value: /lib64 first. The package's DT_RPATH must win over it.
      "LD_LIBRARY_PATH=/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:" + root + ":" + root +
          "/lib:/opt/lib",
  };
  for (const auto& [k, v] : options_.env) env.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string exe = options_.bootstrap;
  std::vector<std::string> args = {"bootstrap"};  // argv[0] as Lambda gives it
  if (!options_.launcher.empty()) {
    exe = options_.launcher[0];
    args = options_.launcher;
    args.push_back(options_.bootstrap);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) return Internal(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Child: only async-signal-safe calls until execve.
    if (::chdir(root.c_str()) != 0) ::_exit(126);
    const int fd = ::open(options_.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    ::execve(exe.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  pid_ = pid;
  return Status::Ok();
}

void LambdaSandbox::KillProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  // A GET .../next the dead process left blocked must not swallow the next event.
  emulator_->ReleaseWaiters();
}

std::optional<int> LambdaSandbox::WaitExit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      emulator_->ReleaseWaiters();
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= end) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

LambdaSandbox::Invoked LambdaSandbox::Invoke(const std::string& payload,
                                             std::chrono::milliseconds timeout,
                                             const std::string& request_id) {
  EmulatedEvent ev;
  ev.request_id = request_id.empty()
                      ? "8476a536-e9f4-11e8-9739-" + std::to_string(100000000000 + ++counter_)
                      : request_id;
  ev.payload = payload;
  ev.deadline_ms = UnixMillisNow() + timeout.count();
  const auto start = std::chrono::steady_clock::now();
  const std::string id = ev.request_id;
  emulator_->Enqueue(std::move(ev));
  Invoked result;
  // Lambda stops the function at the deadline; a little slack covers scheduling on a busy host.
  result.outcome = emulator_->WaitOutcome(id, timeout + std::chrono::milliseconds(250));
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!result.outcome) {
    result.timed_out = true;
    emulator_->Forget(id);
    KillProcess();
    (void)StartProcess();  // Lambda resets the environment: the next invocation re-runs init
  }
  return result;
}

}  // namespace tradelet::lambda
