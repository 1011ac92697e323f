// The simulated broker: construction, account and buying-power queries, order submission
// (validation by the shared broker rules) and cancellation. Matching is in
// sim_broker_matching.cc, the ledger in sim_broker_ledger.cc.
#include "tradelet/backtest/sim_broker.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tradelet/engine/broker_rules.h"

namespace tradelet {

namespace {

// Alpaca's 403s at submission: buying power for buys and short sales (at the limit price, the
// stop if higher than the last price, else the last price `ref`), the quantity available to sell
// (`available_to_sell()`, asked only for sells), permission to short.
template <typename AvailableFn>
Status CheckAffordable(const OrderRequest& r, double ref, double pos, double bp,
                       const SimBrokerConfig& config, AvailableFn available_to_sell) {
  const double est = r.limit_price  ? r.limit_price->ToDouble()
                     : r.stop_price ? std::max(r.stop_price->ToDouble(), ref)
                                    : ref;
  const double qty = r.notional ? r.notional->ToDouble() / est : r.qty.ToDouble();
  const bool exit_only = r.order_class == OrderClass::kOco;
  if (r.side == OrderSide::kBuy) {
    const double opening = qty - std::min(qty, std::max(0.0, -pos));
    if (!exit_only && opening * est > bp + 1e-6) {
      return PermissionDenied("insufficient buying power (order " + std::to_string(opening * est) +
                              ", available " + std::to_string(bp) + ")");
    }
  } else {
    const double avail = available_to_sell();
    if (qty > avail + 1e-9) {
      if (!config.account.allow_short) {
        if (pos > 0 || avail < pos) {
          return PermissionDenied("insufficient qty available for order (requested: " +
                                  Decimal::FromDouble(qty).ToString() + ", available: " +
                                  Decimal::FromDouble(std::max(0.0, avail)).ToString() + ")");
        }
        return PermissionDenied("account is not allowed to short");
      }
      if (!config.asset.shortable)
        return PermissionDenied("asset " + r.symbol + " is not shortable");
      const double short_part = qty - std::max(0.0, avail);
      if (short_part * est > bp + 1e-6) {
        return PermissionDenied("insufficient buying power (short " +
                                std::to_string(short_part * est) + ", available " +
                                std::to_string(bp) + ")");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

SimulatedBroker::SimulatedBroker(const std::vector<const BarSeries*>& series,
                                 SimBrokerConfig config)
    : series_(series), config_(std::move(config)) {
  const size_t n = series_.size();
  positions_.resize(n);
  pos_qty_.assign(n, Quantity());
  static_assert(static_cast<unsigned>(OrderStatus::kUnknown) < 32, "terminal_mask_ has 32 bits");
  for (unsigned st = 0; st <= static_cast<unsigned>(OrderStatus::kUnknown); ++st) {
    if (IsTerminal(static_cast<OrderStatus>(st))) terminal_mask_ |= 1u << st;
  }
  qty_d_.assign(n, 0);
  mark_.assign(n, 0);
  seen_.assign(n, 0);
  open_trades_.resize(n);
  actions_.resize(n);
  action_gate_.assign(n, UINT32_MAX);
  close_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    const BarSeries& s = *series_[i];
    symbol_index_[s.symbol] = i;
    positions_[i].symbol = s.symbol;
    close_[i] = s.close.data();
    finest_ns_ = std::min(finest_ns_, BarIntervalDuration(s.interval).count());
  }
  if (config_.account.type == AccountType::kCash) config_.account.allow_short = false;
  cash_ = config_.initial_cash;
  cash_d_ = cash_.ToDouble();
  fees_ = FeeModel(config_.commission);
  slippage_ = SlippageModel(config_.slippage);
  slippage_on_ = slippage_.enabled();
  volume_on_ = config_.max_participation > 0 || slippage_.needs_volume();
}

double SimulatedBroker::ReferencePrice(uint32_t sym) const { return mark_[sym]; }

double SimulatedBroker::ReservedForBuys() const {
  double total = reserved_sum_;
  for (size_t k = reserved_upto_; k < working_.size(); ++k) {
    const Working& w = working_[k];
    const Order* o = &book_.at(w.idx);
    if (!Open(o->status) || o->status == OrderStatus::kHeld) continue;
    if (o->side != OrderSide::kBuy) continue;
    const double px = o->limit_price ? o->limit_price->ToDouble() : mark_[w.sym];
    total +=
        o->notional && o->qty.IsZero() ? o->notional->ToDouble() : o->remaining().ToDouble() * px;
  }
  reserved_sum_ = total;
  reserved_upto_ = working_.size();
  return total;
}

Quantity SimulatedBroker::AvailableToSell(uint32_t sym) const {
  // Exit legs of one group share the same shares: count each group once (its largest order).
  std::vector<std::pair<std::string, Quantity>> groups;
  for (const Working& w : working_) {
    if (w.sym != sym) continue;
    const Order* o = &book_.at(w.idx);
    if (!Open(o->status) || o->status == OrderStatus::kHeld) continue;
    if (o->side != OrderSide::kSell) continue;
    const std::string key = o->parent_id.empty() ? o->id : o->parent_id;
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return g.first == key; });
    if (it == groups.end()) {
      groups.emplace_back(key, o->remaining());
    } else {
      it->second = std::max(it->second, o->remaining());
    }
  }
  Quantity avail = pos_qty_[sym];
  for (const auto& g : groups) avail -= g.second;
  return avail;
}

AccountSnapshot SimulatedBroker::Account() const {
  AccountSnapshot a;
  a.type = config_.account.type;
  a.cash = cash_;
  a.long_value = Money::FromDouble(long_d_);
  a.short_value = Money::FromDouble(short_d_);
  a.open_buy_reserved = Money::FromDouble(ReservedForBuys());
  a.multiplier =
      a.type == AccountType::kCash ? Decimal::FromInt(1) : config_.account.margin_multiplier;
  return a;
}

Result<std::string> SimulatedBroker::Submit(const OrderRequest& r, Timestamp now) {
  auto it = symbol_index_.find(r.symbol);
  if (it == symbol_index_.end()) return NotFound("asset not found: " + r.symbol);
  return SubmitAt(r, it->second, now);
}

Result<std::string> SimulatedBroker::SubmitIndexed(const OrderRequest& r, uint32_t symbol,
                                                   Timestamp now) {
  if (symbol < series_.size() && series_[symbol]->symbol == r.symbol) {
    return SubmitAt(r, symbol, now);
  }
  return Submit(r, now);
}

Result<std::string> SimulatedBroker::SubmitAt(const OrderRequest& r, uint32_t sym, Timestamp now) {
  const double ref = ReferencePrice(sym);
  RuleContext ctx;
  ctx.asset = config_.asset;
  ctx.reference_price = ref;
  ctx.position_qty = pos_qty_[sym];
  TL_RETURN_IF_ERROR(ValidateOrder(r, ctx));
  if (!(ref > 0)) return FailedPrecondition("no price for " + r.symbol + " yet");
  if (!r.client_order_id.empty() && book_.FindByClientId(r.client_order_id)) {
    return AlreadyExists("client_order_id must be unique");
  }
  // A cash account's buying power is cash less reservations: Account().buying_power() without
  // converting the position values it does not use (the same Decimal steps, so the same bits).
  Money bp;
  if (config_.account.type == AccountType::kCash) {
    bp = cash_ - Money::FromDouble(ReservedForBuys());
    if (bp.IsNegative()) bp = Money();
  } else {
    bp = Account().buying_power();
  }
  TL_RETURN_IF_ERROR(CheckAffordable(r, ref, pos_qty_[sym].ToDouble(), bp.ToDouble(), config_,
                                     [&] { return AvailableToSell(sym).ToDouble(); }));

  TL_ASSIGN_OR_RETURN(const size_t idx, book_.Emplace([&](Order& o) {
    o.client_order_id = r.client_order_id;
    o.symbol = r.symbol;
    o.side = r.side;
    o.type = r.type;
    o.time_in_force = r.time_in_force;
    o.order_class = r.order_class;
    o.qty = r.qty;
    o.notional = r.notional;
    o.limit_price = r.limit_price;
    o.stop_price = r.stop_price;
    o.trail_price = r.trail_price;
    o.trail_percent = r.trail_percent;
    o.extended_hours = r.extended_hours;
    o.created_at = o.updated_at = now;
    return o.TransitionTo(OrderStatus::kNew, now);
  }));
  const std::string& id = book_.at(idx).id;
  // Built in place: a local copied in stored its fields piecewise and reloaded them whole (a
  // store-forwarding stall on every order).
  Working& w = working_.emplace_back();
  w.idx = idx;
  w.sym = sym;
  w.trail_mark = ref;
  // The order fills on the symbol's next bar: start loading the prices it will read (a cold
  // column in a wide run) while the strategy goes on deciding.
  const BarSeries& s = *series_[sym];
  const size_t next = size_t{SeenBar(sym)} + 1;
  if (next < s.size()) {
    __builtin_prefetch(s.open.data() + next);
    // The bar's start time (the mixed-interval check, the fill's time and day) is in a column
    // nothing else reads on a daily run: without this its miss stalled ProcessOrders.
    __builtin_prefetch(s.time_ns.data() + next);
    if (r.type != OrderType::kMarket || slippage_on_) {
      __builtin_prefetch(s.high.data() + next);
      __builtin_prefetch(s.low.data() + next);
    }
  }

  // Legs: orders of their own that name the parent. Bracket/OTO exits wait (held) for the
  // entry; an OCO's stop-loss is live at once next to its take-profit parent.
  std::vector<std::string> legs;
  auto add_leg = [&](OrderType type, std::optional<Price> limit, std::optional<Price> stop,
                     bool held) -> Status {
    TL_ASSIGN_OR_RETURN(const size_t leg_idx, book_.Emplace([&](Order& leg) {
      leg.symbol = r.symbol;
      leg.side = r.order_class == OrderClass::kOco
                     ? r.side
                     : (r.side == OrderSide::kBuy ? OrderSide::kSell : OrderSide::kBuy);
      leg.type = type;
      leg.time_in_force = r.time_in_force;
      leg.order_class = r.order_class;
      leg.qty = r.qty;
      leg.limit_price = limit;
      leg.stop_price = stop;
      leg.parent_id = id;
      leg.created_at = leg.updated_at = now;
      if (!r.client_order_id.empty()) {
        leg.client_order_id = r.client_order_id.substr(0, kMaxClientOrderIdLength - 3) +
                              (type == OrderType::kLimit ? "-tp" : "-sl");
      }
      return leg.TransitionTo(held ? OrderStatus::kHeld : OrderStatus::kNew, now);
    }));
    const std::string& leg_id = book_.at(leg_idx).id;
    Working lw;
    lw.idx = leg_idx;
    lw.sym = sym;
    lw.trail_mark = ref;
    working_.push_back(lw);
    legs.push_back(leg_id);
    return Status::Ok();
  };
  const bool held = r.order_class != OrderClass::kOco;
  if (r.order_class != OrderClass::kSimple) {
    if (r.take_profit && r.order_class != OrderClass::kOco) {
      TL_RETURN_IF_ERROR(
          add_leg(OrderType::kLimit, r.take_profit->limit_price, std::nullopt, held));
    }
    if (r.stop_loss) {
      TL_RETURN_IF_ERROR(
          add_leg(r.stop_loss->limit_price ? OrderType::kStopLimit : OrderType::kStop,
                  r.stop_loss->limit_price, r.stop_loss->stop_price, held));
    }
  }
  if (!legs.empty()) book_.at(idx).leg_ids = std::move(legs);
  PublishIdx(idx);
  return book_.at(idx).id;
}

Status SimulatedBroker::FinishAt(size_t idx, OrderStatus to, Timestamp t, std::string why) {
  TL_RETURN_IF_ERROR(book_.TransitionAt(idx, to, t, std::move(why)));
  InvalidateReserved();
  PublishIdx(idx);
  return Status::Ok();
}

Status SimulatedBroker::Cancel(const std::string& order_id, Timestamp now) {
  const Order* o = book_.Get(order_id);
  if (!o) return NotFound("order not found: " + order_id);
  if (Terminal(o->status)) {
    return FailedPrecondition("order " + order_id + " is already " +
                              std::string(OrderStatusName(o->status)));
  }
  // Cancelling one order of a group cancels the rest of the group (Alpaca).
  const Order* root = o->parent_id.empty() ? o : book_.Get(o->parent_id);
  std::vector<std::string> ids{root->id};
  for (const std::string& leg : root->leg_ids) ids.push_back(leg);
  for (const std::string& id : ids) {
    const size_t i = book_.IndexOf(id);
    if (i != SIZE_MAX && Open(book_.at(i).status))
      TL_RETURN_IF_ERROR(FinishAt(i, OrderStatus::kCanceled, now, "canceled by request"));
  }
  return Status::Ok();
}

Result<Order> SimulatedBroker::GetOrder(const std::string& id) const {
  const Order* o = book_.Get(id);
  if (!o) return NotFound("order not found: " + id);
  return *o;
}

std::vector<Order> SimulatedBroker::OpenOrders(const Symbol& symbol) const {
  return book_.OpenOrders(symbol);
}

bool SimulatedBroker::HasOpenOrders(const Symbol& symbol) const {
  return book_.HasOpenOrders(symbol);
}

Position SimulatedBroker::GetPosition(const Symbol& symbol) const {
  auto it = symbol_index_.find(symbol);
  if (it == symbol_index_.end()) return Position{symbol, {}, {}};
  return positions_[it->second];
}

void SimulatedBroker::DrainOrderUpdates(std::vector<Order>* out) {
  for (size_t i : updates_) out->push_back(book_.at(i));
  updates_.clear();
}

bool SimulatedBroker::View::HasOpenOrders(size_t s) const {
  for (const Working& w : b_.working_) {
    if (w.sym == s && b_.Open(b_.book_.at(w.idx).status)) return true;
  }
  return false;
}

std::vector<Order> SimulatedBroker::View::OpenOrders(size_t s) const {
  std::vector<Order> out;
  for (const Working& w : b_.working_) {
    if (w.sym == s && b_.Open(b_.book_.at(w.idx).status)) out.push_back(b_.book_.at(w.idx));
  }
  return out;
}

}  // namespace tradelet
