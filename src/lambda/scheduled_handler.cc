#include "tradelet/lambda/scheduled_handler.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "tradelet/base/log.h"

namespace tradelet::lambda {

ScheduledJobHandler::ScheduledJobHandler(ScheduledHandlerOptions options, JobRunner runner)
    : options_(std::move(options)), runner_(std::move(runner)) {
  TL_CHECK(options_.clock != nullptr);
  TL_CHECK(static_cast<bool>(runner_));
  TL_CHECK(options_.untimed_slot_period.count() > 0);
}

Result<ScheduledSlot> ScheduledJobHandler::SlotFor(const Invocation& invocation) const {
  TL_ASSIGN_OR_RETURN(ScheduledEvent ev, ParseScheduledEvent(invocation.payload));
  if (!ev.strategy.empty() && ev.strategy != options_.strategy) {
    return InvalidArgument("event: $.strategy: the event is for strategy \"" + ev.strategy +
                           "\" but this function runs \"" + options_.strategy + "\"");
  }
  ScheduledSlot slot;
  slot.strategy = options_.strategy;
  slot.shape = ev.shape;
  slot.event_id = ev.event_id;
  slot.attempt = ev.attempt;
  if (ev.time) {
    slot.time = *ev.time;
    slot.from_event = true;
  } else {
    // No time in the event: the best stable key left is the arrival time floored to the period.
    const int64_t period = options_.untimed_slot_period.count();
    int64_t ns = invocation.received.unix_nanos();
    int64_t floored = ns - ((ns % period) + period) % period;
    slot.time = Timestamp::FromUnixNanos(floored);
    slot.from_event = false;
  }
  return slot;
}

Result<std::string> ScheduledJobHandler::Handle(const Invocation& invocation) {
  TL_ASSIGN_OR_RETURN(ScheduledSlot slot, SlotFor(invocation));
  if (!slot.from_event) {
    TL_LOG(kWarn, "scheduler event has no scheduled_time; slot taken from arrival time")
        .Field("request_id", invocation.request_id)
        .Field("slot", FormatTimestamp(slot.time))
        .Field("hint", "put \"scheduled_time\":\"<aws.scheduler.scheduled-time>\" in the "
                       "schedule's Input so retries map to one slot");
  }
  const Timestamp now = options_.clock->Now();
  const Timestamp job_deadline = invocation.deadline - options_.deadline_margin;
  if (job_deadline - now < options_.min_budget) {
    const auto left_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(invocation.deadline - now).count();
    return DeadlineExceeded("invocation " + invocation.request_id + " for slot " +
                            FormatTimestamp(slot.time) + " arrived with " +
                            std::to_string(left_ms) + " ms before its deadline, less than the " +
                            "margin plus minimum budget; the job was not started");
  }

  JobRequest request{slot, options_.config_path, job_deadline, invocation.request_id,
                     invocation.trace_id};
  Result<std::string> report = Internal("job runner did not run");
  try {
    report = runner_(request);
  } catch (const std::exception& e) {
    return Internal(std::string("job runner threw: ") + e.what());
  } catch (...) {
    return Internal("job runner threw a non-standard exception");
  }
  const std::string slot_text = FormatTimestamp(slot.time);
  if (!report.ok()) {
    return report.status().WithContext("strategy " + slot.strategy + " slot " + slot_text);
  }
  nlohmann::json parsed =
      nlohmann::json::parse(report->begin(), report->end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Internal("strategy " + slot.strategy + " slot " + slot_text +
                    ": the job's report is not a JSON object");
  }
  nlohmann::json out;
  out["statusCode"] = 200;
  out["message"] = "strategy " + slot.strategy + " slot " + slot_text + ": job finished";
  out["slot"] = {{"strategy", slot.strategy},
                 {"time", slot_text},
                 {"source", std::string(EventShapeName(slot.shape))},
                 {"from_event", slot.from_event}};
  out["report"] = std::move(parsed);
  return out.dump();
}

}  // namespace tradelet::lambda
