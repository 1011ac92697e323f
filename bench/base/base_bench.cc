// Throughput of the primitives every data path leans on: timestamp parsing, time-zone
// conversion and exact decimal parsing. No anchor: these feed the ingest benchmark of bench/data.
#include <benchmark/benchmark.h>

#include "tradelet/base/time.h"
#include "tradelet/model/decimal.h"

namespace tradelet {
namespace {

void BM_ParseTimestamp(benchmark::State& state) {
  for (auto _ : state) {
    auto t = ParseTimestamp("2021-04-21T16:00:00.123456-04:00");
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseTimestamp);

void BM_NewYorkToLocal(benchmark::State& state) {
  int64_t s = 1600000000;
  for (auto _ : state) {
    auto l = TimeZone::NewYork().ToLocal(Timestamp::FromUnixSeconds(s += 61));
    benchmark::DoNotOptimize(l);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NewYorkToLocal);

void BM_DecimalParse(benchmark::State& state) {
  for (auto _ : state) {
    auto d = Decimal::Parse("187.2345");
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalParse);

}  // namespace
}  // namespace tradelet

BENCHMARK_MAIN();
