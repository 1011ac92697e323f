// Lambda runtime costs of the packaged function (`tradelet package lambda` -> zip -> unzip ->
// `bootstrap`), measured against the Runtime API emulator on loopback:
//   ColdInit/*            process start -> first GET /next (what Lambda reports as Init
//                         Duration, minus the sandbox's own start-up); median of 20 starts
//   Invocation/Probe      one event in -> response out, probe runner (the runtime's own cost)
//   Invocation/LiveJob    one event in -> response out, the real live job against the paper
//                         exchange (in this process, loopback HTTP): a new 15-minute slot each
//                         time, clock + calendar + account + positions + orders + bars, the
//                         sma_crossover pipeline, two orders placed exactly once; with the
//                         journal in $TMPDIR (as on Lambda) and in memory
//   Invocation/InProcess  the runtime loop alone, in process, with a no-op handler
// The zip's size is printed first. Anchors (not runnable here; integrations.md 3.7,
// maxday/lambda-perf 2025-12-21 and aws-sdk-pandas #1645): Python 3.13 hello world init ~102 ms;
// Python with a pandas/numpy layer ~3,700 ms; C++ on provided.al2023 ~65 ms. The counters print
// our time as a ratio of each. The Python original (DESIGN.md): a Prophet + Stan + pandas +
// numpy layer near Lambda's 250 MB unzipped limit and about 1 s per forecast.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../../tests/live/e2e_fixture.h"
#include "lambda/subprocess.h"
#include "lambda/testing/runtime_api_emulator.h"
#include "lambda/testing/zigzag_config.h"
#include "tradelet/base/log.h"
#include "tradelet/lambda/runtime.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::lambda {
namespace {

using std::chrono::milliseconds;
using testing::LambdaSandbox;
using testing::RuntimeApiEmulator;

constexpr double kPythonHelloInitMs = 102;    // python3.13, 512 MB, x86_64
constexpr double kPythonPandasInitMs = 3700;  // + AWS SDK for pandas layer
constexpr double kCppAl2023InitMs = 65;       // C++11 hello, provided.al2023, 1024 MB x86_64

constexpr char kRuleEvent[] =
    R"({"version":"0","id":"53dc4d37","detail-type":"Scheduled Event","source":"aws.events",)"
    R"("time":"2024-03-11T13:30:00Z","region":"us-east-1","resources":[],"detail":{}})";

// Packages the tradelet binary with `config` and unzips it; returns the task root.
std::string Package(const std::string& name, const std::string& config) {
  const std::string dir = ::tradelet::testing::TempDir("lambda-bench");
  std::ofstream(dir + "/" + name + ".toml") << config;
  auto p = internal::RunCommand({TRADELET_BINARY, "package", "lambda", "--config",
                                 dir + "/" + name + ".toml", "-o", dir + "/f.zip", "--task-root",
                                 dir + "/task", "--max-mb", "50"});
  if (!p.ok() || p->exit_code != 0) std::abort();
  auto u = internal::RunCommand({"unzip", "-q", dir + "/f.zip", "-d", dir + "/task"});
  if (!u.ok() || u->exit_code != 0) std::abort();
  const std::string last_line = p->out.substr(p->out.rfind('\n', p->out.size() - 2) + 1);
  std::fprintf(stderr, "package (%s): %s", name.c_str(), last_line.c_str());
  return dir + "/task";
}

const std::string& ProbeTask() {
  static const std::string root = [] {
    std::string r = Package("trend", tradelet::lambda::testing::kZigzagLiveConfig);
    // The same binary unpatched, started by the host's loader: the cost of the bundled one.
    std::filesystem::copy_file(TRADELET_BINARY, r + "/tradelet-host-loader");
    return r;
  }();
  return root;
}

const std::string& LiveTask() {
  static const std::string root = Package("zz", tradelet::lambda::testing::kZigzagLiveConfig);
  return root;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void AddAnchors(benchmark::State& state, const std::vector<double>& ms) {
  const double median = Median(ms);
  state.counters["median_ms"] = median;
  state.counters["min_ms"] = *std::min_element(ms.begin(), ms.end());
  state.counters["max_ms"] = *std::max_element(ms.begin(), ms.end());
  state.counters["x_python_hello_102ms"] = median / kPythonHelloInitMs;
  state.counters["x_python_pandas_3700ms"] = median / kPythonPandasInitMs;
  state.counters["x_cpp_al2023_65ms"] = median / kCppAl2023InitMs;
}

void ColdInit(benchmark::State& state, const std::string& exe) {
  std::vector<double> ms;
  for (auto _ : state) {
    RuntimeApiEmulator api;
    if (!api.Start().ok()) std::abort();
    LambdaSandbox box(
        &api,
        {ProbeTask() + "/" + exe, ProbeTask(), "/dev/null", {{"TRADELET_LAMBDA_RUNNER", "probe"}}});
    const auto start = std::chrono::steady_clock::now();
    if (!box.StartProcess().ok()) std::abort();
    auto first = api.WaitNextRequests(1, milliseconds(10000));
    if (!first) {
      state.SkipWithError("bootstrap never called /next");
      return;
    }
    const double secs = std::chrono::duration<double>(*first - start).count();
    state.SetIterationTime(secs);
    ms.push_back(secs * 1000);
    box.KillProcess();
  }
  AddAnchors(state, ms);
}

void BM_ColdInit_PackagedBootstrap(benchmark::State& state) { ColdInit(state, "bootstrap"); }
BENCHMARK(BM_ColdInit_PackagedBootstrap)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);

void BM_ColdInit_HostLoader(benchmark::State& state) { ColdInit(state, "tradelet-host-loader"); }
BENCHMARK(BM_ColdInit_HostLoader)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

// The packaged bootstrap handling a scheduled event with the probe runner: HTTP both ways,
// event parse, slot mapping, response JSON, two log lines.
void BM_Invocation_Probe(benchmark::State& state) {
  RuntimeApiEmulator api;
  if (!api.Start().ok()) std::abort();
  LambdaSandbox box(&api, {ProbeTask() + "/bootstrap",
                           ProbeTask(),
                           "/dev/null",
                           {{"TRADELET_LAMBDA_RUNNER", "probe"}}});
  if (!box.StartProcess().ok()) std::abort();
  std::vector<double> ms;
  for (auto _ : state) {
    auto r = box.Invoke(kRuleEvent, milliseconds(10000));
    if (!r.outcome) {
      state.SkipWithError("no response");
      return;
    }
    state.SetIterationTime(r.elapsed_ms / 1000);
    ms.push_back(r.elapsed_ms);
  }
  state.counters["median_ms"] = Median(ms);
}
BENCHMARK(BM_Invocation_Probe)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(500);

// The packaged bootstrap running the real live job for successive 15-minute slots of the
// replayed sessions 2024-01-03..05 (the exchange's clock moved to each slot first, untimed).
void BM_Invocation_LiveJob(benchmark::State& state) {
  const std::vector<std::string> symbols = {"AAA", "BBB"};
  const Timestamp open0 = live::e2e::T("2024-01-03T14:30:00Z");
  std::vector<Timestamp> slots;
  for (int day = 0; day < 3; ++day) {
    // Bars 1..24 of each session: the target flips at every one of them, also across the night
    // (bar 24 is flat, the next session's bar 1 long), so every slot places two orders.
    for (int k = 1; k <= 24; ++k) {
      // The slot at which bar k (0-based) of the session has closed.
      slots.push_back(open0 + std::chrono::hours(24 * day) + std::chrono::minutes(15 * (k + 1)));
    }
  }
  live::PaperExchange exchange(live::e2e::ZigzagBars(symbols), {{}, slots.front()});
  live::PaperServer server(exchange);
  if (!server.Start().ok()) std::abort();
  const std::string tmp = ::tradelet::testing::TempDir("lambda-bench-tmp");
  RuntimeApiEmulator api;
  if (!api.Start().ok()) std::abort();
  LambdaSandbox::Options options{LiveTask() + "/bootstrap",
                                 LiveTask(),
                                 "/dev/null",
                                 {{"APCA_API_BASE_URL", server.base_url()},
                                  {"APCA_API_DATA_URL", server.base_url()},
                                  {"APCA_API_KEY_ID", "PKBENCH"},
                                  {"APCA_API_SECRET_KEY", "bench-secret"},
                                  {"TMPDIR", tmp}}};
  // Arg 0: the default journal, SQLite in $TMPDIR (WAL, synchronous=FULL: an fsync per
  // commit). Arg 1: ":memory:", to show what the fsyncs cost.
  if (state.range(0) == 1) options.env.push_back({"TRADELET_JOURNAL", ":memory:"});
  LambdaSandbox box(&api, options);
  if (!box.StartProcess().ok()) std::abort();
  std::vector<double> ms;
  size_t i = 0;
  for (auto _ : state) {
    const Timestamp slot = slots[i++ % slots.size()];
    if (i > slots.size()) {
      state.SkipWithError("more iterations than replayed slots");
      return;
    }
    if (!exchange.AdvanceTo(slot).ok()) std::abort();
    const std::string event =
        std::string(R"({"source":"scheduler","scheduled_time":")") + FormatTimestamp(slot) + "\"}";
    auto r = box.Invoke(event, milliseconds(10000));
    if (!r.outcome || r.outcome->kind != testing::EmulatedOutcome::Kind::kResponse ||
        r.outcome->body.find("\"placed\"") == std::string::npos) {
      state.SkipWithError(
          ("no order placed: " + (r.outcome ? r.outcome->body : "timeout")).c_str());
      return;
    }
    state.SetIterationTime(r.elapsed_ms / 1000);
    ms.push_back(r.elapsed_ms);
  }
  state.counters["median_ms"] = Median(ms);
  state.counters["orders"] = static_cast<double>(exchange.AllOrders().size());
}
BENCHMARK(BM_Invocation_LiveJob)
    ->ArgName("memory_journal")
    ->Arg(0)
    ->Arg(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(60);

// The runtime loop alone, in process, with a handler that does nothing.
class NoopHandler : public Handler {
 public:
  Result<std::string> Handle(const Invocation&) override { return std::string("{}"); }
};

void BM_Invocation_InProcessLoop(benchmark::State& state) {
  Logger::SetLevel(LogLevel::kWarn);
  RuntimeApiEmulator api;
  if (!api.Start().ok()) std::abort();
  RuntimeClient client(api.address());
  NoopHandler handler;
  const int n = static_cast<int>(state.max_iterations);
  std::thread loop([&] { (void)RunRuntimeLoop(client, handler, {.max_invocations = n}); });
  int i = 0;
  for (auto _ : state) {
    testing::EmulatedEvent ev;
    ev.request_id = "b-" + std::to_string(i++);
    ev.payload = kRuleEvent;
    ev.deadline_ms = testing::UnixMillisNow() + 60000;
    const std::string id = ev.request_id;
    api.Enqueue(std::move(ev));
    if (!api.WaitOutcome(id, milliseconds(10000))) std::abort();
  }
  loop.join();
  Logger::SetLevel(LogLevel::kInfo);
}
BENCHMARK(BM_Invocation_InProcessLoop)->Unit(benchmark::kMicrosecond)->Iterations(2000);

}  // namespace
}  // namespace tradelet::lambda

BENCHMARK_MAIN();
