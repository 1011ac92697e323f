// Bar validation: a report per symbol, severities, and the tradable set that excludes symbols
// whose data fails (with the reason logged).
//
// Checks (name: severity):
//   missing        rows with an empty/null price or volume: warning (error above 10% of rows)
//   nonpositive    a price <= 0 or a negative volume: error
//   ohlc           high < low, or open/close outside [low, high]: error
//   duplicate      two bars with the same time: error
//   unsorted       a bar earlier than the one before it: error
//   gap            sessions (daily) or minutes (intraday) with no bar, between the first and
//                  last bar: warning (error when more than 20% are missing)
//   off_session    bars outside every session (weekend, holiday, after the close): warning
//   stale          the last bar is more than max_stale_sessions sessions before as_of: error
//   split          a close-to-open jump near a common split ratio (2, 3, 4, 5, 7, 8, 10, ...)
//                  (3:2: warning only, within half the tolerance)
//                  with no split recorded on that bar: error (a likely unrecorded split);
//                  a recorded split: info
//   jump           any other overnight move beyond x1.8 or /1.8: warning
//   zero_volume    bars with volume 0: info
//   empty          no bars at all: error
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tradelet/data/bar_csv.h"
#include "tradelet/data/sessions.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::data {

enum class Severity { kInfo, kWarning, kError };
std::string_view SeverityName(Severity s);  // "info", "warning", "error"

struct Finding {
  Severity severity = Severity::kInfo;
  std::string check;    // the check's name above
  size_t count = 0;     // how many bars (or sessions) it concerns
  Timestamp first;      // the first bar concerned
  std::string message;  // one line for people: what, how many, where first
};

struct SymbolReport {
  Symbol symbol;
  std::string source;  // the file it came from
  size_t rows = 0;
  Timestamp first_bar, last_bar;
  BarInterval interval = BarInterval::k1Day;
  std::vector<Finding> findings;

  bool ok() const { return worst() != Severity::kError; }
  Severity worst() const;
  size_t count(Severity s) const;
  // The error messages joined by "; " (why the symbol is excluded), or "".
  std::string reason() const;
};

struct ValidationOptions {
  // The sessions covering the data (see SessionsFor). Empty: no gap / off_session checks,
  // and staleness is measured in days instead.
  std::span<const MarketSession> sessions;
  // "Now" for the staleness check; unset = no staleness check.
  std::optional<Timestamp> as_of;
  int max_stale_sessions = 0;     // sessions allowed between the last bar and as_of
  double split_tolerance = 0.03;  // relative distance to a split ratio that counts as near
  double max_missing_fraction = 0.10;
  double max_gap_fraction = 0.20;
};

// Validates one series in file order (as ParseBarCsv returns it: not normalised).
SymbolReport ValidateSeries(const BarSeries& series, const ValidationOptions& options,
                            std::string source = "");

// The symbols that may be traded, and why the others may not.
struct TradableSet {
  std::vector<Symbol> tradable;
  struct Excluded {
    Symbol symbol;
    std::string reason;
  };
  std::vector<Excluded> excluded;
};
// Splits the reports into tradable and excluded symbols, logging each exclusion (warn level,
// fields symbol, source, reason).
TradableSet SelectTradable(std::span<const SymbolReport> reports);

// One JSON object (no newline) for a report: symbol, source, status, rows, first, last,
// errors, warnings, findings[{severity, check, count, first, message}].
std::string ReportToJson(const SymbolReport& report);

// The row checks every loader applies before bars may be traded (backtest data, the paper
// exchange's --data): ValidateSeries without sessions or as_of, keeping only the findings of
// empty, missing, nonpositive, ohlc, duplicate and unsorted. A report that is not ok() means
// the symbol is excluded (or, when strict, the run stops).
SymbolReport ValidateRows(const BarSeries& series, std::string source = "");

struct ValidateFilesOptions {
  BarCsvOptions csv;               // layout / column map / zone for every file
  std::optional<Timestamp> as_of;  // unset = the close of the newest bar's session
  int max_stale_sessions = 0;
};
// Reads every CSV file under `path` (a file or a directory, as LoadMarketData lists them) and
// validates each symbol against the NYSE sessions spanning the data. A file that cannot be
// read or parsed gives one failing report (check "read", the parse error as message) named
// after the file, so one bad file does not hide the others. Errors: no such path / no files.
Result<std::vector<SymbolReport>> ValidateFiles(const std::string& path,
                                                const ValidateFilesOptions& options = {});

}  // namespace tradelet::data
