#include "report_csv.h"

#include <algorithm>
#include <cstring>

namespace tradelet::report_internal {
namespace {

size_t MaxOptDec(const std::optional<Decimal>& d) { return d ? kMaxDecimal : 0; }
char* PutOptDec(char* p, const std::optional<Decimal>& d) { return d ? PutDecimal(p, *d) : p; }

// symbol,side,type,time_in_force,order_class,qty: what an order row and a rejection row share.
char* PutRequestFields(char* p, std::string_view symbol, std::string_view side,
                       std::string_view type, std::string_view tif, std::string_view cls,
                       Decimal qty) {
  p = PutCsv(p, symbol);
  for (std::string_view f : {side, type, tif, cls}) {
    *p++ = ',';
    p = PutStr(p, f);
  }
  *p++ = ',';
  return PutDecimal(p, qty);
}

}  // namespace

void TradesCsv(const BacktestResult& r, ByteBuf& out) {
  out.Append(
      "symbol,side,entry_time,exit_time,qty,entry_price,exit_price,pnl,return,commission,"
      "bars_held,status\n");
  TimestampFormatter entry_time, exit_time;
  auto row = [&](const TradeRecord& t) {
    const double ret = t.entry_value.IsZero() ? 0 : t.pnl.ToDouble() / t.entry_value.ToDouble();
    char* p = out.Reserve(MaxCsv(t.symbol) + 2 * kMaxTimestamp + 5 * kMaxDecimal + kMaxG10 +
                          kMaxInt + 32);
    p = PutCsv(p, t.symbol);
    p = PutStr(p, t.is_long ? ",long," : ",short,");
    p = entry_time.Put(p, t.entry_time);
    *p++ = ',';
    p = exit_time.Put(p, t.exit_time);
    *p++ = ',';
    p = PutDecimal(p, t.qty);
    *p++ = ',';
    p = PutDecimalRounded(p, t.entry_price, 4);
    *p++ = ',';
    p = PutDecimalRounded(p, t.exit_price, 4);
    *p++ = ',';
    p = PutDecimal(p, t.pnl);
    *p++ = ',';
    p = PutG10(p, ret);
    *p++ = ',';
    p = PutDecimal(p, t.commission);
    *p++ = ',';
    p = PutInt(p, t.bars_held);
    p = PutStr(p, t.closed ? ",closed\n" : ",open\n");
    out.Commit(p);
  };
  for (const auto& t : r.trades) row(t);
  for (const auto& t : r.open_trades) row(t);
}

void OrdersCsvHeader(ByteBuf& out) {
  out.Append(
      "id,client_order_id,parent_id,created_at,symbol,side,type,time_in_force,order_class,qty,"
      "notional,limit_price,stop_price,trail_price,trail_percent,status,filled_qty,"
      "filled_avg_price,filled_at,reason\n");
}

void OrdersCsvRows(const BacktestResult& r, size_t begin, size_t end, ByteBuf& out) {
  if (begin >= end) return;
  TimestampFormatter created, filled;
  // The text ",side,type,time_in_force,order_class," of a row, copied as one fixed-size block
  // (a row copied its four names and commas one by one), kept for buys and for sells (the side
  // changes every third row) and made again only when the other three change.
  struct EnumText {
    bool made = false, fits = false;
    OrderType type{};
    TimeInForce tif{};
    OrderClass cls{};
    size_t size = 0;
    char text[64] = {};  // the names are far shorter: checked when made
  };
  EnumText enum_text[2];
  auto enums_of = [&](const Order& o) -> const EnumText& {
    EnumText& e = enum_text[o.side == OrderSide::kSell ? 1 : 0];
    if (e.made && e.type == o.type && e.tif == o.time_in_force && e.cls == o.order_class) return e;
    const std::string_view names[] = {OrderSideName(o.side), OrderTypeName(o.type),
                                      TimeInForceName(o.time_in_force),
                                      OrderClassName(o.order_class)};
    e = EnumText{true, false, o.type, o.time_in_force, o.order_class, 1, {}};
    for (std::string_view f : names) e.size += f.size() + 1;
    e.fits = e.size <= sizeof e.text;
    if (e.fits) {
      char* q = e.text;
      *q++ = ',';
      for (std::string_view f : names) {
        q = PutStr(q, f);
        *q++ = ',';
      }
    }
    return e;
  };
  OrderStatus pu = r.orders[begin].status;
  std::string_view status = OrderStatusName(pu);
  for (size_t i = begin; i < end; ++i) {
    const Order& o = r.orders[i];
    const EnumText& enums = enums_of(o);
    if (o.status != pu) status = OrderStatusName(pu = o.status);
    const bool no_prices =
        !o.notional && !o.limit_price && !o.stop_price && !o.trail_price && !o.trail_percent;
    char* p = out.Reserve(
        o.id.size() + MaxCsv(o.client_order_id) + o.parent_id.size() + MaxCsv(o.symbol) +
        MaxCsv(o.reason) + std::max(sizeof enums.text, enums.size) + status.size() +
        2 * kMaxTimestamp + 3 * kMaxDecimal +
        (no_prices ? 0
                   : MaxOptDec(o.notional) + MaxOptDec(o.limit_price) + MaxOptDec(o.stop_price) +
                         MaxOptDec(o.trail_price) + MaxOptDec(o.trail_percent)) +
        24);
    p = PutStr(p, o.id);
    *p++ = ',';
    p = PutCsv(p, o.client_order_id);
    *p++ = ',';
    p = PutStr(p, o.parent_id);
    *p++ = ',';
    p = created.Put(p, o.created_at);
    *p++ = ',';
    if (enums.fits) {
      p = PutCsv(p, o.symbol);
      std::memcpy(p, enums.text, sizeof enums.text);
      p = PutDecimal(p + enums.size, o.qty);
    } else {
      p = PutRequestFields(p, o.symbol, OrderSideName(o.side), OrderTypeName(o.type),
                           TimeInForceName(o.time_in_force), OrderClassName(o.order_class), o.qty);
    }
    if (no_prices) {
      p = PutStr(p, ",,,,,,");
    } else {
      *p++ = ',';
      p = PutOptDec(p, o.notional);
      *p++ = ',';
      p = PutOptDec(p, o.limit_price);
      *p++ = ',';
      p = PutOptDec(p, o.stop_price);
      *p++ = ',';
      p = PutOptDec(p, o.trail_price);
      *p++ = ',';
      p = PutOptDec(p, o.trail_percent);
      *p++ = ',';
    }
    p = PutStr(p, status);
    *p++ = ',';
    p = PutDecimal(p, o.filled_qty);
    *p++ = ',';
    if (!o.filled_qty.IsZero()) p = PutDecimalRounded(p, o.filled_avg_price, 4);
    *p++ = ',';
    if (o.filled_at) p = filled.Put(p, *o.filled_at);
    *p++ = ',';
    p = PutCsv(p, o.reason);
    *p++ = '\n';
    out.Commit(p);
  }
}

void RejectionsCsv(const BacktestResult& r, ByteBuf& out) {
  TimestampFormatter time;
  for (const Rejection& x : r.rejections) {
    const OrderRequest& q = x.request;
    const std::string_view side = OrderSideName(q.side), type = OrderTypeName(q.type),
                           tif = TimeInForceName(q.time_in_force),
                           cls = OrderClassName(q.order_class);
    char* p = out.Reserve(MaxCsv(q.symbol) + MaxCsv(x.reason) + side.size() + type.size() +
                          tif.size() + cls.size() + kMaxTimestamp + kMaxDecimal + 48);
    p = PutStr(p, ",,,");
    p = time.Put(p, x.time);
    *p++ = ',';
    p = PutRequestFields(p, q.symbol, side, type, tif, cls, q.qty);
    p = PutStr(p, ",,,,,,rejected,0,,,");
    p = PutCsv(p, x.reason);
    *p++ = '\n';
    out.Commit(p);
  }
}

void EquityCsv(const BacktestResult& r, ByteBuf& out) {
  const bool bench = r.benchmark.size() == r.equity.size() && !r.benchmark.empty();
  out.Append(bench ? "time,equity,cash,gross_exposure,drawdown,benchmark\n"
                   : "time,equity,cash,gross_exposure,drawdown\n");
  TimestampFormatter time;
  double peak = r.initial_cash;
  for (size_t i = 0; i < r.equity.size(); ++i) {
    const EquityPoint& e = r.equity[i];
    peak = std::max(peak, e.equity);
    char* p = out.Reserve(kMaxTimestamp + 5 * kMaxG10 + 8);
    p = time.Put(p, Timestamp::FromUnixNanos(e.time_ns));
    *p++ = ',';
    p = PutG10(p, e.equity);
    *p++ = ',';
    p = PutG10(p, e.cash);
    *p++ = ',';
    p = PutG10(p, e.gross);
    *p++ = ',';
    p = PutG10(p, peak > 0 ? 1 - e.equity / peak : 0);
    if (bench) {
      *p++ = ',';
      p = PutG10(p, r.benchmark[i]);
    }
    *p++ = '\n';
    out.Commit(p);
  }
}

void SkipsCsv(const BacktestResult& r, ByteBuf& out) {
  out.Append("symbol,source,reason\n");
  for (const auto& k : r.skipped) {
    char* p = out.Reserve(MaxCsv(k.symbol) + MaxCsv(k.source) + MaxCsv(k.reason) + 3);
    p = PutCsv(p, k.symbol);
    *p++ = ',';
    p = PutCsv(p, k.source);
    *p++ = ',';
    p = PutCsv(p, k.reason);
    *p++ = '\n';
    out.Commit(p);
  }
}

}  // namespace tradelet::report_internal
