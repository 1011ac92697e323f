// `backtest --data FILE.tlb` verifies the bundle (issue 20.4): before the run when the run uses
// both cores (SMA: its alpha is prepared ahead), while it runs otherwise (RSI reads positions
// in its alpha: one thread, the verifier on the other core). Either way a bundle with one
// flipped payload byte ends in the DataLoss error naming the series, exit 3 and no report
// written, wherever the byte is; a clean one gives the CSV run's summary.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "run_cli.h"

namespace {

namespace fs = std::filesystem;
using tradelet::cli_test::RunCli;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Y-M-D of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
std::string Date(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(yoe + era * 400 + (m <= 2)),
                static_cast<int>(m), static_cast<int>(d));
  return buf;
}

// Two symbols of 400 daily bars (several of the bundle's 128-bar blocks each), with moving
// averages that cross every few weeks so the strategy trades.
std::string MakeData(const std::string& dir) {
  fs::create_directories(dir);
  for (const char* sym : {"AAA", "BBB"}) {
    std::ofstream f(dir + "/" + sym + ".csv");
    f << "time,open,high,low,close,volume\n";
    for (int i = 0; i < 400; ++i) {
      const double c = 100 + 10 * ((i / 20) % 2 ? 1 : -1) + (sym[0] == 'B' ? 5 : 0) + i % 7;
      f << Date(18263 + i) << "," << c << "," << c + 2 << "," << c - 2 << "," << c + 1
        << ",1000\n";  // from 2020-01-01
    }
  }
  return dir;
}

std::string WriteConfig(const std::string& dir) {
  const std::string path = dir + "/sma.toml";
  std::ofstream(path) << "[strategy]\nname = \"sma_crossover\"\nfast = 3\nslow = 8\n"
                         "sizing = \"fixed_qty\"\nqty = 10\n[backtest]\ninitial_cash = 100000\n";
  return path;
}

std::string WriteRsiConfig(const std::string& dir) {
  const std::string path = dir + "/rsi.toml";
  std::ofstream(path) << "[strategy]\nname = \"rsi_reversion\"\nperiod = 5\n"
                         "[backtest]\ninitial_cash = 100000\n";
  return path;
}

uint64_t U64At(const std::string& bytes, size_t at) {
  uint64_t v = 0;
  std::memcpy(&v, bytes.data() + at, 8);
  return v;
}

TEST(BundleCli, CorruptPayloadByteIsDataLossWithNoReport) {
  const std::string root = (fs::temp_directory_path() / "tradelet-bundle-cli").string();
  fs::remove_all(root);
  const std::string data = MakeData(root + "/csv");
  const std::string config = WriteConfig(root);
  const std::string rsi = WriteRsiConfig(root);
  const std::string tlb = root + "/d.tlb";
  std::ofstream(root + "/grid.toml") << "[grid]\n\"strategy.fast\" = [2, 3]\n";
  auto made = RunCli("data bundle --data " + data + " --out " + tlb);
  ASSERT_EQ(made.exit_code, 0) << made.out;

  // The clean bundle: the CSV folder's summary, byte for byte.
  auto csv = RunCli("backtest --config " + config + " --data " + data + " --out " + root +
                    "/out_csv --no-progress");
  auto tlb_run = RunCli("backtest --config " + config + " --data " + tlb + " --out " + root +
                        "/out_tlb --no-progress");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  ASSERT_EQ(tlb_run.exit_code, 0) << tlb_run.out;
  auto no_seconds = [](std::string s) {
    std::string out;
    for (size_t at = 0; at < s.size();) {
      size_t nl = s.find('\n', at);
      if (nl == std::string::npos) nl = s.size();
      const std::string line = s.substr(at, nl - at);
      if (line.find("run_seconds") == std::string::npos) out += line + "\n";
      at = nl + 1;
    }
    return out;
  };
  EXPECT_EQ(no_seconds(Slurp(root + "/out_csv/summary.json")),
            no_seconds(Slurp(root + "/out_tlb/summary.json")));
  EXPECT_NE(Slurp(root + "/out_tlb/summary.json").find("\"trades\""), std::string::npos);

  const std::string good = Slurp(tlb);
  const uint64_t payload = U64At(good, 32);
  // AAA comes first in the payload: time_ns, open, high, low, close, volume, 400 values each.
  // One byte in: AAA's time column (checked before the run), its open at bar 300 (a late block
  // of prices, checked while the run goes), BBB's close at bar 0 (the very first block).
  const size_t col = 400 * 8;
  const size_t bbb = (6 * col + 63) / 64 * 64;
  struct Case {
    const char* what;
    size_t at;
    const char* symbol;
  };
  for (const Case& c : {Case{"time", payload + 8 * 17 + 2, "AAA"},
                        Case{"late open", payload + col + 8 * 300 + 6, "AAA"},
                        Case{"first close", payload + bbb + 4 * col + 1, "BBB"}}) {
    std::string bad = good;
    bad[c.at] = static_cast<char>(bad[c.at] ^ 0x40);
    const std::string bad_path = root + "/bad.tlb";
    std::ofstream(bad_path, std::ios::binary) << bad;
    const std::string out = root + "/out_bad";
    for (const std::string& cfg : {config, rsi}) {
      fs::remove_all(out);
      auto r = RunCli("backtest --config " + cfg + " --data " + bad_path + " --out " + out +
                      " --no-progress");
      const std::string what = std::string(c.what) + " (" + cfg + ")";
      EXPECT_EQ(r.exit_code, 3) << what << ": " << r.out;
      EXPECT_NE(r.out.find("DATA_LOSS"), std::string::npos) << what << ": " << r.out;
      EXPECT_NE(r.out.find(std::string("series ") + c.symbol), std::string::npos)
          << what << ": " << r.out;
      EXPECT_NE(r.out.find("checksum"), std::string::npos) << what << ": " << r.out;
      for (const char* f :
           {"summary.json", "equity.csv", "trades.csv", "orders.csv", "report.html"}) {
        EXPECT_FALSE(fs::exists(out + "/" + f)) << what << ": " << f << " was written";
      }
    }
    // sweep verifies the whole bundle before it starts.
    auto sweep = RunCli("sweep --config " + config + " --grid " + root + "/grid.toml --data " +
                        bad_path + " --out " + root + "/sweep_bad --no-progress");
    EXPECT_EQ(sweep.exit_code, 3) << c.what << ": " << sweep.out;
  }
  fs::remove_all(root);
}

}  // namespace
