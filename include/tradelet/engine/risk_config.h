// The [risk] table of a strategy config, read the same way for `tradelet backtest` and for a
// live run (docs/config.md). Every key is optional; 0 / absent keeps a limit off.
#pragma once

#include <toml++/toml.h>

#include "tradelet/engine/kernel.h"

namespace tradelet {

// Fills out->risk, out->stop_on_reject and out->halt_file. INVALID_ARGUMENT naming the key
// ("risk.max_gross_exposure: must be in [0, 4] ...") for unknown keys, wrong types, negative
// or absurd values.
Status ParseRiskTable(const toml::table& risk, KernelOptions* out);

}  // namespace tradelet
