// One live slot through the kernel (job_run.h): settle, reconcile, decide. The gate and the
// halt are in job_gate.cc, the per-symbol decisions report in job_decisions.cc.
#include "live/job_run.h"

#include <filesystem>
#include <map>

#include "live/job_bars.h"
#include "live/job_book.h"
#include "tradelet/engine/historical_feed.h"
#include "tradelet/engine/kernel.h"
#include "tradelet/live/live_broker.h"
#include "tradelet/strategy/config.h"

namespace tradelet::live {
namespace {

// What the live run needs from the kernel: the last step it saw, and the orders the gate
// refused (the broker reports its own).
class LiveObserver final : public KernelObserver {
 public:
  explicit LiveObserver(JobReport& report) : r_(report) {}
  void OnStep(const MarketStep& step, const DataFeed&, const Broker&) override {
    last_decision = step.decision_time;
    last_updated = step.symbols;
  }
  void OnRefused(const OrderRequest& req, const Status& why, Timestamp) override {
    OrderReport rep = DescribeOrder(req);
    rep.state = "refused";
    rep.reason = why.message();  // starts with the limit's name
    r_.orders.push_back(std::move(rep));
  }
  void OnRejected(const OrderRequest&, const Status&, Timestamp) override {}

  Timestamp last_decision = Timestamp::Min();
  std::vector<uint32_t> last_updated;

 private:
  JobReport& r_;
};

}  // namespace

void JobRun::Decide(LivePortfolio& portfolio, Reconciled& reconciled) {
  std::vector<std::string> symbols;
  std::vector<BarSeries> series;
  Timestamp decide_at = r_.slot;  // when the bar ending at the slot is decided (job_bars.h)
  if (Status s = LoadSlotBars(data_, c_, r_.slot, &symbols, &series, &r_, &decide_at); !s.ok()) {
    Error("bars", s);
    r_.outcome = "failed";
    return;
  }
  if (series.empty()) {
    r_.outcome = "no_data";
    return;
  }
  std::vector<const BarSeries*> ptrs;
  std::map<std::string, double> last_close;
  for (const auto& s : series) {
    ptrs.push_back(&s);
    if (!s.empty()) last_close[s.symbol] = s.close.back();
  }
  auto strategy = MakeStrategy(c_.strategy);
  if (!strategy.ok()) {
    Error("strategy", strategy.status());
    r_.outcome = "failed";
    return;
  }
  portfolio.SetSymbols(symbols);
  portfolio.ReserveOpenBuys([&](const std::string& sym) {
    auto it = last_close.find(sym);
    return it == last_close.end() ? 0.0 : it->second;
  });
  LiveBrokerOptions bo;
  bo.strategy_id = c_.strategy_id;
  bo.run_id = r_.run_id;
  bo.slot = r_.slot;
  bo.dry_run = r_.dry_run;
  bo.max_staleness = c_.max_staleness;
  bo.deadline = deadline_;
  bo.placer = s_.placer;
  ExactlyOnceBroker broker(trading_, journal_, clock_, portfolio, r_, bo);
  broker.SetPendingUpdates(std::move(reconciled.updates));
  broker.SetDayStartEquity(reconciled.last_equity);
  broker.SetAssets(assets_);
  HistoricalFeed feed(ptrs);
  // The kernel's clock is the bars' time (each step decides at its bar's close, as in a
  // backtest); the broker keeps the real clock for staleness and the deadline.
  SimulatedClock bar_clock(Timestamp::Min());
  KernelOptions options = c_.kernel;
  options.live_from = decide_at;  // earlier steps are warm-up: their orders belong to the past
  LiveObserver observer(r_);
  auto stats = RunKernel(**strategy, feed, broker, bar_clock, options, &observer);
  if (!stats.ok()) Error("risk.stop_on_reject", stats.status());
  ran_out_of_time_ = broker.ran_out_of_time();
  ReportDecisions(symbols, series, portfolio, **strategy, decide_at, observer.last_decision,
                  observer.last_updated);
}

void JobRun::Run() {
  std::error_code ec;
  if (!c_.kernel.halt_file.empty() && std::filesystem::exists(c_.kernel.halt_file, ec)) {
    Halt();  // whatever the market does
    return;
  }
  if (c_.market_gate && !MarketOpen()) {
    r_.outcome = r_.errors.empty() ? "market_closed" : "failed";
    return;
  }
  SettlePending();
  LivePortfolio portfolio;
  Reconciled reconciled;
  if (Status s = ReconcileBeforeSlot(trading_, c_, r_.slot, &portfolio, &reconciled); !s.ok()) {
    r_.errors.push_back(s.ToString());
    r_.outcome = "failed";
    return;
  }
  if (c_.own_book) {  // the strategy's own positions, orders and cash (job_book.h)
    if (Status s =
            ApplyOwnBook(trading_, journal_, c_, r_.slot, &portfolio, &r_, &reconciled.last_equity);
        !s.ok()) {
      r_.errors.push_back(s.ToString());
      r_.outcome = "failed";
      return;
    }
  }
  if (reconciled.earlier_attempt_orders > 0) {
    r_.warnings.push_back(std::to_string(reconciled.earlier_attempt_orders) +
                          " order(s) of this slot from an earlier attempt: decided as if they "
                          "were not there, then adopted by client_order_id");
  }
  Decide(portfolio, reconciled);
  if ((r_.has_unknown() || ran_out_of_time_) && r_.outcome == "ok") r_.outcome = "incomplete";
  if (ran_out_of_time_) {
    r_.errors.push_back("deadline " + FormatTimestamp(*deadline_) +
                        " passed before every order was sent; the rest were skipped");
  }
}

}  // namespace tradelet::live
