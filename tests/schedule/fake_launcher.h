// A ProcessLauncher for simulations: runs are records that "end" on the simulated clock after a
// duration chosen per run, with a chosen outcome. Terminate/Kill end them like signals would.
#pragma once

#include <csignal>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tradelet/base/clock.h"
#include "tradelet/schedule/launcher.h"

namespace tradelet::schedule::testing {

struct FakeBehaviour {
  Duration duration = seconds(30);  // ignored when hangs
  RunOutcome outcome;               // how it ends on its own
  bool hangs = false;               // never ends on its own
  bool ignores_sigterm = false;     // only SIGKILL ends it
};

struct FakeLaunch {
  std::string strategy;
  Timestamp slot;
  Timestamp at;
  std::vector<std::string> argv;
  int64_t memory_limit_bytes;
};

class FakeLauncher final : public ProcessLauncher {
 public:
  FakeLauncher(const Clock& clock, std::function<FakeBehaviour(const RunRequest&, int n)> behaviour)
      : clock_(clock), behaviour_(std::move(behaviour)) {}

  Result<RunId> Start(const RunRequest& r) override {
    const int n = counts_[r.strategy]++;
    const FakeBehaviour b = behaviour_(r, n);
    launches_.push_back({r.strategy, r.slot, clock_.Now(), r.argv, r.memory_limit_bytes});
    const RunId id = ++next_id_;
    Run run;
    run.end = b.hangs ? Timestamp::Max() : clock_.Now() + b.duration;
    run.outcome = b.outcome;
    run.ignores_sigterm = b.ignores_sigterm;
    running_[id] = run;
    return id;
  }

  std::vector<Finished> Reap() override {
    std::vector<Finished> out;
    for (auto it = running_.begin(); it != running_.end();) {
      if (it->second.end <= clock_.Now()) {
        out.push_back({it->first, it->second.outcome});
        it = running_.erase(it);
      } else {
        ++it;
      }
    }
    return out;
  }

  void Terminate(RunId id) override {
    auto it = running_.find(id);
    if (it == running_.end() || it->second.ignores_sigterm) return;
    EndBySignal(it->second, SIGTERM);
  }
  void Kill(RunId id) override {
    auto it = running_.find(id);
    if (it != running_.end()) EndBySignal(it->second, SIGKILL);
  }

  std::optional<Timestamp> NextEventTime() const override {
    std::optional<Timestamp> t;
    for (const auto& [id, r] : running_) {
      if (r.end != Timestamp::Max() && (!t || r.end < *t)) t = r.end;
    }
    return t;
  }

  const std::vector<FakeLaunch>& launches() const { return launches_; }
  size_t running() const { return running_.size(); }

 private:
  struct Run {
    Timestamp end;
    RunOutcome outcome;
    bool ignores_sigterm = false;
  };
  void EndBySignal(Run& r, int sig) {
    r.end = clock_.Now();
    r.outcome = RunOutcome{};
    r.outcome.kind = RunOutcome::Kind::kSignaled;
    r.outcome.signal = sig;
  }

  const Clock& clock_;
  std::function<FakeBehaviour(const RunRequest&, int n)> behaviour_;
  std::map<RunId, Run> running_;
  std::map<std::string, int> counts_;
  std::vector<FakeLaunch> launches_;
  RunId next_id_ = 0;
};

}  // namespace tradelet::schedule::testing
