#include "tradelet/strategy/registry.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

namespace tradelet {

// Generated (strategy_link.cc): refers to every TL_REGISTER_STRATEGY of the library, so a
// static link keeps the object files that register strategies.
void LinkRegisteredStrategies();

struct StrategyRegistry::Impl {
  mutable std::mutex mu;
  std::map<std::string, StrategyFactory> factories;
};

StrategyRegistry::StrategyRegistry() : impl_(std::make_shared<Impl>()) {}

StrategyRegistry& StrategyRegistry::Global() {
  static StrategyRegistry* r = [] {
    LinkRegisteredStrategies();  // does nothing at run time; the reference is what counts
    return new StrategyRegistry;
  }();
  return *r;
}

Status StrategyRegistry::Register(const std::string& name, StrategyFactory factory) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->factories.emplace(name, std::move(factory)).second) {
    return AlreadyExists("strategy '" + name + "' is already registered");
  }
  return Status::Ok();
}

std::vector<std::string> StrategyRegistry::Names() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::string> names;
  for (const auto& [k, v] : impl_->factories) names.push_back(k);
  return names;
}

Result<std::unique_ptr<Strategy>> StrategyRegistry::Make(const StrategyParams& params) const {
  TL_ASSIGN_OR_RETURN(std::string name, params.String("name", ""));
  if (name.empty()) return params.Error("name", "missing (the strategy to run)");
  StrategyFactory factory;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->factories.find(name);
    if (it != impl_->factories.end()) factory = it->second;
  }
  if (!factory && name == "python") {
    // Registered only inside the Python package (python/src/strategy_bind.cc).
    return params.Error("name",
                        "\"python\" strategies run from Python: python3 -m tradelet backtest|live "
                        "CONFIG (with the package on PYTHONPATH; docs/python.md)");
  }
  if (!factory) {
    std::string list;
    for (const auto& n : Names()) list += (list.empty() ? "" : ", ") + n;
    return NotFound(params.Path("name") + ": unknown strategy '" + name + "' (known: " + list +
                    ")");
  }
  return factory(params);
}

Status RegisterStrategy(const std::string& name, StrategyFactory factory) {
  return StrategyRegistry::Global().Register(name, std::move(factory));
}

Result<std::unique_ptr<Strategy>> MakeStrategy(const StrategyParams& params) {
  return StrategyRegistry::Global().Make(params);
}

std::vector<std::string> StrategyNames() { return StrategyRegistry::Global().Names(); }

StrategyRegistrar::StrategyRegistrar(const char* name, StrategyFactory factory) {
  if (Status s = StrategyRegistry::Global().Register(name, std::move(factory)); !s.ok()) {
    std::fprintf(stderr, "tradelet: %s\n", s.ToString().c_str());
    std::abort();
  }
}

}  // namespace tradelet
