#include "tradelet/backtest/sim_broker.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tradelet/engine/broker_rules.h"

namespace tradelet {
namespace {

constexpr int64_t kNanosPerDay = 86'400'000'000'000;

bool IsWhole(Quantity q) { return q == q.Truncate(); }

}  // namespace

SimulatedBroker::SimulatedBroker(const std::vector<const BarSeries*>& series,
                                 SimBrokerConfig config)
    : series_(series), config_(std::move(config)) {
  const size_t n = series_.size();
  positions_.resize(n);
  qty_d_.assign(n, 0);
  mark_.assign(n, 0);
  step_of_.assign(n, -1);
  bar_of_.assign(n, 0);
  open_trades_.resize(n);
  actions_.resize(n);
  close_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    const BarSeries& s = *series_[i];
    symbol_index_[s.symbol] = i;
    positions_[i].symbol = s.symbol;
    close_[i] = s.close.data();
    for (uint32_t b = 0; b < s.size(); ++b) {
      const bool div = !s.dividend.empty() && s.dividend[b] != 0;
      const bool split = !s.split.empty() && s.split[b] != 1.0;
      if (div || split) actions_[i].bars.push_back(b);
    }
  }
  if (config_.account.type == AccountType::kCash) config_.account.allow_short = false;
  cash_ = config_.initial_cash;
  cash_d_ = cash_.ToDouble();
  slippage_on_ = config_.slippage.fixed != 0 || config_.slippage.percent != 0 ||
                 config_.slippage.volume_impact != 0;
  volume_on_ = config_.max_participation > 0 || config_.slippage.volume_impact != 0;
}

double SimulatedBroker::ReferencePrice(uint32_t sym) const { return mark_[sym]; }

double SimulatedBroker::ReservedForBuys() const {
  double total = 0;
  for (const Working& w : working_) {
    const Order* o = &book_.at(w.idx);
    if (!IsOpen(o->status) || o->status == OrderStatus::kHeld) continue;
    if (o->side != OrderSide::kBuy) continue;
    const double px = o->limit_price ? o->limit_price->ToDouble() : mark_[w.sym];
    total += o->notional && o->qty.IsZero() ? o->notional->ToDouble()
                                            : o->remaining().ToDouble() * px;
  }
  return total;
}

Quantity SimulatedBroker::AvailableToSell(uint32_t sym) const {
  // Exit legs of one group share the same shares: count each group once (its largest order).
  std::vector<std::pair<std::string, Quantity>> groups;
  for (const Working& w : working_) {
    if (w.sym != sym) continue;
    const Order* o = &book_.at(w.idx);
    if (!IsOpen(o->status) || o->status == OrderStatus::kHeld) continue;
    if (o->side != OrderSide::kSell) continue;
    const std::string key = o->parent_id.empty() ? o->id : o->parent_id;
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return g.first == key; });
    if (it == groups.end()) {
      groups.emplace_back(key, o->remaining());
    } else {
      it->second = std::max(it->second, o->remaining());
    }
  }
  Quantity avail = positions_[sym].qty;
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
  const uint32_t sym = it->second;
  const double ref = ReferencePrice(sym);
  RuleContext ctx;
  ctx.asset = config_.asset;
  ctx.reference_price = ref;
  ctx.position_qty = positions_[sym].qty;
  TL_RETURN_IF_ERROR(ValidateOrder(r, ctx));
  if (!(ref > 0)) return FailedPrecondition("no price for " + r.symbol + " yet");
  if (!r.client_order_id.empty() && book_.FindByClientId(r.client_order_id)) {
    return AlreadyExists("client_order_id must be unique");
  }
  const double est = r.limit_price ? r.limit_price->ToDouble()
                     : r.stop_price ? std::max(r.stop_price->ToDouble(), ref)
                                    : ref;
  const double qty = r.notional ? r.notional->ToDouble() / est : r.qty.ToDouble();
  const double pos = positions_[sym].qty.ToDouble();
  const double bp = Account().buying_power().ToDouble();
  const bool exit_only = r.order_class == OrderClass::kOco;
  if (r.side == OrderSide::kBuy) {
    const double opening = qty - std::min(qty, std::max(0.0, -pos));
    if (!exit_only && opening * est > bp + 1e-6) {
      return PermissionDenied("insufficient buying power (order " + std::to_string(opening * est) +
                              ", available " + std::to_string(bp) + ")");
    }
  } else {
    const double avail = AvailableToSell(sym).ToDouble();
    if (qty > avail + 1e-9) {
      if (!config_.account.allow_short) {
        if (pos > 0 || avail < pos) {
          return PermissionDenied("insufficient qty available for order (requested: " +
                                  Decimal::FromDouble(qty).ToString() + ", available: " +
                                  Decimal::FromDouble(std::max(0.0, avail)).ToString() + ")");
        }
        return PermissionDenied("account is not allowed to short");
      }
      if (!config_.asset.shortable) return PermissionDenied("asset " + r.symbol + " is not shortable");
      const double short_part = qty - std::max(0.0, avail);
      if (short_part * est > bp + 1e-6) {
        return PermissionDenied("insufficient buying power (short " +
                                std::to_string(short_part * est) + ", available " +
                                std::to_string(bp) + ")");
      }
    }
  }

  Order o;
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
  TL_RETURN_IF_ERROR(o.TransitionTo(OrderStatus::kNew, now));
  TL_ASSIGN_OR_RETURN(std::string id, book_.Add(std::move(o)));
  Working w;
  w.idx = book_.IndexOf(id);
  w.sym = sym;
  w.trail_mark = ref;
  working_.push_back(w);

  // Legs: orders of their own that name the parent. Bracket/OTO exits wait (held) for the
  // entry; an OCO's stop-loss is live at once next to its take-profit parent.
  std::vector<std::string> legs;
  auto add_leg = [&](OrderType type, std::optional<Price> limit, std::optional<Price> stop,
                     bool held) -> Status {
    Order leg;
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
    TL_RETURN_IF_ERROR(leg.TransitionTo(held ? OrderStatus::kHeld : OrderStatus::kNew, now));
    TL_ASSIGN_OR_RETURN(std::string leg_id, book_.Add(std::move(leg)));
    Working lw;
    lw.idx = book_.IndexOf(leg_id);
    lw.sym = sym;
    lw.trail_mark = ref;
    working_.push_back(lw);
    legs.push_back(leg_id);
    return Status::Ok();
  };
  const bool held = r.order_class != OrderClass::kOco;
  if (r.order_class != OrderClass::kSimple) {
    if (r.take_profit && r.order_class != OrderClass::kOco) {
      TL_RETURN_IF_ERROR(add_leg(OrderType::kLimit, r.take_profit->limit_price, std::nullopt, held));
    }
    if (r.stop_loss) {
      TL_RETURN_IF_ERROR(add_leg(r.stop_loss->limit_price ? OrderType::kStopLimit : OrderType::kStop,
                                 r.stop_loss->limit_price, r.stop_loss->stop_price, held));
    }
  }
  book_.GetMutable(id)->leg_ids = legs;
  Publish(*book_.Get(id));
  return id;
}

Status SimulatedBroker::Finish(const std::string& id, OrderStatus to, Timestamp t,
                               const std::string& why) {
  TL_RETURN_IF_ERROR(book_.Transition(id, to, t, why));
  Publish(*book_.Get(id));
  return Status::Ok();
}

Status SimulatedBroker::Cancel(const std::string& order_id, Timestamp now) {
  const Order* o = book_.Get(order_id);
  if (!o) return NotFound("order not found: " + order_id);
  if (IsTerminal(o->status)) {
    return FailedPrecondition("order " + order_id + " is already " +
                              std::string(OrderStatusName(o->status)));
  }
  // Cancelling one order of a group cancels the rest of the group (Alpaca).
  const Order* root = o->parent_id.empty() ? o : book_.Get(o->parent_id);
  std::vector<std::string> ids{root->id};
  for (const std::string& leg : root->leg_ids) ids.push_back(leg);
  for (const std::string& id : ids) {
    const Order* x = book_.Get(id);
    if (x && IsOpen(x->status)) TL_RETURN_IF_ERROR(Finish(id, OrderStatus::kCanceled, now, "canceled by request"));
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
    if (w.sym == s && IsOpen(b_.book_.at(w.idx).status)) return true;
  }
  return false;
}

std::vector<Order> SimulatedBroker::View::OpenOrders(size_t s) const {
  std::vector<Order> out;
  for (const Working& w : b_.working_) {
    if (w.sym == s && IsOpen(b_.book_.at(w.idx).status)) out.push_back(b_.book_.at(w.idx));
  }
  return out;
}

SimulatedBroker::BarData SimulatedBroker::MakeBar(uint32_t sym, uint32_t bar,
                                                  bool need_range, bool need_volume) const {
  const BarSeries& s = *series_[sym];
  // Only the columns this order needs: each one is a cache miss in a wide multi-symbol run.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  BarData b{s.open[bar], need_range ? s.high[bar] : nan, need_range ? s.low[bar] : nan,
            s.close[bar], need_volume ? s.volume[bar] : nan, true, true, 0, bar, s.time(bar)};
  const bool daily = BarIntervalDuration(s.interval) >= hours(24);
  if (daily) {
    // Daily bars are stamped at the session open or at midnight UTC: either way the UTC date
    // is the session date.
    b.day = s.time_ns[bar] / kNanosPerDay;
    return b;
  }
  const TimeZone& ny = TimeZone::NewYork();
  const LocalDateTime local = ny.ToLocal(b.time);
  b.day = local.date.ToDays();
  b.session_open = bar == 0 || ny.ToLocal(s.time(bar - 1)).date.ToDays() != b.day;
  const int64_t end_minute =
      local.hour * 60 + local.minute +
      std::chrono::duration_cast<minutes>(BarIntervalDuration(s.interval)).count();
  b.session_close = end_minute >= 16 * 60;
  return b;
}

void SimulatedBroker::OnMarketStep(const MarketStep& step, const DataFeed& feed) {
  (void)feed;
  ++step_no_;
  for (size_t k = 0; k < step.symbols.size(); ++k) {
    const uint32_t s = step.symbols[k];
    const uint32_t bar = step.bar_index[k];
    step_of_[s] = step_no_;
    bar_of_[s] = bar;
    ActionCursor& ac = actions_[s];
    if (ac.next < ac.bars.size()) {
      while (ac.next < ac.bars.size() && ac.bars[ac.next] < bar) ++ac.next;
      if (ac.next < ac.bars.size() && ac.bars[ac.next] == bar) {
        ++ac.next;
        if (qty_d_[s] != 0) ApplyCorporateActions(s, bar);
      }
    }
  }
  if (!working_.empty()) ProcessOrders(step);
}

void SimulatedBroker::OnStepClosed(const MarketStep& step, const DataFeed& feed) {
  (void)feed;
  for (size_t k = 0; k < step.symbols.size(); ++k) {
    const uint32_t s = step.symbols[k];
    const double c = close_[s][step.bar_index[k]];
    const double q = qty_d_[s];
    if (q != 0) {
      const double dv = q * (c - mark_[s]);
      (q > 0 ? long_d_ : short_d_) += dv;
    }
    mark_[s] = c;
  }
}

void SimulatedBroker::Revalue(uint32_t sym, double old_qty, double old_mark) {
  if (old_qty > 0) long_d_ -= old_qty * old_mark;
  if (old_qty < 0) short_d_ -= old_qty * old_mark;
  const double q = positions_[sym].qty.ToDouble();
  qty_d_[sym] = q;
  if (q > 0) long_d_ += q * mark_[sym];
  if (q < 0) short_d_ += q * mark_[sym];
  if (long_d_ < 0 && long_d_ > -1e-6) long_d_ = 0;
}

void SimulatedBroker::ApplyCorporateActions(uint32_t sym, uint32_t bar) {
  const BarSeries& s = *series_[sym];
  Position& p = positions_[sym];
  if (config_.apply_dividends && !s.dividend.empty() && s.dividend[bar] != 0) {
    // Holders at the previous close receive it; shorts pay it.
    const Money d = p.qty * Decimal::FromDouble(s.dividend[bar]);
    cash_ += d;
    cash_d_ = cash_.ToDouble();
    totals_.dividends += d;
    open_trades_[sym].pnl += d;
  }
  if (config_.apply_splits && !s.split.empty() && s.split[bar] != 1.0 && s.split[bar] > 0) {
    // Sources print ratios like 7.00000700001 for a 7-for-1 split: snap to 1/1000 when that
    // close, so whole-share positions stay whole.
    double raw = s.split[bar];
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
      if (IsTerminal(o->status)) continue;
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

void SimulatedBroker::ProcessOrders(const MarketStep& step) {
  (void)step;
  // Two passes: stops (and market orders) before limits, so when a stop-loss and a
  // take-profit of one group could both fill in a bar, the stop-loss wins (pessimistic).
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k < working_.size(); ++k) {
      Working& w = working_[k];
      if (step_of_[w.sym] != step_no_) continue;
      const Order* o = &book_.at(w.idx);
      if (!IsOpen(o->status) || o->status == OrderStatus::kHeld) continue;
      if ((o->type == OrderType::kLimit) != (pass == 1)) continue;
      const bool need_range = o->type != OrderType::kMarket || slippage_on_;
      ProcessOne(w, MakeBar(w.sym, bar_of_[w.sym], need_range, volume_on_));
    }
  }
  std::erase_if(working_, [&](const Working& w) { return IsTerminal(book_.at(w.idx).status); });
}

void SimulatedBroker::ProcessOne(Working& w, const BarData& b) {
  Order& o = book_.at(w.idx);
  const Timestamp t = b.time;
  switch (o.time_in_force) {
    case TimeInForce::kDay:
      if (w.session_day < 0) {
        w.session_day = b.day;
      } else if (b.day > w.session_day) {
        (void)Finish(o.id, OrderStatus::kExpired, t, "day order expired at the end of its session");
        return;
      }
      break;
    case TimeInForce::kOpg:
      if (!b.session_open) return;
      break;
    case TimeInForce::kCls:
      if (!b.session_close) return;
      break;
    default:
      break;
  }
  const bool buy = o.side == OrderSide::kBuy;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double px = nan;
  bool has_limit = false;
  double L = 0;
  auto limit_fill = [&](double open, double low, double high) {
    if (buy) return open <= L ? open : (low <= L ? L : nan);
    return open >= L ? open : (high >= L ? L : nan);
  };
  switch (o.type) {
    case OrderType::kMarket:
      px = o.time_in_force == TimeInForce::kOpg   ? b.o
           : o.time_in_force == TimeInForce::kCls ? b.c
           : config_.fill_at == FillAt::kClose    ? b.c
                                                  : b.o;
      break;
    case OrderType::kLimit:
      has_limit = true;
      L = o.limit_price->ToDouble();
      if (o.time_in_force == TimeInForce::kOpg) {
        px = limit_fill(b.o, b.o, b.o);
      } else if (o.time_in_force == TimeInForce::kCls) {
        px = limit_fill(b.c, b.c, b.c);
      } else {
        px = limit_fill(b.o, b.l, b.h);
      }
      break;
    case OrderType::kStop: {
      const double S = o.stop_price->ToDouble();
      if (buy) {
        px = b.o >= S ? b.o : (b.h >= S ? S : nan);
      } else {
        px = b.o <= S ? b.o : (b.l <= S ? S : nan);
      }
      break;
    }
    case OrderType::kStopLimit: {
      has_limit = true;
      const double S = o.stop_price->ToDouble();
      L = o.limit_price->ToDouble();
      bool whole_bar = w.triggered;
      if (!w.triggered) {
        if (buy ? b.o >= S : b.o <= S) {
          w.triggered = whole_bar = true;
        } else if (buy ? b.h >= S : b.l <= S) {
          w.triggered = true;
        }
      }
      if (whole_bar) {
        px = limit_fill(b.o, b.l, b.h);
      } else if (w.triggered) {
        // Triggered inside the bar at S: fills at S if the limit allows, else if the price
        // reaches the limit afterwards.
        if (buy) {
          px = S <= L ? S : (b.l <= L ? L : nan);
        } else {
          px = S >= L ? S : (b.h >= L ? L : nan);
        }
      }
      break;
    }
    case OrderType::kTrailingStop: {
      const double m = w.trail_mark;
      const double stop =
          o.trail_price ? (buy ? m + o.trail_price->ToDouble() : m - o.trail_price->ToDouble())
                        : (buy ? m * (1 + o.trail_percent->ToDouble() / 100)
                               : m * (1 - o.trail_percent->ToDouble() / 100));
      if (buy) {
        px = b.o >= stop ? b.o : (b.h >= stop ? stop : nan);
        if (std::isnan(px)) w.trail_mark = std::min(w.trail_mark, b.l);
      } else {
        px = b.o <= stop ? b.o : (b.l <= stop ? stop : nan);
        if (std::isnan(px)) w.trail_mark = std::max(w.trail_mark, b.h);
      }
      o.hwm = Price::FromDouble(w.trail_mark).Round(4);
      break;
    }
  }
  const TimeInForce tif = o.time_in_force;
  const bool one_shot = tif == TimeInForce::kIoc || tif == TimeInForce::kFok ||
                        tif == TimeInForce::kOpg || tif == TimeInForce::kCls;
  auto end_one_shot = [&](const char* why) {
    const bool expire = tif == TimeInForce::kOpg || tif == TimeInForce::kCls;
    (void)Finish(o.id, expire ? OrderStatus::kExpired : OrderStatus::kCanceled, t, why);
  };
  if (std::isnan(px)) {
    if (one_shot) end_one_shot("not marketable on its only eligible bar");
    return;
  }

  // Quantity: notional orders become shares at the first fill.
  if (o.qty.IsZero() && o.notional) {
    o.qty = Decimal::FromUnits(
        static_cast<int64_t>(std::floor(o.notional->ToDouble() / px * Decimal::kScale)));
  }
  const bool whole = IsWhole(o.qty);
  Quantity qty = o.remaining();
  if (config_.max_participation > 0) {
    const double cap_d = config_.max_participation * b.v;
    Quantity cap = Decimal::FromUnits(static_cast<int64_t>(
        std::floor(std::min(cap_d, 9e9) * Decimal::kScale)));
    if (whole) cap = cap.Truncate();
    if (cap < qty) {
      if (tif == TimeInForce::kFok) {
        end_one_shot("fok order could not be filled completely within the volume cap");
        return;
      }
      qty = cap;
    }
  }
  // Slippage against the trader, kept inside the bar's range and never through a limit.
  const double vol_frac = b.v > 0 ? qty.ToDouble() / b.v : 0;
  const double slip = config_.slippage.fixed + px * config_.slippage.percent +
                      px * config_.slippage.volume_impact * vol_frac * vol_frac;
  double fpx = buy ? px + slip : px - slip;
  if (slip != 0) fpx = std::clamp(fpx, b.l, b.h);
  if (has_limit) fpx = buy ? std::min(fpx, L) : std::max(fpx, L);
  const Price price = Price::FromDouble(fpx).Round(4);

  const Position& pos = positions_[w.sym];
  if (buy) {
    // Never spend more than the account has (a gap can make an accepted order unaffordable).
    const double per_share = price.ToDouble() * (1 + config_.commission.percent.ToDouble()) +
                             config_.commission.per_share.ToDouble();
    const double fixed = std::max(config_.commission.fixed.ToDouble(),
                                  config_.commission.minimum.ToDouble());
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
        (void)Finish(o.id, OrderStatus::kCanceled, t, "insufficient buying power at fill");
        return;
      }
      qty = std::min(qty, q);
    }
  } else if (!config_.account.allow_short) {
    const Quantity held = std::max(Quantity(), pos.qty);
    if (qty > held) qty = held;
    if (!qty.IsPositive()) {
      (void)Finish(o.id, OrderStatus::kCanceled, t, "insufficient qty available at fill");
      return;
    }
  }
  if (!qty.IsPositive()) {
    if (one_shot) end_one_shot("no volume to fill against");
    return;
  }
  ExecuteFill(w, o, qty, price, b);
  if (IsOpen(o.status) && one_shot) end_one_shot("remainder canceled after its only eligible bar");
}

void SimulatedBroker::StartTrade(OpenTrade& tr, bool is_long, const BarData& b) {
  tr = OpenTrade{};
  tr.open = true;
  tr.is_long = is_long;
  tr.entry_time = b.time;
  tr.entry_bar = b.bar;
}

void SimulatedBroker::CloseTrade(uint32_t sym, OpenTrade& tr, const BarData& b) {
  TradeRecord r;
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
  trades_.push_back(std::move(r));
  tr.open = false;
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
  const CommissionConfig& c = config_.commission;
  Money total = c.fixed + c.per_share * new_filled + w.filled_value * c.percent;
  if (total < c.minimum) total = c.minimum;
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
  const bool flipped = !p.qty.IsZero() && !before.IsZero() && p.qty.IsPositive() != before.IsPositive();
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

  fills_.push_back(Fill{o.id, o.symbol, o.side, qty, price, commission, b.time});
  totals_.commission += commission;
  totals_.traded_value += value.ToDouble();
  ++totals_.fills;

  o.filled_avg_price = w.filled_value / new_filled;
  o.filled_qty = new_filled;
  o.filled_at = b.time;
  const bool done = o.remaining().IsZero() || !o.remaining().IsPositive();
  (void)book_.Transition(o.id, done ? OrderStatus::kFilled : OrderStatus::kPartiallyFilled, b.time);
  PublishIdx(w.idx);
  if (done) {
    // Exit legs go live once the entry is completely filled, sized to what was bought.
    for (const std::string& leg_id : o.leg_ids) {
      Order* leg = book_.GetMutable(leg_id);
      if (leg && leg->status == OrderStatus::kHeld) {
        leg->qty = o.filled_qty;
        (void)book_.Transition(leg_id, OrderStatus::kNew, b.time);
        Publish(*leg);
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
  for (const std::string& id : group) {
    if (id == filled.id) continue;
    Order* s = book_.GetMutable(id);
    if (!s || !IsOpen(s->status) || s->status == OrderStatus::kHeld) continue;
    const Quantity reduced = s->qty - filled_qty;
    if (reduced > s->filled_qty) {
      s->qty = reduced;
    } else {
      (void)Finish(id, OrderStatus::kCanceled, t,
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
