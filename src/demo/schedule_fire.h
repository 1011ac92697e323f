// Firing the shipped schedules at the deployed function, as EventBridge Scheduler does: the
// fire times of the SAM/Terraform cron expressions (evaluated by the schedule module), the
// Scheduler event of each, and the function's answer checked (statusCode 200 for that slot)
// with its job report returned. One helper for `tradelet demo` (the in-process handler) and
// the journey test (the packaged bootstrap under the Runtime API emulator): only how a payload
// reaches the function differs (an InvokeFunction).
//
// Header-only on purpose: the CLI's demo uses it without linking the test-only emulator.
#pragma once

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tradelet/base/clock.h"
#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/lambda/scheduled_handler.h"
#include "tradelet/schedule/expression.h"

namespace tradelet::demo {

// deploy/sam/template.yaml and deploy/terraform/variables.tf (America/New_York): the 09:45 run
// and every quarter hour 10:00..15:45, Monday to Friday.
inline const std::vector<std::string>& ShippedSchedules() {
  static const std::vector<std::string> k = {"cron(45 9 ? * MON-FRI *)",
                                             "cron(0/15 10-15 ? * MON-FRI *)"};
  return k;
}

// Every fire time of `expressions` in [from, to), in `zone`, ascending.
inline Result<std::vector<Timestamp>> FireTimes(const std::vector<std::string>& expressions,
                                                Timestamp from, Timestamp to,
                                                const TimeZone& zone) {
  std::vector<Timestamp> out;
  for (const std::string& e : expressions) {
    TL_ASSIGN_OR_RETURN(schedule::Schedule s, schedule::Schedule::Parse(e));
    // Next() is strictly after its argument: start one nanosecond early so `from` counts.
    for (auto t = s.Next(from - Duration(1), zone); t && *t < to; t = s.Next(*t, zone)) {
      out.push_back(*t);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// EventBridge Scheduler's input for a fire time, as the shipped templates write it (the
// context attributes filled in); `attempt` > 1 is a redelivery of the same fire.
inline std::string SchedulerEvent(Timestamp slot, int attempt) {
  return R"({"source":"scheduler","scheduled_time":")" + FormatTimestamp(slot) +
         R"(","execution_id":"arn:aws:scheduler:us-east-1:123456789012:schedule/default/)" +
         "tradelet-" + std::to_string(attempt) + R"(","attempt":")" + std::to_string(attempt) +
         "\"}";
}

// Hands one payload to the function under `request_id`; returns its response body, or an
// error when the function answered with an error (or none).
using InvokeFunction =
    std::function<Result<std::string>(const std::string& request_id, const std::string& payload)>;

// The in-process handler (the deployed function's handler, without the process around it):
// received now on `clock`, with `budget` until the invocation's deadline.
inline InvokeFunction InProcess(lambda::ScheduledJobHandler& handler, Clock& clock,
                                Duration budget) {
  return [&handler, &clock, budget](const std::string& id,
                                    const std::string& payload) -> Result<std::string> {
    lambda::Invocation inv;
    inv.request_id = id;
    inv.payload = payload;
    inv.received = clock.Now();
    inv.deadline = clock.Now() + budget;
    return handler.Handle(inv);
  };
}

// Fires `slot` (delivery `attempt`) at the function: it must answer statusCode 200 for that
// slot. Returns the live job's report (the answer's "report").
inline Result<nlohmann::json> FireSlot(const InvokeFunction& invoke, Timestamp slot, int attempt) {
  const std::string id = "fire-" + FormatTimestamp(slot) + "-" + std::to_string(attempt);
  TL_ASSIGN_OR_RETURN(std::string body, invoke(id, SchedulerEvent(slot, attempt)));
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("statusCode", 0) != 200) {
    return Internal("the function answered " + body.substr(0, 300) + " for " +
                    FormatTimestamp(slot));
  }
  if (!j.contains("slot") || j["slot"].value("time", "") != FormatTimestamp(slot)) {
    return Internal("the function ran another slot than " + FormatTimestamp(slot) + ": " +
                    body.substr(0, 300));
  }
  if (!j.contains("report") || !j["report"].is_object()) {
    return Internal("the function's answer has no report: " + body.substr(0, 300));
  }
  return std::move(j["report"]);
}

}  // namespace tradelet::demo
