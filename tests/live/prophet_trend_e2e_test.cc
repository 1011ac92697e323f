// End-to-end over real HTTP: the Prophet trend strategy (the shipped intraday config, brackets
// and universe rules included) run by the live job against the paper exchange at every
// 15-minute slot of one session (09:45 .. 16:00 New York, 26 slots), each slot run twice (the
// rerun must adopt the first run's orders and place nothing), the exchange clock advanced between
// slots. Every run is checked against the rules re-derived in trend_e2e.h from the bars and the
// exchange's book; at the end the journal (SQLite file) and the exchange must agree, and a backtest
// of the same strategy on the same bars must take the same action for every symbol at every slot.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tradelet/backtest/runner.h"
#include "tradelet/strategy/config.h"
#include "tradelet/strategy/prophet_trend.h"
#include "tradelet/testing/shared_data.h"
#include "trend_e2e.h"

namespace tradelet::live::trend {
namespace {

using Json = nlohmann::json;
// slot -> symbol -> buy | sell | hold
using Actions = std::map<Timestamp, std::map<std::string, std::string>>;
// slot -> symbol -> {lower, mid, upper}
using Bands = std::map<Timestamp, std::map<std::string, std::array<double, 3>>>;

struct DayStats {
  int slots = 0, runs = 0, decisions = 0, forecasts = 0, buys = 0, sells = 0, cancels = 0;
  int rerun_placed = 0;
  double seconds = 0;
  Actions actions;
  Bands bands;
};

// Checks one run's decisions against the rules; returns symbol -> (direction, reference).
std::map<std::string, std::pair<std::string, double>> CheckDecisions(const Session& s,
                                                                     const JobReport& rep,
                                                                     const Book& before,
                                                                     Rules rules, DayStats* stats,
                                                                     bool first) {
  std::map<std::string, std::pair<std::string, double>> insights;
  const std::set<std::string> fitted = ExpectedFitted(s, before, rep.slot, rules);
  EXPECT_EQ(rep.decisions_json.size(), s.symbols.size()) << rep.ToJson();
  std::set<std::string> seen;
  for (const std::string& text : rep.decisions_json) {
    const Json d = Json::parse(text);
    const std::string sym = d["symbol"];
    seen.insert(sym);
    ++stats->decisions;
    const size_t i = std::find(s.symbols.begin(), s.symbols.end(), sym) - s.symbols.begin();
    EXPECT_LT(i, s.symbols.size()) << sym;
    if (i >= s.symbols.size()) continue;
    const double last = LastClose(s.day_bars[i], rep.slot);
    EXPECT_EQ(d.value("last_close", -1.0), last) << sym;
    EXPECT_EQ(d["position"].get<std::string>(),
              (before.positions.count(sym) ? before.positions.at(sym) : Quantity()).ToString())
        << sym;
    if (!fitted.count(sym)) {
      EXPECT_FALSE(d.contains("insight")) << FormatTimestamp(rep.slot) << " " << text;
      continue;
    }
    EXPECT_TRUE(d.value("decided_at_this_slot", false)) << text;
    if (!d.contains("insight") || !d["insight"].contains("forecast")) {
      ADD_FAILURE() << FormatTimestamp(rep.slot) << " " << sym << " must have a forecast: " << text;
      continue;
    }
    const Json& in = d["insight"];
    const double lo = in["forecast"]["lower"], mid = in["forecast"]["mid"],
                 hi = in["forecast"]["upper"];
    EXPECT_TRUE(std::isfinite(lo) && std::isfinite(mid) && std::isfinite(hi)) << text;
    EXPECT_LE(lo, mid) << text;
    EXPECT_LE(mid, hi) << text;
    EXPECT_EQ(in["reference_price"].get<double>(), last) << text;
    EXPECT_EQ(in["source"], "prophet_trend");
    const std::string action = BandAction(last, lo, hi, before.Held(sym));
    const std::string dir = in["direction"];
    EXPECT_EQ(dir, action == "buy" ? "up" : action == "sell" ? "down" : "flat") << text;
    insights[sym] = {dir, last};
    ++stats->forecasts;
    if (first) {
      stats->actions[rep.slot][sym] = action;
      stats->bands[rep.slot][sym] = {lo, mid, hi};
    } else {
      // Same bars, same fit: the rerun's forecast equals the first run's.
      auto& b = stats->bands[rep.slot];
      if (b.count(sym)) {
        EXPECT_EQ(b[sym][0], lo) << sym;
        EXPECT_EQ(b[sym][2], hi) << sym;
      }
    }
  }
  EXPECT_EQ(seen.size(), s.symbols.size());
  return insights;
}

// The first run's orders are the expected ones; buys are brackets at the rule's prices; a sell
// cancels the symbol's open exit legs first (checked in the journaled HTTP traffic).
void CheckOrders(const JobReport& rep, const std::map<std::string, ExpectedOrder>& want,
                 const PaperExchange& ex, const std::string& db_path, DayStats* stats) {
  std::map<std::string, std::string> cid_of;  // symbol -> client order id
  EXPECT_EQ(rep.orders.size(), want.size()) << rep.ToJson();
  std::map<std::string, alpaca::TradingOrder> by_id;
  for (auto& o : ex.AllOrders()) by_id[o.order.id] = o;
  for (const OrderReport& o : rep.orders) {
    EXPECT_EQ(o.state, "placed") << rep.ToJson();
    auto it = want.find(o.symbol);
    ASSERT_NE(it, want.end()) << "unexpected order " << rep.ToJson();
    const ExpectedOrder& w = it->second;
    EXPECT_EQ(o.side, w.side) << o.symbol;
    EXPECT_EQ(o.qty, Decimal::FromInt(w.qty).ToString()) << o.symbol;
    cid_of[o.symbol] = o.client_order_id;
    ASSERT_TRUE(by_id.count(o.broker_order_id)) << o.broker_order_id;
    const Order& parent = by_id[o.broker_order_id].order;
    EXPECT_EQ(parent.client_order_id, o.client_order_id);
    EXPECT_EQ(parent.type, OrderType::kMarket);
    if (w.side == "buy") {
      ++stats->buys;
      EXPECT_EQ(o.type, "market/bracket");
      EXPECT_EQ(parent.order_class, OrderClass::kBracket);
      EXPECT_EQ(parent.time_in_force, TimeInForce::kGtc);
      ASSERT_EQ(parent.leg_ids.size(), 2u) << o.symbol;
      const Order& tp = by_id[parent.leg_ids[0]].order;
      const Order& sl = by_id[parent.leg_ids[1]].order;
      EXPECT_EQ(tp.side, OrderSide::kSell);
      EXPECT_EQ(tp.type, OrderType::kLimit);
      EXPECT_EQ(tp.limit_price, Cents(w.reference * 1.40)) << o.symbol << " ref " << w.reference;
      EXPECT_EQ(sl.side, OrderSide::kSell);
      EXPECT_EQ(sl.type, OrderType::kStopLimit);
      EXPECT_EQ(sl.stop_price, Cents(w.reference * 0.98)) << o.symbol << " ref " << w.reference;
      EXPECT_EQ(sl.limit_price, Cents(w.reference * 0.97)) << o.symbol << " ref " << w.reference;
      EXPECT_EQ(tp.qty, Decimal::FromInt(w.qty));
      EXPECT_EQ(sl.qty, Decimal::FromInt(w.qty));
    } else {
      ++stats->sells;
      EXPECT_EQ(o.type, "market");
      EXPECT_EQ(parent.order_class, OrderClass::kSimple);
    }
  }
  // Cancels: exactly the sells' exit legs, each sent (and answered) before that sell's POST.
  // Cancelling one leg of a bracket cancels its OCO sibling (as on Alpaca), so the second
  // DELETE may answer 422 "already canceled"; any other error is a failure.
  std::set<std::string> want_cancels, got_cancels;
  for (const auto& [sym, w] : want) want_cancels.insert(w.cancels.begin(), w.cancels.end());
  for (const std::string& c : rep.cancels) {
    const size_t sp = c.find(' ');
    got_cancels.insert(c.substr(0, sp));
    if (sp != std::string::npos) {
      EXPECT_NE(c.find("already canceled"), std::string::npos) << c;
    }
  }
  EXPECT_EQ(got_cancels, want_cancels) << rep.ToJson();
  if (want_cancels.empty()) return;
  const auto traffic = JournalExchanges(db_path, rep.run_id);
  for (const auto& [sym, w] : want) {
    if (w.side != "sell") continue;
    size_t post = traffic.size();
    for (size_t k = 0; k < traffic.size(); ++k) {
      if (traffic[k][0] == "POST" && traffic[k][1] == "/v2/orders" &&
          traffic[k][2].find(cid_of[sym]) != std::string::npos) {
        post = k;
        break;
      }
    }
    ASSERT_LT(post, traffic.size()) << "no POST of the sell of " << sym;
    for (const std::string& leg : w.cancels) {
      ++stats->cancels;
      size_t del = traffic.size();
      for (size_t k = 0; k < traffic.size(); ++k) {
        if (traffic[k][0] == "DELETE" && traffic[k][1] == "/v2/orders/" + leg) del = k;
      }
      EXPECT_LT(del, post) << sym << ": leg " << leg << " not cancelled before the sell";
      EXPECT_EQ(by_id[leg].order.status, OrderStatus::kCanceled) << leg;
    }
  }
}

// The simulated clock never goes back (a retry's backoff may have moved it on).
void AtLeast(SimulatedClock& clock, Timestamp t) {
  if (clock.Now() < t) clock.Set(t);
}

// Runs the day; fills `stats`.
void RunDay(const Session& s, Rules rules, DayStats* stats) {
  toml::table strategy;
  auto config = TrendConfig(s.symbols, rules, &strategy);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const std::string db_path = ::tradelet::testing::TempDir("trend-e2e") + "/journal.sqlite";
  auto journal = Journal::Open(db_path);
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();

  PaperExchange exchange(s.exchange_bars, {{}, s.open});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  SimulatedClock clock(s.open);
  JobServices services;  // HTTP: the job's own libcurl client with retries, on `clock`
  services.trading =
      alpaca::AlpacaTradingOptions{server.base_url(), "key", "secret", std::chrono::seconds(10)};
  alpaca::AlpacaDataOptions d;
  d.base_url = server.base_url();
  d.key_id = "key";
  d.secret_key = "secret";
  d.timeout = std::chrono::seconds(10);
  services.data = d;
  services.clock = &clock;
  services.journal = journal->get();

  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 1; k <= 26; ++k) {
    const Timestamp slot = s.open + std::chrono::minutes(15 * k);
    ASSERT_TRUE(exchange.AdvanceTo(slot).ok());
    AtLeast(clock, slot + std::chrono::seconds(3));
    JobRequest r;
    r.config = *config;
    r.slot = slot;

    const Book before = ReadBook(exchange);
    auto first = RunJob(r, services);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    ASSERT_EQ(first->outcome, "ok") << first->ToJson();
    EXPECT_TRUE(first->errors.empty()) << first->ToJson();
    const auto insights = CheckDecisions(s, *first, before, rules, stats, true);
    const auto want = ExpectedOrders(insights, before);
    CheckOrders(*first, want, exchange, db_path, stats);

    // The rerun decides on the book as it stood before the slot (the first run's orders are
    // recognised by their client ids and taken out), so it wants exactly the first run's
    // orders and adopts each of them: nothing new is placed or cancelled.
    AtLeast(clock, slot + std::chrono::seconds(20));
    auto again = RunJob(r, services);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    ASSERT_EQ(again->outcome, "ok") << again->ToJson();
    CheckDecisions(s, *again, before, rules, stats, false);
    ASSERT_EQ(again->orders.size(), first->orders.size()) << again->ToJson();
    for (size_t i = 0; i < again->orders.size(); ++i) {
      EXPECT_EQ(again->orders[i].state, "adopted") << again->ToJson();
      EXPECT_EQ(again->orders[i].client_order_id, first->orders[i].client_order_id);
      EXPECT_EQ(again->orders[i].qty, first->orders[i].qty);
    }
    EXPECT_TRUE(again->cancels.empty()) << again->ToJson();
    for (const auto& o : again->orders) stats->rerun_placed += o.state == "placed";
    stats->runs += 2;
    ++stats->slots;
  }
  stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // (4) No duplicates: client ids unique at the exchange, one order per (slot, symbol, side).
  std::set<std::string> cids;
  size_t parents = 0;
  for (const auto& o : exchange.AllOrders()) {
    if (!o.order.parent_id.empty()) continue;
    ++parents;
    cids.insert(o.order.client_order_id);
  }
  EXPECT_EQ(cids.size(), parents);
  EXPECT_EQ(parents, static_cast<size_t>(stats->buys + stats->sells));
  EXPECT_EQ(e2e::CountDuplicates(exchange), 0);
  // (5) Journal == exchange: orders (every order journaled as placed with the broker's id and
  // vice versa) and positions (the last run's journaled positions, and the exchange's fills).
  Status agree = e2e::CheckAgreement(**journal, exchange);
  EXPECT_TRUE(agree.ok()) << agree.ToString();
  const Book end = ReadBook(exchange);
  std::map<std::string, Decimal> from_fills;
  for (const auto& o : exchange.AllOrders()) {
    from_fills[o.order.symbol] +=
        o.order.side == OrderSide::kBuy ? o.order.filled_qty : -o.order.filled_qty;
  }
  for (const auto& sym : s.symbols) {
    const Quantity q = end.positions.count(sym) ? end.positions.at(sym) : Quantity();
    EXPECT_EQ(from_fills[sym], q) << sym;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT detail_json FROM decisions WHERE run_id = (SELECT run_id "
                               "FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1)",
                               -1, &st, nullptr),
            SQLITE_OK);
  int journaled = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const Json dj = Json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    const std::string sym = dj["symbol"];
    const Quantity q = end.positions.count(sym) ? end.positions.at(sym) : Quantity();
    EXPECT_EQ(dj["position"].get<std::string>(), q.ToString()) << sym;
    ++journaled;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(journaled, static_cast<int>(s.symbols.size()));
  server.Stop();
}

// (6) The backtest of the same strategy on the same bars: actions per symbol per slot.
struct BacktestComparison {
  int compared = 0, same_action = 0, same_band = 0, live_only = 0, backtest_only = 0;
};
BacktestComparison CompareWithBacktest(const Session& s, Rules rules, const DayStats& live) {
  BacktestComparison c;
  toml::table strategy;
  auto config = TrendConfig(s.symbols, rules, &strategy);
  EXPECT_TRUE(config.ok());
  auto made = MakeStrategy(strategy);
  EXPECT_TRUE(made.ok());
  auto* pt = dynamic_cast<ProphetTrendStrategy*>(made->get());
  EXPECT_NE(pt, nullptr);
  if (!pt) return c;
  BacktestConfig bc;
  bc.strategy = strategy;
  std::vector<const BarSeries*> traded;
  for (const auto& b : s.day_bars) traded.push_back(&b);
  auto result = RunStrategy(*pt, bc, traded);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  Actions bt;
  Bands bands;
  for (const TrendDecision& d : pt->decisions()) {
    if (d.action == "skip") continue;
    bt[d.time][d.symbol] = d.action;
    bands[d.time][d.symbol] = {d.yhat_lower, d.yhat, d.yhat_upper};
  }
  for (const auto& [slot, acts] : live.actions) {
    for (const auto& [sym, a] : acts) {
      auto it = bt.find(slot);
      if (it == bt.end() || !it->second.count(sym)) {
        ++c.live_only;
        ADD_FAILURE() << "live decided " << sym << " at " << FormatTimestamp(slot)
                      << ", the backtest did not";
        continue;
      }
      ++c.compared;
      c.same_action += it->second.at(sym) == a;
      EXPECT_EQ(it->second.at(sym), a) << sym << " at " << FormatTimestamp(slot);
      const auto& lb = live.bands.at(slot).at(sym);
      const auto& bb = bands[slot][sym];
      c.same_band += lb == bb;
      EXPECT_EQ(lb, bb) << sym << " at " << FormatTimestamp(slot) << ": forecast band differs";
    }
  }
  for (const auto& [slot, acts] : bt) {
    for (const auto& [sym, a] : acts) {
      if (!live.actions.count(slot) || !live.actions.at(slot).count(sym)) {
        ++c.backtest_only;
        ADD_FAILURE() << "the backtest decided " << sym << " at " << FormatTimestamp(slot)
                      << ", live did not";
      }
    }
  }
  return c;
}

void RunAndReport(const Session& s, Rules rules) {
  DayStats stats;
  RunDay(s, rules, &stats);
  if (::testing::Test::HasFatalFailure()) return;
  EXPECT_EQ(stats.slots, 26);
  EXPECT_EQ(stats.rerun_placed, 0);
  EXPECT_GT(stats.buys, 0) << "the day must exercise brackets";
  const BacktestComparison c = CompareWithBacktest(s, rules, stats);
  std::printf(
      "prophet_trend e2e (%s, %s, %zu symbols, top_n %d, universe_first_run_only %d): %d slots, %d "
      "runs in %.2f s; %d "
      "decisions, %d forecasts; %d bracket buys, %d sells, %d exit legs cancelled first; rerun "
      "placed %d; backtest: %d/%d same actions, %d/%d same bands, %d live-only, %d "
      "backtest-only\n",
      s.source.c_str(), s.day.ToString().c_str(), s.symbols.size(), rules.top_n,
      rules.universe_first_run_only, stats.slots, stats.runs, stats.seconds, stats.decisions,
      stats.forecasts, stats.buys, stats.sells, stats.cancels, stats.rerun_placed, c.same_action,
      c.compared, c.same_band, c.compared, c.live_only, c.backtest_only);
}

TEST(ProphetTrendE2E, GeneratedSessionFullDayEachSlotRunTwice) {
  // The sample market: 4 stocks + SPY, one Monday session (a universe day).
  const CivilDate day{2024, 1, 8};
  auto bars = SamplePaperBars(/*seed=*/7, /*symbols=*/4, /*sessions=*/1, day, BarInterval::k1Min);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  auto s = MakeSession(std::move(*bars), {}, day, "sample market seed 7");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  RunAndReport(*s, Rules{});
}

// The same day with new names considered at every run of the (universe) day, not only the
// first: entries at many slots, so brackets, exits and reruns are exercised all day.
TEST(ProphetTrendE2E, GeneratedSessionUniverseEveryRun) {
  const CivilDate day{2024, 1, 8};
  auto bars = SamplePaperBars(/*seed=*/7, /*symbols=*/4, /*sessions=*/1, day, BarInterval::k1Min);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  auto s = MakeSession(std::move(*bars), {}, day, "sample market seed 7");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  RunAndReport(*s, Rules{3, /*universe_first_run_only=*/false});
}

TEST(ProphetTrendE2E, RealAlphaVantageSessionFullDayEachSlotRunTwice) {
  TL_REQUIRE_SHARED(dir, "data/intraday/alphavantage_2019-02-11_15");
  auto bars = LoadPaperBarsFromDir(dir);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  // Wednesday 2019-02-13 (a universe day); the exchange also replays the other days' bars.
  auto s = MakeSession(std::move(*bars), {"AAPL", "AMZN", "JPM", "MSFT", "SPY"},
                       CivilDate{2019, 2, 13}, "alphavantage 2019-02-11..15");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  RunAndReport(*s, Rules{});
}

}  // namespace
}  // namespace tradelet::live::trend
