// The process port of the fleet scheduler: starts one run of a strategy, reports how it ended,
// and stops it on request. The real one forks and execs a child per run; tests use a fake one
// with a simulated clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::schedule {

struct RunRequest {
  std::string strategy;
  Timestamp slot;
  std::vector<std::string> argv;   // argv[0] is looked up in PATH when it has no '/'
  int64_t memory_limit_bytes = 0;  // RLIMIT_AS of the child; 0 = unlimited
  std::string output_path;         // child's stdout and stderr are appended here ("" = /dev/null)
};

struct RunOutcome {
  enum class Kind {
    kExited,        // exit_code holds the status (0 = success)
    kSignaled,      // signal holds the signal that ended it (SIGSEGV, SIGKILL, SIGABRT...)
    kLaunchFailed,  // never ran (exec failed, fork failed); detail says why
  };
  Kind kind = Kind::kExited;
  int exit_code = 0;
  int signal = 0;
  int64_t max_rss_kb = 0;  // peak resident memory, when known
  std::string detail;

  bool success() const { return kind == Kind::kExited && exit_code == 0; }
};

class ProcessLauncher {
 public:
  using RunId = int64_t;
  struct Finished {
    RunId id;
    RunOutcome outcome;
  };

  virtual ~ProcessLauncher() = default;
  // Starts a run; returns its id (the pid for real processes). A run that cannot start is an
  // error here, not a Finished entry.
  virtual Result<RunId> Start(const RunRequest& request) = 0;
  // Runs that have ended since the last call. Never blocks.
  virtual std::vector<Finished> Reap() = 0;
  // Asks a run to stop (SIGTERM to its process group). No-op for a finished run.
  virtual void Terminate(RunId id) = 0;
  // Forces a run to stop (SIGKILL to its process group).
  virtual void Kill(RunId id) = 0;
  // When the launcher knows the next instant something will finish (a simulation), that
  // instant, so the scheduler can sleep until it; nullopt means "poll".
  virtual std::optional<Timestamp> NextEventTime() const { return std::nullopt; }
};

// fork/exec launcher. The child gets its own process group, stdin from /dev/null,
// stdout+stderr appended to the output file, RLIMIT_AS, default signal handling, and a tag in
// its environment (TRADELET_FLEET_RUN) that its descendants inherit. Exec failures are reported
// through a close-on-exec pipe, so "no such program" is a launch error, not an exit code 127.
//
// Containment: Terminate, Kill and the end of a run reach the run's whole process tree, also
// what left the group or the session (setsid) or was orphaned: the group, every process whose
// parent chain leads to the run, and every process holding the run's tag (process_tree.h).
// When the run's leader has ended, whatever is left of its tree is killed before the run is
// reported finished. The launcher makes its process a child subreaper, so orphans of a run are
// re-parented to it (not to init) and reaped by Reap(): a process owning a ForkExecLauncher
// must not have other children it waits for itself (`tradelet serve` has none).
class ForkExecLauncher final : public ProcessLauncher {
 public:
  ForkExecLauncher();
  Result<RunId> Start(const RunRequest& request) override;
  std::vector<Finished> Reap() override;
  void Terminate(RunId id) override;
  void Kill(RunId id) override;

 private:
  struct Running {
    RunId id;
    std::string tag;  // TRADELET_FLEET_RUN's value in the run's environment
  };
  std::vector<Running> running_;
  int64_t started_ = 0;
  std::string tag_base_;
  void ReapStrays();
};

// "exit 0", "exit 3", "signal 11 (SIGSEGV)", "launch failed: ..."
std::string DescribeOutcome(const RunOutcome& o);

}  // namespace tradelet::schedule
