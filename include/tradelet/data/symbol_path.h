// Symbols that become file names: one documented character set, and output paths that provably
// stay inside their directory (docs/data.md, "Symbols").
//
// A symbol usable as a file name is 1..kMaxSymbolLength characters of A-Z 0-9 . - ^ = _ and
// does not start with '.' or '-'. That covers US equities (AAPL, BRK.B), Yahoo's spellings
// (BRK-B, ^GSPC, EURUSD=X, BTC-USD) and vendor suffixes (AAPL_1MIN); it excludes '/', '\\',
// spaces, NUL, lower case (symbols are normalised to upper case first), "." and "..".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "tradelet/base/status.h"

namespace tradelet::data {

inline constexpr size_t kMaxSymbolLength = 32;

// Ok, or kInvalidArgument naming the symbol (escaped, capped) and the first offending character.
Status ValidateSymbol(std::string_view symbol);

// dir / (symbol + suffix), after ValidateSymbol and a check that the result, made absolute and
// lexically normal, is still under dir. kInvalidArgument otherwise.
Result<std::filesystem::path> SymbolFilePath(const std::filesystem::path& dir,
                                             std::string_view symbol, std::string_view suffix);

// True when `path` (made absolute and lexically normal) is `dir` or lies below it.
bool PathIsUnder(const std::filesystem::path& path, const std::filesystem::path& dir);

}  // namespace tradelet::data
