// MarketData: the bars of many symbols (symbol -> BarSeries), and aligned access by time for the
// backtester; plus loading a whole `--data DIR` of CSV files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/data/bar_csv.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::data {

class MarketData {
 public:
  // Adds a series. Errors: a symbol already present, or a series that fails CheckShape()
  // (times must strictly ascend; call NormalizeSeries first for raw files).
  Status Add(BarSeries series);
  // Add for a series whose CheckShape() the caller has just passed (the bundle reader checks
  // each series on its worker threads while its times are in cache). Errors: a symbol already
  // present.
  Status AddShaped(BarSeries series);
  // Null when absent. Pointers stay valid until the next Add.
  const BarSeries* Find(const Symbol& symbol) const;
  BarSeries* FindMutable(const Symbol& symbol);
  // Symbols in ascending order.
  std::vector<Symbol> symbols() const;
  size_t size() const { return by_symbol_.size(); }
  bool empty() const { return by_symbol_.empty(); }
  size_t total_bars() const;
  // Every distinct bar time across all symbols, ascending: the backtester's clock ticks.
  std::vector<int64_t> Timeline() const;

  // Walks the union timeline; at each step says, per symbol, which bar (if any) has exactly the
  // step's time and which is the latest at or before it. Symbols are indexed in symbols() order.
  class Cursor {
   public:
    explicit Cursor(const MarketData& md);
    // Moves to the next timeline time; false at the end.
    bool Next();
    Timestamp time() const { return Timestamp::FromUnixNanos(timeline_[step_]); }
    size_t symbol_count() const { return series_.size(); }
    const BarSeries& series(size_t k) const { return *series_[k]; }
    // Index of the bar at exactly time(), or -1 when this symbol has no bar now.
    long BarNow(size_t k) const {
      return pos_[k] > 0 && series_[k]->time_ns[pos_[k] - 1] == timeline_[step_]
                 ? static_cast<long>(pos_[k] - 1)
                 : -1;
    }
    // Index of the latest bar at or before time(), or -1 before the symbol's first bar.
    long LastBar(size_t k) const { return static_cast<long>(pos_[k]) - 1; }

   private:
    std::vector<const BarSeries*> series_;
    std::vector<int64_t> timeline_;
    std::vector<size_t> pos_;  // per symbol: number of bars with time <= time()
    size_t step_ = 0;
    bool started_ = false;
  };

 private:
  std::map<Symbol, BarSeries> by_symbol_;
};

// What NormalizeSeries changed.
struct NormalizeReport {
  size_t dropped_missing = 0;     // rows with a missing price (NaN open/high/low/close)
  size_t dropped_duplicates = 0;  // later rows with a time already seen (first kept)
  bool sorted = false;            // the rows were out of order and were sorted
};
// Makes a raw series loadable: drops rows with missing prices (a missing volume becomes 0),
// sorts by time (stable) and drops duplicate times keeping the first.
NormalizeReport NormalizeSeries(BarSeries& series);

struct LoadOptions {
  BarCsvOptions csv;  // layout / column map / zone for every file (symbol is ignored)
  // Files read at once (0 = one per core). The result, and the first error, do not depend on it.
  size_t threads = 0;
};

// One file's contribution to a directory load.
struct LoadedFile {
  std::string path;
  CsvLayout layout = CsvLayout::kGeneric;
  size_t rows = 0;
  std::vector<Symbol> symbols;
  std::vector<size_t> symbol_rows;  // rows read per symbol (before NormalizeSeries)
  NormalizeReport normalized;       // summed over the file's symbols
};

struct LoadReport {
  std::vector<LoadedFile> files;
  size_t rows = 0;
};

// The CSV files of a directory: every regular file named *.csv or *.csv.gz (not recursive),
// in name order; one symbol per file (named by SymbolFromFileName) unless the file has a symbol
// column. `path` may also be a single file. Each series is normalised (NormalizeSeries).
// Errors: an unreadable or malformed file (the error names file, line and field), no CSV files,
// or two files giving the same symbol. Files are parsed in parallel (options.threads); the
// result, the report and the error returned are those of reading them one by one in name order.
Result<MarketData> LoadMarketData(const std::string& path, const LoadOptions& options = {},
                                  LoadReport* report = nullptr);
// The CSV files LoadMarketData would read (name order); `path` may be a file.
Result<std::vector<std::string>> ListCsvFiles(const std::string& path);

}  // namespace tradelet::data
