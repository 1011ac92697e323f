// Issue 17 item 7: the exit codes of README's table ("0 ok, 1 failure, 2 usage, 3 bad input,
// 4 unavailable, 5 not built") over every command with bad input. Each row runs the real binary
// and checks the documented code, that the message names the file or flag at fault, that what it
// echoes is capped (a 20 MB field is not repeated) and escaped (no raw control or non-UTF-8
// bytes), and that nothing ends by a signal or hangs.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "run_cli.h"
#include "tradelet/testing/shared_data.h"

namespace {

using tradelet::cli_test::Outcome;

// RunCli under timeout(1): a hang ends as exit 137 instead of stalling the suite.
Outcome RunWithTimeout(const std::string& args) {
  const std::string cmd =
      "timeout -s KILL 60 " + std::string(TRADELET_BIN) + " " + args + " 2>&1 </dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

struct Row {
  std::string args;   // after the binary; {d} is the fixture folder
  int exit_code;      // README's code for this kind of failure
  std::string names;  // the file, flag or key the message must name
};

std::string Expand(std::string s, const std::string& dir) {
  for (size_t p; (p = s.find("{d}")) != std::string::npos;) s.replace(p, 3, dir);
  return s;
}

// No byte a terminal or a JSON parser would choke on: controls other than \n and \t, and
// bytes that cannot be UTF-8 at all.
bool Clean(const std::string& out) {
  for (unsigned char c : out) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c == 0xfe || c == 0xff) return false;
  }
  return true;
}

void WriteFixtures(const std::string& d) {
  namespace fs = std::filesystem;
  fs::create_directories(d + "/adir");
  std::ofstream(d + "/tiny.csv") << "ds,y\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n";
  std::ofstream(d + "/bad.toml") << "[strategy\nname=";
  std::ofstream(d + "/bin.dat", std::ios::binary)
      << std::string("\x00\x01\x02\xff\xfe binary\n", 13);
  std::ofstream(d + "/empty.csv");
  std::ofstream(d + "/ok.toml") << "[strategy]\nname = \"sma_crossover\"\n";
  std::ofstream(d + "/grid.toml") << "[grid]\nfast = [2, 3]\n";
  std::ofstream(d + "/badfleet.toml") << "[fleet]\nbogus_key = 1\n";
  // A typo'd key, a [data] dir and a benchmark file that do not exist: the config file and the
  // key (and the typo's line) are named, not just the resolved path.
  std::ofstream(d + "/typo.toml") << "[strategy]\nname = \"sma_crossover\"\n[costs]\n"
                                     "slippage_percnt = 0.1\n";
  std::ofstream(d + "/nodir.toml") << "[strategy]\nname = \"sma_crossover\"\n[data]\n"
                                      "dir = \"no_such_dir\"\n";
  fs::create_directories(d + "/bars");
  std::ofstream(d + "/bars/AAA.csv") << "time,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n"
                                        "2024-01-03,1,1,1,1,1\n";
  std::ofstream(d + "/okgrid.toml") << "[grid]\n\"strategy.fast\" = [2, 3]\n";
  std::ofstream(d + "/nobench.toml") << "[strategy]\nname = \"sma_crossover\"\n[data]\n"
                                        "dir = \"bars\"\n[backtest]\nbenchmark = \"SPY\"\n"
                                        "benchmark_file = \"no_spy.csv\"\n";
  std::ofstream(d + "/live_bad.toml") << "[live]\nstrategy_id = 'x'\nsymbols = []\n"
                                         "[strategy]\nname = 'sma_crossover'\n";
  // One 20 MB field.
  std::ofstream(d + "/huge.csv") << "ds,y\n" << std::string(20u << 20, 'A') << ",1\n";
  std::ofstream(d + "/binhead.csv", std::ios::binary)
      << std::string("time,op\xff\xfe\x01n,high\n2024-01-02,1,2\n", 33);
}

TEST(ExitCodeTable, BadInputGetsTheDocumentedCodeAndNamesTheCulprit) {
  const std::string d = tradelet::testing::TempDir("exit-table");
  WriteFixtures(d);
  const std::vector<Row> rows = {
      // usage errors: 2
      {"nosuchcommand", 2, "nosuchcommand"},
      {"forecast --input {d}/tiny.csv --periods abc --output {d}/o.csv", 2, "--periods"},
      {"backtest --config {d}/ok.toml", 2, "--out"},
      {"data fetch --source yahoo --symbols SPY", 2, "--interval"},
      {"run", 2, "--config"},
      {"serve --poll 1s", 2, "--fleet"},
      // bad input: 3
      {"forecast --input {d}/nope.csv --periods 3 --output {d}/o.csv", 3, "nope.csv"},
      {"forecast --input {d}/adir --periods 3 --output {d}/o.csv", 3, "adir"},
      {"forecast --input {d}/empty.csv --periods 3 --output {d}/o.csv", 3, "empty.csv"},
      {"forecast --input {d}/bin.dat --periods 3 --output {d}/o.csv", 3, "bin.dat"},
      {"forecast --input {d}/huge.csv --periods 3 --output {d}/o.csv", 3, "huge.csv"},
      {"forecast --input {d}/tiny.csv --periods -3 --output {d}/o.csv", 3, "--periods"},
      {"forecast --input {d}/tiny.csv --periods 3 --freq 100000000d --output {d}/o.csv", 3,
       "--freq"},
      {"forecast --input {d}/tiny.csv --periods 3 --freq 5parsecs --output {d}/o.csv", 3, "--freq"},
      {"forecast cv --input {d}/nope.csv --horizon 5d", 3, "nope.csv"},
      {"forecast cv --input {d}/tiny.csv --horizon bogus", 3, "--horizon"},
      {"backtest --config {d}/nope.toml --out {d}/o1", 3, "nope.toml"},
      {"backtest --config {d}/bad.toml --out {d}/o1", 3, "bad.toml"},
      {"backtest --config {d}/adir --out {d}/o1", 3, "adir: is a directory"},
      {"backtest --config {d}/bin.dat --out {d}/o1", 3, "bin.dat"},
      {"backtest --config {d}/ok.toml --data {d}/nope --out {d}/o1", 3, "nope"},
      {"backtest --config {d}/ok.toml --data {d}/empty.csv --out {d}/o1", 3, "empty.csv"},
      {"backtest --config {d}/typo.toml --out {d}/o1", 3,
       "typo.toml: costs.slippage_percnt: unknown option at line 4"},
      {"backtest --config {d}/nodir.toml --out {d}/o1", 3, "nodir.toml: data.dir: "},
      {"backtest --config {d}/nobench.toml --out {d}/o1", 3,
       "nobench.toml: backtest.benchmark_file: "},
      {"sweep --config {d}/bad.toml --grid {d}/grid.toml --out {d}/o2", 3, "bad.toml"},
      {"sweep --config {d}/nodir.toml --grid {d}/okgrid.toml --out {d}/o2", 3,
       "nodir.toml: data.dir: "},
      {"sweep --config {d}/ok.toml --grid {d}/nope.toml --out {d}/o2", 3, "nope.toml"},
      {"sweep --config {d}/ok.toml --grid {d}/bad.toml --out {d}/o2", 3, "bad.toml"},
      {"sweep merge --out {d}/o3 {d}/nope", 3, "nope"},
      {"data validate --data {d}/nope", 3, "nope"},
      {"data validate --data {d}/bin.dat", 3, "bin.dat"},
      {"data validate --data {d}/bin.dat --json", 3, "bin.dat"},
      {"data validate --data {d}/binhead.csv --json", 3, "binhead.csv"},
      {"data validate --data {d}/empty.csv", 3, "empty.csv"},
      {"data import --input {d}/nope --out {d}/o4", 3, "nope"},
      {"data import --input {d}/bin.dat --out {d}/o4", 3, "bin.dat"},
      {"data import --input {d}/huge.csv --out {d}/o4", 3, "huge.csv"},
      {"data fetch --source nope --symbols SPY --interval 1d --start 2024-01-01 "
       "--end 2024-01-05",
       3, "--source"},
      {"data fetch --source yahoo --symbols SPY --interval 7x --start 2024-01-01 "
       "--end 2024-01-05",
       3, "7x"},
      {"data fetch --source yahoo --symbols SPY --interval 1d --start xx --end 2024-01-05", 3,
       "--start"},
      {"calendar sessions --from 2024-13-01 --to 2024-01-01", 3, "--from"},
      {"calendar sessions --from 2024-02-01 --to 2024-01-01", 3, "--to"},
      {"calendar holidays --from xx --to 2024-01-01", 3, "--from"},
      {"calendar holidays --from 2024-02-01 --to 2024-01-01", 3, "--to"},
      {"cron next 'cron(99 * * * ? *)'", 3, "minutes"},
      {"cron next 'rate(5 minutes)' --tz Mars/Base", 3, "Mars/Base"},
      {"serve --fleet {d}/nope.toml", 3, "nope.toml"},
      {"serve --fleet {d}/bad.toml", 3, "bad.toml"},
      {"serve --fleet {d}/badfleet.toml", 3, "bogus_key"},
      {"serve --fleet {d}/adir", 3, "adir: is a directory"},
      {"serve status --fleet {d}/bin.dat", 3, "bin.dat"},
      {"run --config {d}/nope.toml", 3, "nope.toml"},
      {"run --config {d}/bad.toml", 3, "bad.toml"},
      {"run --config {d}/bin.dat", 3, "bin.dat"},
      {"run --config {d}/adir", 3, "adir: is a directory"},
      {"run --config {d}/live_bad.toml", 3, "symbols"},
      {"run --config {d}/live_bad.toml --rebuild-journal", 3, "symbols"},
      {"package lambda --config {d}/nope.toml -o {d}/x.zip", 3, "nope.toml"},
      {"package lambda --config {d}/bad.toml -o {d}/x.zip", 3, "bad.toml"},
      {"paper-exchange --data {d}/bin.dat", 3, "bin.dat"},
      {"paper-exchange --data {d}/nope", 3, "nope"},
      {"paper-exchange --port 99999", 3, "--port"},
      {"paper-exchange --cash -1", 3, "--cash"},
  };
  int tried = 0, clean = 0, crashes = 0, hangs = 0, silent = 0;
  for (const Row& row : rows) {
    const std::string args = Expand(row.args, d);
    const Outcome o = RunWithTimeout(args);
    ++tried;
    crashes += o.exit_code < 0 || (o.exit_code > 128 && o.exit_code != 137);
    hangs += o.exit_code == 137;
    silent += o.exit_code == 0;
    const bool ok = o.exit_code == row.exit_code && o.out.find(row.names) != std::string::npos &&
                    o.out.size() < 8192 && Clean(o.out);
    clean += ok;
    EXPECT_EQ(o.exit_code, row.exit_code) << args << "\n" << o.out.substr(0, 2000);
    EXPECT_NE(o.out.find(row.names), std::string::npos)
        << args << ": the message does not name " << row.names << "\n"
        << o.out.substr(0, 2000);
    EXPECT_LT(o.out.size(), 8192u) << args << ": echoed input is not capped";
    EXPECT_TRUE(Clean(o.out)) << args << ": raw control or non-UTF-8 bytes in the output";
  }
  std::printf(
      "exit-code table: %d inputs tried, %d clean errors, %d crashes, %d hangs, "
      "%d silent acceptances\n",
      tried, clean, crashes, hangs, silent);
  EXPECT_EQ(clean, tried);
}

}  // namespace
