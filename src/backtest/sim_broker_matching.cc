// The simulated broker's matching: per-bar order processing. For each working order on a bar:
// time in force (SessionAllows), trigger and limit logic (MatchPrice: gaps, limits, stops,
// stop-limits, trailing stops), the participation cap, slippage (SlippageModel), then the
// ledger decides what the account can take (AffordableQty) and books the fill (ExecuteFill).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "backtest/sim_broker_internal.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/broker_rules.h"
#include "tradelet/model/corporate_actions.h"

namespace tradelet {
using sim_internal::IsWhole;
using sim_internal::kNanosPerDay;

SimulatedBroker::BarData SimulatedBroker::MakeBar(uint32_t sym, uint32_t bar, bool need_range,
                                                  bool need_volume) const {
  const BarSeries& s = *series_[sym];
  // Only the columns this order needs: each one is a cache miss in a wide multi-symbol run.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  BarData b{s.open[bar],
            need_range ? s.high[bar] : nan,
            need_range ? s.low[bar] : nan,
            s.close[bar],
            need_volume ? s.volume[bar] : nan,
            true,
            true,
            0,
            bar,
            s.time(bar)};
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
  const uint64_t stamp = static_cast<uint64_t>(static_cast<uint32_t>(++step_no_)) << 32;
  // Raw pointers: the stores below would otherwise make the compiler reload every column.
  const uint32_t* syms = step.symbols.data();
  const uint32_t* bars = step.bar_index.data();
  uint64_t* seen = seen_.data();
  const size_t n = step.symbols.size();
  if (step.actions_listed) {
    // The step's actions come listed (by the thread preparing steps): apply those of held
    // symbols, in the order of the step's symbols as the scan below (the marks' sums are doubles).
    for (size_t k = 0; k < n; ++k) seen[syms[k]] = stamp | bars[k];
    for (const MarketStep::Action& a : step.actions) {
      if (qty_d_[a.symbol] != 0) ApplyCorporateActions(a.symbol, {a.bar, a.dividend, a.split});
    }
  } else {
    const uint32_t* gate = action_gate_.data();
    for (size_t k = 0; k < n; ++k) {
      const uint32_t s = syms[k], bar = bars[k];
      seen[s] = stamp | bar;
      // Held and at (or past) the next action or scanned window: rare, and one compare.
      if (bar >= gate[s]) [[unlikely]] {
        TakeCorporateActions(s, bar);
        seen = seen_.data();
        gate = action_gate_.data();
      }
    }
  }
  InvalidateReserved();  // marks, order sizes and statuses change below
  if (!working_.empty()) ProcessOrders(step);
}

void SimulatedBroker::OnStepClosed(const MarketStep& step, const DataFeed& feed) {
  (void)feed;
  InvalidateReserved();  // buy orders without a limit are valued at the marks
  // Locals instead of the members: the same additions in the same order, kept in registers.
  double long_d = long_d_, short_d = short_d_;
  const uint32_t* syms = step.symbols.data();
  const uint32_t* bars = step.bar_index.data();
  const double* const* close = close_.data();
  const double* qty = qty_d_.data();
  double* mark = mark_.data();
  for (size_t k = 0, n = step.symbols.size(); k < n; ++k) {
    const uint32_t s = syms[k];
    const double c = close[s][bars[k]];
    const double q = qty[s];
    // Without branches (whether a symbol is held is unpredictable, and the compiler turned the
    // selects into jumps): each sum takes the change under an all-ones mask of its side and +0.0
    // otherwise, which leaves it unchanged (the sums start at +0.0 and can never become -0.0).
    // A flat symbol (q == 0) passes neither mask, so its product is never added.
    const uint64_t dv = std::bit_cast<uint64_t>(q * (c - mark[s]));
    long_d += std::bit_cast<double>(dv & (0 - static_cast<uint64_t>(q > 0)));
    short_d += std::bit_cast<double>(dv & (0 - static_cast<uint64_t>(q < 0)));
    mark[s] = c;
  }
  long_d_ = long_d;
  short_d_ = short_d;
}

void SimulatedBroker::ScanActions(uint32_t sym, uint32_t from, ActionList& al) const {
  const BarSeries& s = *series_[sym];
  // One pass to the end: the columns stream through the prefetcher (windows read only while
  // held measured slower: each starts cold).
  ForEachCorporateAction(s.dividend.empty() ? nullptr : s.dividend.data(),
                         s.split.empty() ? nullptr : s.split.data(), from, s.size(),
                         [&](size_t b, double d, double r) {
                           al.list.push_back({static_cast<uint32_t>(b), d, r});
                         });
}

void SimulatedBroker::TakeCorporateActions(uint32_t sym, uint32_t bar) {
  ActionList& al = actions_[sym];
  if (!al.scanned) {
    al.scanned = true;
    ScanActions(sym, bar, al);
  }
  while (al.next < al.list.size() && al.list[al.next].bar < bar) ++al.next;
  if (al.next < al.list.size() && al.list[al.next].bar == bar) {
    ApplyCorporateActions(sym, al.list[al.next++]);
  }
  al.next_bar = al.next < al.list.size() ? al.list[al.next].bar : UINT32_MAX;
  UpdateActionGate(sym);
}

void SimulatedBroker::ProcessOrders(const MarketStep& step) {
  (void)step;
  // Two passes: stops (and market orders) before limits, so when a stop-loss and a
  // take-profit of one group could both fill in a bar, the stop-loss wins (pessimistic).
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k < working_.size(); ++k) {
      Working& w = working_[k];
      if (!SeenThisStep(w.sym)) continue;
      const Order* o = &book_.at(w.idx);
      if (!Open(o->status) || o->status == OrderStatus::kHeld) continue;
      if ((o->type == OrderType::kLimit) != (pass == 1)) continue;
      // In a feed of mixed intervals a step can close mid-way through a longer bar; an order
      // placed then waits for that series' next bar instead of filling at a past open.
      const uint32_t bar = SeenBar(w.sym);
      const int64_t start = series_[w.sym]->time_ns[bar];
      if (start + finest_ns_ <= o->created_at.unix_nanos()) continue;
      const bool need_range = o->type != OrderType::kMarket || slippage_on_;
      ProcessOne(w, MakeBar(w.sym, bar, need_range, volume_on_));
    }
  }
  std::erase_if(working_, [&](const Working& w) { return Terminal(book_.at(w.idx).status); });
  // The reservation cache counts working_ by position: a fill's buying-power check during the
  // passes may have folded entries that the erase just moved.
  InvalidateReserved();
}

bool SimulatedBroker::SessionAllows(Working& w, const Order& o, const BarData& b) {
  switch (o.time_in_force) {
    case TimeInForce::kDay:
      if (w.session_day < 0) {
        w.session_day = b.day;
      } else if (b.day > w.session_day) {
        (void)FinishAt(w.idx, OrderStatus::kExpired, b.time,
                       "day order expired at the end of its session");
        return false;
      }
      return true;
    case TimeInForce::kOpg:
      return b.session_open;
    case TimeInForce::kCls:
      return b.session_close;
    default:
      return true;
  }
}

SimulatedBroker::Match SimulatedBroker::MatchPrice(Working& w, Order& o, const BarData& b) const {
  const bool buy = o.side == OrderSide::kBuy;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Match m;
  m.px = nan;
  double& L = m.limit;
  auto limit_fill = [&](double open, double low, double high) {
    if (buy) return open <= L ? open : (low <= L ? L : nan);
    return open >= L ? open : (high >= L ? L : nan);
  };
  switch (o.type) {
    case OrderType::kMarket:
      m.px = o.time_in_force == TimeInForce::kOpg   ? b.o
             : o.time_in_force == TimeInForce::kCls ? b.c
             : config_.fill_at == FillAt::kClose    ? b.c
                                                    : b.o;
      break;
    case OrderType::kLimit:
      m.has_limit = true;
      L = o.limit_price->ToDouble();
      if (o.time_in_force == TimeInForce::kOpg) {
        m.px = limit_fill(b.o, b.o, b.o);
      } else if (o.time_in_force == TimeInForce::kCls) {
        m.px = limit_fill(b.c, b.c, b.c);
      } else {
        m.px = limit_fill(b.o, b.l, b.h);
      }
      break;
    case OrderType::kStop: {
      const double S = o.stop_price->ToDouble();
      if (buy) {
        m.px = b.o >= S ? b.o : (b.h >= S ? S : nan);
      } else {
        m.px = b.o <= S ? b.o : (b.l <= S ? S : nan);
      }
      break;
    }
    case OrderType::kStopLimit: {
      m.has_limit = true;
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
        m.px = limit_fill(b.o, b.l, b.h);
      } else if (w.triggered) {
        // Triggered inside the bar at S: fills at S if the limit allows, else if the price
        // reaches the limit afterwards.
        if (buy) {
          m.px = S <= L ? S : (b.l <= L ? L : nan);
        } else {
          m.px = S >= L ? S : (b.h >= L ? L : nan);
        }
      }
      break;
    }
    case OrderType::kTrailingStop: {
      const double mk = w.trail_mark;
      const double stop =
          o.trail_price ? (buy ? mk + o.trail_price->ToDouble() : mk - o.trail_price->ToDouble())
                        : (buy ? mk * (1 + o.trail_percent->ToDouble() / 100)
                               : mk * (1 - o.trail_percent->ToDouble() / 100));
      if (buy) {
        m.px = b.o >= stop ? b.o : (b.h >= stop ? stop : nan);
        if (std::isnan(m.px)) w.trail_mark = std::min(w.trail_mark, b.l);
      } else {
        m.px = b.o <= stop ? b.o : (b.l <= stop ? stop : nan);
        if (std::isnan(m.px)) w.trail_mark = std::max(w.trail_mark, b.h);
      }
      o.hwm = Price::FromDouble(w.trail_mark).Round(4);
      break;
    }
  }
  return m;
}

void SimulatedBroker::ProcessOne(Working& w, const BarData& b) {
  Order& o = book_.at(w.idx);
  const Timestamp t = b.time;
  if (!SessionAllows(w, o, b)) return;
  const bool buy = o.side == OrderSide::kBuy;
  const Match m = MatchPrice(w, o, b);
  const TimeInForce tif = o.time_in_force;
  const bool one_shot = tif == TimeInForce::kIoc || tif == TimeInForce::kFok ||
                        tif == TimeInForce::kOpg || tif == TimeInForce::kCls;
  auto end_one_shot = [&](const char* why) {
    const bool expire = tif == TimeInForce::kOpg || tif == TimeInForce::kCls;
    (void)FinishAt(w.idx, expire ? OrderStatus::kExpired : OrderStatus::kCanceled, t, why);
  };
  if (std::isnan(m.px)) {
    if (one_shot) end_one_shot("not marketable on its only eligible bar");
    return;
  }

  // Quantity: notional orders become shares at the first fill.
  if (o.qty.IsZero() && o.notional) {
    o.qty = Decimal::FromUnits(
        static_cast<int64_t>(std::floor(o.notional->ToDouble() / m.px * Decimal::kScale)));
  }
  const bool whole = IsWhole(o.qty);
  Quantity qty = o.remaining();
  if (config_.max_participation > 0) {
    const double cap_d = config_.max_participation * b.v;
    Quantity cap = Decimal::FromUnits(
        static_cast<int64_t>(std::floor(std::min(cap_d, 9e9) * Decimal::kScale)));
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
  double fpx = slippage_.FillPrice(buy, m.px, qty.ToDouble(), b.v, b.l, b.h);
  if (m.has_limit) fpx = buy ? std::min(fpx, m.limit) : std::max(fpx, m.limit);
  const Price price = Price::FromDouble(fpx).Round(4);

  // What the account can take (the ledger's cash, margin and shares held).
  const char* refused = nullptr;
  qty = AffordableQty(w.sym, buy, qty, price, whole, &refused);
  if (refused) {
    (void)FinishAt(w.idx, OrderStatus::kCanceled, t, refused);
    return;
  }
  if (!qty.IsPositive()) {
    if (one_shot) end_one_shot("no volume to fill against");
    return;
  }
  ExecuteFill(w, o, qty, price, b);
  if (Open(o.status) && one_shot) end_one_shot("remainder canceled after its only eligible bar");
}

}  // namespace tradelet
