// Fuzzes the live configuration as `run`, `serve` and `package lambda` read it (issue 17:
// configs are parsers too): any text gives a config or an error with a message, never a crash,
// and a config that passes the up-front check has what a run needs.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tradelet/live/job.h"
#include "tradelet/live/live_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  using namespace tradelet::live;
  if (size > 16384) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = ParseLiveConfig(text, "fuzz/live.toml");
  if (!config.ok()) {
    if (config.status().message().empty()) std::abort();
    return 0;
  }
  for (LiveTarget target : {LiveTarget::kRun, LiveTarget::kServe, LiveTarget::kLambda}) {
    Status s = CheckLiveConfig(*config, target, "fuzz/live.toml");
    if (!s.ok() && s.message().empty()) std::abort();
  }
  // Every client order id carries the strategy id: a parsed config always has a usable one.
  if (config->strategy_id.empty() || config->strategy_id.size() > 16) std::abort();
  return 0;
}
