// The strategy's PortfolioView over a reconciled broker snapshot (positions, open orders,
// account) taken at the start of a live run, indexed like the run's symbol list. It is the
// portfolio as it stood before the slot: orders an earlier attempt of the same slot placed are
// taken out of it (job_reconcile.cc), so a rerun decides exactly as a clean run would.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tradelet/strategy/context.h"

namespace tradelet::live {

class LivePortfolio final : public PortfolioView {
 public:
  void SetAccount(const AccountSnapshot& a) { account_ = a; }
  AccountSnapshot& account() { return account_; }
  void SetPosition(const std::string& symbol, Quantity qty, Price avg_entry) {
    positions_[symbol] = {qty, avg_entry};
  }
  void AddOpenOrder(const Order& o) { open_[o.symbol].push_back(o); }
  // A strategy's own book on a shared account (job_book.h): its positions replace the
  // account's, and only the open orders `keep` accepts stay.
  void ReplacePositions(std::map<std::string, std::pair<Quantity, Price>> positions) {
    positions_ = std::move(positions);
  }
  void KeepOpenOrders(const std::function<bool(const Order&)>& keep) {
    for (auto it = open_.begin(); it != open_.end();) {
      std::erase_if(it->second, [&](const Order& o) { return !keep(o); });
      it = it->second.empty() ? open_.erase(it) : std::next(it);
    }
  }
  // The symbol order of the strategy's series (index i = symbols[i]).
  void SetSymbols(std::vector<std::string> symbols) { symbols_ = std::move(symbols); }
  // Buying power held by open buy orders (remaining qty x limit price, or x `price(symbol)` for
  // market orders; notional orders by their notional), as the simulated broker holds it.
  void ReserveOpenBuys(const std::function<double(const std::string&)>& price);

  Quantity PositionQty(size_t symbol) const override { return PositionOf(Name(symbol)); }
  Price AvgEntryPrice(size_t symbol) const override {
    auto it = positions_.find(Name(symbol));
    return it == positions_.end() ? Price() : it->second.second;
  }
  bool HasOpenOrders(size_t symbol) const override { return !OpenOrders(symbol).empty(); }
  std::vector<Order> OpenOrders(size_t symbol) const override { return OpenOrdersOf(Name(symbol)); }
  AccountSnapshot Account() const override { return account_; }

  // The same by symbol name (the Broker port's getters).
  Quantity PositionOf(const std::string& symbol) const {
    auto it = positions_.find(symbol);
    return it == positions_.end() ? Quantity() : it->second.first;
  }
  Price AvgEntryOf(const std::string& symbol) const {
    auto it = positions_.find(symbol);
    return it == positions_.end() ? Price() : it->second.second;
  }
  std::vector<Order> OpenOrdersOf(const std::string& symbol) const {
    auto it = open_.find(symbol);
    return it == open_.end() ? std::vector<Order>() : it->second;
  }

 private:
  std::string Name(size_t i) const { return i < symbols_.size() ? symbols_[i] : std::string(); }
  std::vector<std::string> symbols_;
  std::map<std::string, std::pair<Quantity, Price>> positions_;
  std::map<std::string, std::vector<Order>> open_;
  AccountSnapshot account_;
};

}  // namespace tradelet::live
