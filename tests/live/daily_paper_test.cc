// The daily example (examples/prophet_trend_daily.toml) trading against the paper exchange, on
// the real daily files of the shared folder, against its backtest.
//
// Live: the paper exchange replays the example's 20 stocks (its simulated broker configured
// from the file's [backtest]/[costs] tables) behind a real socket and serves their daily bars
// as Alpaca does: stamped 00:00 New York of the session date, visible once the session is
// over. The live job runs the file's [live] table at the midnight after each replayed session
// (the slot of its documented schedule, cron(0 0 ? * TUE-SAT *)).
// Backtest: `tradelet backtest` of the same file on the same folder; its decisions.csv is the
// oracle (written by the CLI, read back here: nothing on the live side produces it).
//
// Checked: at every slot the run is "ok" (the day's bar ends at the slot: no stale_bars), and
// every decision of the backtest in those days (symbol, action, forecast band to the 6
// significant digits decisions.csv keeps) is made live at the midnight that starts the same
// New York day, nothing more on either side; the orders live places are the backtest's (side,
// quantity); journal and exchange agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../cli/run_cli.h"
#include "e2e_fixture.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/strategy/config.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::live {
namespace {

using Json = nlohmann::json;
constexpr char kExample[] = TRADELET_SOURCE_DIR "/examples/prophet_trend_daily.toml";
constexpr char kFolder[] = "data/daily/sp500_alphavantage_1999-2021/per_ticker_gz";
constexpr char kBenchmark[] = "data/daily/mplfinance/yahoofinance-SPY-20080101-20180101.csv";

// (New York date, symbol).
using Key = std::pair<std::string, std::string>;
struct Decision {
  std::string action;
  double lower = 0, mid = 0, upper = 0;
};

std::string NyDate(Timestamp t) { return TimeZone::NewYork().ToLocal(t).date.ToString(); }

// The same digits decisions.csv writes (%.6g).
bool Same6(double a, double b) {
  char x[32], y[32];
  std::snprintf(x, sizeof x, "%.6g", a);
  std::snprintf(y, sizeof y, "%.6g", b);
  return std::string(x) == y || std::fabs(a - b) <= 1e-5 * std::fabs(b);
}

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, ',')) out.push_back(f);
  return out;
}

TEST(DailyExample, TradesOnThePaperExchangeAsItsBacktestDecides) {
  TL_REQUIRE_SHARED(dir, kFolder);
  TL_REQUIRE_SHARED(benchmark, kBenchmark);
  const auto t0 = std::chrono::steady_clock::now();
  // The shipped file, its two paths into the shared folder (relative to examples/ in a clone
  // next to shared/) pointed at this machine's shared folder.
  std::ifstream in(kExample);
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  const std::string rel = "../../shared/";
  const std::string root = dir.substr(0, dir.size() - std::string(kFolder).size());
  for (size_t at = toml.find(rel); at != std::string::npos; at = toml.find(rel, at)) {
    toml.replace(at, rel.size(), root);
  }
  const std::string tmp = ::tradelet::testing::TempDir("daily-paper");
  const std::string config_path = tmp + "/prophet_trend_daily.toml";
  std::ofstream(config_path) << toml;
  auto config = LoadLiveConfig(config_path);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->timeframe, "1Day");

  // The replayed sessions: the 96th to the 114th of the expanding window (window_start
  // 2013-01-02, min_bars 90), 2013-05-20 .. 06-14. The strategy decides when the window's bar
  // count is a multiple of 5 (refit_every) at a run on a weekday (universe_days Mon..Fri): from
  // Good Friday to Memorial Day those counts fall on Friday bars, decided on Saturday, so
  // nothing; after Memorial Day on Monday bars, decided Tuesday (06-04, 06-11). Both sides must
  // agree on the quiet days too, Saturdays and the holiday included.
  auto all = NyseCalendar::Get().SessionsBetween({2013, 1, 2}, {2013, 12, 31});
  ASSERT_TRUE(all.ok());
  std::vector<CivilDate> days;
  for (size_t i = 95; i < 114; ++i) days.push_back((*all)[i].date);
  const TimeZone& ny = TimeZone::NewYork();
  auto slot_after = [&](CivilDate d) { return ny.FromLocal({d.AddDays(1), 0, 0, 0}); };

  // Backtest: the CLI on the file, to a week past the last replayed session.
  const std::string out = tmp + "/backtest";
  const auto bt = cli_test::RunCli("backtest --config " + config_path + " --from 2013-01-02 --to " +
                                   days.back().AddDays(7).ToString() + " --out " + out);
  ASSERT_EQ(bt.exit_code, 0) << bt.out;
  std::map<Key, Decision> want;
  {
    std::ifstream csv(out + "/decisions.csv");
    std::string line;
    ASSERT_TRUE(std::getline(csv, line)) << "no decisions.csv";
    ASSERT_EQ(line.rfind("time,symbol,last,yhat_lower,yhat,yhat_upper,action", 0), 0u) << line;
    while (std::getline(csv, line)) {
      const auto f = SplitCsv(line);
      ASSERT_GE(f.size(), 7u) << line;
      const std::string date = f[0].substr(0, 10);
      if (date < NyDate(slot_after(days.front())) || date > NyDate(slot_after(days.back()))) {
        continue;
      }
      want[{date, f[1]}] = {f[6], std::stod(f[3]), std::stod(f[4]), std::stod(f[5])};
    }
  }
  ASSERT_GT(want.size(), 0u) << "the backtest decided nothing in the replayed days";

  // Live: the paper exchange on the same files (the CSV reader's bars, as a backtest loads
  // them), with the file's broker.
  auto root_toml = ReadTomlFile(config_path);
  ASSERT_TRUE(root_toml.ok());
  root_toml->erase("live");
  auto bcfg = ParseBacktestConfig(*root_toml, tmp);
  ASSERT_TRUE(bcfg.ok()) << bcfg.status().ToString();
  auto data = LoadBacktestData(*bcfg);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  // Replayed from December 2012: the strategy's expanding window starts 2013-01-02, so the
  // earlier years the lookback (1830d) would fetch change no decision, only the test's time.
  const Timestamp replay_from = ny.FromLocal({{2012, 12, 3}, 0, 0, 0});
  std::vector<BarSeries> bars;
  for (const BarSeries* s : data->all) {
    if (std::find(config->symbols.begin(), config->symbols.end(), s->symbol) ==
        config->symbols.end()) {
      continue;
    }
    BarSeries cut = *s;
    const size_t first = s->LowerBound(replay_from);
    for (auto* col : {&cut.open, &cut.high, &cut.low, &cut.close, &cut.volume, &cut.adj_close,
                      &cut.dividend, &cut.split}) {
      if (!col->empty()) col->erase(col->begin(), col->begin() + static_cast<ptrdiff_t>(first));
    }
    cut.time_ns.erase(cut.time_ns.begin(), cut.time_ns.begin() + static_cast<ptrdiff_t>(first));
    bars.push_back(std::move(cut));
  }
  ASSERT_EQ(bars.size(), config->symbols.size());
  const Timestamp start = ny.FromLocal({days.front(), 0, 0, 0});
  PaperExchange exchange(std::move(bars), {bcfg->broker, start});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  auto journal = Journal::Open(tmp + "/journal.sqlite");
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  SimulatedClock clock(start);
  JobServices services;
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

  std::map<Key, Decision> got;
  std::map<Key, std::string> placed;  // side and quantity
  for (const CivilDate& day : days) {
    const Timestamp slot = slot_after(day);
    ASSERT_TRUE(exchange.AdvanceTo(slot + std::chrono::seconds(3)).ok());
    clock.Set(slot + std::chrono::seconds(3));
    JobRequest r;
    r.config = *config;
    r.slot = slot;
    auto rep = RunJob(r, services);
    ASSERT_TRUE(rep.ok()) << rep.status().ToString();
    EXPECT_EQ(rep->outcome, "ok") << day.ToString() << ": " << rep->ToJson();
    EXPECT_TRUE(rep->errors.empty()) << rep->ToJson();
    for (const std::string& j : rep->decisions_json) {
      const Json dj = Json::parse(j);
      // The data client stamps a daily bar at its session's open, as the CSV reader does.
      EXPECT_EQ(dj.value("last_bar_start", ""), FormatTimestamp(ny.FromLocal({day, 9, 30, 0})))
          << "the run at " << FormatTimestamp(slot) << " must see " << day.ToString()
          << "'s bar last: " << j;
      if (!dj.contains("insight") || !dj["insight"].contains("forecast")) continue;
      const Json& ins = dj["insight"];
      const std::string dir_s = ins["direction"];
      got[{NyDate(slot), dj["symbol"].get<std::string>()}] = {
          dir_s == "up"     ? "buy"
          : dir_s == "down" ? "sell"
                            : "hold",
          ins["forecast"]["lower"], ins["forecast"]["mid"], ins["forecast"]["upper"]};
    }
    for (const OrderReport& o : rep->orders) {
      EXPECT_EQ(o.state, "placed") << rep->ToJson();
      placed[{NyDate(slot), o.symbol}] = o.side + " " + o.qty;
    }
  }

  int equal = 0;
  for (const auto& [key, w] : want) {
    auto it = got.find(key);
    if (it == got.end()) {
      ADD_FAILURE() << "the backtest decided " << key.first << " " << key.second << " (" << w.action
                    << "), live did not";
      continue;
    }
    const Decision& g = it->second;
    const bool same = g.action == w.action && Same6(g.lower, w.lower) && Same6(g.mid, w.mid) &&
                      Same6(g.upper, w.upper);
    equal += same;
    EXPECT_TRUE(same) << key.first << " " << key.second << ": live " << g.action << " [" << g.lower
                      << ", " << g.mid << ", " << g.upper << "], backtest " << w.action << " ["
                      << w.lower << ", " << w.mid << ", " << w.upper << "]";
  }
  for (const auto& [key, g] : got) {
    if (!want.count(key)) {
      ADD_FAILURE() << "live decided " << key.first << " " << key.second << " (" << g.action
                    << "), the backtest did not";
    }
  }
  // Orders: a buy signal buys 1 share, a sell signal on a holding sells 1 (fixed_qty, no
  // sell_all): what the backtest's decisions imply, given the positions live holds.
  int buys = 0;
  for (const auto& [key, w] : want) {
    if (w.action == "buy") {
      ++buys;
      auto it = placed.find(key);
      EXPECT_TRUE(it != placed.end() && it->second == "buy 1")
          << key.first << " " << key.second << ": the backtest's buy was not placed live";
    }
  }
  for (const auto& [key, p] : placed) {
    auto it = want.find(key);
    EXPECT_TRUE(it != want.end() && (p == "buy 1" ? it->second.action == "buy"
                                                  : p == "sell 1" && it->second.action == "sell"))
        << key.first << " " << key.second << ": live placed " << p
        << " without the backtest's signal";
  }
  Status agree = e2e::CheckAgreement(**journal, exchange);
  EXPECT_TRUE(agree.ok()) << agree.ToString();
  server.Stop();
  std::printf(
      "daily example live (%zu sessions %s..%s, 20 stocks): decisions backtest %zu, live %zu, "
      "equal %d; orders placed %zu (buys signalled %d); %.1f s\n",
      days.size(), days.front().ToString().c_str(), days.back().ToString().c_str(), want.size(),
      got.size(), equal, placed.size(), buys,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace
}  // namespace tradelet::live
