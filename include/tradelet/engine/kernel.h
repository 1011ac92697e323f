// The kernel: drives one strategy through the Clock, DataFeed and Broker ports.
//
// Per step (one bar start time, any number of symbols):
//   1. feed.Next: the step's bars, not yet history;
//   2. broker.OnMarketStep: orders placed at earlier steps fill against these bars;
//   3. feed.Reveal: the bars become history; broker.OnStepClosed marks to market;
//   4. clock moves to the bars' close; the strategy sees history up to and including these
//      bars and returns cancels and orders; each order passes the pre-trade risk gate and the
//      broker's rules; accepted orders can fill from the NEXT step on.
// So a decision at bar t only sees data up to t and fills on later prices (no look-ahead).
#pragma once

#include <cstdint>
#include <vector>

#include "tradelet/base/clock.h"
#include "tradelet/engine/ports.h"
#include "tradelet/engine/risk_gate.h"
#include "tradelet/strategy/framework.h"

namespace tradelet {

class KernelObserver {
 public:
  virtual ~KernelObserver() = default;
  // After step 3 (bars are history, positions marked), before the strategy decides.
  virtual void OnStep(const MarketStep& step, const DataFeed& feed, const Broker& broker) {
    (void)step, (void)feed, (void)broker;
  }
  // An order the risk gate or the broker refused.
  virtual void OnRejected(const OrderRequest& r, const Status& why, Timestamp at) {
    (void)r, (void)why, (void)at;
  }
  virtual void OnAccepted(const OrderRequest& r, const std::string& order_id, Timestamp at) {
    (void)r, (void)order_id, (void)at;
  }
};

struct KernelOptions {
  RiskLimits risk;
  // Stop at the first refused order instead of recording it and going on.
  bool stop_on_reject = false;
};

struct KernelStats {
  uint64_t steps = 0;
  uint64_t bars = 0;
  uint64_t orders_accepted = 0;
  uint64_t orders_rejected = 0;
  uint64_t cancels = 0;
};

// Runs until the feed is exhausted. Errors: a rejected order with stop_on_reject.
Result<KernelStats> RunKernel(Strategy& strategy, DataFeed& feed, Broker& broker, Clock& clock,
                              const KernelOptions& options, KernelObserver* observer = nullptr);

}  // namespace tradelet
