#include "tradelet/engine/kernel.h"

#include "kernel_steps.h"

namespace tradelet {
namespace kernel_internal {
namespace {

constexpr uint32_t kNoSymbol = UINT32_MAX;

const PortfolioView& PortfolioOf(const Broker& broker, const PortfolioView& fallback) {
  const PortfolioView* fast = broker.FastPortfolio();
  return fast ? *fast : fallback;
}

}  // namespace

KernelSteps::KernelSteps(Strategy& strategy, const std::vector<const BarSeries*>& series,
                         Broker& broker, Clock& clock, const KernelOptions& options,
                         KernelObserver* observer)
    : strategy_(strategy),
      series_(series),
      broker_(broker),
      clock_(clock),
      options_(options),
      observer_(observer),
      adapter_(broker, series),
      portfolio_(PortfolioOf(broker, adapter_)),
      track_day_(options.risk.max_daily_loss_fraction > 0) {
  for (uint32_t i = 0; i < series.size(); ++i) symbol_index_[series[i]->symbol] = i;
  // A strategy's index hint names the same series as the lookup only if names are unique.
  unique_symbols_ = symbol_index_.size() == series.size();
}

Status KernelSteps::Step(const MarketStep& step, const DataFeed& feed, PreparedStep* prepared) {
  ++stats_.steps;
  stats_.bars += step.symbols.size();
  broker_.OnStepClosed(step, feed);
  if (step.decision_time > clock_.Now()) clock_.SleepUntil(step.decision_time);
  const Timestamp now = clock_.Now();
  if (observer_) observer_->OnStep(step, feed, broker_);
  const bool warmup = step.decision_time < options_.live_from;
  if (track_day_ && !warmup) {
    const CivilDate d = TimeZone::NewYork().ToLocal(step.decision_time).date;
    if (d != day_ || day_start_equity_ <= 0) {
      day_ = d;
      day_start_equity_ = broker_.DayStartEquity();
      if (day_start_equity_ <= 0) day_start_equity_ = portfolio_.Account().equity().ToDouble();
    }
  }

  if (warmup) {
    ++stats_.warmup_steps;
    broker_.DiscardOrderUpdates();
  } else if (strategy_.wants_order_updates()) {
    updates_.clear();
    broker_.DrainOrderUpdates(&updates_);
    for (const Order& o : updates_) strategy_.OnOrderUpdate(o);
  } else {
    broker_.DiscardOrderUpdates();
  }

  batch_.clear();
  StrategyContext ctx(now, &series_, &feed.visible(), step.symbols, &portfolio_);
  if (prepared) {
    strategy_.OnPreparedStep(ctx, *prepared, &batch_);
  } else {
    strategy_.OnStep(ctx, &batch_);
  }
  if (batch_.empty() || warmup) return Status::Ok();  // warm-up orders belong to the past

  for (const std::string& id : batch_.cancel_order_ids) {
    Status s = broker_.Cancel(id, now);
    if (s.ok()) ++stats_.cancels;
  }
  int accepted_this_step = 0;
  const AccountSnapshot account = portfolio_.Account();
  const bool hinted = unique_symbols_ && batch_.submit_symbol.size() == batch_.submit.size();
  for (size_t k = 0; k < batch_.submit.size(); ++k) {
    const OrderRequest& r = batch_.submit[k];
    RiskInput in;
    uint32_t sym = hinted ? batch_.submit_symbol[k] : kNoSymbol;
    if (sym >= series_.size() || series_[sym]->symbol != r.symbol) {
      auto it = symbol_index_.find(r.symbol);
      sym = it == symbol_index_.end() ? kNoSymbol : it->second;
    }
    if (sym != kNoSymbol) {
      const HistoryView h = ctx.history(sym);
      in.reference_price = h.empty() ? 0 : h.last_close();
      in.position_qty = portfolio_.PositionQty(sym);
    }
    in.account = account;
    in.orders_this_step = accepted_this_step;
    in.orders_this_run = accepted_this_run_;
    in.day_start_equity = day_start_equity_;
    Status s = sym == kNoSymbol ? NotFound("symbol " + r.symbol + " is not in the data feed")
                                : CheckPreTradeRisk(r, in, options_.risk);
    if (!s.ok()) {
      ++stats_.orders_rejected;
      ++stats_.orders_refused;
      if (observer_) observer_->OnRefused(r, s, now);
      if (options_.stop_on_reject) return s;
      continue;
    }
    Result<std::string> id = broker_.SubmitIndexed(r, sym, now);
    if (!id.ok()) {
      ++stats_.orders_rejected;
      if (observer_) observer_->OnRejected(r, id.status(), now);
      if (options_.stop_on_reject) return id.status();
      continue;
    }
    ++stats_.orders_accepted;
    ++accepted_this_step;
    ++accepted_this_run_;
    if (observer_) observer_->OnAccepted(r, *id, now);
  }
  return Status::Ok();
}

}  // namespace kernel_internal

Result<KernelStats> RunKernel(Strategy& strategy, DataFeed& feed, Broker& broker, Clock& clock,
                              const KernelOptions& options, KernelObserver* observer) {
  if (options.prepare_ahead && strategy.can_prepare()) {
    return kernel_internal::RunKernelPrepared(strategy, feed, broker, clock, options, observer);
  }
  kernel_internal::KernelSteps k(strategy, feed.series(), broker, clock, options, observer);
  MarketStep step;
  while (feed.Next(&step)) {
    broker.OnMarketStep(step, feed);
    feed.Reveal(step);
    TL_RETURN_IF_ERROR(k.Step(step, feed, nullptr));
  }
  return k.stats();
}

}  // namespace tradelet
