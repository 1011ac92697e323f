// Parser for Yahoo Finance v8 chart responses (GET /v8/finance/chart/{symbol}); facts in
// shared/docs/integrations.md section 1.
//
// What it accepts: `timestamp` aligned by index with indicators.quote[0].{open,high,low,close,
// volume} and, when present, indicators.adjclose[0].adjclose; any element may be null; the empty
// window (no `timestamp` key, `quote: [{}]`); events.dividends / events.splits keyed by epoch
// strings; meta.tradingPeriods in any of its three shapes (it is not needed and not read).
// Null handling never shifts arrays: a row whose four prices are all null is dropped (counted in
// null_rows, like yfinance without keepna) unless keep_null_rows; a partly null row is kept with
// NaN in the null fields (counted in partial_null_rows), so validation can see it.
// Errors are kInvalidArgument and name the JSON path, e.g.
// "yahoo chart: chart.result[0].indicators.quote[0].close[12]: expected a number or null, got
// string". Error bodies ({"chart":{"error":{...}}}, {"finance":{"error":...}}, the plain-text 429,
// the HTML outage page) are turned into a Status by ChartErrorToStatus.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::yahoo {

struct ChartMeta {
  std::string symbol;
  std::string currency;
  std::string exchange_name;
  std::string instrument_type;
  std::string exchange_timezone_name;  // e.g. "America/New_York"
  std::string data_granularity;        // e.g. "1d", "1m"
  std::string range;
  int64_t gmtoffset = 0;  // seconds
};

struct Dividend {
  Timestamp time;  // ex-date, stamped like the bars (session open for US equities)
  double amount = 0;
  std::string currency;  // empty when Yahoo leaves it out
};

struct Split {
  Timestamp time;
  double numerator = 1;
  double denominator = 1;
  double ratio() const { return numerator / denominator; }  // 4:1 -> 4.0
};

struct ChartData {
  ChartMeta meta;
  // bars.interval is set when data_granularity maps to a BarInterval (1m 5m 15m 30m 60m/1h 1d
  // 1wk 1mo); for 2m, 90m, 5d and 3mo see `interval_mapped`. Columns adj_close (only when Yahoo
  // sent adjclose: daily and longer), dividend and split (always, neutral values where none).
  BarSeries bars;
  bool interval_mapped = false;
  std::vector<Dividend> dividends;
  std::vector<Split> splits;
  size_t null_rows = 0;          // all-null rows dropped (or kept as NaN with keep_null_rows)
  size_t partial_null_rows = 0;  // rows kept with some NaN fields
  size_t unmapped_events = 0;    // events after the last bar (kept in the lists only)
};

struct ChartParseOptions {
  bool keep_null_rows = false;
};

// Parses a 200 response body. An error object inside a 200 body is returned as its Status.
Result<ChartData> ParseChartJson(std::string_view body, const ChartParseOptions& options = {});

// The Status for a non-2xx response (or an error body): the JSON error's code and description
// when there is one, "rate limited" for 429 / "Too Many Requests" text, an outage for the
// "Will be right back" page. The code follows the HTTP status (net::HttpStatusToStatus).
Status ChartErrorToStatus(int http_status, std::string_view body);

// The BarInterval for a Yahoo granularity ("60m" and "1h" are the same), if there is one.
std::optional<BarInterval> YahooGranularityToInterval(std::string_view granularity);

}  // namespace tradelet::yahoo
