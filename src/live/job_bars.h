// The live job's bars for one slot (internal to the live module): fetched from the data API,
// per symbol when one symbol spoils the whole request, cut to the bars closed by the slot and
// validated. Symbols that cannot be used are skipped with their reason; the others trade.
#pragma once

#include <string>
#include <vector>

#include "tradelet/live/job.h"

namespace tradelet::live {

// Fills `symbols`/`series` (config order) with the usable symbols and their closed bars, and
// the report's skips, warnings (too few bars for the strategy) and, when no symbol has enough
// bars, outcome "insufficient_data" with an error saying so. An error only when nothing could
// be fetched (network, credentials, the source down, or every symbol refused).
Status LoadSlotBars(alpaca::AlpacaMarketDataClient& data, const LiveConfig& config, Timestamp slot,
                    std::vector<std::string>* symbols, std::vector<BarSeries>* series,
                    JobReport* report);

// Why `s` cannot be traded on ("" = fine): bad shape, a price not finite and positive, or a
// high below the low.
std::string BadBars(const BarSeries& s);

}  // namespace tradelet::live
