// Universe lists (index constituents) and share-class symbol spelling per source.
//
// Canonical symbols in tradelet use '.' for share classes (BRK.B), as Alpaca and the SEC do.
// Yahoo writes BRK-B, some vendors BRK/B or "BRK B"; each source's adapter converts at its edge.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/model/bar.h"

namespace tradelet::data {

enum class SymbolSource {
  kCanonical,  // BRK.B
  kAlpaca,     // BRK.B
  kYahoo,      // BRK-B  (and ^GSPC, EURUSD=X, BTC-USD kept as they are)
  kSlash,      // BRK/B  (Nasdaq, some CSV exports)
};

// The canonical spelling of `symbol` as written by `source`: trimmed, upper-cased, and a
// share-class suffix (1-2 letters after the source's separator) joined with '.'. From kYahoo
// only '-' is a class separator; from kSlash only '/'; kCanonical/kAlpaca accept '.', '-', '/'
// and a space (so a user file in any of these spellings normalises). Symbols whose suffix is
// longer than 2 letters (BTC-USD) or that carry '^' or '=' are left alone.
Symbol NormalizeSymbol(std::string_view symbol, SymbolSource source = SymbolSource::kCanonical);
// The spelling `source` expects for a canonical symbol (BRK.B -> BRK-B for Yahoo).
Symbol SymbolForSource(std::string_view canonical, SymbolSource source);

struct Constituent {
  Symbol symbol;       // canonical
  std::string name;    // "Berkshire Hathaway"
  std::string sector;  // GICS sector, "" when the file has none
};

// Parses a constituents CSV: a header with a symbol column (Symbol, Ticker) and optionally a
// name (Name, Security, Company) and a sector (Sector, GICS Sector); other columns ignored;
// quoted fields with commas are fine. Symbols are normalised from `source`.
// Errors (file:line): no symbol column, an empty symbol, a duplicate symbol.
Result<std::vector<Constituent>> ParseUniverseCsv(std::string_view text, std::string_view name,
                                                  SymbolSource source = SymbolSource::kCanonical);
Result<std::vector<Constituent>> LoadUniverseCsv(const std::string& path,
                                                 SymbolSource source = SymbolSource::kCanonical);

}  // namespace tradelet::data
