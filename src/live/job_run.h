// The parts of a live run once its services are built (internal to the live module): the
// market gate, settling earlier intents, reconciling the broker's account into the pre-slot
// portfolio, the [risk] halt file, and the slot's decision through the kernel (RunKernel, the
// backtest's loop) with the exactly-once broker (live_broker.h). job.cc builds the services.
// Files: job_gate.cc (market gate, halt), job_reconcile.cc (settle, reconcile), job_run.cc
// (Run, the kernel), job_decisions.cc (the decisions report).
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "tradelet/live/job.h"
#include "tradelet/live/live_portfolio.h"
#include "tradelet/model/bar_series.h"

namespace tradelet {
class Strategy;
}  // namespace tradelet

namespace tradelet::live {

// What reconciling found besides the portfolio.
struct Reconciled {
  std::vector<Order> updates;      // this strategy's orders changed since the previous slot
  double last_equity = 0;          // Alpaca's equity at the previous close
  int earlier_attempt_orders = 0;  // orders of this slot an earlier attempt placed (taken out)
};

// Account, positions and open orders (with exit legs under closed parents) into `pf`, as they
// stood before this slot: orders whose client ids belong to this strategy and slot (an earlier
// attempt that faulted or was killed) are left out and their fills undone, so the strategy
// decides exactly as a clean run would and the exactly-once broker adopts those orders.
Status ReconcileBeforeSlot(alpaca::AlpacaTradingClient& trading, const LiveConfig& config,
                           Timestamp slot, LivePortfolio* pf, Reconciled* out);

class JobRun {
 public:
  // `deadline` is in `clock`'s frame.
  JobRun(const LiveConfig& config, JobServices& services, alpaca::AlpacaTradingClient& trading,
         alpaca::AlpacaMarketDataClient& data, Clock& clock, Journal& journal, JobReport& report,
         std::optional<Timestamp> deadline)
      : c_(config),
        s_(services),
        trading_(trading),
        data_(data),
        clock_(clock),
        journal_(journal),
        r_(report),
        deadline_(deadline) {}

  void Run();
  // Asset flags of the configured symbols (CheckSymbolsAtBroker), for the broker rules.
  void SetAssets(std::map<std::string, AssetInfo> assets) { assets_ = std::move(assets); }

 private:
  bool MarketOpen();
  void SettlePending();
  void Halt();
  void Decide(LivePortfolio& portfolio, Reconciled& reconciled);
  // After the kernel ran: each symbol's decision (bars, position, the strategy's insight and
  // target) into the report and the journal, and the strategy's skips (job_decisions.cc).
  void ReportDecisions(const std::vector<std::string>& symbols,
                       const std::vector<BarSeries>& series, const LivePortfolio& portfolio,
                       Strategy& strategy, Timestamp decide_at, Timestamp last_decision,
                       const std::vector<uint32_t>& last_updated);
  void Error(const std::string& what, const Status& s) {
    r_.errors.push_back(what + ": " + s.ToString());
  }

  const LiveConfig& c_;
  JobServices& s_;
  alpaca::AlpacaTradingClient& trading_;
  alpaca::AlpacaMarketDataClient& data_;
  Clock& clock_;
  Journal& journal_;
  JobReport& r_;
  std::optional<Timestamp> deadline_;
  std::map<std::string, AssetInfo> assets_;
  bool ran_out_of_time_ = false;
};

}  // namespace tradelet::live
