// Test helpers shared by data_loader_test.cc and data_loader_real_test.cc: run one SMA backtest
// on a CSV folder and on its bundle and compare the report files.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/report.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::loader_test {

namespace fs = std::filesystem;

inline std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline constexpr char kSma[] = R"(
[strategy]
name = "sma_crossover"
fast = 10
slow = 30
sizing = "percent_equity"
fraction = 0.05
whole_shares = true
[backtest]
initial_cash = 1000000
[costs]
commission_per_share = 0.005
slippage_percent = 0.0005
)";

// Runs kSma (+ extra) on `data` and returns the report files that carry results.
inline std::map<std::string, std::string> RunSma(const std::string& data,
                                              const std::string& extra = "") {
  auto cfg = ParseBacktestConfig(toml::parse(std::string(kSma) + extra), ".");
  EXPECT_TRUE(cfg.ok()) << cfg.status().ToString();
  if (!cfg.ok()) return {};
  auto loaded = LoadBacktestData(*cfg, data);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  if (!loaded.ok()) return {};
  auto r = RunBacktest(*cfg, loaded->all);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  r->skipped = loaded->skipped;
  r->run_seconds = 0;  // wall time, the one field that differs between any two runs
  const std::string out = testing::TempDir("loader-out");
  EXPECT_TRUE(WriteBacktestOutputs(*r, out).ok());
  std::map<std::string, std::string> files;
  for (const char* f : {"summary.json", "equity.csv", "trades.csv", "orders.csv", "skips.csv"}) {
    files[f] = ReadAll(fs::path(out) / f);
  }
  return files;
}

inline void ExpectSameReports(const std::string& csv_dir, const std::string& bundle,
                              const std::string& extra = "") {
  const auto a = RunSma(csv_dir, extra), b = RunSma(bundle, extra);
  ASSERT_EQ(a.size(), 5u);
  for (const auto& [name, text] : a) {
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_TRUE(text == b.at(name)) << name << " differs between " << csv_dir << " and " << bundle;
  }
}

}  // namespace tradelet::loader_test
