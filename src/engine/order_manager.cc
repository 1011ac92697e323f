#include "tradelet/engine/order_manager.h"

#include <algorithm>

namespace tradelet {

Result<std::string> OrderManager::Add(Order order) {
  if (order.id.empty()) order.id = "o-" + std::to_string(next_id_++);
  if (order.client_order_id.empty()) order.client_order_id = "c-" + order.id;
  if (by_id_.count(order.id)) return AlreadyExists("order id " + order.id + " already exists");
  if (by_client_id_.count(order.client_order_id)) {
    return AlreadyExists("client_order_id must be unique: " + order.client_order_id);
  }
  const size_t idx = orders_.size();
  by_id_[order.id] = idx;
  by_client_id_[order.client_order_id] = idx;
  if (IsOpen(order.status)) {
    ++open_count_[order.symbol];
    open_ids_.push_back(order.id);
  }
  std::string id = order.id;
  orders_.push_back(std::move(order));
  return id;
}

const Order* OrderManager::Get(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &orders_[it->second];
}

Order* OrderManager::GetMutable(const std::string& id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &orders_[it->second];
}

const Order* OrderManager::FindByClientId(const std::string& cid) const {
  auto it = by_client_id_.find(cid);
  return it == by_client_id_.end() ? nullptr : &orders_[it->second];
}

Status OrderManager::Transition(const std::string& id, OrderStatus to, Timestamp at,
                                std::string reason) {
  Order* o = GetMutable(id);
  if (!o) return NotFound("order not found: " + id);
  const bool was_open = IsOpen(o->status);
  TL_RETURN_IF_ERROR(o->TransitionTo(to, at));
  if (!reason.empty()) o->reason = std::move(reason);
  if (was_open && IsTerminal(to)) --open_count_[o->symbol];
  return Status::Ok();
}

const std::vector<std::string>& OrderManager::OpenIds() {
  std::erase_if(open_ids_, [&](const std::string& id) { return IsTerminal(Get(id)->status); });
  return open_ids_;
}

std::vector<Order> OrderManager::OpenOrders(const std::string& symbol) const {
  std::vector<Order> out;
  if (!HasOpenOrders(symbol)) return out;
  for (const std::string& id : open_ids_) {
    const Order* o = Get(id);
    if (o->symbol == symbol && IsOpen(o->status)) out.push_back(*o);
  }
  return out;
}

bool OrderManager::HasOpenOrders(const std::string& symbol) const {
  auto it = open_count_.find(symbol);
  return it != open_count_.end() && it->second > 0;
}

}  // namespace tradelet
