// Fuzzes the fleet file parser: any input gives a config or an error with a message, never a
// crash; a parsed fleet always has named strategies with a schedule.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/schedule/fleet_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet::schedule;
  if (size > 16384) return 0;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto fleet = ParseFleetConfig(s, "fuzz/fleet.toml");
  if (!fleet.ok()) {
    if (fleet.status().message().empty()) std::abort();
    return 0;
  }
  if (fleet->strategies.empty()) std::abort();
  for (const StrategySpec& st : fleet->strategies) {
    if (st.name.empty() || !st.schedule || st.command.empty()) std::abort();
  }
  (void)ParseByteSize(s);
  return 0;
}
