// Backtest outputs: summary.json, equity.csv, trades.csv, orders.csv and a self-contained
// report.html (inline SVG drawn by inline JavaScript; no network, opens offline).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tradelet/backtest/runner.h"

namespace tradelet {

// The summary statistics as JSON (the content of summary.json).
nlohmann::json SummaryJson(const BacktestResult& r);
// Creates `dir` if needed and writes the five files. Errors name the file.
Status WriteBacktestOutputs(const BacktestResult& r, const std::string& dir);
// The report page alone.
std::string RenderReportHtml(const BacktestResult& r);

}  // namespace tradelet
