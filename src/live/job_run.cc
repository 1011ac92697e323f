// One live slot through the kernel (job_run.h): gate, settle, reconcile, halt, decide.
#include "live/job_run.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "live/job_bars.h"
#include "live/job_book.h"
#include "tradelet/engine/historical_feed.h"
#include "tradelet/engine/kernel.h"
#include "tradelet/live/live_broker.h"
#include "tradelet/strategy/config.h"

namespace tradelet::live {
namespace {

using Json = nlohmann::json;

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

std::string DirectionName(InsightDirection d) {
  return d == InsightDirection::kUp ? "up" : d == InsightDirection::kDown ? "down" : "flat";
}

}  // namespace

bool JobRun::MarketOpen() {
  auto clock = trading_.GetClock();
  if (!clock.ok()) {
    Error("market clock", clock.status());
    return false;
  }
  const CivilDate day = TimeZone::NewYork().ToLocal(r_.slot).date;
  auto cal = trading_.GetCalendar(day, day);
  if (!cal.ok()) {
    Error("market calendar", cal.status());
    return false;
  }
  // The slot must fall in today's session: after the open, at most at the close (the 16:00
  // slot decides on the last bar of the day).
  for (const auto& d : *cal) {
    const bool in_session = d.date == day && d.open < r_.slot && r_.slot <= d.close;
    // The clock catches unscheduled closures; at the closing slot it already says closed.
    if (in_session && (clock->is_open || clock->timestamp >= d.close)) return true;
  }
  return false;
}

void JobRun::Halt() {
  // [risk] halt_file: cancel what is open on the run's symbols (this slot's earlier attempts
  // included), send nothing else.
  r_.outcome = "halted";
  r_.errors.push_back("risk.halt_file " + c_.kernel.halt_file +
                      " exists: open orders cancelled, no orders sent");
  auto cancel = [&](const Order& o) {
    if (r_.dry_run) {
      r_.cancels.push_back(o.id + " (dry run: not sent)");
      return;
    }
    Status s = trading_.CancelOrder(o.id);
    r_.cancels.push_back(o.id + (s.ok() ? "" : " (" + s.ToString() + ")"));
  };
  alpaca::ListOrdersQuery q;
  q.status = "open";
  q.limit = 500;
  q.nested = true;
  q.symbols = c_.symbols;
  auto open = trading_.ListOrders(q);
  // Exit legs still working under filled (closed) parents, as reconcile reads them.
  q.status = "closed";
  auto closed = open.ok() ? trading_.ListOrders(q) : open;
  if (!closed.ok()) {
    Error("halt: open orders", closed.status());
    r_.outcome = "failed";
    return;
  }
  // With a book of its own, only its own orders (and their legs): not another strategy's.
  auto others = [&](const alpaca::TradingOrder& t) {
    return c_.own_book && !IsOwnClientOrderId(c_.strategy_id, t.order.client_order_id);
  };
  for (const auto& t : *open) {
    if (!others(t)) cancel(t.order);  // a parent's cancel takes its legs
  }
  for (const auto& t : *closed) {
    if (others(t)) continue;
    for (const auto& leg : t.legs) {
      if (IsOpen(leg.order.status)) cancel(leg.order);
    }
  }
}

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
  const Timestamp last_decision = observer.last_decision;
  const std::vector<uint32_t>& last_updated = observer.last_updated;

  // Per-symbol decisions with the numbers behind them.
  std::map<uint32_t, Json> decisions;
  for (uint32_t i = 0; i < symbols.size(); ++i) {
    Json d = {{"symbol", symbols[i]},
              {"bars", series[i].size()},
              {"position", portfolio.PositionQty(i).ToString()},
              {"has_open_orders", portfolio.HasOpenOrders(i)}};
    if (!series[i].empty()) {
      d["last_bar_start"] = FormatTimestamp(series[i].time(series[i].size() - 1));
      d["last_close"] = series[i].close.back();
    }
    d["decided_at_this_slot"] =
        last_decision == decide_at &&
        std::find(last_updated.begin(), last_updated.end(), i) != last_updated.end();
    decisions[i] = d;
  }
  if (auto* fw = dynamic_cast<FrameworkStrategy*>(strategy->get())) {
    for (const Insight& in : fw->last_insights()) {
      Json& d = decisions[in.symbol];
      d["insight"] = {{"direction", DirectionName(in.direction)},
                      {"magnitude", in.magnitude},
                      {"confidence", in.confidence},
                      {"reference_price", in.reference_price},
                      {"source", in.source}};
      if (in.band_mid) {
        d["insight"]["forecast"] = {
            {"lower", *in.band_lower}, {"mid", *in.band_mid}, {"upper", *in.band_upper}};
      }
    }
    for (const PortfolioTarget& t : fw->last_targets()) {
      decisions[t.symbol]["target_qty"] = t.qty.ToString();
    }
  }
  if (last_decision == decide_at) {
    for (StrategySkip& k : (*strategy)->SkipsAt(decide_at)) {
      r_.skips.push_back({std::move(k.symbol), std::move(k.reason), "strategy"});
    }
  } else {
    // Every step was warm-up, so nothing was placed: say so with its own outcome, not "ok".
    if (r_.outcome == "ok") r_.outcome = "stale_bars";
    r_.errors.push_back("latest closed bar ends at " + FormatTimestamp(last_decision) +
                        ", not at the slot " + FormatTimestamp(r_.slot) +
                        "; no orders from stale data");
  }
  for (auto& [i, d] : decisions) {
    const std::string text = d.dump();
    r_.decisions_json.push_back(text);
    if (Status s = journal_.RecordDecision(r_.run_id, symbols[i], text); !s.ok()) {
      Error("journal", s);
    }
  }
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
