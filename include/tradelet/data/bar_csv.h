// Bar CSV files: layout detection, column mapping, reading into BarSeries, and writing the
// canonical layout.
//
// Layouts known by their header (auto-detected; see docs/data.md for the rules):
//   kAlphaVantageDaily    timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,
//                         split_coefficient   (raw OHLCV + adjusted close, dividends, splits)
//   kAlphaVantageIntraday datetime,open,high,low,close,volume — times are the bar END in
//                         America/New_York; shifted to the bar start in UTC
//   kKaggleCombined       date,open,high,low,close,volume,Name — many symbols in one file
//   kYahoo                Date,Open,High,Low,Close,Adj Close,Volume[,Name] — "null" = missing
//   kMplfinance           Date,Open,Close,High,Low,Volume (m/d/yyyy dates, Close before High)
//   kCanonical            time,open,high,low,close,volume[,adj_close,dividend,split] (ISO UTC;
//                         what WriteBarCsv and the sample market write)
//   kGeneric              anything else: columns found by header name with common aliases,
//                         or by an explicit ColumnMap
//
// Time values: a bare date (2021-04-21, 4/21/2021, 20210421) is a daily bar stamped at the
// session open (09:30 America/New_York, in UTC); a date-time with an offset or Z is taken as
// written; a date-time without one is wall-clock time in `options.zone` (default New York);
// 10- or 13-digit integers are Unix seconds or milliseconds.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::data {

enum class CsvLayout {
  kAuto,
  kGeneric,
  kCanonical,
  kYahoo,
  kAlphaVantageDaily,
  kAlphaVantageIntraday,
  kKaggleCombined,
  kMplfinance,
};
std::string_view CsvLayoutName(CsvLayout l);  // "auto", "generic", "canonical", "yahoo", ...
Result<CsvLayout> ParseCsvLayout(std::string_view name);

// Which column holds what, by header name (case-insensitive) or 0-based index. Unset entries
// are found by alias. time, open, high, low and close are required; the rest are optional.
struct ColumnMap {
  struct Ref {
    std::string name;  // header name, if not empty
    int index = -1;    // 0-based column, if >= 0
    bool set() const { return !name.empty() || index >= 0; }
  };
  Ref time, open, high, low, close, volume, adj_close, dividend, split, symbol;
  // Parses "time=Date,open=O,close=3" (a value that is all digits is an index).
  static Result<ColumnMap> Parse(std::string_view spec);
};

struct BarCsvOptions {
  CsvLayout layout = CsvLayout::kAuto;
  ColumnMap columns;               // overrides; empty = by alias / layout
  std::string symbol;              // symbol of single-symbol files (ignored with a symbol column)
  const TimeZone* zone = nullptr;  // zone of date-times without an offset; null = New York
  bool times_are_bar_end = false;  // shift by one bar (set by kAlphaVantageIntraday)
};

// What a read found, besides the bars.
struct BarCsvInfo {
  CsvLayout layout = CsvLayout::kGeneric;
  size_t rows = 0;               // data records read
  size_t rows_with_missing = 0;  // records with an empty / "null" / NaN price or volume
  bool reversed = false;         // the file was in descending time order and was reversed
};

struct BarCsvResult {
  std::vector<BarSeries> series;  // one per symbol, in order of first appearance
  BarCsvInfo info;
};

// Parses CSV text. `source` names it in errors ("file:line: field 'close' (column 5): ...").
// Series come back in file order except that a file whose times strictly descend is reversed;
// missing values are NaN (the row is kept so validation can report it; see DropMissingRows).
// Unsorted or duplicate times are kept as they are (validation reports them; NormalizeSeries
// repairs them for loaders).
Result<BarCsvResult> ParseBarCsv(std::string_view text, std::string_view source,
                                 const BarCsvOptions& options = {});
// Reads a file (plain or gzip). With no options.symbol, single-symbol files take the symbol
// from the file name (SymbolFromFileName).
Result<BarCsvResult> ReadBarCsvFile(const std::string& path, BarCsvOptions options = {});

// The symbol a file name stands for, or "" when none can be derived:
//   DA-AAPL-T-2021-04-21.csv.gz -> AAPL       (Alpha Vantage daily, Pooksoft naming)
//   yahoofinance-SPY-20080101-20180101.csv -> SPY   (mplfinance naming)
//   AAPL_1min.csv -> AAPL, UA_yahoo_adjclose.csv -> UA   (text before the first '_')
//   BRK-B.csv -> BRK.B, msft.csv -> MSFT      (otherwise the whole stem, upper-cased)
// then share classes are spelt canonically (NormalizeSymbol: BRK-B, BRK/B -> BRK.B). Symbols
// from a symbol column (Kaggle's Name) are normalised the same way.
std::string SymbolFromFileName(std::string_view path);

// Detects the layout from a header row (the fields of the first record).
CsvLayout DetectLayout(const std::vector<std::string_view>& header);

// Writes the canonical layout: time (ISO UTC),open,high,low,close,volume, then
// adj_close,dividend,split when the series has them. Numbers are written in shortest
// round-trip form, NaN as an empty field.
void WriteBarCsv(const BarSeries& series, std::string& out);
Status WriteBarCsvFile(const BarSeries& series, const std::string& path);

}  // namespace tradelet::data
