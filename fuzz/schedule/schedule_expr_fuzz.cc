// Fuzzes the schedule expression parser (AWS cron, classic crontab, rate) and the fire-time
// search on whatever parses: next/previous must move strictly forward/backward, land on a
// matching day, and agree with each other.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/schedule/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  using namespace tradelet::schedule;
  if (size > 512) return 0;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  Result<Schedule> parsed = Schedule::Parse(s);
  if (!parsed.ok()) {
    if (parsed.status().message().empty()) std::abort();  // errors must say something
    return 0;
  }
  const Schedule& sch = *parsed;
  const Timestamp from = Timestamp::FromUnixSeconds(1'772'928'000 + (size * 7919) % 86'400);
  for (const TimeZone* z : {&TimeZone::Utc(), &TimeZone::NewYork()}) {
    const auto next = sch.Next(from, *z);
    if (next) {
      if (*next <= from) std::abort();
      if (sch.dialect() != Dialect::kRate) {
        if (!sch.DayMatches(z->ToLocal(*next).date)) std::abort();
        // Nothing fires strictly between `from` and `next`.
        const auto back = sch.Previous(*next, *z);
        if (back && *back > from) std::abort();
      }
    }
    const auto prev = sch.Previous(from, *z);
    if (prev && *prev >= from) std::abort();
  }
  return 0;
}
