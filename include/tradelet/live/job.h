// One live job: what `tradelet run` and the Lambda handler execute at each scheduled slot.
//
//   1. staleness guard: a slot older than max_staleness is skipped (a late Lambda retry must not
//      trade on old signals; integrations.md 3.6);
//   2. the configured symbols are assets the broker knows (else INVALID_ARGUMENT naming the
//      key, before anything is sent); [risk] halt_file present: cancel open orders, exit;
//   3. market-open gate from GET /v2/clock and GET /v2/calendar (configurable);
//   4. intents of earlier runs left in state intent/unknown (a crash, a lost answer) are
//      settled by looking their client_order_id up; reconcile: account, positions and open
//      orders from the broker, as they stood before the slot (this slot's orders from an
//      earlier attempt left out, so a rerun decides as a clean run did);
//   5. bars from Alpaca Market Data (only bars that have CLOSED by the slot);
//   6. the backtest's kernel (RunKernel) runs the strategy over them: earlier steps are
//      warm-up (their orders belong to the past), the step at the slot is live; its orders
//      pass the [risk] gate, then the exactly-once broker (live_broker.h: client_order_id =
//      MakeClientOrderId(strategy_id, slot, symbol, side, leg), broker rules, exactly_once.h);
//   7. a JSON report; every step is journaled (journal.h).
//
// Config (TOML):
//   [live]
//   strategy_id = "sma-spy"        # part of every client_order_id
//   symbols = ["SPY"]
//   timeframe = "1Min"             # Alpaca timeframe of the bars
//   lookback = "7h"                # history fetched before the slot (7h: a whole session)
//   period = "15m"                 # schedule period: slots are floored to it
//   max_staleness = "5m"           # skip when now - slot is larger
//   market_gate = true             # skip when the market is closed at the slot
//   journal = "runs.sqlite"        # default: $TRADELET_JOURNAL, else <config>.journal.sqlite
//   feed = "iex"
//   clock = "system"               # or "broker": "now" is GET /v2/clock's timestamp (for
//                                  # forward tests against a replaying paper exchange)
//   book = "account"               # or "strategy": the strategy's own book on a shared
//                                  # account (job_book.h, docs/live.md "Several strategies")
//   account_share = 1.0            # with book = "strategy": its share of the account's cash
//   [strategy]                     # as for `tradelet backtest`
//   name = "sma_crossover"
//   [risk]                         # optional, as for `tradelet backtest` (docs/config.md),
//   max_order_notional = 2000      # plus max_gross_exposure, max_orders_per_run,
//                                  # max_daily_loss_fraction, halt_file
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "tradelet/adapters/alpaca/market_data_client.h"
#include "tradelet/adapters/alpaca/trading_client.h"
#include "tradelet/base/clock.h"
#include "tradelet/engine/kernel.h"
#include "tradelet/live/exactly_once.h"

namespace tradelet::live {

struct LiveConfig {
  std::string strategy_id;
  std::vector<std::string> symbols;
  // 1-minute bars over a whole session: what the intraday strategies fit on (a 15-minute
  // timeframe leaves a 09:45 run one bar since the open, too few to fit).
  std::string timeframe = "1Min";
  Duration lookback = std::chrono::hours(7);
  Duration period = std::chrono::minutes(15);
  Duration max_staleness = std::chrono::minutes(5);
  bool market_gate = true;
  std::string journal_path;
  std::string feed = "iex";
  bool broker_clock = false;
  // book = "strategy": positions, cost basis and open orders are this strategy's own, rebuilt
  // from the fills of the orders whose client ids carry its strategy_id (job_book.cc); what the
  // account holds beyond that is left alone and reported (`unattributed`). "account" (the
  // default): the whole account is the strategy's.
  bool own_book = false;
  // With own_book: the share (0, 1] of the account's tradelet cash this strategy may use.
  double account_share = 1.0;
  toml::table strategy;
  // The [risk] table: the pre-trade gate's limits (the kernel applies them to every live order
  // as in a backtest) and the halt file (relative to the config's folder).
  KernelOptions kernel;
};

// Errors name the file and key ("s.toml: live.symbols: ...").
Result<LiveConfig> ParseLiveConfig(std::string_view toml_text, const std::string& source);
Result<LiveConfig> LoadLiveConfig(const std::string& path);

struct JobRequest {
  std::string config_path;  // read when `config` is empty
  std::optional<LiveConfig> config;
  std::optional<Timestamp> slot;  // default: now floored to the period
  bool dry_run = false;
  // Real time (the services' clock, not the broker's) after which the run starts no new broker
  // action: cancels and orders not yet sent are reported "skipped" (reason "deadline") and the
  // outcome is "incomplete"; an order already sent is settled as usual. Lambda passes its
  // invocation deadline minus a margin, so the run ends on its own instead of being killed.
  std::optional<Timestamp> deadline;
};

// What the job talks to. Null members are built from the environment (APCA_* variables, HttpsClient
// with retries, the real clock).
struct JobServices {
  net::HttpClient* trading_http = nullptr;
  net::HttpClient* data_http = nullptr;
  std::optional<alpaca::AlpacaTradingOptions> trading;
  std::optional<alpaca::AlpacaDataOptions> data;
  Clock* clock = nullptr;
  Journal* journal = nullptr;  // default: opened at the configured path
  PlacerOptions placer;
};

struct OrderReport {
  std::string client_order_id, symbol, side, qty, type;
  // placed | adopted | rejected (by the broker's rules or the broker) | refused (by the [risk]
  // gate; never sent) | unknown | skipped
  std::string state;
  std::string reason;  // why refused/skipped/rejected/unknown; a refusal starts with the limit
  std::string broker_order_id;
};

struct JobReport {
  std::string run_id, strategy_id;
  Timestamp slot, started_at;
  bool dry_run = false;
  // ok | incomplete | skipped_stale | market_closed | no_data | insufficient_data | stale_bars |
  // halted | failed. halted: [risk] halt_file exists; open orders were cancelled, nothing sent.
  // stale_bars: the latest closed bar ends before the slot (e.g. a data feed that has not published
  // it yet), so the run decides nothing from it and places nothing. insufficient_data: bars arrived
  // but no symbol has as many as the strategy needs, so the run can place nothing (the warnings say
  // which and how many).
  std::string outcome = "ok";
  std::vector<std::string> decisions_json;  // one JSON object per traded symbol
  // Symbols left out of this run, with why: source "data" (bars that could not be fetched,
  // e.g. HTTP 422 for a timeframe the source cannot serve, or that fail validation; the others
  // trade) or "strategy" (left out by this slot's decision: "stale data: ...", "too few bars:
  // ...", "open order"). The JSON also counts them by reason (`skip_counts`, the reason's text
  // before its first ':'), e.g. how many symbols IEX's sparse minutes left stale.
  struct Skip {
    std::string symbol, reason, source = "data";
  };
  std::vector<Skip> skips;
  std::vector<std::string> warnings;  // e.g. symbols with fewer bars than the strategy needs
  // book = "strategy": what the account holds that is not this strategy's (opened outside
  // tradelet, or by another strategy id), left alone. `qty` in shares.
  struct Unattributed {
    std::string symbol, qty, reason;
  };
  std::vector<Unattributed> unattributed;
  // book = "strategy": the strategy's view of the account (JSON object: share, cash, equity,
  // positions), empty otherwise.
  std::string book_json;
  std::vector<OrderReport> orders;
  std::vector<std::string> cancels;
  std::vector<std::string> errors;
  std::string ToJson() const;
  // True when an order's fate is unknown (a retry of the slot will settle it).
  bool has_unknown() const;
};

// Runs the job. Errors only for what makes the run impossible (bad config, no credentials, the
// journal cannot open); broker answers, rejections and market-closed are in the report.
Result<JobReport> RunJob(const JobRequest& request, JobServices& services);
// The Lambda hook: (config path, slot, dry_run, deadline) -> report, everything else from the
// environment.
Result<JobReport> RunJob(const std::string& config_path, Timestamp slot, bool dry_run,
                         std::optional<Timestamp> deadline = std::nullopt);

}  // namespace tradelet::live
