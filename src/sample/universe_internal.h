// Internal: the universe with each stock's position in the master sequence (its random stream
// id) and sector index (into GicsSectors()).
#pragma once

#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet::sample {

struct UniverseEntry {
  int master_index;  // stable id: stock #i of the master sequence
  int sector;        // index into GicsSectors()
  SecurityInfo info;
};

// The first num_symbols stocks of the master sequence, sorted by symbol.
Result<std::vector<UniverseEntry>> UniverseEntries(int num_symbols);

// True for symbols no synthetic stock uses (SPY, QQQ, ...), so they are free for benchmarks.
bool IsReservedTicker(const std::string& symbol);

}  // namespace tradelet::sample
