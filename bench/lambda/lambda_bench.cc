// Lambda runtime costs, measured against the Runtime API emulator on loopback:
//   ColdInit/*            process start -> first GET /next (what Lambda reports as Init
//                         Duration, minus the sandbox's own start-up)
//   Invocation/*          one event in -> response out, per invocation
// Anchors (not runnable here; integrations.md 3.7, maxday/lambda-perf 2025-12-21 and
// aws-sdk-pandas #1645): Python 3.13 hello world init ~102 ms; Python with a pandas/numpy layer
// ~3,700 ms; C++ on provided.al2023 ~65 ms. The counters print our time as a ratio of each.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "lambda/subprocess.h"
#include "lambda/testing/runtime_api_emulator.h"
#include "tradelet/base/log.h"
#include "tradelet/lambda/runtime.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::lambda {
namespace {

using std::chrono::milliseconds;
using testing::LambdaSandbox;
using testing::RuntimeApiEmulator;

constexpr double kPythonHelloInitMs = 102;     // python3.13, 512 MB, x86_64
constexpr double kPythonPandasInitMs = 3700;   // + AWS SDK for pandas layer
constexpr double kCppAl2023InitMs = 65;        // C++11 hello, provided.al2023, 1024 MB x86_64

constexpr char kRuleEvent[] =
    R"({"version":"0","id":"53dc4d37","detail-type":"Scheduled Event","source":"aws.events",)"
    R"("time":"2024-03-11T13:30:00Z","region":"us-east-1","resources":[],"detail":{}})";

// Packages the tradelet binary once and unzips it; returns the task root.
const std::string& TaskRoot() {
  static const std::string root = [] {
    const std::string dir = ::tradelet::testing::TempDir("lambda-bench");
    std::ofstream(dir + "/trend.toml") << "name = \"trend\"\n";
    auto p = internal::RunCommand({TRADELET_BINARY, "package", "lambda", "--config",
                                   dir + "/trend.toml", "-o", dir + "/f.zip", "--task-root",
                                   dir + "/task", "--max-mb", "50"});
    if (!p.ok() || p->exit_code != 0) std::abort();
    auto u = internal::RunCommand({"unzip", "-q", dir + "/f.zip", "-d", dir + "/task"});
    if (!u.ok() || u->exit_code != 0) std::abort();
    // The same binary unpatched, started by the host's loader: the cost of the bundled one.
    std::filesystem::copy_file(TRADELET_BINARY, dir + "/task/tradelet-host-loader");
    return dir + "/task";
  }();
  return root;
}

void AddAnchors(benchmark::State& state, double ms) {
  state.counters["ms"] = ms;
  state.counters["x_python_hello_102ms"] = ms / kPythonHelloInitMs;
  state.counters["x_python_pandas_3700ms"] = ms / kPythonPandasInitMs;
  state.counters["x_cpp_al2023_65ms"] = ms / kCppAl2023InitMs;
}

void ColdInit(benchmark::State& state, const std::string& exe) {
  double total_ms = 0;
  for (auto _ : state) {
    RuntimeApiEmulator api;
    if (!api.Start().ok()) std::abort();
    LambdaSandbox box(&api, {TaskRoot() + "/" + exe, TaskRoot(), "/dev/null",
                             {{"TRADELET_LAMBDA_RUNNER", "probe"}}});
    const auto start = std::chrono::steady_clock::now();
    if (!box.StartProcess().ok()) std::abort();
    auto first = api.WaitNextRequests(1, milliseconds(10000));
    if (!first) {
      state.SkipWithError("bootstrap never called /next");
      return;
    }
    const double secs = std::chrono::duration<double>(*first - start).count();
    state.SetIterationTime(secs);
    total_ms += secs * 1000;
    box.KillProcess();
  }
  AddAnchors(state, total_ms / static_cast<double>(state.iterations()));
}

void BM_ColdInit_PackagedBootstrap(benchmark::State& state) { ColdInit(state, "bootstrap"); }
BENCHMARK(BM_ColdInit_PackagedBootstrap)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(30);

void BM_ColdInit_HostLoader(benchmark::State& state) { ColdInit(state, "tradelet-host-loader"); }
BENCHMARK(BM_ColdInit_HostLoader)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(30);

// The packaged bootstrap handling a scheduled event with the probe runner: HTTP both ways,
// event parse, slot mapping, response JSON, two log lines.
void BM_Invocation_PackagedBootstrap(benchmark::State& state) {
  RuntimeApiEmulator api;
  if (!api.Start().ok()) std::abort();
  LambdaSandbox box(&api, {TaskRoot() + "/bootstrap", TaskRoot(), "/dev/null",
                           {{"TRADELET_LAMBDA_RUNNER", "probe"}}});
  if (!box.StartProcess().ok()) std::abort();
  for (auto _ : state) {
    auto r = box.Invoke(kRuleEvent, milliseconds(10000));
    if (!r.outcome) {
      state.SkipWithError("no response");
      return;
    }
  }
}
BENCHMARK(BM_Invocation_PackagedBootstrap)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

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
