// Generation speed of the sample market. Anchor: the brief's "whole default universe well under
// a few seconds"; the counter vs_1s is the time of one default generation relative to 1 second.
#include <benchmark/benchmark.h>

#include "tradelet/sample/sample_csv.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet::sample {
namespace {

void BM_GenerateDefault(benchmark::State& state) {
  size_t bars = 0;
  for (auto _ : state) {
    auto m = GenerateSampleMarket({});
    for (const auto& s : m->daily) bars += s.size();
    for (const auto& s : m->minute) bars += s.size();
    benchmark::DoNotOptimize(m);
  }
  state.counters["bars_per_s"] =
      benchmark::Counter(static_cast<double>(bars), benchmark::Counter::kIsRate);
  state.counters["vs_1s"] =
      benchmark::Counter(static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_GenerateDefault)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CsvDaily(benchmark::State& state) {
  const auto m = GenerateSampleMarket({}).value();
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& s : m.daily) bytes += BarSeriesCsv(s, true).size();
  }
  state.counters["bytes_per_s"] =
      benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CsvDaily)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tradelet::sample

BENCHMARK_MAIN();
