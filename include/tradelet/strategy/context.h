// What a strategy sees at a decision: the time, a read-only history of every symbol up to now
// (never beyond), its positions, open orders and account. The kernel fills it; strategies never
// touch the feed or the broker directly, which is what makes look-ahead impossible by
// construction: HistoryView ends at the last bar that has closed, and reading past the end
// aborts (TL_CHECK) instead of returning the future.
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

namespace tradelet {

// The first `size()` bars of one symbol: everything that has closed at the decision time.
class HistoryView {
 public:
  HistoryView() = default;
  HistoryView(const BarSeries* series, size_t visible) : s_(series), n_(visible) {}

  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const Symbol& symbol() const { return s_->symbol; }
  BarInterval interval() const { return s_->interval; }
  // REQUIRES (checked): i < size(). Index 0 is the oldest bar.
  double open(size_t i) const { return s_->open[Check(i)]; }
  double high(size_t i) const { return s_->high[Check(i)]; }
  double low(size_t i) const { return s_->low[Check(i)]; }
  double close(size_t i) const { return s_->close[Check(i)]; }
  double volume(size_t i) const { return s_->volume[Check(i)]; }
  Timestamp time(size_t i) const { return s_->time(Check(i)); }
  // Adjusted close when the source has one, else the close.
  double adj_close(size_t i) const {
    return s_->adj_close.empty() ? close(i) : s_->adj_close[Check(i)];
  }
  Bar bar(size_t i) const { return s_->at(Check(i)); }
  // REQUIRES: !empty().
  double last_close() const { return close(n_ - 1); }
  Timestamp last_time() const { return time(n_ - 1); }
  // Contiguous columns of the visible bars only.
  std::span<const double> closes() const { return {s_->close.data(), n_}; }
  std::span<const double> opens() const { return {s_->open.data(), n_}; }
  std::span<const double> highs() const { return {s_->high.data(), n_}; }
  std::span<const double> lows() const { return {s_->low.data(), n_}; }
  std::span<const double> volumes() const { return {s_->volume.data(), n_}; }
  // The adjusted closes when the source has them, else the closes.
  std::span<const double> adj_closes() const {
    return s_->adj_close.empty() ? closes() : std::span<const double>{s_->adj_close.data(), n_};
  }
  std::span<const int64_t> times_ns() const { return {s_->time_ns.data(), n_}; }

 private:
  size_t Check(size_t i) const {
    TL_CHECK(i < n_);  // a read past "now" is a look-ahead bug in the strategy
    return i;
  }
  const BarSeries* s_ = nullptr;
  size_t n_ = 0;
};

// The strategy's window on its broker account, by symbol index. Implemented by the kernel over
// the Broker port (simulated or live).
class PortfolioView {
 public:
  virtual ~PortfolioView() = default;
  virtual Quantity PositionQty(size_t symbol) const = 0;
  virtual Price AvgEntryPrice(size_t symbol) const = 0;
  virtual bool HasOpenOrders(size_t symbol) const = 0;
  // Open orders (including held bracket legs) of one symbol.
  virtual std::vector<Order> OpenOrders(size_t symbol) const = 0;
  virtual AccountSnapshot Account() const = 0;
};

// Everything a stage may read at one decision. Cheap to build (pointers only).
class StrategyContext {
 public:
  StrategyContext(Timestamp now, const std::vector<const BarSeries*>* series,
                  const std::vector<uint32_t>* visible, std::span<const uint32_t> updated,
                  const PortfolioView* portfolio)
      : now_(now), series_(series), visible_(visible), updated_(updated), portfolio_(portfolio) {}

  // The decision time: the END of the latest bars (their closes are known).
  Timestamp now() const { return now_; }
  size_t symbol_count() const { return series_->size(); }
  const Symbol& symbol(size_t i) const { return (*series_)[i]->symbol; }
  // Index of `symbol`, or symbol_count() if unknown (linear; call outside hot loops).
  size_t FindSymbol(std::string_view symbol) const;
  HistoryView history(size_t i) const { return HistoryView((*series_)[i], (*visible_)[i]); }
  // Symbols whose bar closed at this step, ascending.
  std::span<const uint32_t> updated() const { return updated_; }
  const PortfolioView& portfolio() const { return *portfolio_; }

 private:
  Timestamp now_;
  const std::vector<const BarSeries*>* series_;
  const std::vector<uint32_t>* visible_;
  std::span<const uint32_t> updated_;
  const PortfolioView* portfolio_;
};

// What a strategy hands to the kernel at one decision. Cancels run before submissions, so a
// strategy can free shares held by exit legs and sell them in the same step.
struct OrderBatch {
  std::vector<std::string> cancel_order_ids;
  std::vector<OrderRequest> submit;
  // Optional, parallel to `submit`: each order's symbol index, when the strategy knows it (the
  // kernel then skips a lookup by name; it checks the index against the name). Ignored unless
  // it has one entry per order.
  std::vector<uint32_t> submit_symbol;
  void clear() {
    cancel_order_ids.clear();
    submit.clear();
    submit_symbol.clear();
  }
  bool empty() const { return cancel_order_ids.empty() && submit.empty(); }
};

}  // namespace tradelet
