// OrderManager: the book of every order a broker knows, keyed by id and client_order_id, with
// each symbol's open orders at hand. All status changes go through the state machine
// (Order::TransitionTo), so an illegal transition is an error, never a silent overwrite. Used
// by the simulated broker as its order store and by the live side to mirror Alpaca's orders.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/order.h"

namespace tradelet {

// Orders in submission order, stored in chunks of kChunk: an append never moves an order
// (pointers and references stay valid), and costs one allocation per chunk instead of one per
// order (a deque holds a single order of this size per node).
class OrderStore {
 public:
  static constexpr size_t kChunk = 256;  // 92 KB: under malloc's mmap threshold

  template <bool kConst>
  class Iter {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Order;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<kConst, const Order*, Order*>;
    using reference = std::conditional_t<kConst, const Order&, Order&>;
    using Store = std::conditional_t<kConst, const OrderStore, OrderStore>;
    Iter() = default;
    Iter(Store* s, size_t i) : s_(s), i_(i) {}
    reference operator*() const { return (*s_)[i_]; }
    pointer operator->() const { return &(*s_)[i_]; }
    Iter& operator++() {
      ++i_;
      return *this;
    }
    Iter operator++(int) { return Iter(s_, i_++); }
    friend bool operator==(const Iter& a, const Iter& b) { return a.i_ == b.i_; }

   private:
    Store* s_ = nullptr;
    size_t i_ = 0;
  };
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;
  using value_type = Order;

  OrderStore() = default;
  // Copies reserve whole chunks too, so appends to a copy never move its orders either.
  OrderStore(const OrderStore& o) {
    for (const Order& x : o) push_back(x);
  }
  OrderStore& operator=(const OrderStore& o) {
    if (this != &o) *this = OrderStore(o);
    return *this;
  }
  OrderStore(OrderStore&& o) noexcept
      : chunks_(std::move(o.chunks_)), size_(std::exchange(o.size_, 0)) {}
  OrderStore& operator=(OrderStore&& o) noexcept {
    chunks_ = std::move(o.chunks_);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Order& operator[](size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  const Order& operator[](size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  Order& front() { return (*this)[0]; }
  const Order& front() const { return (*this)[0]; }
  Order& back() { return (*this)[size_ - 1]; }
  const Order& back() const { return (*this)[size_ - 1]; }
  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  void push_back(Order&& o) {
    if (size_ % kChunk == 0) chunks_.emplace_back().reserve(kChunk);
    chunks_.back().push_back(std::move(o));
    ++size_;
  }
  void push_back(const Order& o) { push_back(Order(o)); }
  Order& emplace_back() {
    if (size_ % kChunk == 0) chunks_.emplace_back().reserve(kChunk);
    ++size_;
    return chunks_.back().emplace_back();
  }
  void pop_back() {
    chunks_.back().pop_back();
    if (--size_ % kChunk == 0) chunks_.pop_back();
  }
  void clear() {
    chunks_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::vector<Order>> chunks_;  // each reserved to kChunk: never reallocated
  size_t size_ = 0;
};

class OrderManager {
 public:
  // Stores a new order. Assigns an id ("o-<n>") when empty and a client_order_id when empty.
  // AlreadyExists if the client_order_id was used before (Alpaca: unique forever).
  Result<std::string> Add(Order order);
  // Add, returning the new order's position in all() instead of its id (no id lookups later).
  Result<size_t> Insert(Order&& order);
  // Insert, building the order in the book (no 360-byte temporary): `init(Order&)` fills in a
  // new order and returns a Status; on any error the order is removed again.
  template <typename Init>
  Result<size_t> Emplace(Init&& init) {
    Status s = init(orders_.emplace_back());
    if (!s.ok()) {
      orders_.pop_back();
      return s;
    }
    return Register();
  }
  // nullptr if unknown. Pointers stay valid for the manager's life (the store never moves them).
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
  const OrderStore& all() const { return orders_; }
  // Empties the book, handing its orders to the caller.
  OrderStore TakeAll() {
    by_id_.clear();
    by_client_id_.clear();
    open_.clear();
    return std::move(orders_);
  }
  size_t size() const { return orders_.size(); }

 private:
  // Assigns the ids of the last order in the store (just appended) and checks that they are
  // unique among the orders before it; removes it on error.
  Result<size_t> Register();
  // IndexOf and FindByClientId among the first `n` orders.
  size_t IndexBelow(const std::string& id, size_t n) const;
  const Order* FindByClientIdBelow(const std::string& client_order_id, size_t n) const;

  OrderStore orders_;  // no reallocation copies as the book grows
  // Ids this book generated ("o-<n>", client "c-o-<n>") map to their index by parsing, so only
  // ids from elsewhere (e.g. Alpaca UUIDs mirrored by the live side) need these maps.
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, size_t> by_client_id_;
  // Orders that were open when last looked at (terminal ones are dropped lazily), so the
  // open-order queries scan a short list instead of the whole book.
  mutable std::vector<size_t> open_;
};

}  // namespace tradelet
