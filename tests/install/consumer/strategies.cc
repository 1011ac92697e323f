// Makes strategies by name with an installed tradelet (tradelet::strategy): every strategy
// registers itself from its own file, and a static link must keep them all (the installed
// library's strategy_link.cc refers to each registration). Exit 0 when all are there.
#include <cstdio>
#include <string>

#include "tradelet/strategy/registry.h"

int main() {
  int missing = 0;
  for (const char* name : {"buy_and_hold", "prophet_trend", "rsi_reversion", "sma_crossover"}) {
    tradelet::StrategyParams p;
    p.SetString("name", name);
    auto s = tradelet::MakeStrategy(p);
    if (!s.ok() || (*s)->name() != name) {
      std::printf("%s: %s\n", name, s.ok() ? "wrong strategy" : s.status().ToString().c_str());
      ++missing;
    }
  }
  std::printf("%zu strategies registered, %d of the built-ins missing\n",
              tradelet::StrategyNames().size(), missing);
  return missing == 0 ? 0 : 1;
}
