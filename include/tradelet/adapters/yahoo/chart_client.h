// Yahoo Finance v8 chart client (unofficial, best-effort source; see integrations.md 1.1).
//
//   HttpsClient client({.enable_cookies = true});
//   CircuitBreaker breaker("yahoo", RealClock::Get());
//   RetryingHttpClient http(client, RealClock::Get(), {}, &breaker);
//   YahooChartClient yahoo(http, RealClock::Get());
//   auto data = yahoo.FetchHistory({.symbol = "AAPL", .interval = "1m", .start = t0, .end = t1});
//
// FetchChart sends exactly one chart request (plus the cookie + crumb requests when enabled).
// FetchHistory checks the interval's history limit against the clock (1m: last 30 days; 2m..90m:
// 60 days; 60m/1h: 730 days), splits the window into requests Yahoo accepts (1m: 7 days each),
// drops bars at or after `end` (Yahoo appends the live bar), and merges the pieces.
// Retries, backoff and the circuit breaker belong to the HttpClient passed in (RetryingHttpClient)
// so the same policy covers every request this client makes.
//
// Symbols are Yahoo's ("BRK-B", "^GSPC", "EURUSD=X"); the path segment is URL-encoded.
// Thread-safety: FetchChart/FetchHistory may run concurrently (the crumb is locked).
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "tradelet/adapters/yahoo/chart_json.h"
#include "tradelet/base/clock.h"
#include "tradelet/net/http.h"

namespace tradelet::yahoo {

struct YahooClientOptions {
  std::string base_url = "https://query2.finance.yahoo.com";
  // Cookie + crumb flow (yfinance's "basic" strategy): GET cookie_url to receive the cookies
  // (the HttpClient must keep cookies: HttpsClientOptions::enable_cookies), then GET crumb_url whose
  // plain-text body is the crumb, sent as &crumb= on every chart request. Off by default: the
  // chart endpoint answered without it in the 2025 recordings.
  bool use_crumb = false;
  std::string cookie_url = "https://fc.yahoo.com";
  std::string crumb_url = "https://query1.finance.yahoo.com/v1/test/getcrumb";
  // Yahoo answers 429 to requests without a browser-like User-Agent.
  std::string user_agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/126.0.0.0 Safari/537.36";
  Duration timeout = std::chrono::seconds(30);
  // FetchHistory refuses windows older than the interval's limit (Yahoo would answer 422).
  bool enforce_history_limits = true;
  bool keep_null_rows = false;
};

struct ChartRequest {
  std::string symbol;
  // 1m 2m 5m 15m 30m 60m 90m 1h 1d 5d 1wk 1mo 3mo
  std::string interval = "1d";
  // period1 (inclusive) and period2 (exclusive), sent as epoch seconds...
  std::optional<Timestamp> start;
  std::optional<Timestamp> end;
  // ...or a range (1d 5d 1mo 3mo 6mo 1y 2y 5y 10y ytd max); never both.
  std::string range;
  bool include_pre_post = false;
  bool events = true;  // dividends and splits
};

// Yahoo's limits for an interval.
struct IntervalLimits {
  std::optional<Duration> max_lookback;     // from now; nullopt = no limit
  std::optional<Duration> max_per_request;  // window of one request; nullopt = no limit
};
// kInvalidArgument for an interval Yahoo does not have.
Result<IntervalLimits> LimitsForInterval(std::string_view interval);

class YahooChartClient {
 public:
  // `http` and `clock` must outlive the client.
  YahooChartClient(net::HttpClient& http, const Clock& clock, YahooClientOptions options = {});

  Result<ChartData> FetchChart(const ChartRequest& request);
  // REQUIRES: request.start and request.end set, or request.range set (then = FetchChart).
  Result<ChartData> FetchHistory(const ChartRequest& request);

  // The URL FetchChart would request (without the crumb), for logs and tests.
  std::string ChartUrl(const ChartRequest& request) const;
  int64_t requests_sent() const { return requests_sent_; }

 private:
  Result<std::string> Crumb(bool refresh);
  Result<net::HttpResponse> Get(const std::string& url);

  net::HttpClient& http_;
  const Clock& clock_;
  const YahooClientOptions options_;
  std::mutex crumb_mu_;
  std::string crumb_;
  std::atomic<int64_t> requests_sent_{0};
};

}  // namespace tradelet::yahoo
