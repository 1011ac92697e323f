// SimulatedBroker: the Broker port for backtests. Orders are checked by the same Alpaca rules
// as live orders (engine/broker_rules.h), then filled against later bars:
//   - market: the next bar's open (fill_at = open, default) or its close (fill_at = close);
//   - limit/stop/stop-limit/trailing: against the bar's open first (a gap through the price
//     fills at the open, better for limits and worse for stops), then its high/low;
//   - bracket exit legs go live after the entry is completely filled (from the next bar); OCO
//     siblings cancel each other, and when both would fill in one bar the stop-loss wins;
//   - time in force: day expires after its first session, opg fills only on a session's first
//     bar, cls only on its last, ioc fills what it can on one bar, fok all or nothing;
//   - costs: commission (per share + percent + fixed per order, with a per-order minimum),
//     slippage (fixed per share + percent + volume impact), clamped to the bar's range: the
//     FeeModel and SlippageModel of cost_models.h;
//   - a cap on participation in bar volume leaves the rest open (partial fills);
//   - cash or margin account, short sales (margin only), splits and dividends on positions.
// The ledger (cash, positions, realized P&L) is exact Decimal; marks for equity are doubles.
// Files: sim_broker.cc (submission, queries), sim_broker_matching.cc (which orders fill on a
// bar, at what price and size), sim_broker_ledger.cc (what the account can take, fills into
// cash/positions/trades, corporate actions); the two meet at AffordableQty and ExecuteFill.
// Definitions: docs/backtest.md.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "tradelet/backtest/cost_models.h"
#include "tradelet/engine/order_manager.h"
#include "tradelet/engine/ports.h"
#include "tradelet/model/account.h"
#include "tradelet/model/position.h"

namespace tradelet {

enum class FillAt { kOpen, kClose };

struct SimBrokerConfig {
  Money initial_cash = Money::FromInt(100000);
  AccountConfig account;
  FillAt fill_at = FillAt::kOpen;
  CommissionConfig commission;
  SlippageConfig slippage;
  double max_participation = 0;  // fraction of a bar's volume one order may take; 0 = no cap
  bool apply_splits = true;      // needs the series' split column (raw, unadjusted prices)
  bool apply_dividends = true;   // needs the dividend column
  AssetInfo asset;               // the same for every symbol
};

// A closed round trip: from flat to flat (a flip closes one trade and opens another).
struct TradeRecord {
  Symbol symbol;
  bool is_long = true;
  Timestamp entry_time, exit_time;
  Quantity qty;       // largest absolute position during the trade
  Price entry_price;  // average entry price
  Price exit_price;   // average exit price
  Money pnl;          // realized P&L + dividends - commissions
  Money commission;
  Money entry_value;  // sum of |qty x price| of opening fills
  int64_t bars_held = 0;
  bool closed = true;  // false: still open at the end, valued at the last mark
};

struct BrokerTotals {
  Money commission;
  Money dividends;
  double traded_value = 0;  // sum |qty x price| of all fills
  uint64_t fills = 0;
};

class SimulatedBroker final : public Broker {
 public:
  SimulatedBroker(const std::vector<const BarSeries*>& series, SimBrokerConfig config);

  Result<std::string> Submit(const OrderRequest& request, Timestamp now) override;
  Result<std::string> SubmitIndexed(const OrderRequest& request, uint32_t symbol,
                                    Timestamp now) override;
  Status Cancel(const std::string& order_id, Timestamp now) override;
  Result<Order> GetOrder(const std::string& order_id) const override;
  std::vector<Order> OpenOrders(const Symbol& symbol) const override;
  bool HasOpenOrders(const Symbol& symbol) const override;
  Position GetPosition(const Symbol& symbol) const override;
  AccountSnapshot Account() const override;
  void OnMarketStep(const MarketStep& step, const DataFeed& feed) override;
  void OnStepClosed(const MarketStep& step, const DataFeed& feed) override;
  void DrainOrderUpdates(std::vector<Order>* out) override;
  void DiscardOrderUpdates() override { updates_.clear(); }
  const PortfolioView* FastPortfolio() const override { return &view_; }

  // Equity at the latest marks (cash + positions), as a double for analytics.
  double equity() const { return cash_d_ + long_d_ + short_d_; }
  double cash() const { return cash_d_; }
  double gross_exposure() const { return long_d_ - short_d_; }
  Money cash_exact() const { return cash_; }
  const std::vector<Fill>& fills() const { return fills_; }
  const std::vector<TradeRecord>& trades() const { return trades_; }
  const OrderStore& orders() const { return book_.all(); }
  // Moves the order book, fills and closed trades out (the broker is finished with them); for
  // results that outlive the broker without holding two copies.
  OrderStore TakeOrders() { return book_.TakeAll(); }
  std::vector<Fill> TakeFills() { return std::move(fills_); }
  std::vector<TradeRecord> TakeTrades() { return std::move(trades_); }
  const BrokerTotals& totals() const { return totals_; }
  // Trades still open at the end, valued at the last marks (for reports).
  std::vector<TradeRecord> OpenTrades(Timestamp now) const;

 private:
  struct Working {
    size_t idx = 0;  // in book_.all()
    uint32_t sym = 0;
    bool triggered = false;    // stop-limit whose stop was hit
    double trail_mark = 0;     // trailing stop: best price since activation
    int64_t session_day = -1;  // day orders: the session they live in
    bool processed = false;    // saw at least one eligible bar (ioc/fok/opg/cls)
    Money commission_charged;
    Money filled_value;  // sum of qty x price of this order's fills
  };
  struct OpenTrade {
    bool open = false;
    bool is_long = true;
    Timestamp entry_time;
    int64_t entry_bar = 0;
    Quantity max_qty;
    Money entry_value, exit_value;
    Quantity entry_qty, exit_qty;
    Money pnl, commission;
  };
  struct BarData {
    double o, h, l, c, v;
    bool session_open, session_close;
    int64_t day;
    int64_t bar;
    Timestamp time;
  };

  // A bar of a symbol with a corporate action.
  struct Action {
    uint32_t bar;
    double dividend;  // 0 = none
    double split;     // 1 = none
  };

  // Where a working order would fill on a bar before costs (NaN: it does not).
  struct Match {
    double px = 0;
    bool has_limit = false;
    double limit = 0;  // the order's limit when has_limit
  };

  // Matching (sim_broker_matching.cc).
  BarData MakeBar(uint32_t sym, uint32_t bar, bool need_range, bool need_volume) const;
  void ProcessOrders(const MarketStep& step);
  // Tries to fill one working order on bar `b` of its symbol.
  void ProcessOne(Working& w, const BarData& b);
  // Time in force: whether `b` is a bar the order may fill on (a day order past its session
  // is expired here).
  bool SessionAllows(Working& w, const Order& o, const BarData& b);
  // The order's trigger/limit logic on `b` (advances stop-limit triggers and trailing marks).
  Match MatchPrice(Working& w, Order& o, const BarData& b) const;

  // Ledger (sim_broker_ledger.cc).
  // How much of `qty` at `price` the account can take: buys cut to what cash (or margin) pays
  // for, commission included; sells without shorting to the shares held. Sets `refused` (and
  // returns 0) when nothing can fill.
  Quantity AffordableQty(uint32_t sym, bool buy, Quantity qty, Price price, bool whole,
                         const char** refused) const;
  void ExecuteFill(Working& w, Order& o, Quantity qty, Price price, const BarData& b);
  // The round-trip trade of `sym` after a fill of `qty` at `price` that moved the position from
  // `before` (opens, grows, closes or flips it; P&L and commission accrue to it).
  void RecordTrade(uint32_t sym, bool buy, Quantity before, Quantity qty, Price price,
                   Money realized, Money commission, const BarData& b);
  void ApplyCorporateActions(uint32_t sym, const Action& a);
  void StartTrade(OpenTrade& tr, bool is_long, const BarData& b);
  void CloseTrade(uint32_t sym, OpenTrade& tr, const BarData& b);
  void Revalue(uint32_t sym, double old_qty, double old_mark);
  // Submit after the symbol lookup: `sym` is r.symbol's index in series_.
  Result<std::string> SubmitAt(const OrderRequest& r, uint32_t sym, Timestamp now);
  void PublishIdx(size_t idx) { updates_.push_back(idx); }
  // Moves the order at `idx` in the book to a terminal status and publishes it.
  Status FinishAt(size_t idx, OrderStatus to, Timestamp t, std::string why);
  void CancelSiblings(const Order& filled, Quantity filled_qty, Timestamp t);
  Quantity AvailableToSell(uint32_t sym) const;
  // Notional held by open buy orders: a left fold over working_ in order, cached between
  // mutations (Submit only appends, so it folds just the new orders: the same sum, bit for bit).
  double ReservedForBuys() const;
  void InvalidateReserved() const { reserved_upto_ = 0, reserved_sum_ = 0; }
  double ReferencePrice(uint32_t sym) const;

  std::vector<const BarSeries*> series_;
  SimBrokerConfig config_;
  FeeModel fees_;
  SlippageModel slippage_;
  std::unordered_map<std::string, uint32_t> symbol_index_;
  OrderManager book_;
  std::vector<Working> working_;
  std::vector<Position> positions_;
  // positions_[s].qty, dense (8 bytes a symbol): the kernel and strategies ask for it around
  // every order, and a Position (name included) is 48 bytes apart. Kept by Revalue, which
  // follows every change of a position.
  std::vector<Quantity> pos_qty_;
  std::vector<double> qty_d_;  // positions as doubles for fast marking
  std::vector<double> mark_;   // last close per symbol (0 = none yet)
  // Each symbol's latest bar: (step number << 32) | the bar's index, one store per bar. Only
  // the step number's low 32 bits are kept: 4.3 billion steps (136 years of 1-second bars).
  std::vector<uint64_t> seen_;
  uint32_t SeenBar(uint32_t sym) const { return static_cast<uint32_t>(seen_[sym]); }
  bool SeenThisStep(uint32_t sym) const {
    return static_cast<uint32_t>(seen_[sym] >> 32) == static_cast<uint32_t>(step_no_);
  }
  std::vector<OpenTrade> open_trades_;
  Money cash_;
  double cash_d_ = 0, long_d_ = 0, short_d_ = 0;
  std::vector<Fill> fills_;
  std::vector<TradeRecord> trades_;
  std::vector<size_t> updates_;       // order indices with news since the last drain
  mutable size_t reserved_upto_ = 0;  // working_ entries folded into reserved_sum_
  mutable double reserved_sum_ = 0;
  // Corporate actions reach held positions only, so each symbol's are listed on the first step
  // it holds one (from that bar on), with their values: the hot loop compares one index per
  // bar, the rare path reads no cold columns, and a run that never holds a symbol never scans it.
  // Steps that come with their actions listed (MarketStep::actions_listed) use neither.
  struct ActionList {
    std::vector<Action> list;
    size_t next = 0;
    bool scanned = false;
    uint32_t next_bar = 0;  // bar of the next listed action (UINT32_MAX: none; 0: not scanned)
  };
  // Lists the actions of `sym` from bar `from` to the end of its series.
  void ScanActions(uint32_t sym, uint32_t from, ActionList& al) const;
  // Takes the actions of `sym` at `bar` (held position), scanning its list first if needed.
  void TakeCorporateActions(uint32_t sym, uint32_t bar);
  std::vector<ActionList> actions_;
  // Per symbol, the bar from which the step loop must call TakeCorporateActions: its list's
  // next_bar while held, UINT32_MAX while flat (one compare per bar, rarely true). Kept by
  // Revalue (holding changes) and TakeCorporateActions (next_bar changes).
  std::vector<uint32_t> action_gate_;
  void UpdateActionGate(uint32_t sym) {
    action_gate_[sym] = qty_d_[sym] != 0 ? actions_[sym].next_bar : UINT32_MAX;
  }
  std::vector<const double*> close_;  // close column of each symbol
  // IsTerminal(status) as a bit per status, from IsTerminal itself at construction: the order
  // loops test it for every working order, and IsTerminal is a call into another file.
  uint32_t terminal_mask_ = 0;
  bool Terminal(OrderStatus s) const { return (terminal_mask_ >> static_cast<unsigned>(s)) & 1; }
  bool Open(OrderStatus s) const { return !Terminal(s); }
  // Index-based PortfolioView for the kernel (no string lookups on the hot path).
  class View final : public PortfolioView {
   public:
    explicit View(const SimulatedBroker& b) : b_(b) {}
    Quantity PositionQty(size_t s) const override { return b_.pos_qty_[s]; }
    Price AvgEntryPrice(size_t s) const override { return b_.positions_[s].avg_entry_price(); }
    bool HasOpenOrders(size_t s) const override;
    std::vector<Order> OpenOrders(size_t s) const override;
    AccountSnapshot Account() const override { return b_.Account(); }

   private:
    const SimulatedBroker& b_;
  };
  View view_{*this};
  BrokerTotals totals_;
  int64_t step_no_ = 0;
  // The shortest bar interval of any series: a bar that started this long or more before an
  // order was placed cannot fill it (a 5-minute bar already under way at a 1-minute step).
  int64_t finest_ns_ = INT64_MAX;
  bool slippage_on_ = false;  // any slippage configured (fills are then clamped to the bar)
  bool volume_on_ = false;    // volume needed (participation cap or volume impact)
};

}  // namespace tradelet
