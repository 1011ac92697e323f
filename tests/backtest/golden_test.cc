// Golden backtests on real data (../shared/data, skipped when absent): fixed configurations
// whose results are checked against answers computed here straight from the CSV text (a few
// lines of splitting, independent of the data module and the engine), plus pinned summary
// statistics so any change in fills or accounting shows up.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet {
namespace {

struct Row {
  std::string date;
  double open, high, low, close, adj, volume, dividend, split;
};

// Alpha Vantage daily layout: timestamp,open,high,low,close,adjusted_close,volume,dividend,split.
std::vector<Row> ReadRows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    Row r;
    std::string f;
    std::getline(ss, r.date, ',');
    double* dst[] = {&r.open, &r.high, &r.low, &r.close, &r.adj, &r.volume, &r.dividend, &r.split};
    for (double* d : dst) {
      std::getline(ss, f, ',');
      *d = std::stod(f);
    }
    rows.push_back(r);
  }
  return rows;  // ascending in these files
}

size_t IndexOf(const std::vector<Row>& rows, const std::string& date) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].date >= date) return i;
  }
  return rows.size();
}

Result<BacktestResult> RunConfig(const std::string& toml_text, const std::string& dir,
                           BacktestData* keep) {
  auto cfg = ParseBacktestConfig(toml::parse(toml_text), ".");
  if (!cfg.ok()) return cfg.status();
  cfg->data_dir = dir;
  auto data = LoadBacktestData(*cfg);
  if (!data.ok()) return data.status();
  *keep = std::move(*data);
  return RunBacktest(*cfg, keep->all);
}

TEST(Golden, BuyAndHoldMsftEqualsSharesTimesPrice) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/sample_plain");
  BacktestData data;
  auto r = RunConfig(R"(
[strategy]
name = "buy_and_hold"
sizing = "fixed_qty"
qty = 100
[data]
symbols = ["MSFT"]
from = "2010-01-04"
to = "2019-12-31"
[backtest]
initial_cash = 10000
[broker]
apply_dividends = false
)", dir, &data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto rows = ReadRows(dir + "/DA-MSFT-T-2021-04-21.csv");
  const size_t first = IndexOf(rows, "2010-01-04"), last = IndexOf(rows, "2020-01-01") - 1;
  // Decided at the first bar's close, bought at the next bar's open.
  const double buy = rows[first + 1].open;
  const double want = 10000 - 100 * buy + 100 * rows[last].close;
  EXPECT_NEAR(r->final_equity, want, 1e-6);
  EXPECT_EQ(r->final_cash, Money::FromDouble(10000 - 100 * buy));
  EXPECT_EQ(r->kernel.bars, last - first + 1);
  EXPECT_NEAR(r->returns.total_return, want / 10000 - 1, 1e-12);
  // Max drawdown straight from the closes: equity_t = cash + 100 x close_t.
  double peak = 10000, mdd = 0;
  for (size_t i = first; i <= last; ++i) {
    const double e = i == first ? 10000 : 10000 - 100 * buy + 100 * rows[i].close;
    peak = std::max(peak, e);
    mdd = std::max(mdd, 1 - e / peak);
  }
  EXPECT_NEAR(r->returns.drawdown.max_drawdown, mdd, 1e-12);
  // Pinned.
  EXPECT_NEAR(r->final_equity, 22685.0, 1e-6);
}

TEST(Golden, DividendsReachTheLedger) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/sample_plain");
  BacktestData data;
  auto r = RunConfig(R"(
[strategy]
name = "buy_and_hold"
sizing = "fixed_qty"
qty = 100
[data]
symbols = ["XOM"]
from = "2012-01-03"
to = "2018-12-31"
[backtest]
initial_cash = 10000
)", dir, &data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto rows = ReadRows(dir + "/DA-XOM-T-2021-04-21.csv");
  const size_t first = IndexOf(rows, "2012-01-03"), last = IndexOf(rows, "2019-01-01") - 1;
  double divs = 0;
  for (size_t i = first + 2; i <= last; ++i) divs += 100 * rows[i].dividend;  // held from bar first+1's open
  EXPECT_GT(divs, 1000);
  EXPECT_NEAR(r->totals.dividends.ToDouble(), divs, 1e-6);
  EXPECT_NEAR(r->final_equity, 10000 - 100 * rows[first + 1].open + divs + 100 * rows[last].close,
              1e-6);
}

TEST(Golden, AaplSplitsMultiplyTheShares) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/sample_plain");
  BacktestData data;
  auto r = RunConfig(R"(
[strategy]
name = "buy_and_hold"
sizing = "fixed_qty"
qty = 10
[data]
symbols = ["AAPL"]
from = "2013-01-02"
[backtest]
initial_cash = 10000
[broker]
apply_dividends = false
)", dir, &data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto rows = ReadRows(dir + "/DA-AAPL-T-2021-04-21.csv");
  const size_t first = IndexOf(rows, "2013-01-02");
  ASSERT_EQ(r->open_trades.size(), 1u);
  // 7-for-1 on 2014-06-09 and 4-for-1 on 2020-08-31: 10 x 7 x 4 shares.
  EXPECT_EQ(r->open_trades[0].qty, Quantity::FromInt(280));
  EXPECT_NEAR(r->final_equity, 10000 - 10 * rows[first + 1].open + 280 * rows.back().close, 1e-6);
}

TEST(Golden, SmaCrossoverTradesMatchAnIndependentReplay) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/sample_plain");
  BacktestData data;
  auto r = RunConfig(R"(
[strategy]
name = "sma_crossover"
fast = 10
slow = 30
sizing = "fixed_qty"
qty = 10
[data]
symbols = ["JPM"]
from = "2005-01-03"
to = "2020-12-31"
[backtest]
initial_cash = 100000
[broker]
apply_dividends = false
)", dir, &data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Replay: SMAs over every close up to bar i (history before `from` is warm-up), a cross is a
  // change of sign between consecutive bars; trade 10 shares at the next bar's open.
  const auto rows = ReadRows(dir + "/DA-JPM-T-2021-04-21.csv");
  const size_t first = IndexOf(rows, "2005-01-03"), last = IndexOf(rows, "2021-01-01") - 1;
  auto sma = [&](size_t i, size_t n) {
    double s = 0;
    for (size_t k = i + 1 - n; k <= i; ++k) s += rows[k].close;
    return s / n;
  };
  int prev = -1, pos = 0, trades = 0;
  double cash = 100000;
  for (size_t i = 29; i <= last; ++i) {
    const int above = sma(i, 10) > sma(i, 30) ? 1 : 0;
    // The strategy first sees bar `first` (with all earlier bars as history) and only trades
    // on crosses it observes from then on.
    if (i >= first && prev >= 0 && above != prev && i < last) {
      if (above && pos == 0) {
        cash -= 10 * rows[i + 1].open;
        pos = 10;
      } else if (!above && pos == 10) {
        cash += 10 * rows[i + 1].open;
        pos = 0;
        ++trades;
      }
    }
    if (i >= first - 1) prev = above;
  }
  EXPECT_EQ(r->trade_stats.count, trades);
  EXPECT_NEAR(r->final_equity, cash + pos * rows[last].close, 1e-6);
  // Pinned.
  EXPECT_EQ(r->trade_stats.count, 77);
}

TEST(Golden, FourStocksSmaWithCostsPinned) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/sample_plain");
  BacktestData data;
  auto r = RunConfig(R"(
[strategy]
name = "sma_crossover"
fast = 10
slow = 30
sizing = "percent_equity"
fraction = 0.2
[data]
from = "2005-01-03"
to = "2021-04-21"
[backtest]
initial_cash = 100000
[costs]
commission_per_share = 0.005
commission_minimum = 1.0
slippage_percent = 0.0005
max_participation = 0.1
)", dir, &data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Ledger identity: cash = initial - buys + sells - commission + dividends (+ cash in lieu).
  Money cash = Money::FromInt(100000) + r->totals.dividends;
  for (const Fill& f : r->fills) {
    cash += (f.side == OrderSide::kBuy ? -(f.qty * f.price) : f.qty * f.price) - f.commission;
  }
  EXPECT_EQ(cash, r->final_cash);
  // Pinned summary statistics (this configuration = examples/sma_crossover.toml).
  EXPECT_EQ(r->trade_stats.count, 299);
  EXPECT_NEAR(r->returns.total_return, 4.117296396000004, 1e-9);
  EXPECT_NEAR(r->returns.sharpe, 0.9530142507019057, 1e-9);
  EXPECT_NEAR(r->returns.drawdown.max_drawdown, 0.22839535238933595, 1e-9);
  EXPECT_EQ(r->totals.commission, *Decimal::Parse("1986.6"));
}

}  // namespace
}  // namespace tradelet
