// Column naming shared by the bar CSV reader (bar_csv.cc) and the layout/column-map parsing
// (bar_csv_columns.cc). Internal to the data module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tradelet/data/bar_csv.h"

namespace tradelet::data::csv_internal {

enum Col { kTime, kOpen, kHigh, kLow, kClose, kVolume, kAdj, kDiv, kSplit, kSym, kNumCols };
inline constexpr const char* kColNames[kNumCols] = {
    "time", "open", "high", "low", "close", "volume", "adj_close", "dividend", "split", "symbol"};

// Header names compared lower-cased, without spaces, '_', '-', '.', '/', '"'.
std::string NormName(std::string_view s);
// True when the normalised header is exactly `names`, in order.
bool HeaderIs(const std::vector<std::string>& norm, std::initializer_list<const char*> names);
// Accepted normalised header names per Col (index = Col).
const std::vector<std::vector<std::string_view>>& Aliases();
// The user's mapping for column `c` (a Col).
const ColumnMap::Ref& RefOf(const ColumnMap& m, int c);
// The mapping slot named `key` ("time", "adj_close", ...), nullptr if none.
ColumnMap::Ref* MutableRef(ColumnMap& m, std::string_view key);

}  // namespace tradelet::data::csv_internal
