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
// `decide_at` is when the strategy decides on the bar that ends at the slot: the slot itself
// for intraday bars. Daily bars end at the next 00:00 New York as Alpaca stamps them, but the
// data client stamps them at the session open (as the CSV reader, so live decides on exactly
// a backtest's bars and times): the day's bar is then decided at the next day's 09:30, as a
// backtest decides it.
Status LoadSlotBars(alpaca::AlpacaMarketDataClient& data, const LiveConfig& config, Timestamp slot,
                    std::vector<std::string>* symbols, std::vector<BarSeries>* series,
                    JobReport* report, Timestamp* decide_at);

// Why `s` cannot be traded on ("" = fine): bad shape, a price not finite and positive, or a
// high below the low.
std::string BadBars(const BarSeries& s);

}  // namespace tradelet::live
