// The strategy registry: `[strategy] name = "..."` picks a factory, which reads the rest of the
// options through a StrategyParams view. A strategy's .cc file registers itself:
//
//   TL_REGISTER_STRATEGY(rsi_reversion, MakeRsiReversion);
//
// where MakeRsiReversion is `Result<std::unique_ptr<Strategy>>(const StrategyParams&)`. The
// macro's first argument is the strategy's name (an identifier).
//
// Linking: the strategy code is a static library, and a linker keeps an object file of an
// archive only when something refers to it, so a registration alone would be dropped. The
// build generates strategy_link.cc (cmake/strategy_link.cmake) from every TL_REGISTER_STRATEGY
// in the strategy library's sources; it refers to each registration, and the registry refers
// to it. So every binary that can make a strategy (the CLI, tests, an installed consumer, the
// Python module) holds all registered strategies, with no linker flags.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/params.h"

namespace tradelet {

using StrategyFactory =
    std::function<Result<std::unique_ptr<Strategy>>(const StrategyParams& params)>;

class StrategyRegistry {
 public:
  // The process-wide registry every TL_REGISTER_STRATEGY adds to.
  static StrategyRegistry& Global();

  // Adds a strategy kind; AlreadyExists if the name is taken. Thread-safe.
  Status Register(const std::string& name, StrategyFactory factory);
  // Builds the strategy named by the "name" option. Unknown name: NotFound listing the
  // registered names.
  Result<std::unique_ptr<Strategy>> Make(const StrategyParams& params) const;
  // Registered names, sorted.
  std::vector<std::string> Names() const;

 private:
  struct Impl;
  StrategyRegistry();
  std::shared_ptr<Impl> impl_;
};

// Shorthands on the global registry.
Status RegisterStrategy(const std::string& name, StrategyFactory factory);
Result<std::unique_ptr<Strategy>> MakeStrategy(const StrategyParams& params);
std::vector<std::string> StrategyNames();

// What TL_REGISTER_STRATEGY expands to: registration at static initialisation (a duplicate name
// aborts: two strategies cannot share one).
struct StrategyRegistrar {
  StrategyRegistrar(const char* name, StrategyFactory factory);
};

}  // namespace tradelet

// The extern "C" anchor has the same symbol name in any namespace, so the generated
// strategy_link.cc can refer to it whether the macro is used inside a namespace or not.
#define TL_REGISTER_STRATEGY(name, factory)          \
  extern "C" void tradelet_strategy_link_##name() {} \
  static const ::tradelet::StrategyRegistrar tl_strategy_registrar_##name(#name, factory)
