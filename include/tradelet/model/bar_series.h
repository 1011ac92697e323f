// BarSeries: one symbol's bars in columns (structure of arrays), the storage every data source
// fills and the backtest kernel reads. Columns are contiguous so scans (indicators, returns,
// resampling) stream through memory: 56 bytes per bar, 80 with the optional columns.
// Each column is a Column (column.h): written like a std::vector, and able to view the columns
// of a memory-mapped bar bundle in place instead of holding a copy.
#pragma once

#include <cstdint>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/bar.h"
#include "tradelet/model/column.h"

namespace tradelet {

struct BarSeries {
  Symbol symbol;
  BarInterval interval = BarInterval::k1Day;
  Column<int64_t> time_ns;  // bar START, UTC nanoseconds, ascending (see Bar)
  Column<double> open, high, low, close, volume;
  // Optional columns: empty when the source does not provide them; otherwise size() long.
  Column<double> adj_close;  // split- and dividend-adjusted close
  Column<double> dividend;   // cash dividend per share with its ex-date on this bar, else 0
  Column<double> split;      // split ratio effective on this bar (2.0 = 2-for-1), else 1

  size_t size() const { return time_ns.size(); }
  bool empty() const { return time_ns.empty(); }
  Timestamp time(size_t i) const { return Timestamp::FromUnixNanos(time_ns[i]); }
  // REQUIRES: i < size().
  Bar at(size_t i) const { return Bar{time(i), open[i], high[i], low[i], close[i], volume[i]}; }
  void Reserve(size_t n);
  // Appends the OHLCV columns (optional columns, if present, get neutral values: adj_close =
  // close, dividend = 0, split = 1).
  void Append(const Bar& bar);
  // OK when every non-empty column has size() entries and times strictly ascend.
  Status CheckShape() const;
  // The first half of CheckShape: every column has size() entries (the optional ones may be
  // empty); the times' order is not read.
  Status CheckColumns() const;
  // Index of the first bar with time >= t (size() if none).
  size_t LowerBound(Timestamp t) const;
};

}  // namespace tradelet
