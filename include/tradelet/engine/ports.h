// The kernel's ports (DESIGN.md): Clock (base/clock.h), DataFeed and Broker. A backtest wires
// a simulated clock, the historical feed and the simulated broker; a live run (live/job_run.cc)
// wires the bars' clock, a historical feed over the bars fetched from Alpaca for the slot, and
// the exactly-once broker over the Alpaca trading client (live/live_broker.h). The kernel knows
// nothing else.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/model/account.h"
#include "tradelet/model/bar_series.h"
#include "tradelet/model/order.h"
#include "tradelet/model/position.h"
#include "tradelet/strategy/context.h"

namespace tradelet {

// One step of market data: the bars (of many symbols, any intervals) that CLOSE at `decision_time`
// (each bar's start + its own series' interval: the clock is set to it before the strategy runs);
// `bar_start` = decision_time - the feed's shortest interval (every bar's start if all are equal).
struct MarketStep {
  Timestamp bar_start;
  Timestamp decision_time;
  std::vector<uint32_t> symbols;    // symbol indices with a bar in this step, ascending
  std::vector<uint32_t> bar_index;  // index of that bar in the symbol's series (parallel)
  // A bar of this step with a corporate action (a dividend other than 0 or a split other than
  // 1, NaN included), with its values.
  struct Action {
    uint32_t symbol;
    uint32_t bar;
    double dividend;
    double split;
  };
  // When actions_listed, `actions` holds every such bar of this step, in the order of `symbols`:
  // the loop that prepares steps on a second thread lists them there (they read only bars), so
  // the broker need not look in the cold dividend and split columns. Otherwise the broker finds
  // them in the series itself.
  bool actions_listed = false;
  std::vector<Action> actions;
};

class DataFeed {
 public:
  virtual ~DataFeed() = default;
  // Every symbol the feed can ever deliver, in a fixed order (indices are stable).
  virtual const std::vector<const BarSeries*>& series() const = 0;
  // Fills the next step (bars not yet revealed). False when the feed is exhausted.
  virtual bool Next(MarketStep* step) = 0;
  // Makes the step's bars part of history (call after the broker has filled against them).
  virtual void Reveal(const MarketStep& step) = 0;
  // Bars per symbol that are history now (what strategies may read).
  virtual const std::vector<uint32_t>& visible() const = 0;
};

// What a broker knows about a tradable asset (Alpaca's /v2/assets fields that matter).
struct AssetInfo {
  bool tradable = true;
  bool fractionable = true;
  bool shortable = true;
  bool easy_to_borrow = true;
};

class Broker {
 public:
  virtual ~Broker() = default;
  // Validates and accepts an order; returns its broker id. Rejections are errors whose message
  // reads like Alpaca's (e.g. "insufficient buying power").
  virtual Result<std::string> Submit(const OrderRequest& request, Timestamp now) = 0;
  // Submit when the caller already knows the symbol's index in the feed the broker was built
  // over (the kernel does), so a broker keyed by index can skip its own lookup. A broker must
  // not trust a mismatching index: the default ignores it, the simulator checks the name.
  virtual Result<std::string> SubmitIndexed(const OrderRequest& request, uint32_t symbol,
                                            Timestamp now) {
    (void)symbol;
    return Submit(request, now);
  }
  // Requests a cancel (cancels the whole group for bracket/OCO legs' parent). NotFound for an
  // unknown id, FailedPrecondition when the order is no longer open.
  virtual Status Cancel(const std::string& order_id, Timestamp now) = 0;
  virtual Result<Order> GetOrder(const std::string& order_id) const = 0;
  virtual std::vector<Order> OpenOrders(const Symbol& symbol) const = 0;
  virtual bool HasOpenOrders(const Symbol& symbol) const = 0;
  virtual Position GetPosition(const Symbol& symbol) const = 0;
  virtual AccountSnapshot Account() const = 0;
  // Market data reached the broker (the simulator fills against it; a live broker ignores it).
  // Called before the step's bars become history. `feed` gives the series.
  virtual void OnMarketStep(const MarketStep& step, const DataFeed& feed) {
    (void)step, (void)feed;
  }
  // Called after the step's bars are history, to mark positions to market.
  virtual void OnStepClosed(const MarketStep& step, const DataFeed& feed) {
    (void)step, (void)feed;
  }
  // Order events since the last call (fills, cancels, expiries), for the strategy.
  virtual void DrainOrderUpdates(std::vector<Order>* out) { (void)out; }
  // Drops pending order events (the strategy does not want them).
  virtual void DiscardOrderUpdates() {}
  // Equity at the start of the trading day (Alpaca's last_equity), for the daily-loss limit;
  // 0 = unknown: the kernel takes the equity at the first step of each New York day.
  virtual double DayStartEquity() const { return 0; }
  // An index-based view (feed symbol order) that answers without string lookups, if the
  // broker has one; nullptr = the kernel adapts the calls above.
  virtual const PortfolioView* FastPortfolio() const { return nullptr; }
};

}  // namespace tradelet
