// The Lambda handler of a scheduled tradelet function: event -> ScheduledSlot -> the live job
// (the same entry point as `tradelet run`) -> {"statusCode":200,"message":...,"report":...}.
//
// The live job is reached through JobRunner so the runtime does not depend on how it is built;
// the CLI wires the real one (apps/tradelet/cmd_lambda_runtime.cc).
#pragma once

#include <functional>
#include <string>

#include "tradelet/base/clock.h"
#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/lambda/invocation.h"
#include "tradelet/lambda/scheduled_event.h"

namespace tradelet::lambda {

struct JobRequest {
  ScheduledSlot slot;
  std::string config_path;  // the strategy config shipped in the zip
  // The job must place no new work (orders, requests) at or after this instant. It is the
  // invocation's deadline minus ScheduledHandlerOptions::deadline_margin.
  Timestamp deadline;
  std::string request_id;   // Lambda's request id, for the run journal
  std::string trace_id;
};

// Runs one job. Returns the job's JSON report (an object) or an error. Business outcomes
// (an order rejected with 403/422, market closed) belong in the report with an OK result, so
// Lambda does not retry them; return an error only for a failed run.
using JobRunner = std::function<Result<std::string>(const JobRequest&)>;

struct ScheduledHandlerOptions {
  std::string strategy;     // from the config; events naming another strategy are refused
  std::string config_path;
  // Kept free before Lambda's deadline for posting the response and flushing logs.
  Duration deadline_margin = std::chrono::milliseconds(1500);
  // An invocation with less than this left after the margin is refused without running.
  Duration min_budget = std::chrono::milliseconds(500);
  // Slot period for untimed Scheduler events (the slot is the arrival time floored to it).
  Duration untimed_slot_period = std::chrono::minutes(1);
  const Clock* clock = nullptr;  // REQUIRED: the wall clock (RealClock in the binary)
};

class ScheduledJobHandler final : public Handler {
 public:
  // REQUIRES: options.clock != nullptr, runner callable, untimed_slot_period > 0.
  ScheduledJobHandler(ScheduledHandlerOptions options, JobRunner runner);

  // Errors: InvalidArgument (bad event, wrong strategy), DeadlineExceeded (no time left to
  // start), the runner's own Status, Internal (runner returned a report that is not a JSON
  // object). An uncaught exception from the runner is turned into Internal.
  Result<std::string> Handle(const Invocation& invocation) override;

  // The slot an invocation maps to (exposed for tests and logs).
  Result<ScheduledSlot> SlotFor(const Invocation& invocation) const;

 private:
  ScheduledHandlerOptions options_;
  JobRunner runner_;
};

}  // namespace tradelet::lambda
