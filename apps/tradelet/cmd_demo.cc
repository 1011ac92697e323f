// tradelet demo: the whole system end to end on the embedded sample market, offline.
// Each step prints what it did and where its outputs went; a failed step stops the demo with
// its error (exit code per ReportStatus).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>

#include "command.h"
#include "tradelet/backtest/report.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/base/progress.h"
#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/data/validate.h"
#include "tradelet/demo/prophet_trend_demo.h"
#include "tradelet/forecast/plot.h"
#include "tradelet/forecast/prophet.h"
#include "tradelet/sample/sample_csv.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kUsage[] =
    "usage: tradelet demo [--out DIR] [--seed N] [--symbols N] [--no-progress]\n\n"
    "Runs every built capability end to end on the deterministic sample market, offline,\n"
    "and prints where each output went (default DIR: ./tradelet-demo, seed 20240601,\n"
    "500 symbols).";

struct DemoOptions {
  std::string out = "tradelet-demo";
  uint64_t seed = 20240601;
  int symbols = 500;
  bool no_progress = false;  // no progress line on a terminal (also TRADELET_PROGRESS=0)
};

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Status StepSampleMarket(const DemoOptions& o, sample::SampleMarket* market) {
  auto t0 = std::chrono::steady_clock::now();
  sample::SampleMarketConfig cfg;
  cfg.seed = o.seed;
  cfg.num_symbols = o.symbols;
  TL_ASSIGN_OR_RETURN(*market, sample::GenerateSampleMarket(cfg));
  const std::string dir = (fs::path(o.out) / "market").string();
  TL_RETURN_IF_ERROR(sample::WriteSampleMarketCsv(*market, dir));
  size_t daily = 0, minute = 0;
  for (const auto& s : market->daily) daily += s.size();
  for (const auto& s : market->minute) minute += s.size();
  std::printf("[1] sample market: %zu symbols, %zu daily bars (%s..%s), %zu 1-minute bars, %.2fs\n",
              market->securities.size(), daily, cfg.start.ToString().c_str(),
              cfg.end.ToString().c_str(), minute, SecondsSince(t0));
  std::printf("    -> %s/{universe.csv,daily/,1m/}\n", fs::absolute(dir).c_str());
  return Status::Ok();
}

Status StepValidate(const DemoOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  const std::string dir = (fs::path(o.out) / "market" / "daily").string();
  TL_ASSIGN_OR_RETURN(auto reports, data::ValidateFiles(dir));
  data::TradableSet set = data::SelectTradable(reports);
  const std::string path = (fs::path(o.out) / "validation.jsonl").string();
  if (FILE* f = std::fopen(path.c_str(), "w")) {
    for (const auto& r : reports) std::fprintf(f, "%s\n", data::ReportToJson(r).c_str());
    std::fclose(f);
  } else {
    return InvalidArgument("cannot write " + path);
  }
  std::printf("[2] validation: %zu series checked, %zu tradable, %zu excluded, %.2fs\n",
              reports.size(), set.tradable.size(), set.excluded.size(), SecondsSince(t0));
  for (size_t i = 0; i < set.excluded.size() && i < 3; ++i) {
    std::printf("    excluded %s: %s\n", set.excluded[i].symbol.c_str(),
                set.excluded[i].reason.c_str());
  }
  std::printf("    -> %s\n", fs::absolute(path).c_str());
  return Status::Ok();
}

// SMA(10/30) crossover over 20 sample stocks against the sample SPY, through the same runner and
// reports as `tradelet backtest`.
Status StepBacktest(const DemoOptions& o, const sample::SampleMarket& market) {
  auto t0 = std::chrono::steady_clock::now();
  std::string symbols;
  for (size_t i = 0; i < market.securities.size() && i < 20; ++i) {
    if (market.securities[i].is_benchmark) continue;
    symbols += (symbols.empty() ? "\"" : ", \"") + market.securities[i].symbol + "\"";
  }
  const std::string config_text =
      "[strategy]\nname = \"sma_crossover\"\nfast = 10\nslow = 30\n"
      "sizing = \"percent_equity\"\nfraction = 0.05\nwhole_shares = true\n"
      "[data]\nsymbols = [" +
      symbols +
      "]\n"
      "[backtest]\ninitial_cash = 100000\nfill_at = \"open\"\nbenchmark = \"" +
      market.config.benchmark_symbol +
      "\"\n"
      "[costs]\nslippage_percent = 0.0005\n";
  toml::table root;
  try {
    root = toml::parse(config_text);
  } catch (const toml::parse_error& e) {
    return Internal(std::string("demo backtest config: ") + e.what());
  }
  TL_ASSIGN_OR_RETURN(BacktestConfig config, ParseBacktestConfig(root, o.out));
  std::vector<const BarSeries*> all;
  for (const auto& s : market.daily) all.push_back(&s);
  TL_ASSIGN_OR_RETURN(BacktestResult r, RunBacktest(config, all));
  const std::string dir = (fs::path(o.out) / "backtest").string();
  TL_RETURN_IF_ERROR(WriteBacktestOutputs(r, dir));
  std::printf(
      "[3] backtest: SMA(10/30) on %zu sample stocks vs %s, %zu trades, equity %.0f -> %.0f, "
      "%.2fs\n",
      r.traded.size(), r.benchmark_symbol.c_str(), r.trades.size(), r.initial_cash, r.final_equity,
      SecondsSince(t0));
  std::printf("    -> %s/{summary.json,equity.csv,trades.csv,orders.csv,report.html}\n",
              fs::absolute(dir).c_str());
  return Status::Ok();
}

// Prophet on the sample SPY's last session of 1-minute closes, 15 minutes ahead: the forecast
// the intraday strategy makes at every decision.
Status StepForecast(const DemoOptions& o, const sample::SampleMarket& market) {
  auto t0 = std::chrono::steady_clock::now();
  const int idx = market.IndexOf(market.config.benchmark_symbol);
  if (idx < 0 || market.minute[idx].empty())
    return FailedPrecondition("no 1-minute benchmark bars");
  const BarSeries& m = market.minute[idx];
  // The last session: bars after the last gap longer than an hour.
  size_t first = m.size() - 1;
  while (first > 0 && m.time_ns[first] - m.time_ns[first - 1] <= 3600LL * 1'000'000'000) --first;
  forecast::Frame history;
  for (size_t i = first; i < m.size(); ++i) {
    history.ds.push_back(m.time(i));
    history.y.push_back(m.close[i]);
  }
  forecast::ProphetOptions options;
  forecast::Prophet model(options);
  TL_ASSIGN_OR_RETURN(forecast::FitSummary summary, model.Fit(history));
  TL_ASSIGN_OR_RETURN(forecast::Frequency freq, forecast::Frequency::Parse("1min"));
  TL_ASSIGN_OR_RETURN(forecast::Frame future, model.MakeFutureDataFrame(15, freq));
  TL_ASSIGN_OR_RETURN(forecast::Forecast fc, model.Predict(future));
  const std::string dir = (fs::path(o.out) / "forecast").string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  TL_RETURN_IF_ERROR(WriteTextFile(dir + "/forecast.csv", fc.ToCsv()));
  TL_RETURN_IF_ERROR(WriteTextFile(
      dir + "/forecast.html",
      forecast::PlotHtml(model, fc, market.config.benchmark_symbol + " 1-minute closes")));
  const size_t next = history.size();  // first future row
  std::printf(
      "[4] forecast: %s, %zu minutes -> next minute yhat %.2f [%.2f, %.2f], %d iterations, %.3fs\n",
      market.config.benchmark_symbol.c_str(), history.size(), fc.Get("yhat")[next],
      fc.Get("yhat_lower")[next], fc.Get("yhat_upper")[next], summary.iterations, SecondsSince(t0));
  std::printf("    -> %s/{forecast.csv,forecast.html}\n", fs::absolute(dir).c_str());
  return Status::Ok();
}

// The reference algorithm: the intraday Prophet trend strategy on every sample stock's
// 1-minute sessions, every 15 minutes, with its report, decisions and forecast bands.
Status StepProphetTrend(const DemoOptions& o, const sample::SampleMarket& market) {
  auto t0 = std::chrono::steady_clock::now();
  const std::string dir = (fs::path(o.out) / "prophet_trend").string();
  std::string summary;
  TL_RETURN_IF_ERROR(RunProphetTrendDemo(market, dir, &summary));
  std::printf("[5] prophet trend (intraday): %s, %.2fs\n", summary.c_str(), SecondsSince(t0));
  std::printf("    -> %s/{report.html,decisions.csv,skips.csv,summary.json,...}\n",
              fs::absolute(dir).c_str());
  return Status::Ok();
}

// The reference bot live, as deployed: its config packaged (`tradelet package lambda` of this
// binary), the bootstrap run under the Lambda Runtime API emulator, the seed's schedule fired
// over a replayed session on the paper exchange at accelerated time; its orders next to the
// backtest's decisions (equal, or the step fails).
Status StepProphetTrendLive(const DemoOptions& o, const sample::SampleMarket& market) {
  auto t0 = std::chrono::steady_clock::now();
  LiveDemoOptions live;
  std::error_code ec;
  live.bootstrap_binary = fs::read_symlink("/proc/self/exe", ec).string();
  // Replaced on disk while running (a rebuild): package the running image itself.
  if (ec || !fs::exists(live.bootstrap_binary, ec)) live.bootstrap_binary = "/proc/self/exe";
  live.work_dir = (fs::path(o.out) / "prophet_trend_live").string();
  std::string table, summary;
  TL_RETURN_IF_ERROR(RunProphetTrendLiveDemo(market, live, &table, &summary));
  std::printf("[6] prophet trend live (accelerated): %s, %.2fs\n%s", summary.c_str(),
              SecondsSince(t0), table.c_str());
  std::printf("    -> %s/{prophet_trend_live.toml,function.zip,bootstrap.log,journal.sqlite}\n",
              fs::absolute(live.work_dir).c_str());
  return Status::Ok();
}

int Run(int argc, char** argv) {
  DemoOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s\n", kUsage);
      return kExitOk;
    }
    if (a == "--no-progress") {
      o.no_progress = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "tradelet demo: '%s' needs a value\n%s\n", a.c_str(), kUsage);
      return kExitUsage;
    }
    const std::string v = argv[++i];
    if (a == "--out") {
      o.out = v;
    } else if (a == "--seed") {
      o.seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (a == "--symbols") {
      o.symbols = std::atoi(v.c_str());
    } else {
      std::fprintf(stderr, "tradelet demo: unknown argument '%s'\n%s\n", a.c_str(), kUsage);
      return kExitUsage;
    }
  }
  // Progress on a terminal: the step under way. A step's lines on stdout are held until it ends
  // (setvbuf before any output) and printed after the progress line is erased.
  auto progress =
      Progress::ForStderr({.label = "demo", .unit = "steps", .total = 6}, o.no_progress);
  if (progress->active()) std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec)
    return ReportStatus("demo", InvalidArgument("cannot create " + o.out + ": " + ec.message()));
  std::printf("tradelet demo: outputs in %s\n", fs::absolute(o.out).c_str());
  sample::SampleMarket market;
  auto step = [&](const char* what, const std::function<Status()>& run) {
    progress->SetLabel(std::string("demo (") + what + ")");
    Status s = run();
    progress->Clear();
    std::fflush(stdout);
    progress->Add();
    return s;
  };
  std::fflush(stdout);
  if (Status s = step("sample market", [&] { return StepSampleMarket(o, &market); }); !s.ok())
    return ReportStatus("demo", s);
  if (Status s = step("validate", [&] { return StepValidate(o); }); !s.ok())
    return ReportStatus("demo", s);
  if (Status s = step("backtest", [&] { return StepBacktest(o, market); }); !s.ok())
    return ReportStatus("demo", s);
  if (Status s = step("forecast", [&] { return StepForecast(o, market); }); !s.ok())
    return ReportStatus("demo", s);
  if (Status s = step("prophet trend", [&] { return StepProphetTrend(o, market); }); !s.ok())
    return ReportStatus("demo", s);
  if (Status s = step("prophet trend live", [&] { return StepProphetTrendLive(o, market); });
      !s.ok())
    return ReportStatus("demo", s);
  progress->Finish();
  std::printf("done.\n");
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("demo", "run the whole system end to end on the sample market", Run);

}  // namespace tradelet::cli
