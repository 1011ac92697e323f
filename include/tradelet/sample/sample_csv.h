// CSV output for the sample market: one file per symbol and the universe list.
//
//   <dir>/universe.csv        Symbol,Security,GICS Sector          (stocks only)
//   <dir>/daily/<SYM>.csv     time,open,high,low,close,volume,adj_close,dividend,split
//   <dir>/1m/<SYM>.csv        time,open,high,low,close,volume      (when minute bars exist)
//
// `time` is the bar's start as ISO 8601 UTC ("2025-12-24T14:30:00Z"); prices are printed with
// 2 decimals (the generator's prices are whole cents), adj_close with 6 significant decimals,
// volume as an integer. The benchmark ETF is written like any other symbol but is not in
// universe.csv (it is not a constituent).
#pragma once

#include <string>

#include "tradelet/base/status.h"
#include "tradelet/model/bar_series.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet::sample {

// Writes everything above under `dir` (created if missing). Errors name the file.
Status WriteSampleMarketCsv(const SampleMarket& market, const std::string& dir);

// One series to one file. Daily-only columns are written when `with_adjustments` is true
// (they must then be present in the series).
Status WriteBarSeriesCsv(const BarSeries& series, const std::string& path, bool with_adjustments);

// The universe list (stocks only), quoted where a field needs it.
Status WriteUniverseCsv(const SampleMarket& market, const std::string& path);

// The CSV text of one series (what WriteBarSeriesCsv writes).
std::string BarSeriesCsv(const BarSeries& series, bool with_adjustments);

}  // namespace tradelet::sample
