// Issue 21.6: several strategies on one account. Two variants of
// examples/prophet_trend_intraday.toml (top_n 20 as shipped and top_n 5; `book = "strategy"`,
// `account_share = 0.5` each) run at every slot of the real Wednesday 2019-02-13 (09:45 ..
// 16:00 New York, 26 slots) against ONE paper-exchange account of 100,000 $, with a fault on
// the first order of variant A's first run (its answer lost after the exchange accepted it) and
// a rerun of every fifth A slot after B has run. Each variant's orders (slot, symbol, side, qty)
// and its book before every slot and at the end must equal its own backtest: the same file, [data]
// from = to = that day, initial_cash = 50,000 (its share). The variants' books add up to the
// account. A second case: shares bought outside tradelet (client ids of no strategy) are never sold
// and are reported `unattributed`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "live/job_book.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/live/journal_rebuild.h"
#include "tradelet/strategy/config.h"
#include "tradelet/testing/shared_data.h"
#include "week_fixture.h"

namespace tradelet::live::e2e {
namespace {

using Key = std::pair<Timestamp, std::string>;  // slot, symbol
using Orders = std::map<Key, std::string>;      // "side qty"

// `strategy_id`, the book keys and `top_n` put into the example; journal in `folder`.
std::string WriteVariant(const std::string& example, const std::string& folder,
                         const std::string& sid, int top_n, const std::string& book_keys) {
  std::string text = std::regex_replace(example, std::regex("journal = \"[^\"]*\""),
                                        "journal = \"" + folder + "/" + sid + ".sqlite\"");
  text = std::regex_replace(text, std::regex("strategy_id = \"[^\"]*\""),
                            "strategy_id = \"" + sid + "\"\n" + book_keys);
  text = std::regex_replace(text, std::regex("\ntop_n = 20 "),
                            "\ntop_n = " + std::to_string(top_n) + " ");
  const std::string path = folder + "/" + sid + ".toml";
  std::ofstream(path) << text;
  return path;
}

// Parent orders at the exchange whose client ids are `sid`'s.
Orders LiveOrders(const PaperExchange& ex, const std::string& sid) {
  Orders out;
  for (const auto& [cid, o] : ExchangeOrders(ex)) {
    auto slot = ClientOrderIdSlot(sid, cid);
    if (!slot || cid.rfind(sid + "-", 0) != 0) continue;
    out[{*slot, o.order.symbol}] =
        std::string(OrderSideName(o.order.side)) + " " + o.order.qty.ToString();
  }
  return out;
}

// Every order (legs included) of `sid` at the exchange: broker id -> status and filled qty.
std::map<std::string, std::string> OrderStates(const PaperExchange& ex, const std::string& sid) {
  std::map<std::string, std::string> parents, out;
  for (const auto& o : ex.AllOrders()) {
    if (o.order.parent_id.empty() && o.order.client_order_id.rfind(sid + "-", 0) == 0) {
      parents[o.order.id] = o.order.client_order_id;
    }
  }
  for (const auto& o : ex.AllOrders()) {
    const std::string& owner = o.order.parent_id.empty() ? o.order.id : o.order.parent_id;
    if (!parents.count(owner)) continue;
    out[o.order.id] =
        std::string(OrderStatusName(o.order.status)) + " " + o.order.filled_qty.ToString();
  }
  return out;
}

struct BacktestSide {
  Orders orders;
  std::map<std::string, Quantity> positions;
  std::vector<Order> fills;  // every filled order and leg
  // Its positions from the fills before `t`.
  std::map<std::string, Quantity> At(Timestamp t) const {
    std::map<std::string, Quantity> out;
    for (const Order& o : fills) {
      if (!o.filled_at || *o.filled_at >= t) continue;
      out[o.symbol] = out[o.symbol] + (o.side == OrderSide::kBuy ? o.filled_qty : -o.filled_qty);
    }
    std::erase_if(out, [](const auto& p) { return p.second.IsZero(); });
    return out;
  }
};

// Orders of one intent (strategy, creation time, symbol, side) beyond the first, the strategy
// read from the client id (two variants may buy the same symbol at the same slot).
int Duplicates(const PaperExchange& ex) {
  std::map<std::string, int> per_intent;
  for (const auto& [cid, o] : ExchangeOrders(ex)) {
    ++per_intent[StrategyOfClientOrderId(cid) + "/" + FormatTimestamp(o.order.created_at) + "/" +
                 o.order.symbol + "/" + std::string(OrderSideName(o.order.side))];
  }
  int dups = 0;
  for (const auto& [k, n] : per_intent) dups += n - 1;
  return dups;
}

// The variant's backtest on that day alone with half the account's cash.
Result<BacktestSide> Backtest(const std::string& path, const std::string& dir, CivilDate day) {
  TL_ASSIGN_OR_RETURN(toml::table root, ReadTomlFile(path));
  root.erase("live");
  TL_ASSIGN_OR_RETURN(BacktestConfig cfg, ParseBacktestConfig(root, "."));
  cfg.data_dir = dir;
  cfg.from = day;
  cfg.to = day;
  cfg.broker.initial_cash = Money::FromInt(50000);
  TL_ASSIGN_OR_RETURN(BacktestData data, LoadBacktestData(cfg));
  TL_ASSIGN_OR_RETURN(auto strategy, MakeStrategy(cfg.strategy));
  std::vector<const BarSeries*> traded;
  for (const BarSeries* s : data.all) {
    if (std::find(cfg.symbols.begin(), cfg.symbols.end(), s->symbol) != cfg.symbols.end()) {
      traded.push_back(s);
    }
  }
  TL_ASSIGN_OR_RETURN(BacktestResult res, RunStrategy(*strategy, cfg, traded));
  BacktestSide out;
  for (const Order& o : res.orders) {
    const Quantity q = o.side == OrderSide::kBuy ? o.filled_qty : -o.filled_qty;
    out.positions[o.symbol] = out.positions[o.symbol] + q;
    if (o.filled_qty.IsPositive()) out.fills.push_back(o);
    if (!o.parent_id.empty()) continue;  // exit legs: part of their bracket
    out.orders[{o.created_at, o.symbol}] =
        std::string(OrderSideName(o.side)) + " " + o.qty.ToString();
  }
  std::erase_if(out.positions, [](const auto& p) { return p.second.IsZero(); });
  return out;
}

// The book a report shows (positions held before its slot).
std::map<std::string, Quantity> ReportBook(const JobReport& rep) {
  std::map<std::string, Quantity> out;
  if (rep.book_json.empty()) return out;
  const auto j = nlohmann::json::parse(rep.book_json);
  for (const auto& [sym, p] : j["positions"].items()) {
    out[sym] = Decimal::Parse(p["qty"].get<std::string>()).value();
  }
  return out;
}

class Books : public WeekFixture {
 protected:
  const CivilDate day_{2019, 2, 13};
  static constexpr char kKeys[] = "book = \"strategy\"\naccount_share = 0.5";
};

TEST_F(Books, TwoVariantsOnOneAccountEachEqualsItsOwnBacktest) {
  const std::string folder = ::tradelet::testing::TempDir("books-two");
  const std::string a = WriteVariant(example_, folder, "pt-a", 20, kKeys);
  const std::string b = WriteVariant(example_, folder, "pt-b", 5, kKeys);
  PaperExchange exchange(bars_, {broker_, slot_ - std::chrono::minutes(15)});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  SimulatedClock clock(slot_);
  JobReport last_a, last_b;
  int runs = 0, b_touched = 0, a_rerun_placed = 0, a_sees_b_wrong = 0;
  // Each variant's book as its runs report it (positions before the slot), by slot.
  std::map<std::string, std::map<Timestamp, std::map<std::string, Quantity>>> books;
  for (int k = 0; k < 26; ++k) {
    const Timestamp slot = slot_ + std::chrono::minutes(15 * k);
    ASSERT_TRUE(exchange.AdvanceTo(slot + std::chrono::seconds(3)).ok());
    if (clock.Now() < slot + std::chrono::seconds(3)) clock.Set(slot + std::chrono::seconds(3));
    if (k == 0) {  // A's first order is accepted, its answer lost
      PaperFault f;
      f.kind = PaperFault::Kind::kDropAfter;
      f.method = "POST";
      f.path_prefix = "/v2/orders";
      server.PushFault(f);
    }
    const JobReport ra = RunIn(server, clock, a, slot);
    last_b = RunIn(server, clock, b, slot);
    last_a = ra;
    runs += 2;
    if (k % 5 == 0) {  // a rerun (or a fault) of A's slot must not touch B's orders
      const auto b_before = OrderStates(exchange, "pt-b");
      last_a = RunIn(server, clock, a, slot);
      b_touched += b_before != OrderStates(exchange, "pt-b");
      for (const OrderReport& o : last_a.orders) a_rerun_placed += o.state == "placed";
      ++runs;
    }
    books["pt-a"][slot] = ReportBook(ra);
    books["pt-b"][slot] = ReportBook(last_b);
    // A's report lists B's holdings as another strategy's, and nothing else.
    std::map<std::string, Quantity> of_b;
    for (const auto& u : last_a.unattributed) {
      a_sees_b_wrong += u.reason != "other strategy: pt-b";
      of_b[u.symbol] = Decimal::Parse(u.qty).value();
    }
    a_sees_b_wrong += of_b != books["pt-b"][slot];
    EXPECT_TRUE(ra.outcome == "ok" || ra.outcome == "incomplete") << ra.ToJson();
    EXPECT_EQ(last_b.outcome, "ok") << FormatTimestamp(slot) << last_b.ToJson();
    EXPECT_EQ(last_a.outcome, "ok") << FormatTimestamp(slot) << last_a.ToJson();
  }
  server.Stop();
  EXPECT_EQ(b_touched, 0) << "a rerun of pt-a changed pt-b's orders";
  EXPECT_EQ(a_rerun_placed, 0) << "a rerun placed orders of its own again";
  EXPECT_EQ(a_sees_b_wrong, 0) << "pt-a's unattributed differ from pt-b's book";
  EXPECT_EQ(Duplicates(exchange), 0);

  // Each variant against its own backtest with half the cash.
  size_t compared = 0;
  std::map<std::string, Quantity> sum;
  for (const auto& [sid, path, rep] :
       {std::tuple{"pt-a", a, &last_a}, std::tuple{"pt-b", b, &last_b}}) {
    auto bt = Backtest(path, dir_, day_);
    ASSERT_TRUE(bt.ok()) << bt.status().ToString();
    const Orders live = LiveOrders(exchange, sid);
    EXPECT_EQ(live, bt->orders) << sid;
    EXPECT_FALSE(live.empty()) << sid;
    compared += live.size();
    // The book before every slot equals the backtest's positions from the fills before it,
    // and the book at 16:00 (nothing is decided after 15:45) the backtest's end.
    size_t held = 0;
    for (const auto& [slot, book] : books[sid]) {
      EXPECT_EQ(book, bt->At(slot)) << sid << " before " << FormatTimestamp(slot);
      held += book.size();
    }
    const auto book = ReportBook(*rep);
    EXPECT_EQ(book, bt->positions) << sid << " " << rep->book_json;
    for (const auto& [sym, q] : book) sum[sym] = sum[sym] + q;
    std::printf("%s: %zu orders, %zu positions over 26 slots, equal to its backtest\n", sid,
                live.size(), held);
  }
  // The account holds exactly the two books; the orders differ between the variants.
  auto pos = alpaca::ParsePositionsJson(exchange.Handle({"GET", "/v2/positions", {}, ""}).body);
  ASSERT_TRUE(pos.ok());
  std::map<std::string, Quantity> account;
  for (const auto& p : *pos) account[p.symbol] = p.qty;
  EXPECT_EQ(account, sum);
  EXPECT_NE(LiveOrders(exchange, "pt-a"), LiveOrders(exchange, "pt-b"));
  std::printf("two variants, one account: %d runs, %zu orders compared\n", runs, compared);
}

TEST_F(Books, SharesBoughtOutsideTradeletAreLeftAloneAndReported) {
  const std::string folder = ::tradelet::testing::TempDir("books-outside");
  const std::string a = WriteVariant(example_, folder, "pt-a", 5, kKeys);
  PaperExchange exchange(bars_, {broker_, slot_ - std::chrono::minutes(15)});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  // 2 shares of every symbol bought by hand (no tradelet client id) at 09:30.
  std::vector<std::string> symbols;
  for (const BarSeries& s : bars_) {
    if (s.symbol == "UGA") continue;  // no 1-minute bars: a market order would never fill
    const auto r =
        exchange.Handle({"POST",
                         "/v2/orders",
                         {},
                         R"({"symbol":")" + s.symbol +
                             R"(","qty":"2","side":"buy","type":"market","time_in_force":"day",)"
                             R"("client_order_id":"by-hand-)" +
                             s.symbol + "\"}"});
    ASSERT_EQ(r.status, 200) << r.body;
    symbols.push_back(s.symbol);
  }
  SimulatedClock clock(slot_);
  int sells = 0;
  for (int k = 0; k < 26; ++k) {
    const Timestamp slot = slot_ + std::chrono::minutes(15 * k);
    ASSERT_TRUE(exchange.AdvanceTo(slot + std::chrono::seconds(3)).ok());
    if (clock.Now() < slot + std::chrono::seconds(3)) clock.Set(slot + std::chrono::seconds(3));
    const JobReport rep = RunIn(server, clock, a, slot);
    EXPECT_EQ(rep.outcome, "ok") << rep.ToJson();
    // Every hand-bought lot is listed, with why; the book holds none of it.
    std::map<std::string, std::string> un;
    for (const auto& u : rep.unattributed) un[u.symbol] = u.qty + " " + u.reason;
    for (const std::string& s : symbols) {
      EXPECT_EQ(un[s], "2 opened outside tradelet (orders without a tradelet client_order_id)")
          << FormatTimestamp(slot) << " " << s;
    }
    for (const OrderReport& o : rep.orders) sells += o.side == "sell" && o.state == "placed";
  }
  server.Stop();
  // Whatever the strategy sold, the hand-bought shares are still there.
  auto pos = alpaca::ParsePositionsJson(exchange.Handle({"GET", "/v2/positions", {}, ""}).body);
  ASSERT_TRUE(pos.ok());
  std::map<std::string, Quantity> account;
  for (const auto& p : *pos) account[p.symbol] = p.qty;
  for (const std::string& s : symbols) {
    EXPECT_GE(account[s], Quantity::FromInt(2)) << s;
  }
  EXPECT_GT(sells, 0) << "the day must make the strategy sell something of its own";
  std::printf("outside shares: %zu symbols held by hand, %d sells of the strategy's own\n",
              symbols.size(), sells);
}

}  // namespace
}  // namespace tradelet::live::e2e
