// Per-series bar timing on the real shared folder: UGA_1min.csv holds bars spaced like 5-minute
// bars (the loader reads it as 5-minute), the other 23 files 1-minute bars. The intraday
// Prophet trend example must decide for the 1-minute symbols exactly as on the folder without
// UGA, and every decision must land on its 15-minute slot.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tradelet/backtest/data_loader.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet {
namespace {

namespace fs = std::filesystem;
constexpr char kFolder[] = "data/intraday/alphavantage_2019-02-11_15";

struct Row {
  std::string time, symbol, rest;
  bool operator==(const Row&) const = default;
};

// decisions.csv of the example run over `dir` (every symbol the folder holds).
Result<std::vector<Row>> Decisions(const std::string& dir) {
  TL_ASSIGN_OR_RETURN(toml::table root, ReadTomlFile(std::string(TRADELET_SOURCE_DIR) +
                                                     "/examples/prophet_trend_intraday.toml"));
  TL_ASSIGN_OR_RETURN(BacktestConfig cfg, ParseBacktestConfig(root, "."));
  cfg.data_dir = dir;
  cfg.symbols.clear();
  TL_ASSIGN_OR_RETURN(BacktestData data, LoadBacktestData(cfg));
  TL_ASSIGN_OR_RETURN(BacktestResult res, RunBacktest(cfg, data.all));
  std::vector<Row> rows;
  for (const auto& [name, text] : res.artifacts.files) {
    if (name != "decisions.csv") continue;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      Row r;
      const size_t a = line.find(','), b = line.find(',', a + 1);
      r.time = line.substr(0, a);
      r.symbol = line.substr(a + 1, b - a - 1);
      r.rest = line.substr(b + 1);
      rows.push_back(r);
    }
  }
  if (rows.empty()) return Internal("no decisions.csv rows");
  return rows;
}

// "2019-02-11T09:45:00-05:00": minute % 15 and seconds.
bool OnSlot(const std::string& local) {
  const int minute = std::stoi(local.substr(14, 2));
  return local.substr(17, 2) == "00" && minute % 15 == 0;
}

TEST(MixedIntervals, RealFolderDecidesOnSlotAndAsWithoutTheFiveMinuteFile) {
  TL_REQUIRE_SHARED(dir, kFolder);
  const std::string minute_only = testing::TempDir("mixed-interval");
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".csv") continue;
    ++files;
    if (e.path().filename() == "UGA_1min.csv") continue;
    fs::copy_file(e.path(), fs::path(minute_only) / e.path().filename());
  }
  ASSERT_EQ(files, 24) << dir;
  auto all = Decisions(dir);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  auto without = Decisions(minute_only);
  ASSERT_TRUE(without.ok()) << without.status().ToString();

  int off_slot = 0;
  std::vector<Row> minute_rows;
  for (const Row& r : *all) {
    off_slot += !OnSlot(r.time);
    if (r.symbol != "UGA") minute_rows.push_back(r);
  }
  EXPECT_EQ(off_slot, 0) << "of " << all->size() << " decisions";
  ASSERT_EQ(minute_rows.size(), without->size());
  for (size_t i = 0; i < minute_rows.size(); ++i) {
    ASSERT_EQ(minute_rows[i], (*without)[i]) << "row " << i;
  }
  std::printf("[ mixed ] %zu decisions on 24 files (%zu for UGA), %d off-slot; %zu on 23 files\n",
              all->size(), all->size() - minute_rows.size(), off_slot, without->size());
}

}  // namespace
}  // namespace tradelet
