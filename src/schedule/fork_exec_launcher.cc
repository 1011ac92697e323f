#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "schedule/process_tree.h"
#include "tradelet/schedule/launcher.h"

extern char** environ;

namespace tradelet::schedule {

std::string DescribeOutcome(const RunOutcome& o) {
  switch (o.kind) {
    case RunOutcome::Kind::kExited:
      return "exit " + std::to_string(o.exit_code);
    case RunOutcome::Kind::kSignaled: {
      const char* abbrev = sigabbrev_np(o.signal);
      return "signal " + std::to_string(o.signal) +
             (abbrev ? " (SIG" + std::string(abbrev) + ")" : std::string());
    }
    case RunOutcome::Kind::kLaunchFailed:
      return "launch failed: " + o.detail;
  }
  return "?";
}

ForkExecLauncher::ForkExecLauncher() {
  // Orphans of a run come to this process instead of init, so they stay reachable and reaped.
  BecomeSubreaper();
  // Unique across restarts of the scheduler: a leftover of an earlier one never matches.
  tag_base_ = std::to_string(::getpid()) + "." +
              std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

Result<ProcessLauncher::RunId> ForkExecLauncher::Start(const RunRequest& req) {
  if (req.argv.empty()) return InvalidArgument(req.strategy + ": empty command");
  // Everything the child needs is prepared before fork: after fork only async-signal-safe calls.
  std::vector<char*> argv;
  for (const std::string& a : req.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string tag = tag_base_ + "." + std::to_string(++started_);
  const std::string tag_entry = std::string(kRunTagVariable) + "=" + tag;
  const std::string tag_prefix = std::string(kRunTagVariable) + "=";
  std::vector<char*> envp;
  for (char** e = environ; e && *e; ++e) {
    if (::strncmp(*e, tag_prefix.c_str(), tag_prefix.size()) != 0) envp.push_back(*e);
  }
  envp.push_back(const_cast<char*>(tag_entry.c_str()));
  envp.push_back(nullptr);
  const char* out_path = req.output_path.empty() ? "/dev/null" : req.output_path.c_str();
  int out_fd = ::open(out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out_fd < 0) {
    return Unavailable(req.strategy + ": cannot open " + out_path + ": " + strerror(errno));
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int pipe_fds[2];
  if (null_fd < 0 || ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(out_fd);
    if (null_fd >= 0) ::close(null_fd);
    return Unavailable(req.strategy + ": " + strerror(e));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(out_fd);
    ::close(null_fd);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return Unavailable(req.strategy + ": fork: " + strerror(e));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE}) ::signal(s, SIG_DFL);
    if (req.memory_limit_bytes > 0) {
      struct rlimit rl;
      rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(req.memory_limit_bytes);
      ::setrlimit(RLIMIT_AS, &rl);
    }
    ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(out_fd, 2);
    ::execvpe(argv[0], argv.data(), envp.data());
    const int e = errno;
    (void)!::write(pipe_fds[1], &e, sizeof e);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so Terminate works before the child runs
  ::close(out_fd);
  ::close(null_fd);
  ::close(pipe_fds[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(pipe_fds[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ::close(pipe_fds[0]);
  if (n == sizeof child_errno) {
    ::waitpid(pid, nullptr, 0);
    return NotFound(req.strategy + ": cannot run '" + req.argv[0] + "': " + strerror(child_errno));
  }
  running_.push_back({static_cast<RunId>(pid), tag});
  return static_cast<RunId>(pid);
}

std::vector<ProcessLauncher::Finished> ForkExecLauncher::Reap() {
  std::vector<Finished> out;
  for (auto it = running_.begin(); it != running_.end();) {
    const pid_t pid = static_cast<pid_t>(it->id);
    siginfo_t info{};
    if (::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0) {
      ++it;  // still running
      continue;
    }
    // Ended (a zombie, so its group id cannot be reused yet): the group may still hold
    // grandchildren the run left behind, and others may have left the group or the session;
    // they all go with it before the run is reaped.
    SignalRun(pid, it->tag, SIGKILL);
    int status = 0;
    struct rusage ru {};
    pid_t r;
    do {
      r = ::wait4(pid, &status, 0, &ru);
    } while (r < 0 && errno == EINTR);
    RunOutcome o;
    if (r < 0) {
      o.kind = RunOutcome::Kind::kLaunchFailed;
      o.detail = std::string("lost track of the child: ") + strerror(errno);
    } else if (WIFSIGNALED(status)) {
      o.kind = RunOutcome::Kind::kSignaled;
      o.signal = WTERMSIG(status);
    } else {
      o.kind = RunOutcome::Kind::kExited;
      o.exit_code = WEXITSTATUS(status);
    }
    o.max_rss_kb = ru.ru_maxrss;
    out.push_back({it->id, o});
    it = running_.erase(it);
  }
  ReapStrays();
  return out;
}

void ForkExecLauncher::ReapStrays() {
  // Zombies that are not a run's leader are orphans re-parented to this subreaper.
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) return;
    const bool leader = std::any_of(running_.begin(), running_.end(), [&](const Running& r) {
      return r.id == static_cast<RunId>(info.si_pid);
    });
    if (leader) return;  // reaped with its outcome by the next Reap()
    ::waitpid(info.si_pid, nullptr, WNOHANG);
  }
}

void ForkExecLauncher::Terminate(RunId id) {
  for (const Running& r : running_) {
    if (r.id == id) SignalRun(static_cast<pid_t>(id), r.tag, SIGTERM);
  }
}

void ForkExecLauncher::Kill(RunId id) {
  for (const Running& r : running_) {
    if (r.id == id) SignalRun(static_cast<pid_t>(id), r.tag, SIGKILL);
  }
}

}  // namespace tradelet::schedule
