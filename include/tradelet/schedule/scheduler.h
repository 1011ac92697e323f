// The fleet scheduler behind `tradelet serve`: runs every strategy of a fleet on its schedule,
// each run in its own child process (through the ProcessLauncher port) with a timeout and a
// memory limit, never two runs of the same strategy at once, skipping missed slots that are
// stale and running those still fresh. Time comes only from the Clock port, so the same code
// runs on a SimulatedClock in tests.
//
// Policies (docs/scheduling.md):
//  - A slot is due at its fire time. When the scheduler reaches a strategy later than that
//    (asleep, restarted, busy), only the latest due slot is considered; older ones are counted
//    as missed. That slot runs if now - slot <= max_lateness, else it is skipped as stale.
//  - A slot that comes while the previous run of the same strategy is still going is skipped
//    (overlap); the run in progress is not disturbed.
//  - A run older than `timeout` gets SIGTERM, and SIGKILL `kill_grace` later; it is reported
//    as a timeout.
//  - State (last run, result, next slot, counters) is written to the state file after every
//    change, atomically (write + rename), so a crash loses nothing already decided.
//
// Thread-compatibility: one thread drives a scheduler; RequestStop() may be called from any
// thread or a signal handler (it only sets an atomic flag).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/base/clock.h"
#include "tradelet/schedule/fleet_config.h"
#include "tradelet/schedule/launcher.h"
#include "tradelet/schedule/trigger.h"

namespace tradelet::schedule {

struct StrategyState {
  std::string name;
  std::optional<Timestamp> last_slot;  // slot of the last run started
  std::optional<Timestamp> last_start;
  std::optional<Timestamp> last_end;
  std::string last_result;  // "exit 0", "timeout after 5m (signal 15 (SIGTERM))"...
  bool last_ok = false;
  std::optional<Timestamp> next_slot;
  int64_t runs = 0;
  int64_t failures = 0;
  int64_t skipped_stale = 0;    // due slots not run because they were too late
  int64_t skipped_overlap = 0;  // due slots not run because the previous run was still going
  int64_t missed = 0;           // slots passed over while the scheduler was not looking
  bool running = false;
  std::optional<Timestamp> running_slot;
};

struct SchedulerEvent {
  enum class Kind { kStarted, kFinished, kSkipped, kTerminating, kKilled };
  Kind kind;
  std::string strategy;
  Timestamp slot;
  Timestamp at;
  std::string detail;  // result, or skip reason ("stale", "overlap", "missed N")
  bool ok = true;
};

// The state file: {"version":1,"strategies":{"name":{...}}}. Missing file = empty state.
Result<std::vector<StrategyState>> LoadState(const std::string& path);
Status SaveState(const std::string& path, const std::vector<StrategyState>& states, Timestamp now);

class FleetScheduler {
 public:
  // `calendar` serves skip_holidays / stop_at_early_close (may be null when no strategy uses
  // them). The fleet's state_file and log_dir may be empty for no persistence / no log files.
  FleetScheduler(FleetConfig fleet, Clock& clock, ProcessLauncher& launcher,
                 const SessionCalendar* calendar);

  // Reads the state file and plans each strategy's first slot. FAILED_PRECONDITION when a
  // strategy filters on the calendar and none was given.
  Status Start();
  // Does everything due at clock.Now(): reaps finished runs, enforces timeouts, starts or
  // skips due slots. Returns the next instant anything is due (Timestamp::Max() if never).
  Timestamp Step();
  // Step + sleep on the clock until `until` is reached or a stop is requested; then shuts
  // down. Wakes at least every `poll` (real children are polled for their exit).
  void Run(Timestamp until, Duration poll);
  // Stops starting runs, SIGTERMs the running ones, waits up to the fleet's shutdown_grace
  // (on the clock) for them to end, SIGKILLs what is left, records every outcome, saves state.
  void Shutdown(Duration poll);
  void RequestStop() { stop_.store(true); }

  const std::vector<StrategyState>& states() const { return states_; }
  void set_event_listener(std::function<void(const SchedulerEvent&)> f) {
    listener_ = std::move(f);
  }

 private:
  struct Live {
    Trigger trigger;
    ProcessLauncher::RunId run_id = 0;
    Timestamp started;
    std::optional<Timestamp> term_sent;
    bool killed = false;
    bool timed_out = false;
    bool shutdown = false;
  };

  void ReapFinished(Timestamp now);
  void EnforceDeadlines(Timestamp now);
  void StartDue(size_t i, Timestamp now);
  void Launch(size_t i, Timestamp slot, Timestamp now);
  void Emit(size_t i, SchedulerEvent::Kind kind, Timestamp slot, Timestamp now, std::string detail,
            bool ok);
  void Persist(Timestamp now);

  FleetConfig fleet_;
  Clock& clock_;
  ProcessLauncher& launcher_;
  const SessionCalendar* calendar_;
  std::vector<StrategyState> states_;
  std::vector<Live> live_;
  std::function<void(const SchedulerEvent&)> listener_;
  std::atomic<bool> stop_{false};
  bool stopping_ = false;
};

// The child's argv: the strategy's command with {tradelet}, {config}, {slot}, {name} replaced.
std::vector<std::string> ExpandCommand(const StrategySpec& s, const std::string& tradelet,
                                       Timestamp slot);

}  // namespace tradelet::schedule
