// Ingest speed on the real daily files (../shared/data, 504 Alpha Vantage files, 2.4 M rows).
// Decompression and parsing are measured separately. Target (issue 4): >= 2 M rows/s per core
// for parsing. Anchor (docs backtest-anchors.md 3.2): a C++ sscanf/strtod CSV parse on this
// machine reads 2.0-2.5 M rows/s. Single-threaded throughout, so the rates are per core.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tradelet/data/bar_csv.h"
#include "tradelet/data/csv.h"
#include "tradelet/data/market_data.h"
#include "tradelet/testing/shared_data.h"

namespace {

using namespace tradelet;
using namespace tradelet::data;

constexpr double kTargetRowsPerSecond = 2.0e6;
constexpr double kAnchorLow = 2.0e6, kAnchorHigh = 2.5e6;

struct Corpus {
  std::vector<std::string> names, gz, text;
  size_t rows = 0, gz_bytes = 0, text_bytes = 0;
  bool ok = false;
};

const Corpus& Load() {
  static Corpus c = [] {
    Corpus c;
    auto dir = testing::SharedPath("data/daily/sp500_alphavantage_1999-2021/per_ticker_gz");
    if (!dir) return c;
    auto files = ListCsvFiles(*dir);
    if (!files.ok()) return c;
    for (const auto& f : *files) {
      std::FILE* fp = std::fopen(f.c_str(), "rb");
      if (!fp) return c;
      std::string bytes;
      char buf[65536];
      size_t got;
      while ((got = std::fread(buf, 1, sizeof buf, fp)) > 0) bytes.append(buf, got);
      std::fclose(fp);
      auto text = GunzipBytes(bytes, f);
      if (!text.ok()) return c;
      c.gz_bytes += bytes.size();
      c.text_bytes += text->size();
      c.names.push_back(f);
      c.gz.push_back(std::move(bytes));
      c.text.push_back(std::move(*text));
    }
    for (size_t i = 0; i < c.text.size(); ++i) {
      auto r = ParseBarCsv(c.text[i], c.names[i], {.symbol = SymbolFromFileName(c.names[i])});
      if (!r.ok()) return c;
      c.rows += r->info.rows;
    }
    c.ok = true;
    return c;
  }();
  return c;
}

void BM_Gunzip(benchmark::State& state) {
  const Corpus& c = Load();
  if (!c.ok)
    return state.SkipWithError("shared data absent (data/daily/sp500_alphavantage_1999-2021)");
  for (auto _ : state) {
    for (size_t i = 0; i < c.gz.size(); ++i) benchmark::DoNotOptimize(GunzipBytes(c.gz[i], ""));
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(c.rows * state.iterations()),
                                                benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(c.text_bytes * state.iterations()));
}
BENCHMARK(BM_Gunzip)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Parse(benchmark::State& state) {
  const Corpus& c = Load();
  if (!c.ok)
    return state.SkipWithError("shared data absent (data/daily/sp500_alphavantage_1999-2021)");
  for (auto _ : state) {
    for (size_t i = 0; i < c.text.size(); ++i) {
      benchmark::DoNotOptimize(ParseBarCsv(c.text[i], c.names[i], {.symbol = "X"}));
    }
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(c.rows * state.iterations()),
                                                benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(c.text_bytes * state.iterations()));
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_TokenizeOnly(benchmark::State& state) {
  const Corpus& c = Load();
  if (!c.ok) return state.SkipWithError("shared data absent");
  size_t fields = 0;
  for (auto _ : state) {
    for (const auto& t : c.text) {
      CsvCursor cur(t);
      while (cur.Next()) fields += cur.size();
    }
  }
  benchmark::DoNotOptimize(fields);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(c.rows * state.iterations()),
                                                benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(c.text_bytes * state.iterations()));
}
BENCHMARK(BM_TokenizeOnly)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// Best of N passes in this thread's CPU time: "per core" even when the machine is shared
// (wall time on a loaded 2-core box measures the neighbours).
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename F>
double BestSeconds(int passes, F&& f) {
  double best = 1e30;
  for (int p = 0; p < passes; ++p) {
    const double t0 = ThreadCpuSeconds();
    f();
    best = std::min(best, ThreadCpuSeconds() - t0);
  }
  return best;
}

void PrintSummary() {
  const Corpus& c = Load();
  if (!c.ok) {
    std::printf("ingest summary: shared data absent, nothing measured\n");
    return;
  }
  const double gunzip = BestSeconds(3, [&] {
    for (const auto& z : c.gz) benchmark::DoNotOptimize(GunzipBytes(z, ""));
  });
  const double parse = BestSeconds(3, [&] {
    for (size_t i = 0; i < c.text.size(); ++i) {
      benchmark::DoNotOptimize(ParseBarCsv(c.text[i], c.names[i], {.symbol = "X"}));
    }
  });
  const double rps = static_cast<double>(c.rows) / parse;
  std::printf(
      "\ningest summary (%zu files, %zu rows, %.1f MB text, %.1f MB gzip, 1 thread, CPU time)\n"
      "  decompress: %.3f s = %.2f M rows/s, %.0f MB/s out\n"
      "  parse:      %.3f s = %.2f M rows/s, %.0f MB/s in\n"
      "  both:       %.2f M rows/s\n"
      "  parse vs target 2.0 M rows/s/core: %.2fx; vs anchor sscanf/strtod 2.0-2.5 M rows/s: "
      "%.2fx-%.2fx\n",
      c.text.size(), c.rows, c.text_bytes / 1e6, c.gz_bytes / 1e6, gunzip, c.rows / gunzip / 1e6,
      c.text_bytes / gunzip / 1e6, parse, rps / 1e6, c.text_bytes / parse / 1e6,
      c.rows / (gunzip + parse) / 1e6, rps / kTargetRowsPerSecond, rps / kAnchorHigh,
      rps / kAnchorLow);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  PrintSummary();
  return 0;
}
