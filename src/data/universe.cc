#include "tradelet/data/universe.h"

#include <algorithm>
#include <unordered_set>

#include "tradelet/data/csv.h"

namespace tradelet::data {
namespace {

bool IsUpperAlpha(char c) { return c >= 'A' && c <= 'Z'; }

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : TrimSpaces(s)) {
    if (c == ' ' || c == '_') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

Symbol NormalizeSymbol(std::string_view symbol, SymbolSource source) {
  std::string s(TrimSpaces(symbol));
  for (auto& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (s.find_first_of("^=") != std::string::npos) return s;
  std::string_view seps;
  switch (source) {
    case SymbolSource::kYahoo:
      seps = "-";
      break;
    case SymbolSource::kSlash:
      seps = "/";
      break;
    case SymbolSource::kCanonical:
    case SymbolSource::kAlpaca:
      seps = ".-/ ";
      break;
  }
  const size_t p = s.find_last_of(seps);
  if (p == std::string::npos || p == 0) return s;
  const std::string_view base(s.data(), p), suffix(s.data() + p + 1, s.size() - p - 1);
  if (suffix.empty() || suffix.size() > 2) return s;
  for (char c : suffix) {
    if (!IsUpperAlpha(c)) return s;
  }
  for (char c : base) {
    if (!IsUpperAlpha(c)) return s;
  }
  return std::string(base) + "." + std::string(suffix);
}

Symbol SymbolForSource(std::string_view canonical, SymbolSource source) {
  std::string s(canonical);
  if (source == SymbolSource::kCanonical || source == SymbolSource::kAlpaca) return s;
  const size_t p = s.find_last_of('.');
  if (p != std::string::npos && p > 0 && s.size() - p - 1 <= 2 && s.size() - p - 1 >= 1) {
    s[p] = source == SymbolSource::kYahoo ? '-' : '/';
  }
  return s;
}

Result<std::vector<Constituent>> ParseUniverseCsv(std::string_view text, std::string_view name,
                                                  SymbolSource source) {
  CsvCursor cur(text, std::string(name));
  if (!cur.Next()) {
    TL_RETURN_IF_ERROR(cur.status());
    return InvalidArgument(std::string(name) + ": empty file (no header row)");
  }
  int sym = -1, nm = -1, sec = -1;
  for (size_t i = 0; i < cur.size(); ++i) {
    const std::string h = Lower(cur[i]);
    if (sym < 0 && (h == "symbol" || h == "ticker")) sym = static_cast<int>(i);
    if (nm < 0 && (h == "name" || h == "security" || h == "company" || h == "companyname")) {
      nm = static_cast<int>(i);
    }
    if (sec < 0 && (h == "sector" || h == "gicssector")) sec = static_cast<int>(i);
  }
  if (sym < 0) {
    return InvalidArgument(std::string(name) + ":1: no 'Symbol' (or 'Ticker') column");
  }
  std::vector<Constituent> out;
  std::unordered_set<std::string> seen;
  while (cur.Next()) {
    const int need = std::max({sym, nm, sec});
    if (static_cast<int>(cur.size()) <= need) {
      return cur.LineError("expected at least " + std::to_string(need + 1) + " fields, got " +
                           std::to_string(cur.size()));
    }
    Constituent c;
    c.symbol = NormalizeSymbol(cur[sym], source);
    if (c.symbol.empty()) return cur.FieldError("Symbol", sym, "empty symbol");
    if (!seen.insert(c.symbol).second) {
      return cur.FieldError("Symbol", sym, "duplicate symbol '" + c.symbol + "'");
    }
    if (nm >= 0) c.name = std::string(TrimSpaces(cur[nm]));
    if (sec >= 0) c.sector = std::string(TrimSpaces(cur[sec]));
    out.push_back(std::move(c));
  }
  TL_RETURN_IF_ERROR(cur.status());
  return out;
}

Result<std::vector<Constituent>> LoadUniverseCsv(const std::string& path, SymbolSource source) {
  TL_ASSIGN_OR_RETURN(std::string text, ReadFileMaybeGzip(path));
  return ParseUniverseCsv(text, path, source);
}

}  // namespace tradelet::data
