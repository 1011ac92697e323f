#include "tradelet/engine/kernel.h"

#include <string>
#include <unordered_map>

namespace tradelet {
namespace {

constexpr uint32_t kNoSymbol = UINT32_MAX;

// PortfolioView over the Broker port, by the feed's symbol indices.
class BrokerPortfolio final : public PortfolioView {
 public:
  BrokerPortfolio(const Broker& broker, const std::vector<const BarSeries*>& series)
      : broker_(broker), series_(series) {}
  Quantity PositionQty(size_t s) const override { return broker_.GetPosition(Sym(s)).qty; }
  Price AvgEntryPrice(size_t s) const override {
    return broker_.GetPosition(Sym(s)).avg_entry_price();
  }
  bool HasOpenOrders(size_t s) const override { return broker_.HasOpenOrders(Sym(s)); }
  std::vector<Order> OpenOrders(size_t s) const override { return broker_.OpenOrders(Sym(s)); }
  AccountSnapshot Account() const override { return broker_.Account(); }

 private:
  const Symbol& Sym(size_t s) const { return series_[s]->symbol; }
  const Broker& broker_;
  const std::vector<const BarSeries*>& series_;
};

}  // namespace

Result<KernelStats> RunKernel(Strategy& strategy, DataFeed& feed, Broker& broker, Clock& clock,
                              const KernelOptions& options, KernelObserver* observer) {
  KernelStats stats;
  MarketStep step;
  OrderBatch batch;
  std::vector<Order> updates;
  const std::vector<const BarSeries*>& series = feed.series();
  BrokerPortfolio adapter(broker, series);
  const PortfolioView* fast = broker.FastPortfolio();
  const PortfolioView& portfolio = fast ? *fast : adapter;
  std::unordered_map<std::string, uint32_t> symbol_index;
  for (uint32_t i = 0; i < series.size(); ++i) symbol_index[series[i]->symbol] = i;
  // A strategy's index hint names the same series as the lookup only if names are unique.
  const bool unique_symbols = symbol_index.size() == series.size();
  const bool track_day = options.risk.max_daily_loss_fraction > 0;
  double day_start_equity = 0;
  CivilDate day{};
  int accepted_this_run = 0;

  while (feed.Next(&step)) {
    ++stats.steps;
    stats.bars += step.symbols.size();
    broker.OnMarketStep(step, feed);
    feed.Reveal(step);
    broker.OnStepClosed(step, feed);
    if (step.decision_time > clock.Now()) clock.SleepUntil(step.decision_time);
    const Timestamp now = clock.Now();
    if (observer) observer->OnStep(step, feed, broker);
    const bool warmup = step.decision_time < options.live_from;
    if (track_day && !warmup) {
      const CivilDate d = TimeZone::NewYork().ToLocal(step.decision_time).date;
      if (d != day || day_start_equity <= 0) {
        day = d;
        day_start_equity = broker.DayStartEquity();
        if (day_start_equity <= 0) day_start_equity = portfolio.Account().equity().ToDouble();
      }
    }

    if (warmup) {
      ++stats.warmup_steps;
      broker.DiscardOrderUpdates();
    } else if (strategy.wants_order_updates()) {
      updates.clear();
      broker.DrainOrderUpdates(&updates);
      for (const Order& o : updates) strategy.OnOrderUpdate(o);
    } else {
      broker.DiscardOrderUpdates();
    }

    batch.clear();
    StrategyContext ctx(now, &series, &feed.visible(), step.symbols, &portfolio);
    strategy.OnStep(ctx, &batch);
    if (batch.empty() || warmup) continue;  // warm-up orders belong to the past

    for (const std::string& id : batch.cancel_order_ids) {
      Status s = broker.Cancel(id, now);
      if (s.ok()) ++stats.cancels;
    }
    int accepted_this_step = 0;
    const AccountSnapshot account = portfolio.Account();
    const bool hinted = unique_symbols && batch.submit_symbol.size() == batch.submit.size();
    for (size_t k = 0; k < batch.submit.size(); ++k) {
      const OrderRequest& r = batch.submit[k];
      RiskInput in;
      uint32_t sym = hinted ? batch.submit_symbol[k] : kNoSymbol;
      if (sym >= series.size() || series[sym]->symbol != r.symbol) {
        auto it = symbol_index.find(r.symbol);
        sym = it == symbol_index.end() ? kNoSymbol : it->second;
      }
      if (sym != kNoSymbol) {
        const HistoryView h = ctx.history(sym);
        in.reference_price = h.empty() ? 0 : h.last_close();
        in.position_qty = portfolio.PositionQty(sym);
      }
      in.account = account;
      in.orders_this_step = accepted_this_step;
      in.orders_this_run = accepted_this_run;
      in.day_start_equity = day_start_equity;
      Status s = sym == kNoSymbol ? NotFound("symbol " + r.symbol + " is not in the data feed")
                                  : CheckPreTradeRisk(r, in, options.risk);
      if (!s.ok()) {
        ++stats.orders_rejected;
        ++stats.orders_refused;
        if (observer) observer->OnRefused(r, s, now);
        if (options.stop_on_reject) return s;
        continue;
      }
      Result<std::string> id = broker.SubmitIndexed(r, sym, now);
      if (!id.ok()) {
        ++stats.orders_rejected;
        if (observer) observer->OnRejected(r, id.status(), now);
        if (options.stop_on_reject) return id.status();
        continue;
      }
      ++stats.orders_accepted;
      ++accepted_this_step;
      ++accepted_this_run;
      if (observer) observer->OnAccepted(r, *id, now);
    }
  }
  return stats;
}

}  // namespace tradelet
