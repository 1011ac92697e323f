// End to end on a generated market: config -> run -> the five output files, checked against
// the run's own ledger and against each other; then report.html is opened in headless
// Chromium and must have drawn its charts (skipped when chromium is not installed).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tradelet/backtest/report.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet {
namespace {

std::vector<BarSeries> Market() {
  std::mt19937 rng(7);
  std::normal_distribution<double> n(0.0003, 0.015);
  std::vector<BarSeries> out;
  for (const char* sym : {"AAA", "BBB", "CCC", "SPY"}) {
    BarSeries b;
    b.symbol = sym;
    double px = 100;
    const CivilDate start{2019, 1, 1};
    for (int d = 0, k = 0; k < 600; ++d) {
      const CivilDate date = start.AddDays(d);
      if (date.weekday() == Weekday::kSaturday || date.weekday() == Weekday::kSunday) continue;
      ++k;
      const double o = px * (1 + n(rng) / 3), c = px * (1 + n(rng));
      b.Append(Bar{LocalDateTime{date, 14, 30, 0}.AsUtc(), o, std::max(o, c) * 1.004,
                   std::min(o, c) * 0.996, c, 2e6});
      px = c;
    }
    out.push_back(std::move(b));
  }
  return out;
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

TEST(BacktestReport, WritesConsistentOutputsAndRendersOffline) {
  auto market = Market();
  std::vector<const BarSeries*> all;
  for (const auto& s : market) all.push_back(&s);
  toml::table root = toml::parse(R"(
[strategy]
name = "sma_crossover"
fast = 5
slow = 20
sizing = "percent_equity"
fraction = 0.3
[backtest]
initial_cash = 100000
benchmark = "SPY"
[costs]
commission_per_share = 0.005
commission_minimum = 1
slippage_percent = 0.0005
)");
  auto cfg = ParseBacktestConfig(root, ".");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto res = RunBacktest(*cfg, all);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->traded.size(), 3u);  // the benchmark is not traded
  ASSERT_GT(res->trade_stats.count, 10);

  // Ledger identity: final cash = initial - buys + sells - commission (+ no dividends here).
  Money cash = Money::FromInt(100000);
  for (const Fill& f : res->fills) {
    cash += (f.side == OrderSide::kBuy ? -(f.qty * f.price) : f.qty * f.price) - f.commission;
  }
  EXPECT_EQ(cash, res->final_cash);
  // Closed + open trade P&L = equity change.
  double pnl = 0;
  for (const auto& t : res->trades) pnl += t.pnl.ToDouble();
  for (const auto& t : res->open_trades) pnl += t.pnl.ToDouble();
  EXPECT_NEAR(100000 + pnl, res->final_equity, 0.05);

  const std::string dir = testing::TempDir() + "/report_test";
  ASSERT_TRUE(WriteBacktestOutputs(*res, dir).ok());
  for (const char* f : {"summary.json", "equity.csv", "trades.csv", "orders.csv", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / f)) << f;
  }
  auto summary = nlohmann::json::parse(Slurp(std::filesystem::path(dir) / "summary.json"));
  EXPECT_EQ(summary["strategy"], "sma_crossover");
  EXPECT_EQ(summary["trades"]["count"], res->trade_stats.count);
  EXPECT_EQ(summary["benchmark"]["symbol"], "SPY");
  auto eq = Lines(Slurp(std::filesystem::path(dir) / "equity.csv"));
  EXPECT_EQ(eq[0], "time,equity,cash,gross_exposure,drawdown,benchmark");
  EXPECT_EQ(eq.size(), res->equity.size() + 1);
  // The last equity row equals summary.final_equity.
  const std::string last = eq.back();
  const double last_eq = std::stod(last.substr(last.find(',') + 1));
  EXPECT_NEAR(last_eq, summary["final_equity"].get<double>(), 1e-6 * last_eq);
  // Benchmark column: SPY buy-and-hold from the first step's close.
  const double spy_last = market[3].close.back(), spy_first = market[3].close.front();
  EXPECT_NEAR(std::stod(last.substr(last.rfind(',') + 1)), 100000 * spy_last / spy_first, 1e-3);
  auto trades = Lines(Slurp(std::filesystem::path(dir) / "trades.csv"));
  EXPECT_EQ(trades.size(), res->trades.size() + res->open_trades.size() + 1);
  auto orders = Lines(Slurp(std::filesystem::path(dir) / "orders.csv"));
  EXPECT_EQ(orders.size(), res->orders.size() + res->rejections.size() + 1);

  const std::string html = Slurp(std::filesystem::path(dir) / "report.html");
  EXPECT_EQ(html.find("http://cdn"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);

  if (!std::filesystem::exists("/usr/bin/chromium")) {
    GTEST_SKIP() << "chromium is not installed (apt-get install -y chromium); report rendering not checked";
  }
  const std::string profile = testing::TempDir() + "/chromium-profile";
  const std::string dom = dir + "/dom.html";
  const std::string cmd =
      "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--no-first-run --user-data-dir=" + profile + " --virtual-time-budget=5000 --dump-dom file://" +
      dir + "/report.html > " + dom + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string rendered = Slurp(dom);
  EXPECT_NE(rendered.find("render-status\">rendered"), std::string::npos) << rendered.substr(0, 2000);
  // equity + drawdown + one chart per traded symbol
  const size_t want = 2 + 3;
  const size_t attr = rendered.find("data-rendered=");
  ASSERT_NE(attr, std::string::npos);
  EXPECT_EQ(rendered.substr(attr, 17), "data-rendered=\"" + std::to_string(want) + "\"");
  size_t paths = 0;
  for (size_t p = rendered.find("class=\"series\""); p != std::string::npos;
       p = rendered.find("class=\"series\"", p + 1)) {
    ++paths;
  }
  EXPECT_GE(paths, want + 1);  // + the benchmark line
  EXPECT_NE(rendered.find("class=\"marker\""), std::string::npos);
  EXPECT_EQ(rendered.find("render-status\">render-error"), std::string::npos);
}

TEST(BacktestConfig, ErrorsNameTheKey) {
  auto bad = [](const char* text) {
    auto c = ParseBacktestConfig(toml::parse(text), ".");
    return c.ok() ? std::string("ok") : c.status().message();
  };
  EXPECT_NE(bad("[strategy]\nname='buy_and_hold'\n[costs]\nslippage_percnt=1\n").find("costs.slippage_percnt"), std::string::npos);
  EXPECT_NE(bad("[strategy]\nname='buy_and_hold'\n[backtest]\nfill_at='vwap'\n").find("backtest.fill_at"), std::string::npos);
  EXPECT_NE(bad("[strategy]\nname='x'\n[broker]\naccount='cash'\nallow_short=true\n").find("margin"), std::string::npos);
  EXPECT_NE(bad("[data]\ndir='x'\n").find("[strategy]"), std::string::npos);
  EXPECT_NE(bad("[strategy]\nname='x'\n[data]\nfrom='2020-13-01'\n").find("data.from"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
