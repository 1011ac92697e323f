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
//
// Backtest, paper and live run this same loop; they differ only in the feed and the broker
// wired at the composition root. A live run replays its lookback as warm-up steps
// (KernelOptions::live_from): the strategy builds its state on them, but their orders belong
// to the past and are dropped before the gate; only the step at the slot sends orders.
#pragma once

#include <cstdint>
#include <string>
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
  // An order the broker refused (its rules, buying power, ...).
  virtual void OnRejected(const OrderRequest& r, const Status& why, Timestamp at) {
    (void)r, (void)why, (void)at;
  }
  // An order the pre-trade risk gate refused (never sent); `why` names the limit
  // (RiskLimitOf). By default reported like a broker rejection.
  virtual void OnRefused(const OrderRequest& r, const Status& why, Timestamp at) {
    OnRejected(r, why, at);
  }
  virtual void OnAccepted(const OrderRequest& r, const std::string& order_id, Timestamp at) {
    (void)r, (void)order_id, (void)at;
  }
};

struct KernelOptions {
  RiskLimits risk;
  // Stop at the first refused order instead of recording it and going on.
  bool stop_on_reject = false;
  // Steps that decide before this instant are warm-up: the strategy runs on them (to build
  // its state) but their cancels and orders are dropped, unseen by the gate and the broker,
  // and no order updates are delivered. Default: every step is live (a backtest).
  Timestamp live_from = Timestamp::Min();
  // [risk] halt_file: while this file exists a live run cancels its open orders and exits
  // (the live job checks it before the kernel runs; a backtest ignores it).
  std::string halt_file;
  // Run the feed and the strategy's data-only stages (Strategy::Prepare) on a second thread, up
  // to a few dozen steps ahead of the account, when the strategy can_prepare(). Same decisions
  // as the serial loop. Only for a feed whose bars are all known in advance and a simulated
  // clock (a backtest): the broker and observer then see the feed as of after the step's
  // Reveal, and the clock must read each step's decision time.
  bool prepare_ahead = false;
};

struct KernelStats {
  uint64_t steps = 0;
  uint64_t bars = 0;
  uint64_t orders_accepted = 0;
  uint64_t orders_rejected = 0;  // by the gate or the broker
  uint64_t orders_refused = 0;   // of those, by the risk gate
  uint64_t cancels = 0;
  uint64_t warmup_steps = 0;
};

// Runs until the feed is exhausted. Errors: a rejected order with stop_on_reject.
Result<KernelStats> RunKernel(Strategy& strategy, DataFeed& feed, Broker& broker, Clock& clock,
                              const KernelOptions& options, KernelObserver* observer = nullptr);

}  // namespace tradelet
