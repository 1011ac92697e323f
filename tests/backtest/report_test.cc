// End to end on a generated market: config -> run -> the five output files, checked against
// the run's own ledger and against each other; then report.html is opened in headless Chromium
// with a probe (headless_page.h): charts drawn, no errors, no debug text, values on hover
// (skipped when chromium is not installed).
#include "tradelet/backtest/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "headless_page.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/forecast/plot.h"
#include "tradelet/forecast/prophet.h"
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

  const std::string why = testing::ChartsCheckable(html);
  if (!why.empty()) GTEST_SKIP() << why;
  nlohmann::json r;
  ASSERT_EQ(testing::RenderHeadless(dir + "/report.html", dir, &r), "");
  testing::ExpectChartsWork(r, 2 + 3);  // equity + drawdown + one chart per traded symbol
  // Equity chart: date, strategy and benchmark; symbol charts: date, close, entries, exits.
  EXPECT_EQ(r["hover"][0].size(), 3u) << r["hover"][0].dump();
  EXPECT_EQ(r["hover"][2].size(), 4u) << r["hover"][2].dump();
  // x is the row index (0 .. rows - 1), not a time: no gaps for weekends.
  for (const auto& x : r["x"]) {
    EXPECT_EQ(x[1], 0);
    EXPECT_EQ(x[2].get<int64_t>(), x[0].get<int64_t>() - 1);
  }
}

// The forecast page of a 5-session 1-minute series (Friday, then Monday to Thursday): panels only
// for the model's components (trend and daily; a 5-day series has no yearly or weekly), and a
// time axis of rows whose ticks fall on sessions, never on the weekend or a night.
TEST(ForecastPlot, SessionAxisAndOnlyTheModelsComponents) {
  forecast::Frame h;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 0.05);
  for (const CivilDate d : {CivilDate{2024, 3, 1}, CivilDate{2024, 3, 4}, CivilDate{2024, 3, 5},
                            CivilDate{2024, 3, 6}, CivilDate{2024, 3, 7}}) {
    for (int m = 0; m < 390; ++m) {
      h.ds.push_back(LocalDateTime{d, 14, 30, 0}.AsUtc() + std::chrono::minutes(m));
      h.y.push_back(100 + 0.001 * static_cast<double>(h.y.size()) +
                    0.3 * std::sin(2 * M_PI * m / 390.0) + noise(rng));
    }
  }
  forecast::Prophet model{forecast::ProphetOptions{}};
  ASSERT_TRUE(model.Fit(h).ok());
  auto future = model.MakeFutureDataFrame(30, *forecast::Frequency::Parse("1min"));
  ASSERT_TRUE(future.ok()) << future.status().ToString();
  auto fc = model.Predict(*future);
  ASSERT_TRUE(fc.ok()) << fc.status().ToString();
  const std::string html = forecast::PlotHtml(model, *fc, "TEST 1-minute closes");
  const std::string open = "<script id=\"plot-data\" type=\"application/json\">";
  const size_t a = html.find(open);
  ASSERT_NE(a, std::string::npos);
  const auto data = nlohmann::json::parse(
      html.substr(a + open.size(), html.find("</script>", a) - a - open.size()));
  std::vector<std::string> names;
  for (const auto& c : data["components"]) names.push_back(c["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"trend", "daily"}));
  ASSERT_EQ(data["ts"].size(), 5u * 390 + 30);
  EXPECT_EQ(html.find("http://cdn"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);

  const std::string why = testing::ChartsCheckable(html);
  if (!why.empty()) GTEST_SKIP() << why;
  const std::string dir = testing::TempDir() + "/forecast_plot_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/forecast.html") << html;
  nlohmann::json r;
  ASSERT_EQ(testing::RenderHeadless(dir + "/forecast.html", dir, &r), "");
  testing::ExpectChartsWork(r, 1 + 2);  // forecast + trend + daily
  // history, yhat, trend, upper, lower after the time.
  EXPECT_EQ(r["hover"][0].size(), 6u) << r["hover"][0].dump();
  EXPECT_EQ(r["x"][0], nlohmann::json({1980, 0, 1979}));
  // Whole range: one tick per session; the weekend has no room and no tick.
  EXPECT_EQ(r["ticks"],
            nlohmann::json({"2024-03-01", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"}));
  // Zoomed to rows 396..792 (Monday 14:36 to Tuesday 14:42): hours, the new session dated.
  EXPECT_EQ(r["ticks_zoom"], nlohmann::json({"15:00", "16:00", "17:00", "18:00", "19:00", "20:00",
                                             "14:30\n2024-03-05"}));
}

TEST(BacktestConfig, ErrorsNameTheKey) {
  auto bad = [](const char* text) {
    auto c = ParseBacktestConfig(toml::parse(text), ".");
    return c.ok() ? std::string("ok") : c.status().message();
  };
  EXPECT_NE(bad("[strategy]\nname='buy_and_hold'\n[costs]\nslippage_percnt=1\n")
                .find("costs.slippage_percnt"),
            std::string::npos);
  EXPECT_NE(
      bad("[strategy]\nname='buy_and_hold'\n[backtest]\nfill_at='vwap'\n").find("backtest.fill_at"),
      std::string::npos);
  EXPECT_NE(
      bad("[strategy]\nname='x'\n[broker]\naccount='cash'\nallow_short=true\n").find("margin"),
      std::string::npos);
  EXPECT_NE(bad("[data]\ndir='x'\n").find("[strategy]"), std::string::npos);
  EXPECT_NE(bad("[strategy]\nname='x'\n[data]\nfrom='2020-13-01'\n").find("data.from"),
            std::string::npos);
}

}  // namespace
}  // namespace tradelet
