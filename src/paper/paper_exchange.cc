// The paper exchange: clock advance, orders, positions, account, and request routing.
#include "tradelet/paper/paper_exchange.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "paper/paper_internal.h"
#include "tradelet/adapters/alpaca/market_data_client.h"
#include "tradelet/adapters/alpaca/trading_json.h"
#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet::live {

using alpaca::ApiErrorToJson;
using Json = nlohmann::json;
using namespace paper_internal;

std::optional<std::string> PaperRequest::Param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

PaperExchange::PaperExchange(std::vector<BarSeries> series, PaperExchangeOptions options)
    : options_(std::move(options)) {
  std::vector<const BarSeries*> ptrs;
  const TimeZone& ny = TimeZone::NewYork();
  for (auto& s : series) {
    if (s.interval >= BarInterval::k1Day) {
      // Alpaca stamps a daily (or longer) bar at 00:00 New York of its first session date, so
      // it closes, and is served, at the next midnight: once its session is over. A file's
      // daily bars (stamped at the 09:30 open by the CSV reader) are replayed the same way.
      for (int64_t& t : s.time_ns) {
        const CivilDate d = ny.ToLocal(Timestamp::FromUnixNanos(t)).date;
        t = ny.FromLocal(LocalDateTime{d, 0, 0, 0, 0}).unix_nanos();
      }
    }
    index_[s.symbol] = series_.size();
    series_.push_back(std::make_unique<BarSeries>(std::move(s)));
    ptrs.push_back(series_.back().get());
  }
  broker_ = std::make_unique<SimulatedBroker>(ptrs, options_.broker);
  feed_ = std::make_unique<HistoricalFeed>(ptrs);
  now_ = Timestamp::Min();
  Advance(options_.start);
}

Timestamp PaperExchange::now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

std::vector<std::string> PaperExchange::symbols() const {
  std::vector<std::string> out;
  for (const auto& [sym, i] : index_) out.push_back(sym);
  return out;
}

void PaperExchange::RollDay(int64_t day) {
  if (day <= day_) return;
  day_ = day;
  day_start_equity_ = broker_->Account().equity();
}

void PaperExchange::Advance(Timestamp t) {
  const TimeZone& ny = TimeZone::NewYork();
  while (true) {
    if (!pending_) {
      MarketStep step;
      if (!feed_->Next(&step)) break;
      pending_ = step;
    }
    if (pending_->decision_time > t) break;
    // A step belongs to the date of the instant before its bars close: a daily bar closing at
    // midnight is its own date's close, not the next day's first bar.
    RollDay(ny.ToLocal(pending_->decision_time - std::chrono::nanoseconds(1)).date.ToDays());
    broker_->OnMarketStep(*pending_, *feed_);
    feed_->Reveal(*pending_);
    broker_->OnStepClosed(*pending_, *feed_);
    pending_.reset();
  }
  std::vector<Order> drained;
  broker_->DrainOrderUpdates(&drained);  // nobody subscribes; keep the queue bounded
  if (t > now_) now_ = t;
  if (now_ != Timestamp::Min()) RollDay(ny.ToLocal(now_).date.ToDays());
}

Status PaperExchange::AdvanceTo(Timestamp t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (t < now_) {
    return InvalidArgument("paper exchange: clock cannot go back from " + FormatTimestamp(now_) +
                           " to " + FormatTimestamp(t));
  }
  Advance(t);
  return Status::Ok();
}

double PaperExchange::LastClose(size_t sym) const {
  const uint32_t n = feed_->visible()[sym];
  return n == 0 ? 0.0 : series_[sym]->close[n - 1];
}

std::vector<alpaca::TradingOrder> PaperExchange::AllOrders() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<alpaca::TradingOrder> out;
  for (const Order& o : broker_->orders()) out.push_back(View(o, false));
  return out;
}

alpaca::TradingOrder PaperExchange::View(const Order& o, bool nested) const {
  alpaca::TradingOrder t;
  t.order = o;
  t.asset_id = PseudoUuid(o.symbol);
  t.asset_class = "us_equity";
  t.submitted_at = o.created_at;
  if (auto it = replaced_by_.find(o.id); it != replaced_by_.end()) {
    t.replaced_by = it->second;
    t.order.status = OrderStatus::kReplaced;
  }
  if (auto it = replaces_.find(o.id); it != replaces_.end()) t.replaces = it->second;
  if (o.status == OrderStatus::kCanceled) t.canceled_at = o.updated_at;
  if (o.status == OrderStatus::kExpired) t.expired_at = o.updated_at;
  if (nested) {
    for (const auto& leg_id : o.leg_ids) {
      if (auto leg = broker_->GetOrder(leg_id); leg.ok()) t.legs.push_back(View(*leg, false));
    }
  }
  return t;
}

Result<std::string> PaperExchange::Submit(OrderRequest request) {
  if (request.client_order_id.empty()) {
    request.client_order_id = "paper-" + std::to_string(++generated_ids_);
  }
  if (request.client_order_id.size() > 128) {
    return InvalidArgument("client_order_id: longer than 128 characters");
  }
  for (unsigned char c : request.client_order_id) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidArgument(
          "client_order_id: control characters (NUL, newline, ...) are not allowed");
    }
  }
  if (!index_.count(request.symbol)) {
    return InvalidArgument("asset \"" + request.symbol + "\" not found");
  }
  return broker_->Submit(request, now_);
}

namespace {
// Digits after the decimal point of the raw "qty" value in a JSON body (string or number), so
// a qty finer than Alpaca's 9 decimal places is refused rather than rounded.
size_t QtyDecimals(std::string_view body) {
  const size_t key = body.find("\"qty\"");
  if (key == std::string_view::npos) return 0;
  size_t i = key + 5;
  while (i < body.size() && (body[i] == ' ' || body[i] == ':' || body[i] == '"' ||
                             body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
    ++i;
  }
  while (i < body.size() && (std::isdigit(static_cast<unsigned char>(body[i])) || body[i] == '-')) {
    ++i;
  }
  if (i >= body.size() || body[i] != '.') return 0;
  size_t n = 0;
  for (++i; i < body.size() && std::isdigit(static_cast<unsigned char>(body[i])); ++i) ++n;
  return n;
}
}  // namespace

PaperResponse PaperExchange::CreateOrder(const std::string& body) {
  if (QtyDecimals(body) > 9) {
    return Error(422, 40010001, "qty: more than 9 decimal places");
  }
  auto req = alpaca::ParseOrderRequestJson(body);
  if (!req.ok()) return Error(422, 40010001, req.status().message());
  auto id = Submit(*req);
  if (!id.ok()) return FromStatus(id.status());
  auto o = broker_->GetOrder(*id);
  if (!o.ok()) return FromStatus(o.status());
  return {200, alpaca::OrderToJson(View(*o, true))};
}

PaperResponse PaperExchange::ListOrders(const PaperRequest& r) {
  const std::string status = r.Param("status").value_or("open");
  if (status != "open" && status != "closed" && status != "all") {
    return Error(422, 40010001, "status: must be open, closed or all");
  }
  const bool nested = r.Param("nested").value_or("") == "true";
  int limit = 50;
  if (auto l = r.Param("limit")) {
    limit = std::atoi(l->c_str());
    if (limit <= 0 || limit > 500) return Error(422, 40010001, "limit: must be 1..500");
  }
  std::vector<std::string> symbols;
  if (auto s = r.Param("symbols")) {
    size_t start = 0;
    while (start <= s->size()) {
      size_t comma = s->find(',', start);
      if (comma == std::string::npos) comma = s->size();
      if (comma > start) symbols.push_back(s->substr(start, comma - start));
      start = comma + 1;
    }
  }
  const std::string side = r.Param("side").value_or("");
  const bool asc = r.Param("direction").value_or("desc") == "asc";
  std::vector<alpaca::TradingOrder> out;
  const auto& all = broker_->orders();
  for (const Order& o : all) {
    if (nested && !o.parent_id.empty()) continue;  // legs go under their parent
    alpaca::TradingOrder v = View(o, nested);
    const bool open = IsOpen(v.order.status);
    if ((status == "open" && !open) || (status == "closed" && open)) continue;
    if (!symbols.empty() && std::find(symbols.begin(), symbols.end(), o.symbol) == symbols.end()) {
      continue;
    }
    if (!side.empty() && side != OrderSideName(o.side)) continue;
    out.push_back(std::move(v));
  }
  if (!asc) std::reverse(out.begin(), out.end());
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return {200, alpaca::OrdersToJson(out)};
}

PaperResponse PaperExchange::Replace(const std::string& id, const std::string& body) {
  auto rep = alpaca::ParseReplaceRequestJson(body);
  if (!rep.ok()) return Error(422, 40010001, rep.status().message());
  auto old = broker_->GetOrder(id);
  if (!old.ok()) return NotFoundError("order not found");
  if (!IsOpen(old->status) || replaced_by_.count(id)) {
    return Error(422, 42210000, "order is not open: " + std::string(OrderStatusName(old->status)));
  }
  if (old->order_class == OrderClass::kOto || !old->parent_id.empty()) {
    return Error(422, 42210000, "replace is not supported for this order");
  }
  OrderRequest r;
  r.symbol = old->symbol;
  r.side = old->side;
  r.type = old->type;
  r.time_in_force = rep->time_in_force.value_or(old->time_in_force);
  r.qty = rep->qty.value_or(old->remaining());
  r.limit_price = rep->limit_price ? rep->limit_price : old->limit_price;
  r.stop_price = rep->stop_price ? rep->stop_price : old->stop_price;
  if (old->trail_price) r.trail_price = rep->trail.value_or(*old->trail_price);
  if (old->trail_percent) r.trail_percent = rep->trail.value_or(*old->trail_percent);
  r.extended_hours = old->extended_hours;
  r.client_order_id = rep->client_order_id;
  // Cancel first so the new order's buying power check does not count the old one twice.
  if (Status s = broker_->Cancel(id, now_); !s.ok()) return FromStatus(s);
  auto new_id = Submit(r);
  if (!new_id.ok()) return FromStatus(new_id.status());
  replaced_by_[id] = *new_id;
  replaces_[*new_id] = id;
  auto o = broker_->GetOrder(*new_id);
  return {200, alpaca::OrderToJson(View(*o, true))};
}

PaperResponse PaperExchange::CancelOne(const std::string& id) {
  Status s = broker_->Cancel(id, now_);
  if (s.code() == StatusCode::kNotFound) return NotFoundError("order not found");
  if (!s.ok()) return Error(422, 42210000, "order is not cancelable: " + s.message());
  return {204, ""};
}

PaperResponse PaperExchange::CancelAll() {
  Json out = Json::array();
  std::vector<std::string> open;
  for (const Order& o : broker_->orders()) {
    if (IsOpen(o.status) && o.parent_id.empty()) open.push_back(o.id);
  }
  for (const auto& id : open) {
    Status s = broker_->Cancel(id, now_);
    Json e = {{"id", id}, {"status", s.ok() ? 200 : 500}};
    if (!s.ok()) e["body"] = Json::parse(ApiErrorToJson(50010000, s.message()));
    out.push_back(e);
  }
  return {207, out.dump()};
}

std::vector<alpaca::TradingPosition> PaperExchange::OpenPositions() const {
  std::vector<alpaca::TradingPosition> out;
  for (const auto& [sym, i] : index_) {
    Position p = broker_->GetPosition(sym);
    if (p.flat()) continue;
    alpaca::TradingPosition tp;
    tp.asset_id = PseudoUuid(sym);
    tp.symbol = sym;
    tp.exchange = "NASDAQ";
    tp.asset_class = "us_equity";
    tp.side = p.qty.IsNegative() ? "short" : "long";
    tp.qty = p.qty;
    tp.qty_available = p.qty;
    for (const Order& o : broker_->OpenOrders(sym)) {
      if ((o.side == OrderSide::kSell) == p.qty.IsPositive()) {
        tp.qty_available -= p.qty.IsPositive() ? o.remaining() : -o.remaining();
      }
    }
    tp.avg_entry_price = p.avg_entry_price();
    tp.current_price = Price::FromDouble(LastClose(i)).Round(4);
    tp.lastday_price = tp.current_price;
    tp.cost_basis = p.cost_basis;
    tp.market_value = p.qty * tp.current_price;
    tp.unrealized_pl = tp.market_value - tp.cost_basis;
    out.push_back(tp);
  }
  return out;
}

PaperResponse PaperExchange::Positions(const std::string& symbol) {
  auto all = OpenPositions();
  if (symbol.empty()) return {200, alpaca::PositionsToJson(all)};
  for (const auto& p : all) {
    if (p.symbol == symbol || p.asset_id == symbol) return {200, alpaca::PositionToJson(p)};
  }
  return NotFoundError("position does not exist");
}

PaperResponse PaperExchange::ClosePosition(const std::string& symbol, const PaperRequest& r) {
  Position p = broker_->GetPosition(symbol);
  if (!index_.count(symbol) || p.flat()) return NotFoundError("position does not exist");
  Quantity qty = p.qty.Abs();
  auto q = r.Param("qty");
  auto pct = r.Param("percentage");
  if (q && pct) return Error(422, 40010001, "only one of qty or percentage is accepted");
  if (q) {
    auto d = Decimal::Parse(*q);
    if (!d.ok() || !d->IsPositive() || *d > qty) return Error(422, 40010001, "qty: invalid");
    qty = *d;
  } else if (pct) {
    auto d = Decimal::Parse(*pct);
    if (!d.ok() || !d->IsPositive() || *d > Decimal::FromInt(100)) {
      return Error(422, 40010001, "percentage: must be in (0, 100]");
    }
    qty = (qty * *d / Decimal::FromInt(100)).Round(9);
  }
  OrderRequest req;
  req.symbol = symbol;
  req.side = p.qty.IsPositive() ? OrderSide::kSell : OrderSide::kBuy;
  req.qty = qty;
  auto id = Submit(req);
  if (!id.ok()) return FromStatus(id.status());
  return {200, alpaca::OrderToJson(View(*broker_->GetOrder(*id), true))};
}

PaperResponse PaperExchange::CloseAll(const PaperRequest& r) {
  if (r.Param("cancel_orders").value_or("") == "true") CancelAll();
  Json out = Json::array();
  for (const auto& p : OpenPositions()) {
    PaperRequest none;
    PaperResponse one = ClosePosition(p.symbol, none);
    out.push_back({{"symbol", p.symbol}, {"status", one.status}, {"body", Json::parse(one.body)}});
  }
  return {207, out.dump()};
}

PaperResponse PaperExchange::Account() {
  const AccountSnapshot a = broker_->Account();
  alpaca::TradingAccount t;
  t.id = PseudoUuid("paper-account");
  t.account_number = "PA0000000001";
  t.status = "ACTIVE";
  t.currency = "USD";
  t.cash = a.cash.Round(2);
  t.equity = a.equity().Round(2);
  t.last_equity = day_start_equity_.Round(2);
  t.portfolio_value = t.equity;
  t.long_market_value = a.long_value.Round(2);
  t.short_market_value = a.short_value.Round(2);
  t.buying_power = a.buying_power().Round(2);
  t.regt_buying_power = t.buying_power;
  t.non_marginable_buying_power = t.cash;
  t.multiplier = a.multiplier;
  t.shorting_enabled =
      options_.broker.account.type == AccountType::kMargin && options_.broker.account.allow_short;
  return {200, alpaca::AccountToJson(t)};
}

PaperResponse PaperExchange::Route(const PaperRequest& r) {
  const std::string& p = r.path;
  const std::string& m = r.method;
  auto tail = [&](const std::string& prefix) -> std::optional<std::string> {
    if (p.size() > prefix.size() && p.compare(0, prefix.size(), prefix) == 0 &&
        p.find('/', prefix.size()) == std::string::npos) {
      return p.substr(prefix.size());
    }
    return std::nullopt;
  };
  if (p == "/v2/account" && m == "GET") return Account();
  if (p == "/v2/clock" && m == "GET") return Clock();
  if (p == "/v3/clock" && m == "GET") return ClockV3(r);
  if (p == "/v2/calendar" && m == "GET") return Calendar(r);
  if (auto market = tail("/v3/calendar/"); market && m == "GET") return CalendarV3(*market, r);
  if (p == "/v2/assets" && m == "GET") return Assets("");
  if (auto sym = tail("/v2/assets/"); sym && m == "GET") return Assets(*sym);
  if (p == "/v2/positions" && m == "GET") return Positions("");
  if (p == "/v2/positions" && m == "DELETE") return CloseAll(r);
  if (auto sym = tail("/v2/positions/")) {
    if (m == "GET") return Positions(*sym);
    if (m == "DELETE") return ClosePosition(*sym, r);
  }
  if (p == "/v2/orders:by_client_order_id" && m == "GET") {
    const std::string cid = r.Param("client_order_id").value_or("");
    for (const Order& o : broker_->orders()) {
      if (o.client_order_id == cid) return {200, alpaca::OrderToJson(View(o, true))};
    }
    return NotFoundError("order not found");
  }
  if (p == "/v2/orders") {
    if (m == "POST") return CreateOrder(r.body);
    if (m == "GET") return ListOrders(r);
    if (m == "DELETE") return CancelAll();
  }
  if (auto id = tail("/v2/orders/")) {
    if (m == "GET") {
      auto o = broker_->GetOrder(*id);
      if (!o.ok()) return NotFoundError("order not found");
      return {200, alpaca::OrderToJson(
                       View(*o, r.Param("nested").value_or("") == "true" || !o->leg_ids.empty()))};
    }
    if (m == "PATCH") return Replace(*id, r.body);
    if (m == "DELETE") return CancelOne(*id);
  }
  if (p == "/v2/stocks/bars" && m == "GET") return Bars(r, "");
  if (p.rfind("/v2/stocks/", 0) == 0 && p.size() > 16 && p.compare(p.size() - 5, 5, "/bars") == 0 &&
      m == "GET") {
    const std::string sym = p.substr(11, p.size() - 16);
    if (!sym.empty() && sym.find('/') == std::string::npos) return Bars(r, sym);
  }
  return Error(404, 40410000, "endpoint not found: " + m + " " + p);
}

PaperResponse PaperExchange::Handle(const PaperRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  return Route(request);
}

}  // namespace tradelet::live
