// The report's CSV files, formatted into ByteBufs (report_format.h gives the same bytes as
// Decimal::ToString, FormatTimestamp and %.10g). orders.csv comes in pieces, header, ranges of
// rows and the rejections, so that both writer threads can format parts of it (report.cc).
#pragma once

#include <cstddef>

#include "report_format.h"
#include "tradelet/backtest/runner.h"

namespace tradelet::report_internal {

void TradesCsv(const BacktestResult& r, ByteBuf& out);
void EquityCsv(const BacktestResult& r, ByteBuf& out);
void SkipsCsv(const BacktestResult& r, ByteBuf& out);
void OrdersCsvHeader(ByteBuf& out);
// The rows of r.orders[begin, end).
void OrdersCsvRows(const BacktestResult& r, size_t begin, size_t end, ByteBuf& out);
// The rejected requests, as rows after the orders.
void RejectionsCsv(const BacktestResult& r, ByteBuf& out);

}  // namespace tradelet::report_internal
