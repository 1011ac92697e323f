// Fuzzes the scheduled-event parser (EventBridge rule envelope, Scheduler payloads): any bytes
// must give a ScheduledEvent or an InvalidArgument, never a crash, and a parsed event's time
// must survive formatting.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/lambda/scheduled_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  auto ev = lambda::ParseScheduledEvent(payload);
  if (!ev.ok()) {
    if (ev.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  const bool timed = ev->time.has_value();
  if (timed != (ev->shape != lambda::EventShape::kSchedulerUntimed)) std::abort();
  if (timed) (void)FormatTimestamp(*ev->time);
  return 0;
}
