// NYSE calendar query costs. The backtester asks per bar and the scheduler per tick, so the
// anchor is "well under the cost of reading one bar": each query should be tens of ns.
// Prints the ratio of each query to a 100 ns budget as the counter `vs_100ns`.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet {
namespace {

std::vector<CivilDate> RandomDates(size_t n) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> day(NyseCalendar::kFirstDate.ToDays(),
                                             NyseCalendar::kLastDate.ToDays() - 10);
  std::vector<CivilDate> out;
  for (size_t i = 0; i < n; ++i) out.push_back(CivilDate::FromDays(day(rng)));
  return out;
}

std::vector<Timestamp> RandomInstants(size_t n) {
  std::mt19937_64 rng(7);
  const int64_t lo = Timestamp::FromUnixSeconds(631152000).unix_nanos();   // 1990-01-01
  const int64_t hi = Timestamp::FromUnixSeconds(2524608000).unix_nanos();  // 2050-01-01
  std::uniform_int_distribution<int64_t> ns(lo, hi);
  std::vector<Timestamp> out;
  for (size_t i = 0; i < n; ++i) out.push_back(Timestamp::FromUnixNanos(ns(rng)));
  return out;
}

void SetRatio(benchmark::State& state) {
  state.counters["vs_100ns"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 100e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Get(benchmark::State& state) {
  // The singleton is built on first use; this measures the cached access.
  for (auto _ : state) benchmark::DoNotOptimize(&NyseCalendar::Get());
}
BENCHMARK(BM_Get);

void BM_IsSession(benchmark::State& state) {
  const auto& cal = NyseCalendar::Get();
  const auto dates = RandomDates(4096);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal.IsSession(dates[i++ & 4095]));
  SetRatio(state);
}
BENCHMARK(BM_IsSession);

void BM_NextSession(benchmark::State& state) {
  const auto& cal = NyseCalendar::Get();
  const auto dates = RandomDates(4096);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal.NextSession(dates[i++ & 4095]));
  SetRatio(state);
}
BENCHMARK(BM_NextSession);

void BM_IsOpen(benchmark::State& state) {
  const auto& cal = NyseCalendar::Get();
  const auto ts = RandomInstants(4096);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal.IsOpen(ts[i++ & 4095]));
  SetRatio(state);
}
BENCHMARK(BM_IsOpen);

void BM_SessionsBetweenWeek(benchmark::State& state) {
  const auto& cal = NyseCalendar::Get();
  const auto dates = RandomDates(4096);
  size_t i = 0;
  for (auto _ : state) {
    const CivilDate from = dates[i++ & 4095];
    benchmark::DoNotOptimize(cal.SessionsBetween(from, from.AddDays(5)));
  }
  SetRatio(state);
}
BENCHMARK(BM_SessionsBetweenWeek);

}  // namespace
}  // namespace tradelet

BENCHMARK_MAIN();
