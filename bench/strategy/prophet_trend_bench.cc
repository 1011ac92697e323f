// Prophet trend, daily variant (issue 6, point 3): 100 S&P 500 stocks x 8 years of daily bars
// (2013-01-02 .. 2020-12-31) from ../shared/data/daily/sp500_alphavantage_1999-2021/per_ticker_gz,
// expanding window from 2013-01-02, first fit after 90 bars, refit every 5th bar (about 40,000
// Prophet fits with 1000 uncertainty samples each), 1 share per signal, next-open fills, through
// the full backtest kernel. The symbols are split in two halves run on two threads (each its
// own strategy, broker and account), as a 2-core machine would run it.
//
// Anchor: R prophet's measured cost of one fit + predict on daily stock closes
// (../shared/prophet-ref/aapl_daily/reference.json timing_s: fit + predict, 754 rows). The same
// run's estimated time in R = fits x that cost (no parallelism credited to R).
//
//   build/release/bench/prophet_trend_bench [--symbols N] [--threads T] [--algorithm exact|auto]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/strategy/prophet_trend.h"

using namespace tradelet;

int main(int argc, char** argv) {
  size_t want = 100;
  int threads = 2;
  std::string algorithm = "exact";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--symbols")) want = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--algorithm")) algorithm = argv[i + 1];
  }
  const std::string shared = TRADELET_SHARED_DIR;
  const std::string dir = shared + "/data/daily/sp500_alphavantage_1999-2021/per_ticker_gz";
  if (!std::filesystem::exists(dir)) {
    std::printf("SKIP: %s not found\n", dir.c_str());
    return 0;
  }
  // The first `want` tickers in file-name order ("DA-<SYM>-T-2021-04-21.csv.gz").
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::string f = e.path().filename().string();
    if (f.rfind("DA-", 0) != 0) continue;
    const size_t end = f.find("-T-");
    if (end != std::string::npos) names.push_back(f.substr(3, end - 3));
  }
  std::sort(names.begin(), names.end());
  if (names.size() > want) names.resize(want);

  BacktestConfig config;
  config.data_dir = dir;
  config.symbols = names;
  config.from = CivilDate{2013, 1, 2};
  config.to = CivilDate{2020, 12, 31};
  config.broker.commission.percent = Decimal::FromDouble(0.0000139);
  config.broker.commission.per_share = Decimal::FromDouble(0.000083);
  config.broker.slippage.percent = 0.0005;
  const auto t_load = std::chrono::steady_clock::now();
  auto data = LoadBacktestData(config);
  if (!data.ok()) {
    std::fprintf(stderr, "load: %s\n", data.status().ToString().c_str());
    return 1;
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count();

  ProphetTrendOptions o;
  o.schedule = ProphetTrendOptions::Schedule::kEveryBar;
  o.universe_days = {Weekday::kMonday, Weekday::kTuesday, Weekday::kWednesday,
                     Weekday::kThursday, Weekday::kFriday};
  o.universe_first_run_only = false;
  o.top_n = 0;
  o.window = ProphetTrendOptions::Window::kExpanding;
  o.window_start = CivilDate{2013, 1, 2};
  o.min_bars = 90;
  o.refit_every = 5;
  o.freq = "1d";
  o.periods = 8;
  o.read_step = 8;
  auto algo = forecast::ParseAlgorithm(algorithm);
  if (!algo.ok()) {
    std::fprintf(stderr, "%s\n", algo.status().ToString().c_str());
    return 2;
  }
  o.algorithm = *algo;
  o.max_staleness = Duration(0);
  o.sizing = ProphetTrendOptions::Sizing::kFixedQty;
  o.qty = 1;
  o.sell_all = false;
  o.bracket = false;
  o.time_in_force = TimeInForce::kDay;

  // Split the symbols round-robin across the threads.
  std::vector<std::vector<const BarSeries*>> groups(threads);
  size_t bars = 0;
  for (size_t i = 0; i < data->all.size(); ++i) {
    groups[i % threads].push_back(data->all[i]);
    bars += data->all[i]->size();
  }
  std::vector<ProphetTrendStats> stats(threads);
  std::vector<uint64_t> decided(threads);
  std::vector<Status> status(threads);
  std::vector<BacktestResult> results(threads);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) {
    pool.emplace_back([&, k] {
      ProphetTrendStrategy s(o);
      auto r = RunStrategy(s, config, groups[k]);
      if (!r.ok()) {
        status[k] = r.status();
        return;
      }
      stats[k] = s.stats();
      for (const TrendDecision& d : s.decisions()) decided[k] += d.action != "skip";
      results[k] = std::move(*r);
    });
  }
  for (auto& t : pool) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const Status& s : status) {
    if (!s.ok()) {
      std::fprintf(stderr, "run: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  uint64_t fits = 0, decisions = 0, trades = 0;
  double fit_cpu = 0;
  for (int k = 0; k < threads; ++k) {
    fits += stats[k].fits;
    fit_cpu += stats[k].fit_seconds;
    decisions += decided[k];
    trades += results[k].fills.size();
  }
  // R anchor: fit + predict of the aapl_daily reference case.
  double r_fit = 0, r_predict = 0;
  {
    std::ifstream in(shared + "/prophet-ref/aapl_daily/reference.json");
    if (in) {
      nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
      if (!j.is_discarded() && j.contains("timing_s")) {
        r_fit = j["timing_s"].value("fit", 0.0);
        r_predict = j["timing_s"].value("predict", 0.0);
      }
    }
  }
  std::printf("prophet_trend daily: %zu symbols, %zu bars loaded in %.2f s, %d threads, algorithm %s\n",
              data->all.size(), bars, load_s, threads, algorithm.c_str());
  std::printf("  fits: %llu, decisions: %llu, fills: %llu\n",
              static_cast<unsigned long long>(fits), static_cast<unsigned long long>(decisions),
              static_cast<unsigned long long>(trades));
  std::printf("  wall: %.1f s (%.2f min); fit time summed over threads: %.1f s; %.1f fits/s wall, "
              "%.2f ms per fit\n",
              wall, wall / 60, fit_cpu, fits / wall, fits ? 1e3 * fit_cpu / fits : 0.0);
  if (r_fit + r_predict > 0) {
    const double r_total = fits * (r_fit + r_predict);
    std::printf("  R prophet anchor (aapl_daily fit %.3f s + predict %.3f s per fit): estimated "
                "%.0f s = %.1f h for the same %llu fits; ratio R / tradelet wall = %.0fx\n",
                r_fit, r_predict, r_total, r_total / 3600, static_cast<unsigned long long>(fits),
                r_total / wall);
  }
  return 0;
}
