// OrderManager: the book of every order a broker knows, keyed by id and client_order_id, with
// each symbol's open orders at hand. All status changes go through the state machine
// (Order::TransitionTo), so an illegal transition is an error, never a silent overwrite. Used
// by the simulated broker as its order store and by the live side to mirror Alpaca's orders.
#pragma once

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/order.h"

namespace tradelet {

class OrderManager {
 public:
  // Stores a new order. Assigns an id ("o-<n>") when empty and a client_order_id when empty.
  // AlreadyExists if the client_order_id was used before (Alpaca: unique forever).
  Result<std::string> Add(Order order);
  // Add, returning the new order's position in all() instead of its id (no id lookups later).
  Result<size_t> Insert(Order&& order);
  // nullptr if unknown. Pointers stay valid for the manager's life (a deque never moves them).
  const Order* Get(const std::string& id) const;
  Order* GetMutable(const std::string& id);
  // Position of an order in all() (stable); SIZE_MAX if unknown.
  size_t IndexOf(const std::string& id) const;
  const Order& at(size_t index) const { return orders_[index]; }
  Order& at(size_t index) { return orders_[index]; }
  const Order* FindByClientId(const std::string& client_order_id) const;
  // Moves an order through the state machine; errors for unknown ids or illegal transitions.
  Status Transition(const std::string& id, OrderStatus to, Timestamp at, std::string reason = "");
  // The same by position in all(). REQUIRES: index < size().
  Status TransitionAt(size_t index, OrderStatus to, Timestamp at, std::string reason = "");
  // Indices (into all()) of open orders, in submission order.
  const std::vector<size_t>& OpenIndices();
  std::vector<Order> OpenOrders(const std::string& symbol) const;
  bool HasOpenOrders(const std::string& symbol) const;
  // Every order ever added, in submission order (orders.csv).
  const std::deque<Order>& all() const { return orders_; }
  // Empties the book, handing its orders to the caller.
  std::deque<Order> TakeAll() {
    by_id_.clear();
    by_client_id_.clear();
    open_.clear();
    return std::move(orders_);
  }
  size_t size() const { return orders_.size(); }

 private:
  std::deque<Order> orders_;  // no reallocation copies as the book grows
  // Ids this book generated ("o-<n>", client "c-o-<n>") map to their index by parsing, so only
  // ids from elsewhere (e.g. Alpaca UUIDs mirrored by the live side) need these maps.
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, size_t> by_client_id_;
  // Orders that were open when last looked at (terminal ones are dropped lazily), so the
  // open-order queries scan a short list instead of the whole book.
  mutable std::vector<size_t> open_;
};

}  // namespace tradelet
