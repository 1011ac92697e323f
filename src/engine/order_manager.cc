#include "tradelet/engine/order_manager.h"

#include <algorithm>
#include <charconv>

namespace tradelet {
namespace {

// "o-<n>" with n in [1, size] -> n - 1, else SIZE_MAX.
size_t ParseGenerated(std::string_view id, std::string_view prefix, size_t size) {
  if (id.size() <= prefix.size() || id.substr(0, prefix.size()) != prefix) return SIZE_MAX;
  size_t n = 0;
  for (char c : id.substr(prefix.size())) {
    if (c < '0' || c > '9' || n > size) return SIZE_MAX;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  return n >= 1 && n <= size ? n - 1 : SIZE_MAX;
}

}  // namespace

size_t OrderManager::IndexBelow(const std::string& id, size_t n) const {
  const size_t g = ParseGenerated(id, "o-", n);
  if (g != SIZE_MAX && orders_[g].id == id) return g;
  auto it = by_id_.find(id);
  return it == by_id_.end() ? SIZE_MAX : it->second;
}

size_t OrderManager::IndexOf(const std::string& id) const { return IndexBelow(id, orders_.size()); }

Result<std::string> OrderManager::Add(Order order) {
  TL_ASSIGN_OR_RETURN(size_t idx, Insert(std::move(order)));
  return orders_[idx].id;
}

Result<size_t> OrderManager::Insert(Order&& order) {
  orders_.push_back(std::move(order));
  return Register();
}

Result<size_t> OrderManager::Register() {
  const size_t idx = orders_.size() - 1;
  Order& order = orders_[idx];
  const bool generated_id = order.id.empty();
  // Generated ids use the order's position, so parsing an id finds its index. Written into a
  // local buffer: no temporaries per order (both fit a string's inline buffer).
  const bool generated_cid = order.client_order_id.empty();
  if (generated_id || generated_cid) {
    char buf[32] = {'c', '-', 'o', '-'};
    const auto end = std::to_chars(buf + 4, buf + sizeof(buf), idx + 1).ptr;
    if (generated_id) order.id.assign(buf + 2, end);
    if (generated_cid && generated_id) {
      order.client_order_id.assign(buf, end);
    } else if (generated_cid) {
      order.client_order_id = "c-" + order.id;
    }
  }
  Status dup;
  if (!generated_id && IndexBelow(order.id, idx) != SIZE_MAX) {
    dup = AlreadyExists("order id " + order.id + " already exists");
  } else if ((!generated_cid || !by_client_id_.empty()) &&
             FindByClientIdBelow(order.client_order_id, idx)) {
    dup = AlreadyExists("client_order_id must be unique: " + order.client_order_id);
  }
  if (!dup.ok()) {
    orders_.pop_back();
    return dup;
  }
  if (!generated_id) by_id_[order.id] = idx;
  if (!generated_cid) by_client_id_[order.client_order_id] = idx;
  if (IsOpen(order.status)) open_.push_back(idx);
  return idx;
}

const Order* OrderManager::Get(const std::string& id) const {
  const size_t i = IndexOf(id);
  return i == SIZE_MAX ? nullptr : &orders_[i];
}

Order* OrderManager::GetMutable(const std::string& id) {
  const size_t i = IndexOf(id);
  return i == SIZE_MAX ? nullptr : &orders_[i];
}

const Order* OrderManager::FindByClientIdBelow(const std::string& cid, size_t n) const {
  const size_t g = ParseGenerated(cid, "c-o-", n);
  if (g != SIZE_MAX && orders_[g].client_order_id == cid) return &orders_[g];
  auto it = by_client_id_.find(cid);
  return it == by_client_id_.end() ? nullptr : &orders_[it->second];
}

const Order* OrderManager::FindByClientId(const std::string& cid) const {
  return FindByClientIdBelow(cid, orders_.size());
}

Status OrderManager::Transition(const std::string& id, OrderStatus to, Timestamp at,
                                std::string reason) {
  const size_t i = IndexOf(id);
  if (i == SIZE_MAX) return NotFound("order not found: " + id);
  return TransitionAt(i, to, at, std::move(reason));
}

Status OrderManager::TransitionAt(size_t index, OrderStatus to, Timestamp at, std::string reason) {
  Order& o = orders_[index];
  TL_RETURN_IF_ERROR(o.TransitionTo(to, at));
  if (!reason.empty()) o.reason = std::move(reason);
  return Status::Ok();
}

const std::vector<size_t>& OrderManager::OpenIndices() {
  std::erase_if(open_, [&](size_t i) { return IsTerminal(orders_[i].status); });
  return open_;
}

std::vector<Order> OrderManager::OpenOrders(const std::string& symbol) const {
  std::vector<Order> out;
  for (size_t i : open_) {
    const Order& o = orders_[i];
    if (o.symbol == symbol && IsOpen(o.status)) out.push_back(o);
  }
  return out;
}

bool OrderManager::HasOpenOrders(const std::string& symbol) const {
  // Trim finished orders first so the scan stays proportional to what is really open.
  std::erase_if(open_, [&](size_t i) { return IsTerminal(orders_[i].status); });
  for (size_t i : open_) {
    if (orders_[i].symbol == symbol) return true;
  }
  return false;
}

}  // namespace tradelet
