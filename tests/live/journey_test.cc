// The journey of issue 14 (point 7): the reference system as shipped, one config file
// (examples/prophet_trend_intraday.toml) from backtest to live, on the real 1-minute week of
// the shared folder (all 24 files; UGA_1min.csv holds 5-minute bars).
//
// Live: the paper exchange replays the week (its simulated broker configured from the file's
// [backtest]/[costs] tables, as a backtest is) behind a real socket. The function is deployed
// as on AWS: `tradelet package lambda` of the file, unzipped, its `bootstrap` run as a child
// process against the Lambda Runtime API emulator (lambda::LocalFunction) with the APCA_*
// variables pointing at the exchange; it runs the file's [live] table (clock = "broker": "now"
// is the exchange's clock). Every fire of the shipped schedules (deploy/sam, deploy/terraform:
// 09:45 and every quarter hour 10:00..15:45 New York, evaluated by the schedule module) in the
// 5 sessions, 25 a day, is delivered twice as EventBridge Scheduler's event, as an
// at-least-once scheduler may (demo/schedule_fire.h, shared with `tradelet demo`).
// Backtest: the same file's strategy over the same bars.
//
// Checked: every decision (slot, symbol, action, forecast band) and every order (slot, symbol,
// side, quantity) is the same on both sides, nothing more on either; the second delivery of a
// slot places nothing; at the end every journaled order exists at the exchange with the same
// client order id and every order at the exchange is journaled. UGA, an illiquid ETF, has
// sparse 1-minute bars (spaced 1 to 12+ minutes apart): both sides read them as 1-minute bars
// (the loader once rounded their typical 2-minute spacing up to 5-minute bars, so live got a
// 422 for it at every slot), so nothing is skipped at the exchange, and UGA's and PPLT's
// "too few bars to rank" skips are the strategy's own, equal on both sides.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "demo/schedule_fire.h"
#include "e2e_fixture.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/lambda/local_function.h"
#include "tradelet/live/live_check.h"
#include "tradelet/paper/paper_data.h"
#include "tradelet/strategy/config.h"
#include "tradelet/strategy/prophet_trend.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::live {
namespace {

using Json = nlohmann::json;
constexpr char kExample[] = TRADELET_SOURCE_DIR "/examples/prophet_trend_intraday.toml";
constexpr char kFolder[] = "data/intraday/alphavantage_2019-02-11_15";

// (slot, symbol) -> action and band; (slot, symbol) -> side and quantity.
using Key = std::pair<Timestamp, std::string>;
struct Decision {
  std::string action;
  double lower = 0, mid = 0, upper = 0;
  bool operator==(const Decision&) const = default;
};
struct Placed {
  std::string side, qty;
  bool operator==(const Placed&) const = default;
};
struct Side {
  std::map<Key, Decision> decisions;
  std::map<Key, Placed> orders;
  std::map<Key, std::string> skips;  // the strategy's own skips, with the reason
};

std::string Where(const Key& k) { return FormatTimestamp(k.first) + " " + k.second; }

// The backtest of the file's strategy on the folder (the file's [data] symbols and broker).
Result<Side> Backtest(const std::string& dir, int* skips_uga) {
  TL_ASSIGN_OR_RETURN(toml::table root, ReadTomlFile(kExample));
  root.erase("live");  // the live side's table; not a backtest key
  TL_ASSIGN_OR_RETURN(BacktestConfig cfg, ParseBacktestConfig(root, "."));
  cfg.data_dir = dir;
  TL_ASSIGN_OR_RETURN(BacktestData data, LoadBacktestData(cfg));
  TL_ASSIGN_OR_RETURN(auto made, MakeStrategy(cfg.strategy));
  auto* pt = dynamic_cast<ProphetTrendStrategy*>(made.get());
  if (!pt) return Internal("the example's strategy is not prophet_trend");
  std::vector<const BarSeries*> traded;
  for (const BarSeries* s : data.all) {
    if (std::find(cfg.symbols.begin(), cfg.symbols.end(), s->symbol) != cfg.symbols.end()) {
      traded.push_back(s);
    }
  }
  if (traded.size() != 24)
    return Internal("expected 24 series, got " + std::to_string(traded.size()));
  TL_ASSIGN_OR_RETURN(BacktestResult res, RunStrategy(*pt, cfg, traded));
  Side out;
  for (const TrendDecision& d : pt->decisions()) {
    if (d.action == "skip") {
      *skips_uga += d.symbol == "UGA";
      out.skips[{d.time, d.symbol}] = d.reason;
      continue;
    }
    out.decisions[{d.time, d.symbol}] = {d.action, d.yhat_lower, d.yhat, d.yhat_upper};
  }
  for (const Order& o : res.orders) {
    if (!o.parent_id.empty()) continue;  // exit legs: part of their bracket
    out.orders[{o.created_at, o.symbol}] = {std::string(OrderSideName(o.side)), o.qty.ToString()};
  }
  return out;
}

// Decisions (symbols with a forecast) and placed orders of one live run (its JSON report, as
// the function answers it).
void Collect(const Json& rep, Timestamp slot, Side* side) {
  for (const Json& d : rep["decisions"]) {
    if (!d.contains("insight") || !d["insight"].contains("forecast")) continue;
    const Json& in = d["insight"];
    const std::string dir = in["direction"];
    side->decisions[{slot, d["symbol"]}] = {dir == "up"     ? "buy"
                                            : dir == "down" ? "sell"
                                                            : "hold",
                                            in["forecast"]["lower"], in["forecast"]["mid"],
                                            in["forecast"]["upper"]};
  }
  for (const Json& o : rep["orders"]) {
    if (o["state"] == "placed") side->orders[{slot, o["symbol"]}] = {o["side"], o["qty"]};
  }
}

TEST(Journey, RealWeekLiveMakesTheBacktestsDecisionsAndOrdersAtEverySlot) {
  TL_REQUIRE_SHARED(dir, kFolder);
  auto config = LoadLiveConfig(kExample);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->symbols.size(), 24u);
  ASSERT_TRUE(config->broker_clock) << "the journey drives the job by the exchange's clock";
  const auto t0 = std::chrono::steady_clock::now();

  int backtest_uga_skips = 0;
  auto bt = Backtest(dir, &backtest_uga_skips);
  ASSERT_TRUE(bt.ok()) << bt.status().ToString();

  auto bars = LoadPaperBarsFromDir(dir);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 24u);
  auto root = ReadTomlFile(kExample);
  ASSERT_TRUE(root.ok());
  root->erase("live");
  auto bcfg = ParseBacktestConfig(*root, ".");
  ASSERT_TRUE(bcfg.ok()) << bcfg.status().ToString();

  const std::vector<CivilDate> days = {
      {2019, 2, 11}, {2019, 2, 12}, {2019, 2, 13}, {2019, 2, 14}, {2019, 2, 15}};
  const TimeZone ny = TimeZone::NewYork();
  const Timestamp start = ny.FromLocal({days[0], 9, 30, 0});
  PaperExchange exchange(std::move(*bars), {bcfg->broker, start});
  PaperServerOptions server_options;
  server_options.key_id = "PKJOURNEY";
  server_options.secret_key = "journey-secret";
  PaperServer server(exchange, server_options);
  ASSERT_TRUE(server.Start().ok());

  // The function as deployed: `tradelet package lambda` of the file, unzipped, its bootstrap
  // started as Lambda starts it. The one change to the file: its journal (an absolute /tmp
  // path, the function's own /tmp on Lambda) goes to this test's folder, so no other run's
  // journal is read.
  const std::string tmp = ::tradelet::testing::TempDir("journey");
  std::string text;
  {
    std::ifstream in(kExample);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const std::string journal_path = tmp + "/journal.sqlite";
  const size_t j = text.find("\njournal = \"");
  ASSERT_NE(j, std::string::npos) << "the example's [live] journal line";
  text.replace(j + 1, text.find('\n', j + 1) - j - 1, "journal = \"" + journal_path + "\"");
  const std::string packaged = tmp + "/prophet_trend_intraday.toml";
  std::ofstream(packaged) << text;
  // Packaged and run by lambda::LocalFunction (what `tradelet demo` runs too): the zip as
  // `tradelet package lambda` builds it (stripped, level 9, the CLI's live-config check),
  // unzipped, its bootstrap under the Runtime API emulator with the APCA_* variables pointing
  // at the exchange.
  lambda::LocalFunctionOptions fo;
  fo.binary = TRADELET_BINARY;
  fo.config = packaged;
  fo.work_dir = tmp;
  fo.strip = true;
  fo.zip_level = 9;
  fo.env = {{"APCA_API_BASE_URL", server.base_url()},
            {"APCA_API_DATA_URL", server.base_url()},
            {"APCA_API_KEY_ID", "PKJOURNEY"},
            {"APCA_API_SECRET_KEY", "journey-secret"},
            {"TMPDIR", tmp}};
  fo.validate_config = [](const std::string& path) {
    return CheckLiveConfigFile(path, LiveTarget::kLambda).status();
  };
  auto function = lambda::LocalFunction::Start(fo);
  ASSERT_TRUE(function.ok()) << function.status().ToString();
  lambda::LocalFunction& fn = **function;
  const demo::InvokeFunction invoke = [&](const std::string& id, const std::string& payload) {
    return fn.Invoke(id, payload, std::chrono::seconds(120));
  };

  // Every fire of the shipped schedules (deploy/sam, deploy/terraform) in the week, each
  // delivered twice as EventBridge Scheduler's event.
  Side live;
  int slots = 0, duplicates = 0, uga_skips = 0;
  std::map<std::string, int> outcomes;
  for (const CivilDate& day : days) {
    auto fires = demo::FireTimes(demo::ShippedSchedules(), ny.FromLocal({day, 0, 0, 0}),
                                 ny.FromLocal({day.AddDays(1), 0, 0, 0}), ny);
    ASSERT_TRUE(fires.ok()) << fires.status().ToString();
    ASSERT_EQ(fires->size(), 25u) << day.ToString();
    for (const Timestamp slot : *fires) {
      ASSERT_TRUE(exchange.AdvanceTo(slot + std::chrono::seconds(3)).ok());
      auto first = demo::FireSlot(invoke, slot, 1);
      ASSERT_TRUE(first.ok()) << first.status().ToString();
      EXPECT_TRUE((*first)["errors"].empty()) << first->dump(2);
      ++outcomes[(*first)["outcome"].get<std::string>()];
      for (const Json& s : (*first)["skips"]) {
        const std::string sym = s["symbol"], reason = s["reason"];
        if (s["source"] == "strategy") {  // left out by the decision: the backtest must agree
          live.skips[{slot, sym}] = reason;
          uga_skips += sym == "UGA";
          continue;
        }
        ADD_FAILURE() << "live skipped " << sym << " at " << FormatTimestamp(slot)
                      << " before the strategy: " << reason;
      }
      Collect(*first, slot, &live);

      // The same slot delivered again, 20 s later: the same decisions, nothing placed.
      ASSERT_TRUE(exchange.AdvanceTo(slot + std::chrono::seconds(20)).ok());
      auto again = demo::FireSlot(invoke, slot, 2);
      ASSERT_TRUE(again.ok()) << again.status().ToString();
      EXPECT_EQ((*again)["outcome"], (*first)["outcome"]) << again->dump(2);
      for (const Json& o : (*again)["orders"]) duplicates += o["state"] == "placed";
      EXPECT_TRUE((*again)["cancels"].empty()) << again->dump(2);
      // The redelivery sees the first delivery's orders open (those symbols are skipped) and
      // otherwise the same bars and book: each decision it makes is one the first made, equal.
      Side rerun, once;
      Collect(*again, slot, &rerun);
      Collect(*first, slot, &once);
      for (const auto& [key, got] : rerun.decisions) {
        auto it = once.decisions.find(key);
        if (it == once.decisions.end()) {
          ADD_FAILURE() << "the redelivery decided " << Where(key) << ", the first did not";
        } else {
          EXPECT_EQ(got, it->second) << "the redelivery decided " << Where(key) << " differently";
        }
      }
      ++slots;
    }
  }
  fn.Stop();
  EXPECT_EQ(slots, 125);
  EXPECT_EQ(duplicates, 0);
  EXPECT_GT(backtest_uga_skips, 0) << "UGA's sparse bars are too few to rank at a universe run";
  EXPECT_EQ(uga_skips, backtest_uga_skips) << "live and the backtest skip UGA alike";

  // Decisions and orders: the same keys, the same values.
  int compared = 0, equal = 0;
  for (const auto& [key, want] : bt->decisions) {
    auto it = live.decisions.find(key);
    if (it == live.decisions.end()) {
      ADD_FAILURE() << "the backtest decided " << Where(key) << " (" << want.action
                    << "), live did not";
      continue;
    }
    ++compared;
    equal += it->second == want;
    EXPECT_EQ(it->second.action, want.action) << Where(key);
    EXPECT_EQ(it->second.lower, want.lower) << Where(key);
    EXPECT_EQ(it->second.mid, want.mid) << Where(key);
    EXPECT_EQ(it->second.upper, want.upper) << Where(key);
  }
  for (const auto& [key, got] : live.decisions) {
    if (!bt->decisions.count(key)) {
      ADD_FAILURE() << "live decided " << Where(key) << " (" << got.action
                    << "), the backtest did not";
    }
  }
  int orders_equal = 0;
  for (const auto& [key, want] : bt->orders) {
    auto it = live.orders.find(key);
    if (it == live.orders.end()) {
      ADD_FAILURE() << "the backtest ordered " << want.side << " " << want.qty << " " << Where(key)
                    << ", live did not";
      continue;
    }
    orders_equal += it->second == want;
    EXPECT_EQ(it->second.side, want.side) << Where(key);
    EXPECT_EQ(it->second.qty, want.qty) << Where(key);
  }
  for (const auto& [key, got] : live.orders) {
    if (!bt->orders.count(key)) {
      ADD_FAILURE() << "live ordered " << got.side << " " << got.qty << " " << Where(key)
                    << ", the backtest did not";
    }
  }
  EXPECT_GT(compared, 0);
  EXPECT_GT(bt->orders.size(), 0u) << "the week must trade";
  // The strategy's own skips (thin names at the universe runs), with the same reasons.
  EXPECT_EQ(live.skips, bt->skips);
  EXPECT_GT(bt->skips.size(), 0u)
      << "the real week has thin names (PPLT, UGA) at its universe runs";

  // Journal (the function's, in its /tmp) and exchange agree, order by order (client order
  // id and broker id).
  auto journal = Journal::Open(journal_path);
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  Status agree = e2e::CheckAgreement(**journal, exchange);
  EXPECT_TRUE(agree.ok()) << agree.ToString();
  EXPECT_EQ(e2e::CountDuplicates(exchange), 0);
  server.Stop();

  std::string outs;
  for (const auto& [o, n] : outcomes) outs += " " + o + "=" + std::to_string(n);
  std::printf(
      "journey (%s, 24 files): %d slots (outcomes%s), %d runs; decisions: backtest %zu, live %zu, "
      "compared %d, equal %d; orders: backtest %zu, live %zu, equal %d; duplicates %d; UGA "
      "skipped live %d, backtest %d; %.1f s\n",
      kFolder, slots, outs.c_str(), 2 * slots, bt->decisions.size(), live.decisions.size(),
      compared, equal, bt->orders.size(), live.orders.size(), orders_equal, duplicates, uga_skips,
      backtest_uga_skips,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace
}  // namespace tradelet::live
