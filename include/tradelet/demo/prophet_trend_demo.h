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

struct LiveDemoOptions {
  int max_symbols = 4;
  // The tradelet executable packaged as the function's `bootstrap` (the CLI passes itself).
  std::string bootstrap_binary;
  // Receives the demo's config (prophet_trend_live.toml), function.zip, task/, bootstrap.log and
  // the function's journal.
  std::string work_dir;
};

// The reference bot live, as deployed: its config packaged by `tradelet package lambda` and its
// `bootstrap` run as a child process under the Lambda Runtime API emulator
// (lambda::LocalFunction); the shipped schedules (09:45..15:45 New York, every 15 minutes) fired
// through the emulator as EventBridge Scheduler events at accelerated time over the last
// Monday/Wednesday session of the first `max_symbols` sample stocks, replayed by the paper
// exchange over HTTP (same costs); then the backtest of the same strategy on the same bars.
// `table` gets the live orders next to the backtest's decisions. Fails (Internal, with the
// table) when they differ in any order or decision, or when the session neither opens nor
// closes a position.
Status RunProphetTrendLiveDemo(const sample::SampleMarket& market, const LiveDemoOptions& options,
                               std::string* table, std::string* summary);

}  // namespace tradelet
