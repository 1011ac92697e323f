#include "tradelet/lambda/scheduled_event.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace tradelet::lambda {
namespace {

using nlohmann::json;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

Result<std::string> OptionalString(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return InvalidArgument(std::string("event: $.") + key + ": expected a string, got " +
                           it->type_name());
  }
  return it->get<std::string>();
}

Result<Timestamp> EventTime(const std::string& text, const char* key) {
  if (text.size() > 2 && text.front() == '<' && text.back() == '>') {
    return InvalidArgument(std::string("event: $.") + key + ": '" + text +
                           "' is an unexpanded Scheduler context attribute (the event did not "
                           "come from EventBridge Scheduler)");
  }
  auto t = ParseTimestamp(text);
  if (!t.ok()) {
    return InvalidArgument(std::string("event: $.") + key + ": not an ISO 8601 time: '" + text +
                           "': " + t.status().message());
  }
  return *t;
}

// Scheduler's <aws.scheduler.attempt-number> arrives as a string ("1"); accept a number too.
Result<std::optional<int>> Attempt(const json& obj) {
  auto it = obj.find("attempt");
  if (it == obj.end() || it->is_null()) return std::optional<int>();
  if (it->is_number_integer()) {
    const auto v = it->get<int64_t>();
    if (v >= 0 && v <= 1000) return std::optional<int>(static_cast<int>(v));
  } else if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && v >= 0 && v <= 1000) {
      return std::optional<int>(v);
    }
  }
  return InvalidArgument("event: $.attempt: expected an attempt number 0..1000, got " +
                         it->dump());
}

}  // namespace

std::string_view EventShapeName(EventShape shape) {
  switch (shape) {
    case EventShape::kEventBridgeRule: return "eventbridge-rule";
    case EventShape::kSchedulerTimed: return "scheduler";
    case EventShape::kSchedulerUntimed: return "scheduler-untimed";
  }
  return "unknown";
}

Result<ScheduledEvent> ParseScheduledEvent(std::string_view payload) {
  ScheduledEvent ev;
  // Scheduler with no Input configured may deliver nothing meaningful: treat as untimed.
  if (IsBlank(payload)) return ev;
  json doc = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidArgument("event: not valid JSON");
  if (doc.is_null()) return ev;
  if (!doc.is_object()) {
    return InvalidArgument(std::string("event: $: expected a JSON object, got ") +
                           doc.type_name());
  }
  if (doc.contains("Records")) {
    return InvalidArgument(
        "event: $.Records: a record batch (S3/SQS/SNS) is not a schedule event");
  }
  TL_ASSIGN_OR_RETURN(ev.strategy, OptionalString(doc, "strategy"));
  TL_ASSIGN_OR_RETURN(std::string source, OptionalString(doc, "source"));

  if (source == "aws.events") {
    TL_ASSIGN_OR_RETURN(std::string detail_type, OptionalString(doc, "detail-type"));
    if (detail_type != "Scheduled Event") {
      return InvalidArgument("event: $.detail-type: expected \"Scheduled Event\" for source "
                             "aws.events, got \"" + detail_type + "\"");
    }
    TL_ASSIGN_OR_RETURN(std::string time, OptionalString(doc, "time"));
    if (time.empty()) return InvalidArgument("event: $.time: missing in a Scheduled Event");
    TL_ASSIGN_OR_RETURN(Timestamp t, EventTime(time, "time"));
    ev.shape = EventShape::kEventBridgeRule;
    ev.time = t;
    TL_ASSIGN_OR_RETURN(ev.event_id, OptionalString(doc, "id"));
    return ev;
  }
  if (!source.empty() && source != "scheduler" && source != "tradelet.scheduler") {
    return InvalidArgument("event: $.source: unsupported event source \"" + source +
                           "\" (expected aws.events or scheduler)");
  }

  TL_ASSIGN_OR_RETURN(std::string scheduled, OptionalString(doc, "scheduled_time"));
  TL_ASSIGN_OR_RETURN(ev.event_id, OptionalString(doc, "execution_id"));
  TL_ASSIGN_OR_RETURN(ev.attempt, Attempt(doc));
  if (scheduled.empty()) {
    ev.shape = EventShape::kSchedulerUntimed;
    return ev;
  }
  TL_ASSIGN_OR_RETURN(Timestamp t, EventTime(scheduled, "scheduled_time"));
  ev.shape = EventShape::kSchedulerTimed;
  ev.time = t;
  return ev;
}

}  // namespace tradelet::lambda
