// The simulated broker's ledger: what the account can take at a fill (cash, margin, shares
// held), fills into cash and positions with FeeModel's commission, round-trip trades, sibling
// cancellation for brackets/OCO, and splits and dividends applied to positions. The matching
// (sim_broker_matching.cc) calls it through AffordableQty and ExecuteFill only.
#include <algorithm>
#include <cmath>
#include <limits>

#include "backtest/sim_broker_internal.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/broker_rules.h"

namespace tradelet {
using sim_internal::IsWhole;

void SimulatedBroker::Revalue(uint32_t sym, double old_qty, double old_mark) {
  if (old_qty > 0) long_d_ -= old_qty * old_mark;
  if (old_qty < 0) short_d_ -= old_qty * old_mark;
  pos_qty_[sym] = positions_[sym].qty;
  const double q = positions_[sym].qty.ToDouble();
  qty_d_[sym] = q;
  UpdateActionGate(sym);
  if (q > 0) long_d_ += q * mark_[sym];
  if (q < 0) short_d_ += q * mark_[sym];
  if (long_d_ < 0 && long_d_ > -1e-6) long_d_ = 0;
}

void SimulatedBroker::ApplyCorporateActions(uint32_t sym, const Action& a) {
  const BarSeries& s = *series_[sym];
  const uint32_t bar = a.bar;
  Position& p = positions_[sym];
  if (config_.apply_dividends && a.dividend != 0) {
    // Holders at the previous close receive it; shorts pay it.
    const Money d = p.qty * Decimal::FromDouble(a.dividend);
    cash_ += d;
    cash_d_ = cash_.ToDouble();
    totals_.dividends += d;
    open_trades_[sym].pnl += d;
  }
  if (config_.apply_splits && a.split != 1.0 && a.split > 0) {
    // Sources print ratios like 7.00000700001 for a 7-for-1 split: snap to 1/1000 when that
    // close, so whole-share positions stay whole.
    double raw = a.split;
    const double snapped = std::round(raw * 1000) / 1000;
    if (std::fabs(raw - snapped) < 1e-5 * raw) raw = snapped;
    const Decimal ratio = Decimal::FromDouble(raw);
    const double old_qty = qty_d_[sym], old_mark = mark_[sym];
    const bool whole = IsWhole(p.qty);
    p.ApplySplit(ratio);
    if (whole && !IsWhole(p.qty)) {
      // Cash in lieu of the fractional share, at the first post-split price.
      const Quantity frac = p.qty - p.qty.Truncate();
      const Money lieu = frac * Decimal::FromDouble(s.open[bar]);
      const Money basis_part = p.cost_basis * frac / p.qty;
      p.qty = p.qty.Truncate();
      p.cost_basis -= basis_part;
      cash_ += lieu;
      cash_d_ = cash_.ToDouble();
      open_trades_[sym].pnl += lieu - basis_part;
    }
    mark_[sym] = old_mark / raw;
    Revalue(sym, old_qty, old_mark);
    OpenTrade& tr = open_trades_[sym];
    tr.entry_qty = tr.entry_qty * ratio;
    tr.exit_qty = tr.exit_qty * ratio;
    tr.max_qty = std::max(p.qty.Abs(), (tr.max_qty * ratio).Truncate());
    for (Working& w : working_) {
      if (w.sym != sym) continue;
      Order* o = &book_.at(w.idx);
      if (Terminal(o->status)) continue;
      o->qty = (o->qty * ratio);
      if (IsWhole(o->qty / ratio)) o->qty = o->qty.Truncate();
      o->filled_qty = o->filled_qty * ratio;
      if (o->limit_price) o->limit_price = RoundToTick(*o->limit_price / ratio);
      if (o->stop_price) o->stop_price = RoundToTick(*o->stop_price / ratio);
      if (o->trail_price) o->trail_price = RoundToTick(*o->trail_price / ratio);
      w.trail_mark /= raw;
    }
  }
}

Quantity SimulatedBroker::AffordableQty(uint32_t sym, bool buy, Quantity qty, Price price,
                                        bool whole, const char** refused) const {
  const Position& pos = positions_[sym];
  if (buy) {
    // Never spend more than the account has (a gap can make an accepted order unaffordable).
    const double per_share = fees_.PerShareCost(price.ToDouble());
    const double fixed = fees_.PerOrderCost();
    const double cover = std::min(qty.ToDouble(), std::max(0.0, -pos.qty.ToDouble()));
    double room;
    if (config_.account.type == AccountType::kCash) {
      room = cash_d_ - fixed;
    } else {
      const double eq = equity();
      room = eq * config_.account.margin_multiplier.ToDouble() - gross_exposure() - fixed;
    }
    const double max_open = std::max(0.0, room) / per_share;
    if (qty.ToDouble() - cover > max_open + 1e-9) {
      Quantity q = Decimal::FromUnits(
          static_cast<int64_t>(std::floor((cover + max_open) * Decimal::kScale)));
      if (whole) q = q.Truncate();
      if (!q.IsPositive()) {
        *refused = "insufficient buying power at fill";
        return Quantity();
      }
      qty = std::min(qty, q);
    }
  } else if (!config_.account.allow_short) {
    const Quantity held = std::max(Quantity(), pos.qty);
    if (qty > held) qty = held;
    if (!qty.IsPositive()) {
      *refused = "insufficient qty available at fill";
      return Quantity();
    }
  }
  return qty;
}

void SimulatedBroker::StartTrade(OpenTrade& tr, bool is_long, const BarData& b) {
  tr = OpenTrade{};
  tr.open = true;
  tr.is_long = is_long;
  tr.entry_time = b.time;
  tr.entry_bar = b.bar;
}

void SimulatedBroker::CloseTrade(uint32_t sym, OpenTrade& tr, const BarData& b) {
  // Built in place: a local moved in copied its symbol a second time (a memcpy call a trade).
  TradeRecord& r = trades_.emplace_back();
  r.symbol = series_[sym]->symbol;
  r.is_long = tr.is_long;
  r.entry_time = tr.entry_time;
  r.exit_time = b.time;
  r.qty = tr.max_qty;
  r.entry_price = tr.entry_qty.IsZero() ? Price() : tr.entry_value / tr.entry_qty;
  r.exit_price = tr.exit_qty.IsZero() ? Price() : tr.exit_value / tr.exit_qty;
  r.pnl = tr.pnl;
  r.commission = tr.commission;
  r.entry_value = tr.entry_value;
  r.bars_held = b.bar - tr.entry_bar;
  tr.open = false;
}

void SimulatedBroker::RecordTrade(uint32_t sym, bool buy, Quantity before, Quantity qty,
                                  Price price, Money realized, Money commission, const BarData& b) {
  const Position& p = positions_[sym];
  OpenTrade& tr = open_trades_[sym];
  if (!tr.open) StartTrade(tr, buy, b);
  const bool closing_side = !before.IsZero() && (before.IsPositive() != buy);
  const Quantity closing = closing_side ? std::min(qty, before.Abs()) : Quantity();
  const Quantity opening = qty - closing;
  tr.commission += commission;
  tr.pnl += realized - commission;
  if (closing.IsPositive()) {
    tr.exit_value += closing * price;
    tr.exit_qty += closing;
  }
  const bool flipped =
      !p.qty.IsZero() && !before.IsZero() && p.qty.IsPositive() != before.IsPositive();
  if (p.qty.IsZero() || flipped) {
    CloseTrade(sym, tr, b);
    if (opening.IsPositive()) {
      StartTrade(tr, buy, b);
      tr.entry_value = opening * price;
      tr.entry_qty = opening;
      tr.max_qty = opening;
    }
  } else if (opening.IsPositive()) {
    tr.entry_value += opening * price;
    tr.entry_qty += opening;
    tr.max_qty = std::max(tr.max_qty, p.qty.Abs());
  }
}

void SimulatedBroker::ExecuteFill(Working& w, Order& o, Quantity qty, Price price,
                                  const BarData& b) {
  const uint32_t sym = w.sym;
  const bool buy = o.side == OrderSide::kBuy;
  const Money value = qty * price;
  const Quantity new_filled = o.filled_qty + qty;
  w.filled_value += value;
  // Commission of the order so far, then charge only the increase (partial fills add up to
  // exactly the per-order formula).
  const Money total = fees_.OrderTotal(new_filled, w.filled_value);
  const Money commission = total - w.commission_charged;
  w.commission_charged = total;

  Position& p = positions_[sym];
  const Quantity before = p.qty;
  const double old_qty = qty_d_[sym];
  const Quantity signed_qty = buy ? qty : -qty;
  const Money realized = p.Apply(signed_qty, price);
  cash_ -= signed_qty * price;
  cash_ -= commission;
  cash_d_ = cash_.ToDouble();
  Revalue(sym, old_qty, mark_[sym]);

  RecordTrade(sym, buy, before, qty, price, realized, commission, b);

  // Built in place: a temporary moved in copied both strings twice (four memcpy calls a fill).
  // Field by field, not emplace_back(args...): clang 14 (Debian 12) has no parenthesized
  // aggregate initialization.
  Fill& f = fills_.emplace_back();
  f.order_id = o.id;
  f.symbol = o.symbol;
  f.side = o.side;
  f.qty = qty;
  f.price = price;
  f.commission = commission;
  f.time = b.time;
  totals_.commission += commission;
  totals_.traded_value += value.ToDouble();
  ++totals_.fills;

  o.filled_avg_price = w.filled_value / new_filled;
  o.filled_qty = new_filled;
  o.filled_at = b.time;
  const bool done = o.remaining().IsZero() || !o.remaining().IsPositive();
  (void)book_.TransitionAt(w.idx, done ? OrderStatus::kFilled : OrderStatus::kPartiallyFilled,
                           b.time);
  InvalidateReserved();
  PublishIdx(w.idx);
  if (done) {
    // Exit legs go live once the entry is completely filled, sized to what was bought.
    for (const std::string& leg_id : o.leg_ids) {
      const size_t li = book_.IndexOf(leg_id);
      if (li != SIZE_MAX && book_.at(li).status == OrderStatus::kHeld) {
        book_.at(li).qty = o.filled_qty;
        (void)book_.TransitionAt(li, OrderStatus::kNew, b.time);
        PublishIdx(li);
      }
    }
  }
  CancelSiblings(o, qty, b.time);
}

void SimulatedBroker::CancelSiblings(const Order& filled, Quantity filled_qty, Timestamp t) {
  // Exit orders of one group protect the same shares: a fill of one shrinks the others, and
  // they are cancelled when nothing is left (one-cancels-other).
  const bool is_leg = !filled.parent_id.empty();
  const bool is_oco_parent = filled.order_class == OrderClass::kOco && !is_leg;
  if (!is_leg && !is_oco_parent) return;
  const Order* root = is_leg ? book_.Get(filled.parent_id) : &filled;
  std::vector<std::string> group;
  if (root->order_class == OrderClass::kOco) group.push_back(root->id);
  for (const std::string& id : root->leg_ids) group.push_back(id);
  InvalidateReserved();
  for (const std::string& id : group) {
    if (id == filled.id) continue;
    const size_t i = book_.IndexOf(id);
    if (i == SIZE_MAX) continue;
    Order* s = &book_.at(i);
    if (!Open(s->status) || s->status == OrderStatus::kHeld) continue;
    const Quantity reduced = s->qty - filled_qty;
    if (reduced > s->filled_qty) {
      s->qty = reduced;
    } else {
      (void)FinishAt(i, OrderStatus::kCanceled, t,
                     "one-cancels-other: sibling " + filled.id + " filled");
    }
  }
}

std::vector<TradeRecord> SimulatedBroker::OpenTrades(Timestamp now) const {
  std::vector<TradeRecord> out;
  for (uint32_t s = 0; s < open_trades_.size(); ++s) {
    const OpenTrade& tr = open_trades_[s];
    if (!tr.open || positions_[s].flat()) continue;
    TradeRecord r;
    r.symbol = series_[s]->symbol;
    r.is_long = tr.is_long;
    r.entry_time = tr.entry_time;
    r.exit_time = now;
    r.qty = tr.max_qty;
    r.entry_price = tr.entry_qty.IsZero() ? Price() : tr.entry_value / tr.entry_qty;
    r.exit_price = Price::FromDouble(mark_[s]).Round(4);
    r.pnl = tr.pnl + positions_[s].unrealized_pnl(r.exit_price);
    r.commission = tr.commission;
    r.entry_value = tr.entry_value;
    r.closed = false;
    out.push_back(r);
  }
  return out;
}

}  // namespace tradelet
