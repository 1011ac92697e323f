// A strategy's own book on a shared account (job_book.h).
#include "live/job_book.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "tradelet/adapters/alpaca/trading_broker.h"
#include "tradelet/live/client_order_id.h"
#include "tradelet/live/journal_rebuild.h"

namespace tradelet::live {
namespace {

constexpr int kPage = 500;        // Alpaca's largest page
constexpr int kMaxPages = 2'000;  // a million orders: a broker that never stops paging

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "-YYYYMMDDTHHMMZ-" at `i` (the dash before the slot).
bool SlotAt(std::string_view cid, size_t i) {
  if (i + 16 > cid.size() || cid[i] != '-' || cid[i + 15] != '-') return false;
  const std::string_view s = cid.substr(i + 1, 14);
  return Digits(s.substr(0, 8)) && s[8] == 'T' && Digits(s.substr(9, 4)) && s[13] == 'Z';
}

struct Fill {
  Timestamp at;
  int64_t seq = 0;  // listing order, for equal times
  std::string symbol;
  bool buy = true;
  Quantity qty;
  Price price;
};

// Quantity and cost of a symbol built from fills, oldest first.
struct Lot {
  Quantity qty;
  Money cost;
  void Apply(const Fill& f) {
    if (f.buy) {
      qty = qty + f.qty;
      cost = cost + f.qty * f.price;
    } else if (qty.IsPositive()) {
      const Quantity sold = std::min(f.qty, qty);
      cost = cost - cost * (sold / qty);  // the average cost stays
      qty = qty - sold;
      if (qty.IsZero()) cost = Money();
    }
  }
  Price avg() const { return qty.IsPositive() ? cost / qty : Price(); }
};

void CollectFills(const alpaca::TradingOrder& o, int64_t* seq, std::vector<Fill>* out) {
  if (o.order.filled_qty.IsPositive()) {
    out->push_back({o.order.filled_at.value_or(o.order.updated_at), (*seq)++, o.order.symbol,
                    o.order.side == OrderSide::kBuy, o.order.filled_qty, o.order.filled_avg_price});
  }
  for (const auto& leg : o.legs) CollectFills(leg, seq, out);
}

void CollectIds(const alpaca::TradingOrder& o, std::set<std::string>* ids) {
  ids->insert(o.order.id);
  for (const auto& leg : o.legs) CollectIds(leg, ids);
}

Money NetSpend(const std::vector<Fill>& fills) {
  Money n;
  for (const Fill& f : fills) n = f.buy ? n + f.qty * f.price : n - f.qty * f.price;
  return n;
}

std::map<std::string, Lot> Lots(std::vector<Fill> fills) {
  std::sort(fills.begin(), fills.end(), [](const Fill& a, const Fill& b) {
    return a.at != b.at ? a.at < b.at : a.seq < b.seq;
  });
  std::map<std::string, Lot> lots;
  for (const Fill& f : fills) lots[f.symbol].Apply(f);
  return lots;
}

}  // namespace

std::string StrategyOfClientOrderId(std::string_view cid) {
  for (size_t i = 1; i + 16 <= cid.size(); ++i) {
    if (SlotAt(cid, i)) return std::string(cid.substr(0, i));
  }
  return "";
}

bool IsOwnClientOrderId(std::string_view strategy_id, std::string_view cid,
                        const std::set<std::string>* journaled) {
  if (cid.size() > strategy_id.size() && cid.starts_with(strategy_id) &&
      SlotAt(cid, strategy_id.size())) {
    return true;
  }
  // The hashed form keeps 8 characters of a longer id: only the journal can say it is ours.
  if (strategy_id.size() > 8 && journaled && journaled->count(std::string(cid))) {
    return ClientOrderIdSlot(strategy_id, cid).has_value();
  }
  return false;
}

BookResult ComputeBook(const BookInput& in, const LiveConfig& config, Timestamp slot) {
  BookResult out;
  const std::string& sid = config.strategy_id;
  std::vector<Fill> own, others, attempt, all_tradelet;
  std::map<std::string, std::set<std::string>> other_ids;  // symbol -> other strategy ids
  std::set<std::string> outside_symbols;                   // bought by non-tradelet orders
  std::set<std::string> own_cids;
  int64_t seq = 0;
  int unjournaled = 0;
  for (const alpaca::TradingOrder& o : in.orders) {
    const std::string& cid = o.order.client_order_id;
    std::vector<Fill> fills;
    CollectFills(o, &seq, &fills);
    if (IsOwnClientOrderId(sid, cid, &in.journaled)) {
      own_cids.insert(cid);
      if (!in.journaled.count(cid)) ++unjournaled;
      all_tradelet.insert(all_tradelet.end(), fills.begin(), fills.end());
      if (IsClientOrderIdOfSlot(cid, sid, slot)) {
        // This slot's earlier attempt: the strategy decides as before it (reconcile).
        attempt.insert(attempt.end(), fills.begin(), fills.end());
        continue;
      }
      CollectIds(o, &out.own_order_ids);
      own.insert(own.end(), fills.begin(), fills.end());
    } else if (const std::string other = StrategyOfClientOrderId(cid); !other.empty()) {
      all_tradelet.insert(all_tradelet.end(), fills.begin(), fills.end());
      others.insert(others.end(), fills.begin(), fills.end());
      for (const Fill& f : fills) other_ids[f.symbol].insert(other);
    } else {
      for (const Fill& f : fills) outside_symbols.insert(f.symbol);
    }
  }
  if (unjournaled > 0) {
    out.warnings.push_back(std::to_string(unjournaled) +
                           " order(s) with this strategy's client ids are at the broker but not "
                           "in its journal: attributed by client id");
  }
  int missing = 0;
  for (const std::string& cid : in.journaled) missing += !own_cids.count(cid);
  if (missing > 0) {
    out.warnings.push_back(std::to_string(missing) +
                           " order(s) the journal placed are not in the broker's listing: left "
                           "out of the book");
  }

  const std::map<std::string, Lot> book = Lots(own);
  const std::map<std::string, Lot> theirs = Lots(others);
  const std::map<std::string, Lot> pending = Lots(attempt);
  std::map<std::string, const alpaca::TradingPosition*> held;
  for (const auto& p : in.positions) held[p.symbol] = &p;

  // Positions: min(book, account); the rest of the account is someone else's.
  Money long_value;
  nlohmann::json positions = nlohmann::json::object();
  for (const auto& [symbol, lot] : book) {
    if (!lot.qty.IsPositive()) continue;
    auto it = held.find(symbol);
    const Quantity account_qty = it == held.end() ? Quantity() : it->second->qty;
    Quantity qty = lot.qty;
    if (account_qty < qty) {
      out.warnings.push_back(symbol + ": the account holds " + account_qty.ToString() +
                             ", this strategy's book " + lot.qty.ToString() +
                             ": shares left the account outside this strategy; it holds " +
                             account_qty.ToString());
      qty = std::max(account_qty, Quantity());
    }
    if (!qty.IsPositive()) continue;
    out.positions[symbol] = {qty, lot.avg()};
    if (it != held.end()) long_value = long_value + qty * it->second->current_price;
    positions[symbol] = {{"qty", qty.ToString()}, {"avg_entry", lot.avg().ToString()}};
  }
  for (const auto& p : in.positions) {
    if (!p.qty.IsPositive()) continue;  // a short opened outside: never this strategy's
    auto mine = out.positions.find(p.symbol);
    Quantity rest = p.qty - (mine == out.positions.end() ? Quantity() : mine->second.first);
    auto pend = pending.find(p.symbol);
    if (pend != pending.end()) rest = rest - std::min(rest, pend->second.qty);
    auto other = theirs.find(p.symbol);
    if (other != theirs.end() && other->second.qty.IsPositive() && rest.IsPositive()) {
      const Quantity q = std::min(rest, other->second.qty);
      std::string ids;
      for (const std::string& id : other_ids[p.symbol]) ids += (ids.empty() ? "" : ", ") + id;
      out.unattributed.push_back({p.symbol, q.ToString(), "other strategy: " + ids});
      rest = rest - q;
    }
    if (rest.IsPositive()) {
      out.unattributed.push_back(
          {p.symbol, rest.ToString(),
           outside_symbols.count(p.symbol)
               ? "opened outside tradelet (orders without a tradelet client_order_id)"
               : "opened outside tradelet (no order at the broker explains it)"});
    }
  }

  // Cash: the strategy's share of the cash tradelet has, minus what it spent.
  const Money tradelet_cash = in.account.cash + NetSpend(all_tradelet);
  const Money own_spend = NetSpend(own);
  const Money share = Money::FromDouble(config.account_share);
  Money cash = tradelet_cash * share - own_spend;
  if (in.account.cash < cash) {
    out.warnings.push_back("the account's cash " + in.account.cash.ToString() +
                           " is less than this strategy's share " + cash.ToString() +
                           ": another strategy spent beyond its share; using the account's");
    cash = in.account.cash;
  }
  // The day's start: the book and cash before the slot's New York day.
  const CivilDate today = TimeZone::NewYork().ToLocal(slot).date;
  const Timestamp day_start = TimeZone::NewYork().FromLocal({today, 0, 0, 0});
  std::vector<Fill> before;
  for (const Fill& f : own) {
    if (f.at < day_start) before.push_back(f);
  }
  out.last_equity = tradelet_cash * share - NetSpend(before);
  for (const auto& [symbol, lot] : Lots(before)) {
    if (!lot.qty.IsPositive()) continue;
    auto it = held.find(symbol);
    const bool priced = it != held.end() && it->second->lastday_price.IsPositive();
    out.last_equity = out.last_equity + lot.qty * (priced ? it->second->lastday_price : lot.avg());
  }
  out.account = in.account;
  out.account.cash = cash;
  out.account.long_value = long_value;
  out.account.short_value = Money();
  nlohmann::json j = {{"account_share", config.account_share},
                      {"tradelet_cash", tradelet_cash.ToString()},
                      {"cash", cash.ToString()},
                      {"equity", out.account.equity().ToString()},
                      {"last_equity", out.last_equity.ToString()},
                      {"positions", positions}};
  out.json = j.dump();
  return out;
}

Status ApplyOwnBook(alpaca::AlpacaTradingClient& trading, const Journal& journal,
                    const LiveConfig& config, Timestamp slot, LivePortfolio* pf, JobReport* report,
                    double* last_equity) {
  BookInput in;
  TL_ASSIGN_OR_RETURN(std::vector<JournalOrder> rows, journal.Orders());
  const std::string runs = config.strategy_id + "@";
  for (const JournalOrder& r : rows) {
    if (r.run_id.rfind(runs, 0) == 0 && (r.state == "placed" || r.state == "adopted")) {
      in.journaled.insert(r.client_order_id);
    }
  }
  // Every order, oldest first; legs nested under their parents.
  std::set<std::string> seen;
  alpaca::ListOrdersQuery q;
  q.status = "all";
  q.limit = kPage;
  q.direction = "asc";
  q.nested = true;
  for (int page = 0; page < kMaxPages; ++page) {
    auto got = trading.ListOrders(q);
    if (!got.ok()) return got.status().WithContext("book: orders");
    size_t fresh = 0;
    std::optional<Timestamp> last;
    for (alpaca::TradingOrder& o : *got) {
      if (o.submitted_at) last = last ? std::max(*last, *o.submitted_at) : *o.submitted_at;
      if (!seen.insert(o.order.id).second) continue;
      ++fresh;
      in.orders.push_back(std::move(o));
    }
    // The next page starts at the last submission time (inclusive, hence the dedupe by id).
    if (got->size() < static_cast<size_t>(kPage) || fresh == 0 || !last) break;
    q.after = *last - Duration(1);
  }
  auto account = trading.GetAccount();
  if (!account.ok()) return account.status().WithContext("book: account");
  in.account = alpaca::ToAccountSnapshot(*account);
  auto positions = trading.ListPositions();
  if (!positions.ok()) return positions.status().WithContext("book: positions");
  in.positions = std::move(*positions);

  BookResult book = ComputeBook(in, config, slot);
  pf->ReplacePositions(book.positions);
  pf->KeepOpenOrders([&](const Order& o) { return book.own_order_ids.count(o.id) > 0; });
  // Keep the reservations ReconcileBeforeSlot's snapshot had none of: ReserveOpenBuys sets them.
  pf->SetAccount(book.account);
  *last_equity = book.last_equity.ToDouble();
  report->book_json = std::move(book.json);
  report->unattributed = std::move(book.unattributed);
  for (std::string& w : book.warnings) report->warnings.push_back(std::move(w));
  return Status::Ok();
}

}  // namespace tradelet::live
