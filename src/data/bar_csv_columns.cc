// Column naming, CSV layouts, --columns maps and symbols from file names for the bar CSV reader.
#include "data/bar_csv_columns.h"

#include <charconv>
#include <string>

#include "data/parse_util.h"
#include "tradelet/data/csv.h"
#include "tradelet/data/universe.h"

namespace tradelet::data {
namespace csv_internal {

std::string NormName(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : TrimSpaces(s)) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == '"') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

bool HeaderIs(const std::vector<std::string>& norm, std::initializer_list<const char*> names) {
  if (norm.size() != names.size()) return false;
  size_t i = 0;
  for (const char* n : names) {
    if (norm[i++] != n) return false;
  }
  return true;
}

const std::vector<std::vector<std::string_view>>& Aliases() {
  static const std::vector<std::vector<std::string_view>> a = {
      {"time", "timestamp", "date", "datetime", "ds", "t", "gmttime", "localtime", "tradedate",
       "day", "begins", "starttime"},
      {"open", "o", "openprice"},
      {"high", "h", "highprice"},
      {"low", "l", "lowprice"},
      {"close", "c", "closelast", "closeprice", "last", "price"},
      {"volume", "v", "vol"},
      {"adjclose", "adjustedclose", "adjcls", "adjustedcloseprice"},
      {"dividend", "dividends", "dividendamount", "div"},
      {"split", "splits", "splitcoefficient", "stocksplits", "splitratio", "splitfactor"},
      {"symbol", "name", "ticker", "sym"},
  };
  return a;
}

const ColumnMap::Ref& RefOf(const ColumnMap& m, int c) {
  switch (c) {
    case kTime:
      return m.time;
    case kOpen:
      return m.open;
    case kHigh:
      return m.high;
    case kLow:
      return m.low;
    case kClose:
      return m.close;
    case kVolume:
      return m.volume;
    case kAdj:
      return m.adj_close;
    case kDiv:
      return m.dividend;
    case kSplit:
      return m.split;
    default:
      return m.symbol;
  }
}

ColumnMap::Ref* MutableRef(ColumnMap& m, std::string_view key) {
  const std::string k = NormName(key);
  if (k == "time") return &m.time;
  if (k == "open") return &m.open;
  if (k == "high") return &m.high;
  if (k == "low") return &m.low;
  if (k == "close") return &m.close;
  if (k == "volume") return &m.volume;
  if (k == "adjclose") return &m.adj_close;
  if (k == "dividend") return &m.dividend;
  if (k == "split") return &m.split;
  if (k == "symbol") return &m.symbol;
  return nullptr;
}

}  // namespace csv_internal

using namespace csv_internal;

std::string_view CsvLayoutName(CsvLayout l) {
  switch (l) {
    case CsvLayout::kAuto:
      return "auto";
    case CsvLayout::kGeneric:
      return "generic";
    case CsvLayout::kCanonical:
      return "canonical";
    case CsvLayout::kYahoo:
      return "yahoo";
    case CsvLayout::kAlphaVantageDaily:
      return "alphavantage-daily";
    case CsvLayout::kAlphaVantageIntraday:
      return "alphavantage-intraday";
    case CsvLayout::kKaggleCombined:
      return "kaggle";
    case CsvLayout::kMplfinance:
      return "mplfinance";
  }
  return "?";
}

Result<CsvLayout> ParseCsvLayout(std::string_view name) {
  for (CsvLayout l :
       {CsvLayout::kAuto, CsvLayout::kGeneric, CsvLayout::kCanonical, CsvLayout::kYahoo,
        CsvLayout::kAlphaVantageDaily, CsvLayout::kAlphaVantageIntraday, CsvLayout::kKaggleCombined,
        CsvLayout::kMplfinance}) {
    if (CsvLayoutName(l) == name) return l;
  }
  return InvalidArgument(
      "unknown CSV layout '" + std::string(name) +
      "' (auto, generic, canonical, yahoo, alphavantage-daily, alphavantage-intraday, kaggle, "
      "mplfinance)");
}

Result<ColumnMap> ColumnMap::Parse(std::string_view spec) {
  ColumnMap m;
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    std::string_view item = TrimSpaces(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return InvalidArgument("column map: '" + std::string(item) + "' is not key=column");
    }
    ColumnMap::Ref* r = MutableRef(m, item.substr(0, eq));
    if (!r) {
      return InvalidArgument("column map: unknown key '" + std::string(item.substr(0, eq)) +
                             "' (time, open, high, low, close, volume, adj_close, dividend, "
                             "split, symbol)");
    }
    const std::string_view v = TrimSpaces(item.substr(eq + 1));
    if (v.empty())
      return InvalidArgument("column map: empty column for '" + std::string(item) + "'");
    int idx = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), idx);
    if (ec == std::errc() && p == v.data() + v.size()) {
      r->index = idx;
    } else {
      r->name = std::string(v);
    }
  }
  return m;
}

namespace {
// The symbol a file name spells, before NormalizeSymbol.
std::string SymbolFromFileNameRaw(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  std::string_view stem = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::string_view ext : {".gz", ".csv", ".txt", ".CSV"}) {
    if (stem.size() > ext.size() && stem.substr(stem.size() - ext.size()) == ext) {
      stem.remove_suffix(ext.size());
    }
  }
  auto upper = [](std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  };
  auto all_digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  // DA-<SYM>-T-YYYY-MM-DD (Pooksoft / Alpha Vantage daily adjusted).
  if (stem.size() > 16 && stem.substr(0, 3) == "DA-") {
    const std::string_view tail = stem.substr(stem.size() - 13);  // "-T-2021-04-21"
    if (tail.substr(0, 3) == "-T-" && all_digits(tail.substr(3, 4))) {
      return upper(stem.substr(3, stem.size() - 16));
    }
  }
  // <source>-<SYM>-<YYYYMMDD>-<YYYYMMDD> (mplfinance's yahoofinance-SPY-20080101-20180101).
  {
    const size_t d1 = stem.find('-');
    if (d1 != std::string_view::npos && d1 > 0 && stem.size() > d1 + 19) {
      const std::string_view dates = stem.substr(stem.size() - 18);  // "-YYYYMMDD-YYYYMMDD"
      if (dates[0] == '-' && dates[9] == '-' && all_digits(dates.substr(1, 8)) &&
          all_digits(dates.substr(10, 8))) {
        bool lower_prefix = true;
        for (char c : stem.substr(0, d1)) lower_prefix &= (c >= 'a' && c <= 'z');
        if (lower_prefix) return upper(stem.substr(d1 + 1, stem.size() - 18 - d1 - 1));
      }
    }
  }
  const size_t us = stem.find('_');
  if (us != std::string_view::npos && us > 0) return upper(stem.substr(0, us));
  return upper(stem);
}
}  // namespace

std::string SymbolFromFileName(std::string_view path) {
  return NormalizeSymbol(SymbolFromFileNameRaw(path));
}

CsvLayout DetectLayout(const std::vector<std::string_view>& header) {
  std::vector<std::string> n;
  n.reserve(header.size());
  for (auto h : header) n.push_back(NormName(h));
  if (HeaderIs(n, {"timestamp", "open", "high", "low", "close", "adjustedclose", "volume",
                   "dividendamount", "splitcoefficient"})) {
    return CsvLayout::kAlphaVantageDaily;
  }
  if (HeaderIs(n, {"datetime", "open", "high", "low", "close", "volume"})) {
    return CsvLayout::kAlphaVantageIntraday;
  }
  if (HeaderIs(n, {"date", "open", "high", "low", "close", "volume", "name"})) {
    return CsvLayout::kKaggleCombined;
  }
  if (HeaderIs(n, {"date", "open", "high", "low", "close", "adjclose", "volume"}) ||
      HeaderIs(n, {"date", "open", "high", "low", "close", "adjclose", "volume", "name"})) {
    return CsvLayout::kYahoo;
  }
  if (HeaderIs(n, {"date", "open", "close", "high", "low", "volume"})) {
    return CsvLayout::kMplfinance;
  }
  if (n.size() >= 6 &&
      HeaderIs({n.begin(), n.begin() + 6}, {"time", "open", "high", "low", "close", "volume"})) {
    bool rest_ok = true;
    for (size_t i = 6; i < n.size(); ++i) {
      rest_ok &= n[i] == "adjclose" || n[i] == "dividend" || n[i] == "split";
    }
    if (rest_ok) return CsvLayout::kCanonical;
  }
  return CsvLayout::kGeneric;
}

}  // namespace tradelet::data
