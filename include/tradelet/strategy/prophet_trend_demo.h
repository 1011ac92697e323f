// The `tradelet demo` step for the Prophet trend strategy: the intraday defaults on the
// generated sample market's 1-minute sessions, report written to a folder.
#pragma once

#include <string>

#include "tradelet/base/status.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet {

// Runs prophet_trend with its default (intraday) options over every 1-minute series of
// `market` (the benchmark ETF, if any, is the comparison), $100,000 cash account, Alpaca-like
// costs (see examples/prophet_trend_intraday.toml), and writes the backtest outputs plus
// decisions.csv / skips.csv / prophet_trend.json to `out_dir`. `summary` (optional) gets a
// one-line result. Errors: a market without 1-minute bars, or an unwritable folder.
Status RunProphetTrendDemo(const sample::SampleMarket& market, const std::string& out_dir,
                           std::string* summary = nullptr);

// The reference bot live: its schedule (09:45..16:00 New York, every 15 minutes) fired by the
// live job (tradelet run's code) at accelerated time over the last Monday/Wednesday session of
// the first `max_symbols` sample stocks, replayed by the paper exchange over HTTP (same costs),
// then the backtest of the same strategy on the same bars. `table` gets the live orders next to
// the backtest's decisions. Fails (Internal, with the table) when they differ in any order or
// decision, or when the session neither opens nor closes a position.
Status RunProphetTrendLiveDemo(const sample::SampleMarket& market, int max_symbols,
                               std::string* table, std::string* summary);

}  // namespace tradelet
