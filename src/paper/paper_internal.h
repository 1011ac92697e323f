// Alpaca-shaped answers shared by the paper exchange's source files. Internal to src/live.
#pragma once

#include <cstdint>
#include <string>

#include "tradelet/base/status.h"
#include "tradelet/paper/paper_exchange.h"

namespace tradelet::live::paper_internal {

// An Alpaca error body {"code": code, "message": message} with HTTP `status`.
PaperResponse Error(int status, int64_t code, const std::string& message);
PaperResponse NotFoundError(const std::string& what);
// Simulated-broker Status -> Alpaca's HTTP answer (422 for rule violations and duplicates,
// 403 for buying power, 404 for unknown orders).
PaperResponse FromStatus(const Status& s);
// A stable id in UUID format derived from `seed` (asset and account ids; not random).
std::string PseudoUuid(const std::string& seed);

}  // namespace tradelet::live::paper_internal
