// The account half of a kernel step, shared by the serial loop (kernel.cc) and the loop that
// prepares steps ahead on another thread (kernel_prepared.cc), so both decide alike.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "tradelet/engine/kernel.h"

namespace tradelet::kernel_internal {

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

class KernelSteps {
 public:
  KernelSteps(Strategy& strategy, const std::vector<const BarSeries*>& series, Broker& broker,
              Clock& clock, const KernelOptions& options, KernelObserver* observer);

  // Everything after the step's bars became history (feed.Reveal): marking, the clock, the
  // observer, order updates, the strategy's decision (OnPreparedStep when `prepared` is given,
  // else OnStep) and the gate and broker for each order. `feed` gives the history as of this
  // step. Errors: a rejected order with options.stop_on_reject.
  Status Step(const MarketStep& step, const DataFeed& feed, PreparedStep* prepared);

  const KernelStats& stats() const { return stats_; }

 private:
  Strategy& strategy_;
  const std::vector<const BarSeries*>& series_;
  Broker& broker_;
  Clock& clock_;
  const KernelOptions& options_;
  KernelObserver* observer_;
  BrokerPortfolio adapter_;
  const PortfolioView& portfolio_;
  std::unordered_map<std::string, uint32_t> symbol_index_;
  bool unique_symbols_;
  bool track_day_;
  double day_start_equity_ = 0;
  CivilDate day_{};
  int accepted_this_run_ = 0;
  KernelStats stats_;
  OrderBatch batch_;
  std::vector<Order> updates_;
};

// RunKernel when options.prepare_ahead and strategy.can_prepare(): the feed and the strategy's
// Prepare run on a second thread, up to a few dozen steps ahead of the account.
Result<KernelStats> RunKernelPrepared(Strategy& strategy, DataFeed& feed, Broker& broker,
                                      Clock& clock, const KernelOptions& options,
                                      KernelObserver* observer);

}  // namespace tradelet::kernel_internal
