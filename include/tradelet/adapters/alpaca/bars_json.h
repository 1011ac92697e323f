// Parser for Alpaca Market Data v2 bar responses (integrations.md 2.15):
//   multi-symbol  {"bars": {"AAPL": [{t,o,h,l,c,v,n,vw}, ...], ...}, "next_page_token": "..."|null}
//   single-symbol {"bars": [{...}, ...] | null, "symbol": "AAPL", "next_page_token": ...}
//   latest bars   {"bars": {"AAPL": {t,o,h,l,c,...}}}
// Tolerant where Alpaca (and its SDK fixtures) vary: prices and volumes as JSON numbers or decimal
// strings, null fields (a null price or volume becomes NaN so validation sees it; n and vw may be
// absent or null), RFC 3339 times with 0-9 fractional digits and any offset (or epoch seconds, as
// the retired v1 API sent). Errors are kInvalidArgument naming the JSON path, e.g.
// "alpaca bars: bars.AAPL[3].c: expected a number, got the string \"abc\"".
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"

namespace tradelet::alpaca {

struct AlpacaBar {
  Timestamp time;  // bar start as Alpaca stamps it (daily bars: 00:00 New York)
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
  std::optional<int64_t> trade_count;  // n
  std::optional<double> vwap;          // vw
};

struct BarsPage {
  std::map<std::string, std::vector<AlpacaBar>> bars;  // per symbol, in the page's order
  std::optional<std::string> next_page_token;          // nullopt when null, absent or ""
  std::string symbol;                                  // single-symbol endpoint only
};

Result<BarsPage> ParseBarsPage(std::string_view body);

// The Status for a non-2xx Alpaca response: {"code": 40010001, "message": "..."} or
// {"message": "unauthorized"} or plain text; the code follows the HTTP status.
Status AlpacaErrorToStatus(int http_status, std::string_view body, std::string_view what);

}  // namespace tradelet::alpaca
