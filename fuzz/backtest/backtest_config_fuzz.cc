// Fuzzes the backtest configuration as `backtest` and `sweep` read it: the TOML text, the config
// (ParseBacktestConfig: [strategy], [data], [backtest], [broker], [costs], [risk]), the strategy
// it names (MakeStrategy: every registered strategy's parameter checks) and, read as a sweep
// grid file, the grid axes and sweep options. Any text gives a value or an error with a
// message, never a crash; nothing is read from disk (data paths are only resolved).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tradelet/backtest/runner.h"
#include "tradelet/backtest/sweep.h"
#include "tradelet/strategy/registry.h"

namespace {

template <typename R>
void CheckResult(const R& r) {
  if (!r.ok() && r.status().message().empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  if (size > 16384) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string_view("fuzz/backtest.toml"));
  } catch (const toml::parse_error&) {
    return 0;  // ReadTomlFile turns this into an error naming line and column
  }
  auto config = ParseBacktestConfig(root, "/nonexistent/fuzz");
  CheckResult(config);
  if (config.ok()) CheckResult(MakeStrategy(config->strategy));
  CheckResult(ParseGrid(root));
  CheckResult(ParseSweepOptions(root));
  return 0;
}
