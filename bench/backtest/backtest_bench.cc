// Backtest engine throughput (issue 5, point 8): SMA(10/30) crossover, long/flat, 10 shares per
// position, next-open market fills, over all 504 daily series of
// ../shared/data/daily/sp500_alphavantage_1999-2021/per_ticker_gz (~2.4 M bars), through the
// full kernel: feed, strategy stages, risk gate, broker rules, simulated broker, equity
// recording and every analyzer. File reading is timed apart and excluded from bars/s.
// Then (issue 20 point 4) file reading on one thread and on every core, reading a bundle of the
// same files, and `tradelet backtest` end to end (process start to report written) from the
// gzipped files and from the bundle, as ratios to backtrader. backtrader is not installed here
// (Debian has no package and the project takes no pip dependencies), so the yardstick is its
// stored anchor below, measured on this 2-core machine, as for the kernel.
//
// Anchor (backtest-anchors.md section 3.2, same 2-core machine): backtrader SMA cross,
// runonce, 27,467 bars/s; runonce=False (live-like) 14,277 bars/s; "2M candles" SMA cross on
// 100 series, 33.0 k candles/s and ~520 B/bar. Target: >= 10 M bars/s per core, < 100 B/bar.
//
//   build/release/bench/backtest_bench [--repeat N] [--data DIR] [--e2e-repeat N]
//                                      [--tradelet BIN] [--no-e2e] [--breakdown]
// --breakdown prints only where `tradelet backtest`'s time goes, phase by phase.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "breakdown.h"
#include "end_to_end.h"
#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/data/bundle.h"
#include "tradelet/data/parallel.h"
#include "tradelet/strategy/builtin.h"

namespace {

constexpr double kBacktraderRunonce = 27467;  // bars/s, backtest-anchors.md 3.2
constexpr double kBacktraderLive = 14277;     // bars/s, runonce=False

// Resident and peak resident set, bytes (Linux /proc).
void Rss(double* now, double* peak) {
  std::ifstream in("/proc/self/status");
  std::string line;
  *now = *peak = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) *now = std::stod(line.substr(6)) * 1024;
    if (line.rfind("VmHWM:", 0) == 0) *peak = std::stod(line.substr(6)) * 1024;
  }
}

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// CPU time of this thread: "per core" throughput that other processes on a shared machine do
// not inflate (wall time is printed too).
double ThreadCpu() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// CPU of every thread of this process (the two-thread run).
double ProcessCpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tradelet;
  std::string dir =
      std::string(TRADELET_SHARED_DIR) + "/data/daily/sp500_alphavantage_1999-2021/per_ticker_gz";
  int repeat = 5, e2e_repeat = 3;
  bool e2e = true, breakdown = false;
#ifdef TRADELET_BINARY
  std::string tradelet = TRADELET_BINARY;
#else
  std::string tradelet;
#endif

  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--no-e2e")) e2e = false;
    if (!std::strcmp(argv[i], "--breakdown")) breakdown = true;
    if (i + 1 >= argc) break;
    if (!std::strcmp(argv[i], "--repeat")) repeat = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--e2e-repeat")) e2e_repeat = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--data")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--tradelet")) tradelet = argv[i + 1];
  }
  if (breakdown) {
    const std::string scratch = "/tmp/backtest_bench." + std::to_string(::getpid());
    std::filesystem::create_directories(scratch);
    bench::BreakdownOptions b;
    b.tradelet = tradelet;
    b.data = dir;
    b.bundle = scratch + "/data.tlb";
    b.work = scratch;
    b.repeat = repeat;
    if (!data::WriteBundle(dir, b.bundle).ok()) b.bundle.clear();
    const bool ok = bench::RunBreakdown(b);
    std::filesystem::remove_all(scratch);
    return ok ? 0 : 1;
  }
  double rss0, peak0;
  Rss(&rss0, &peak0);
  const auto t_load = std::chrono::steady_clock::now();
  BacktestConfig config;
  config.data_dir = dir;
  auto data = LoadBacktestData(config);
  if (!data.ok()) {
    std::fprintf(stderr, "backtest_bench: %s\n(the shared data is needed: %s)\n",
                 data.status().ToString().c_str(), dir.c_str());
    return 1;
  }
  const double load_s = Seconds(t_load);
  // Give the reader's temporary buffers back, then keep freed memory in the process between
  // repeats instead of returning it to the kernel and faulting it back in on the next run
  // (glibc trims the heap top by default). The first run shows the cold cost.
  malloc_trim(0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  double rss_loaded, peak_loaded;
  Rss(&rss_loaded, &peak_loaded);

  config.broker.initial_cash = Money::FromInt(10'000'000);  // 504 x 10 shares never runs dry
  SmaCrossoverOptions o;
  o.fast = 10;
  o.slow = 30;
  o.sizing = SizingConfig{SizingConfig::Mode::kFixedQty, Decimal::FromInt(10), 1, true};

  // Per core: the serial kernel, one thread (the thread CPU below is then all of the run's).
  // The run as `tradelet backtest` does it, the feed and alpha prepared on a second thread, is
  // timed apart below (wall time and process CPU).
  const bool two_threads = std::thread::hardware_concurrency() > 1;  // as ParseBacktestConfig
  config.kernel.prepare_ahead = false;
  std::vector<double> times, cpu_times;
  double first_run = 0;
  // Peak resident set of loading plus ONE run with its result alive: the footprint of a
  // `tradelet backtest`. The later repeats run with freed memory kept in the process (the
  // mallopt above), so the heap they leave behind is the bench's, not a backtest's.
  double peak_one = 0;
  BacktestResult last;
  // One SMA run under `c`: its result, wall seconds and CPU seconds by `cpu` (this thread's
  // for the serial kernel, the process's for the run on two threads).
  // `own` is the calling thread's CPU: on two threads, the account half's (the critical path).
  struct Timed {
    Result<BacktestResult> res;
    double wall, cpu, own;
  };
  auto timed_run = [&](const BacktestConfig& c, double (*cpu)()) {
    auto strategy = MakeSmaCrossover(o);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu(), own0 = ThreadCpu();
    auto res = RunStrategy(*strategy, c, data->all);
    const double used = cpu() - c0, own = ThreadCpu() - own0;
    return Timed{std::move(res), Seconds(t0), used, own};
  };
  for (int r = 0; r < repeat; ++r) {
    Timed t = timed_run(config, ThreadCpu);
    auto& res = t.res;
    cpu_times.push_back(t.cpu);
    times.push_back(t.wall);
    if (r == 0) {
      first_run = cpu_times.back();
      double now_unused;
      Rss(&now_unused, &peak_one);
    }
    if (!res.ok()) {
      std::fprintf(stderr, "backtest_bench: %s\n", res.status().ToString().c_str());
      return 1;
    }
    if (r + 1 == repeat) last = std::move(*res);
  }
  // The same kernel loop with a strategy that never trades: the per-bar floor of feed, broker
  // marking, equity recording and analyzers (backtrader's empty strategy: 44,719 bars/s).
  double empty_best = 1e9;
  for (int r = 0; r < repeat; ++r) {
    FrameworkStrategy empty("empty", nullptr, nullptr, nullptr, nullptr, nullptr);
    const double c0 = ThreadCpu();
    auto res = RunStrategy(empty, config, data->all);
    empty_best = std::min(empty_best, ThreadCpu() - c0);
    if (!res.ok()) return 1;
  }
  // The run on two threads (KernelOptions::prepare_ahead), as the command runs it.
  std::vector<double> walls2, cpus2, owns2;
  if (two_threads) {
    BacktestConfig c2 = config;
    c2.kernel.prepare_ahead = true;
    for (int r = 0; r < repeat; ++r) {
      const Timed t = timed_run(c2, ProcessCpu);
      cpus2.push_back(t.cpu);
      owns2.push_back(t.own);
      walls2.push_back(t.wall);
      if (!t.res.ok() || t.res->final_equity != last.final_equity) {
        std::fprintf(stderr, "backtest_bench: the two-thread run differs from the serial one\n");
        return 1;
      }
    }
    std::sort(walls2.begin(), walls2.end());
    std::sort(cpus2.begin(), cpus2.end());
    std::sort(owns2.begin(), owns2.end());
  }
  double rss_run, peak_run;
  Rss(&rss_run, &peak_run);
  std::sort(times.begin(), times.end());
  std::sort(cpu_times.begin(), cpu_times.end());
  const double wall_best = times.front();
  const double best = cpu_times.front(), median = cpu_times[cpu_times.size() / 2];
  const double bars = static_cast<double>(last.kernel.bars);
  const double rate = bars / best, rate_median = bars / median;

  std::printf("backtest_bench: SMA(10/30) crossover, long/flat, 10 shares, next-open fills\n");
  std::printf("  data: %zu series, %.0f bars (%s)\n", data->all.size(), bars, dir.c_str());
  std::printf("  file reading (excluded): %.3f s\n", load_s);
  std::printf(
      "  run (1 thread, kernel + broker + analyzers): CPU best %.4f s, median %.4f s of %d"
      " (wall best %.4f s)\n",
      best, median, repeat, wall_best);
  std::printf("  throughput: %.2f M bars/s per core (median %.2f M; first, cold run %.2f M)\n",
              rate / 1e6, rate_median / 1e6, bars / first_run / 1e6);
  if (!walls2.empty()) {
    std::printf(
        "  run on 2 threads (feed + alpha prepared ahead, as tradelet backtest): wall best %.4f s,"
        " median %.4f s (CPU of all threads median %.4f s, of the account thread best %.4f s,"
        " median %.4f s) = %.0fx backtrader runonce on wall\n",
        walls2.front(), walls2[walls2.size() / 2], cpus2[cpus2.size() / 2], owns2.front(),
        owns2[owns2.size() / 2], bars / walls2[walls2.size() / 2] / kBacktraderRunonce);
  }
  std::printf("  trades %lld, orders %llu, fills %llu, final equity %.2f\n",
              static_cast<long long>(last.trade_stats.count),
              static_cast<unsigned long long>(last.kernel.orders_accepted),
              static_cast<unsigned long long>(last.totals.fills), last.final_equity);
  std::printf(
      "  empty strategy (no orders): CPU %.4f s = %.2f M bars/s (backtrader empty: 44,719 bars/s, "
      "%.0fx)\n",
      empty_best, bars / empty_best / 1e6, bars / empty_best / 44719);
  std::printf("  vs backtrader SMA cross runonce (27,467 bars/s): %.0fx\n",
              rate / kBacktraderRunonce);
  std::printf("  vs backtrader runonce=False (14,277 bars/s): %.0fx\n", rate / kBacktraderLive);
  std::printf("  target >= 10 M bars/s per core: %s\n", rate >= 10e6 ? "met" : "NOT met");
  const double bytes_loaded = (rss_loaded - rss0) / bars;
  const double bytes_run = (rss_run - rss0) / bars;
  const double bytes_peak = peak_one / bars;
  std::printf(
      "  memory: %.1f B/bar resident after load, peak RSS of load + one run %.1f MB = %.1f B/bar"
      " (backtrader ~520 B/bar); after all %d+%d runs %.1f B/bar resident, peak %.1f B/bar\n",
      bytes_loaded, peak_one / 1e6, bytes_peak, repeat, repeat, bytes_run, peak_run / bars);
  double column_bytes = 0;
  for (const BarSeries* b : data->all) {
    column_bytes += b->time_ns.capacity() * 8.0;
    for (const auto* c : {&b->open, &b->high, &b->low, &b->close, &b->volume, &b->adj_close,
                          &b->dividend, &b->split}) {
      column_bytes += c->capacity() * 8.0;
    }
  }
  std::printf(
      "  bar storage: %.1f B/bar (time + 8 price/volume/corporate-action columns, 8 bytes each)\n",
      column_bytes / bars);
  std::printf("  target < 100 B/bar (peak RSS of load + one run): %s\n",
              bytes_peak < 100 ? "met" : "NOT met");

  // Loading alone: one thread, every core, a bundle (wall time; the machine is shared).
  auto time_load = [&](size_t threads) {
    data::LoadOptions lo;
    lo.threads = threads;
    const auto t0 = std::chrono::steady_clock::now();
    auto md = data::LoadMarketData(dir, lo);
    return md.ok() ? Seconds(t0) : -1.0;
  };
  const double load1 = time_load(1), loadn = time_load(0);
  const std::string scratch = "/tmp/backtest_bench." + std::to_string(::getpid());
  const std::string bundle = scratch + "/data.tlb";
  std::filesystem::create_directories(scratch);
  const auto tw = std::chrono::steady_clock::now();
  auto written = data::WriteBundle(dir, bundle);
  const double write_s = Seconds(tw);
  const auto tr = std::chrono::steady_clock::now();
  auto read = written.ok() ? data::ReadBundle(bundle) : Result<data::Bundle>(written.status());
  const double read_s = Seconds(tr);
  if (!read.ok()) {
    std::fprintf(stderr, "backtest_bench: bundle: %s\n", read.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "loading %.0f bars (wall): 1 thread %.3f s, %zu threads %.3f s (%.2fx); "
      "bundle written in %.3f s, read (mmap, checksums verified) in %.3f s\n",
      bars, load1, data::LoadThreads(0, data->all.size()), loadn, load1 / loadn, write_s, read_s);
  read = Result<data::Bundle>(InvalidArgument("released"));
  int rc = 0;
  if (e2e && !tradelet.empty() && std::filesystem::exists(tradelet)) {
    bench::EndToEndOptions o;
    o.tradelet = tradelet;
    o.data = dir;
    o.work = scratch + "/e2e";
    o.repeat = e2e_repeat;
    o.bars = bars;
    o.backtrader_rate = kBacktraderRunonce;
    o.backtrader_source = "stored anchor, backtest-anchors.md 3.2 (not installed here)";
    rc = bench::RunEndToEnd(o) ? 0 : 1;
  } else if (e2e) {
    std::printf("end to end: skipped (no tradelet binary; pass --tradelet BIN)\n");
  }
  std::filesystem::remove_all(scratch);
  return rc;
}
