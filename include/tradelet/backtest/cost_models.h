// Trading costs of the simulated broker as two small value types, each built from its config:
//   - FeeModel: commission per order = fixed + per share x filled qty + percent x filled value,
//     at least the per-order minimum; partial fills are charged the increase, so they add up to
//     exactly the per-order formula;
//   - SlippageModel: per share, fixed + percent x price + volume impact x price x (fill qty /
//     bar volume)^2, against the trader, and the moved price kept inside the bar's range.
// The matching code (sim_broker_matching.cc) prices fills with SlippageModel and sizes buys
// with FeeModel's affordability terms; the ledger (sim_broker_ledger.cc) charges FeeModel's
// commission. Header-only: they run once per fill in the backtest kernel. Definitions:
// docs/backtest.md ("Costs").
#pragma once

#include <algorithm>

#include "tradelet/model/decimal.h"

namespace tradelet {

struct CommissionConfig {
  Money per_share;  // e.g. 0.005
  Decimal percent;  // fraction of traded value, e.g. 0.001 = 0.1 %
  Money fixed;      // per order
  Money minimum;    // per order (0 = none)
};

struct SlippageConfig {
  double fixed = 0;          // dollars per share
  double percent = 0;        // fraction of price, e.g. 0.0005 = 5 bps
  double volume_impact = 0;  // price x impact x (fill qty / bar volume)^2
};

class FeeModel {
 public:
  FeeModel() : FeeModel(CommissionConfig{}) {}
  explicit FeeModel(const CommissionConfig& c)
      : c_(c),
        percent_(c.percent.ToDouble()),
        per_share_(c.per_share.ToDouble()),
        per_order_(std::max(c.fixed.ToDouble(), c.minimum.ToDouble())) {}

  // Commission of a whole order that has filled `filled_qty` shares worth `filled_value`
  // (sum of qty x price of its fills) so far. Exact.
  Money OrderTotal(Quantity filled_qty, Money filled_value) const {
    Money total = c_.fixed + c_.per_share * filled_qty + filled_value * c_.percent;
    if (total < c_.minimum) total = c_.minimum;
    return total;
  }
  // For sizing a buy against the cash it may spend (doubles): the cost of one more share at
  // `price` (price, percent commission, per-share commission) and the part charged once per
  // order (the larger of fixed and minimum).
  double PerShareCost(double price) const { return price * (1 + percent_) + per_share_; }
  double PerOrderCost() const { return per_order_; }

 private:
  CommissionConfig c_;
  double percent_, per_share_, per_order_;
};

class SlippageModel {
 public:
  SlippageModel() = default;
  explicit SlippageModel(const SlippageConfig& c) : c_(c) {}

  // Any slippage configured: fills then need the bar's range (they are clamped to it).
  bool enabled() const { return c_.fixed != 0 || c_.percent != 0 || c_.volume_impact != 0; }
  // The volume impact needs the bar's volume.
  bool needs_volume() const { return c_.volume_impact != 0; }

  // Per-share slippage of a fill of `qty` shares at `px` in a bar that traded `bar_volume`
  // (not > 0, NaN included: no volume impact).
  double Amount(double px, double qty, double bar_volume) const {
    const double vol_frac = bar_volume > 0 ? qty / bar_volume : 0;
    return c_.fixed + px * c_.percent + px * c_.volume_impact * vol_frac * vol_frac;
  }
  // `px` moved against the trader (up for buys, down for sells) by Amount and, when it moved,
  // clamped to the bar's [low, high]. A limit is the caller's to apply afterwards.
  double FillPrice(bool buy, double px, double qty, double bar_volume, double low,
                   double high) const {
    const double slip = Amount(px, qty, bar_volume);
    double fpx = buy ? px + slip : px - slip;
    if (slip != 0) fpx = std::clamp(fpx, low, high);
    return fpx;
  }

 private:
  SlippageConfig c_;
};

}  // namespace tradelet
