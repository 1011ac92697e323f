// Alpaca Market Data v2 stock bars client (the data half of the Alpaca adapter).
//
//   HttpsClient client;
//   RetryingHttpClient http(client, RealClock::Get(), {}, &breaker);
//   TL_ASSIGN_OR_RETURN(auto options, AlpacaDataOptionsFromEnvironment());
//   AlpacaMarketDataClient alpaca(http, options);
//   auto bars = alpaca.GetBars({.symbols = {"AAPL", "TSLA"}, .timeframe = "1Min",
//                               .start = t0, .end = t1, .feed = "sip"});
//
// GetBars follows next_page_token with the identical query until it is null and appends each
// page's bars per symbol (one symbol can span pages); `limit` is per page across all symbols.
// Bars come back ascending whatever `sort` was asked. Daily, weekly and monthly bars, which Alpaca
// stamps at 00:00 New York, are moved to 09:30 New York of the same date (tradelet's Bar
// convention: a daily bar starts at its session's open) so Alpaca and Yahoo bars line up.
// Credentials go only into the APCA-API-KEY-ID / APCA-API-SECRET-KEY headers; they never appear in
// errors or logs.
// Thread-safety: GetBars may run concurrently if the HttpClient allows it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/adapters/alpaca/bars_json.h"
#include "tradelet/model/bar_series.h"
#include "tradelet/net/http.h"

namespace tradelet::alpaca {

struct AlpacaDataOptions {
  std::string base_url = "https://data.alpaca.markets";
  std::string key_id;
  std::string secret_key;
  Duration timeout = std::chrono::seconds(30);
  int max_pages = 10000;  // a runaway pagination guard
};

// base_url from APCA_API_DATA_URL (if set); keys from APCA_API_KEY_ID / APCA_API_SECRET_KEY, else
// ALPACAUSER / ALPACAPW. kUnauthenticated naming the variables when no key pair is set.
Result<AlpacaDataOptions> AlpacaDataOptionsFromEnvironment();

// "1Min".."59Min", "1Hour".."23Hour", "1Day", "1Week", "1Month"/"2Month"/"3Month"/"6Month"/
// "12Month"; also accepts the short units T, H, D, W, M and "Min"/"Hour" case-insensitively.
// Returns the canonical form Alpaca expects ("15Min").
Result<std::string> NormalizeTimeframe(std::string_view text);
// The timeframe for a BarInterval ("1Min" for k1Min, ...).
std::string TimeframeForInterval(BarInterval interval);
// The BarInterval of a canonical timeframe, if there is one (e.g. none for "2Min").
std::optional<BarInterval> IntervalForTimeframe(std::string_view timeframe);

struct BarsRequest {
  std::vector<std::string> symbols;  // Alpaca symbols ("BRK.B")
  std::string timeframe = "1Day";
  std::optional<Timestamp> start;  // inclusive; Alpaca's default is the start of today
  std::optional<Timestamp> end;    // inclusive; default now
  std::string feed = "iex";        // iex | sip | otc | boats | overnight
  std::string adjustment = "raw";  // raw | split | dividend | all
  int limit = 10000;               // per page, 1..10000
  std::string sort = "asc";        // asc | desc
  std::string asof;                // YYYY-MM-DD symbol-mapping date, "-" disables; empty = omit
  // Use GET /v2/stocks/{symbol}/bars (one symbol) instead of /v2/stocks/bars?symbols=.
  bool single_symbol_endpoint = false;
};

struct BarsResult {
  std::map<std::string, BarSeries> series;  // every requested symbol, possibly empty
  std::string timeframe;                    // canonical
  bool interval_mapped = false;             // series[].interval is meaningful
  int pages = 0;
  std::map<std::string, std::vector<double>> vwap;  // per symbol, aligned with series (NaN if absent)
};

class AlpacaMarketDataClient {
 public:
  // `http` must outlive the client.
  AlpacaMarketDataClient(net::HttpClient& http, AlpacaDataOptions options);

  Result<BarsResult> GetBars(const BarsRequest& request);
  // The first page's URL (for logs and tests; carries no credentials).
  Result<std::string> BarsUrl(const BarsRequest& request, const std::string& page_token) const;

 private:
  net::HttpClient& http_;
  const AlpacaDataOptions options_;
};

}  // namespace tradelet::alpaca
