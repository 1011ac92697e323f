#include "end_to_end.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "sma_config.h"

extern char** environ;

namespace tradelet::bench {
namespace {

// Wall seconds of one run of argv (stdout to /dev/null, stderr to `err`), or -1 when it fails;
// *cpu (when given) gets the child's CPU seconds, user + system, all threads. `env` entries
// ("NAME=value") are added to this process's environment.
double TimeProcess(const std::vector<std::string>& args, double* cpu = nullptr,
                   const std::vector<std::string>& env = {}, const std::string& err = "/dev/null") {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  envp.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return -1;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (cpu) {
    *cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
  }
  return wall;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// summary.json without its wall-time line.
std::string Summary(const std::string& dir) {
  std::string s = Slurp(dir + "/summary.json"), out;
  size_t at = 0;
  while (at < s.size()) {
    size_t nl = s.find('\n', at);
    if (nl == std::string::npos) nl = s.size();
    const std::string line = s.substr(at, nl - at);
    if (line.find("\"run_seconds\"") == std::string::npos) out += line + "\n";
    at = nl + 1;
  }
  return out;
}

// The number after "key": in a JSON log line, or -1.
double LogField(const std::string& text, const std::string& key) {
  const size_t at = text.find("\"" + key + "\":");
  return at == std::string::npos ? -1 : std::atof(text.c_str() + at + key.size() + 3);
}

// One more run from the bundle with the command's own phase timings (its debug log line):
// what the process spends outside them is exec, dynamic linking, static initialisers, and
// exit (freeing, unmapping).
void PrintPhases(const EndToEndOptions& o, const std::string& config, const std::string& bundle) {
  const std::string log = o.work + "/phases.log";
  double cpu = 0;
  const double wall = TimeProcess({o.tradelet, "backtest", "--config", config, "--data", bundle,
                                   "--out", o.work + "/out_phases"},
                                  &cpu, {"TRADELET_LOG_LEVEL=debug"}, log);
  const std::string text = Slurp(log);
  const double cfg = LogField(text, "config_ms"), load = LogField(text, "load_ms"),
               run = LogField(text, "run_ms"), write = LogField(text, "write_ms");
  if (wall < 0 || cfg < 0 || load < 0 || run < 0 || write < 0) {
    std::printf("  phases of a bundle run: not available (no \"backtest phases\" log line)\n");
    return;
  }
  const double total = wall * 1e3;
  std::printf(
      "  phases of one bundle run (wall ms): args+config %.1f, load (map, verify) %.1f, run %.1f, "
      "write reports %.1f; outside them (exec, linking, exit) %.1f; total %.1f (CPU %.1f)\n",
      cfg, load, run, write, total - cfg - load - run - write, total, cpu * 1e3);
}

}  // namespace

bool RunEndToEnd(const EndToEndOptions& o) {
  namespace fs = std::filesystem;
  fs::create_directories(o.work);
  const std::string config = o.work + "/sma.toml", bundle = o.work + "/data.tlb";
  std::ofstream(config) << kSmaConfig;
  std::vector<double> csv_cpu, tlb_cpu;
  auto backtest = [&](const std::string& data, const std::string& out, std::vector<double>* cpu) {
    double c = 0;
    const double wall =
        TimeProcess({o.tradelet, "backtest", "--config", config, "--data", data, "--out", out}, &c);
    cpu->push_back(c);
    return wall;
  };
  // Wall time is the end-to-end figure; CPU time (all threads) is printed too because on a
  // shared machine the wall time also counts other jobs' turns.
  auto line = [&](const char* what, double s, double cpu) {
    const double rate = o.bars / s;
    std::printf(
        "  %-27s wall median %.3f s = %5.2f M bars/s = %5.0fx backtrader; CPU %.3f s"
        " (%.0fx)\n",
        what, s, rate / 1e6, rate / o.backtrader_rate, cpu, o.bars / cpu / o.backtrader_rate);
  };
  std::printf(
      "end to end (process start to report written; `tradelet backtest`, median of %d; "
      "backtrader %.0f bars/s: %s)\n",
      o.repeat, o.backtrader_rate, o.backtrader_source);
  std::vector<double> csv, tlb;
  for (int r = 0; r < o.repeat; ++r) {
    csv.push_back(backtest(o.data, o.work + "/out_csv", &csv_cpu));
  }
  const double make =
      TimeProcess({o.tradelet, "data", "bundle", "--data", o.data, "--out", bundle});
  for (int r = 0; r < o.repeat && make > 0; ++r) {
    tlb.push_back(backtest(bundle, o.work + "/out_tlb", &tlb_cpu));
  }
  if (std::count(csv.begin(), csv.end(), -1.0) || make < 0 ||
      std::count(tlb.begin(), tlb.end(), -1.0)) {
    std::fprintf(stderr, "backtest_bench: a tradelet run failed (%s)\n", o.tradelet.c_str());
    return false;
  }
  line("from the gzipped CSV:", Median(csv), Median(csv_cpu));
  std::printf("  %-27s wall %.3f s (once; %.1f MB)\n", "tradelet data bundle:", make,
              fs::file_size(bundle) / 1e6);
  line("from the bundle:", Median(tlb), Median(tlb_cpu));
  PrintPhases(o, config, bundle);
  const bool same = Summary(o.work + "/out_csv") == Summary(o.work + "/out_tlb") &&
                    Slurp(o.work + "/out_csv/trades.csv") == Slurp(o.work + "/out_tlb/trades.csv");
  std::printf("  summary.json (run_seconds aside) and trades.csv identical: %s\n",
              same ? "yes" : "NO");
  std::printf("  targets: >= 100x from CSV %s, >= 1,000x from the bundle %s\n",
              o.bars / Median(csv) / o.backtrader_rate >= 100 ? "met" : "NOT met",
              o.bars / Median(tlb) / o.backtrader_rate >= 1000 ? "met" : "NOT met");
  return same;
}

}  // namespace tradelet::bench
