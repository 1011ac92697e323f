// The engine's Broker port for a live run: what the kernel (engine/kernel.h) submits to when
// it runs a live slot. Over the Alpaca trading client it
//   * stamps each order's deterministic client_order_id (MakeClientOrderId: strategy, slot,
//     symbol, side, leg),
//   * checks it with the broker rules (ValidateOrder, asset flags from GET /v2/assets),
//   * places it exactly once (PlaceExactlyOnce: journal intent, lookup before and after the
//     POST, adopt what an earlier attempt placed),
//   * and reports every order and cancel in the job report (placed / adopted / rejected /
//     unknown / skipped with the reason).
// The portfolio it shows is the reconciled snapshot of the start of the run (live_portfolio.h);
// it is not re-read during the run (a live run has one live step).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/engine/ports.h"
#include "tradelet/live/exactly_once.h"
#include "tradelet/live/job.h"
#include "tradelet/live/live_portfolio.h"

namespace tradelet::live {

struct LiveBrokerOptions {
  std::string strategy_id, run_id;
  Timestamp slot;
  bool dry_run = false;
  Duration max_staleness = std::chrono::minutes(5);
  std::optional<Timestamp> deadline;  // in `clock`'s frame
  PlacerOptions placer;
};

class ExactlyOnceBroker final : public Broker {
 public:
  // `clock` is the job's real clock (staleness, deadline, journal times); every reference must
  // outlive the broker.
  ExactlyOnceBroker(alpaca::AlpacaTradingClient& client, Journal& journal, Clock& clock,
                    LivePortfolio& snapshot, JobReport& report, LiveBrokerOptions options)
      : client_(client),
        journal_(journal),
        clock_(clock),
        snapshot_(snapshot),
        report_(report),
        o_(std::move(options)) {}

  Result<std::string> Submit(const OrderRequest& request, Timestamp now) override;
  Status Cancel(const std::string& order_id, Timestamp now) override;
  Result<Order> GetOrder(const std::string& order_id) const override;
  std::vector<Order> OpenOrders(const Symbol& symbol) const override {
    return snapshot_.OpenOrdersOf(symbol);
  }
  bool HasOpenOrders(const Symbol& symbol) const override {
    return !snapshot_.OpenOrdersOf(symbol).empty();
  }
  Position GetPosition(const Symbol& symbol) const override;
  AccountSnapshot Account() const override { return snapshot_.Account(); }
  void DrainOrderUpdates(std::vector<Order>* out) override;
  void DiscardOrderUpdates() override {}  // kept for the first live step
  double DayStartEquity() const override { return day_start_equity_; }
  const PortfolioView* FastPortfolio() const override { return &snapshot_; }

  // Reconcile's findings: the strategy's orders that changed since the previous slot (delivered
  // once through DrainOrderUpdates) and Alpaca's last_equity.
  void SetPendingUpdates(std::vector<Order> updates) { updates_ = std::move(updates); }
  void SetDayStartEquity(double e) { day_start_equity_ = e; }
  void SetAssets(std::map<std::string, AssetInfo> assets) { assets_ = std::move(assets); }
  // Asset flags (GET /v2/assets/{symbol}); NotFound for a symbol the broker does not know.
  // Other errors leave the defaults (the broker still checks the order).
  Result<AssetInfo> Asset(const std::string& symbol);

  bool ran_out_of_time() const { return ran_out_of_time_; }

 private:
  bool OutOfTime() const { return o_.deadline && clock_.Now() >= *o_.deadline; }

  alpaca::AlpacaTradingClient& client_;
  Journal& journal_;
  Clock& clock_;
  LivePortfolio& snapshot_;
  JobReport& report_;
  LiveBrokerOptions o_;
  std::map<std::string, int> legs_;  // per symbol and side within this slot
  std::map<std::string, AssetInfo> assets_;
  std::vector<Order> updates_;
  double day_start_equity_ = 0;
  bool ran_out_of_time_ = false;
};

// The report line of an order (state and reason are the caller's).
OrderReport DescribeOrder(const OrderRequest& r);

}  // namespace tradelet::live
