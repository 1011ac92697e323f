// The two event shapes a scheduled tradelet function receives, mapped to one slot.
//
// 1. An EventBridge scheduled *rule* delivers its envelope:
//      {"version":"0","id":"...","detail-type":"Scheduled Event","source":"aws.events",
//       "time":"2024-03-11T13:30:00Z","resources":[...],"detail":{}}
//    The slot is `time`. Lambda's async retries redeliver the same payload, so one event maps
//    to one slot however often it arrives.
// 2. An EventBridge *Scheduler* delivers only its target Input, no envelope. With the Input
//    tradelet's templates use,
//      {"source":"scheduler","scheduled_time":"<aws.scheduler.scheduled-time>",
//       "execution_id":"<aws.scheduler.execution-id>","attempt":"<aws.scheduler.attempt-number>"}
//    Scheduler fills in the scheduled time, which is the same for every attempt, and the slot is
//    that time. Without the template (a constant Input, `{}`, or an empty body) the event
//    carries no time at all: the handler then takes the slot from the invocation's arrival,
//    floored to a period (ScheduledJobHandler), which is NOT retry-proof across a period
//    boundary. Template the time.
// An optional "strategy" field names the strategy the event is meant for; the handler refuses
// an event for another strategy. Anything else (S3/SQS records, another EventBridge source or
// detail-type, a non-object) is InvalidArgument with the JSON path of the problem.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::lambda {

enum class EventShape {
  kEventBridgeRule,   // aws.events "Scheduled Event" envelope
  kSchedulerTimed,    // Scheduler Input with scheduled_time templated in
  kSchedulerUntimed,  // Scheduler constant Input (or empty): no time in the event
};
std::string_view EventShapeName(EventShape shape);

struct ScheduledEvent {
  EventShape shape = EventShape::kSchedulerUntimed;
  std::optional<Timestamp> time;  // set for kEventBridgeRule and kSchedulerTimed
  std::string event_id;           // rule: `id`; Scheduler: `execution_id` (per attempt) if given
  std::optional<int> attempt;     // Scheduler attempt number if given
  std::string strategy;           // optional "strategy" field; empty when absent
};

// Parses an event body. Never throws; bad input gives InvalidArgument naming the field.
Result<ScheduledEvent> ParseScheduledEvent(std::string_view payload);

// The unit of work of one scheduled run: which strategy, which slot. Every delivery of one
// scheduled event yields the same ScheduledSlot, which is what makes the live job's order ids
// (issue 7: strategy + slot + symbol + side + leg) idempotent across Lambda retries.
struct ScheduledSlot {
  std::string strategy;
  Timestamp time;           // the scheduled instant (UTC)
  EventShape shape = EventShape::kEventBridgeRule;
  bool from_event = true;   // false when the slot came from the arrival time (untimed Scheduler)
  std::string event_id;
  std::optional<int> attempt;
};

}  // namespace tradelet::lambda
