#include "tradelet/adapters/yahoo/chart_client.h"

#include <gtest/gtest.h>

#include "tradelet/net/fake_http_client.h"

namespace tradelet::yahoo {
namespace {

using net::FakeHttpClient;
using net::HttpRequest;
using net::HttpResponse;

// Reads a query parameter from a URL (test helper; values here need no decoding).
std::string Param(const std::string& url, const std::string& key) {
  const size_t p = url.find(key + "=");
  if (p == std::string::npos) return "";
  const size_t s = p + key.size() + 1;
  return url.substr(s, url.find('&', s) - s);
}

// One 1m bar at each period1 (so every chunk is visible in the merged output).
Result<HttpResponse> OneBarPerWindow(const HttpRequest& r) {
  const std::string p1 = Param(r.url, "period1");
  HttpResponse out;
  out.status = 200;
  out.body = R"({"chart":{"result":[{"meta":{"symbol":"AAPL","dataGranularity":"1m"},"timestamp":[)" +
             p1 + R"(],"indicators":{"quote":[{"open":[1],"high":[2],"low":[0.5],"close":[1.5],"volume":[9]}]}}],"error":null}})";
  return out;
}

TEST(YahooChartClient, UrlHasEveryParameter) {
  FakeHttpClient fake;
  SimulatedClock clock;
  YahooChartClient c(fake, clock, {.base_url = "http://h:1/"});
  ChartRequest req{.symbol = "^GSPC", .interval = "1d", .start = Timestamp::FromUnixSeconds(100),
                   .end = Timestamp::FromUnixSeconds(200)};
  EXPECT_EQ(c.ChartUrl(req),
            "http://h:1/v8/finance/chart/%5EGSPC?interval=1d&includePrePost=false&"
            "events=div%2Csplits&period1=100&period2=200");
  req.start.reset();
  req.end.reset();
  req.range = "5d";
  req.include_pre_post = true;
  req.events = false;
  EXPECT_EQ(c.ChartUrl(req),
            "http://h:1/v8/finance/chart/%5EGSPC?interval=1d&includePrePost=true&range=5d");
}

TEST(YahooChartClient, ChunksLongOneMinuteRequestsIntoSevenDayWindows) {
  FakeHttpClient fake;
  fake.SetHandler(OneBarPerWindow);
  const Timestamp now = Timestamp::FromUnixSeconds(1'727'913'600);  // 2024-10-03
  SimulatedClock clock(now);
  YahooChartClient c(fake, clock);
  const Timestamp start = now - days(20);
  auto r = c.FetchHistory({.symbol = "AAPL", .interval = "1m", .start = start, .end = now});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto reqs = fake.requests();
  ASSERT_EQ(reqs.size(), 3u);  // 7 + 7 + 6 days
  EXPECT_EQ(Param(reqs[0].url, "period1"), std::to_string(start.unix_seconds()));
  EXPECT_EQ(Param(reqs[0].url, "period2"), std::to_string((start + days(7)).unix_seconds()));
  EXPECT_EQ(Param(reqs[2].url, "period2"), std::to_string(now.unix_seconds()));
  ASSERT_EQ(r->bars.size(), 3u);
  EXPECT_EQ(r->bars.time(1), start + days(7));
  EXPECT_EQ(net::FindHeader(reqs[0].headers, "User-Agent")->rfind("Mozilla/5.0", 0), 0u);
}

TEST(YahooChartClient, RefusesWindowsBeyondTheHistoryLimit) {
  FakeHttpClient fake;
  const Timestamp now = Timestamp::FromUnixSeconds(1'727'913'600);
  SimulatedClock clock(now);
  YahooChartClient c(fake, clock);
  auto r = c.FetchHistory({.symbol = "AAPL", .interval = "1m", .start = now - days(31), .end = now});
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(r.status().message().find("last 30 days"), std::string::npos) << r.status().message();
  auto h = c.FetchHistory({.symbol = "AAPL", .interval = "5m", .start = now - days(61), .end = now});
  EXPECT_EQ(h.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(fake.request_count(), 0u);
  EXPECT_EQ(c.FetchChart({.symbol = "AAPL", .interval = "7m"}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(YahooChartClient, CookieAndCrumbFlowWithOneRefreshOn401) {
  FakeHttpClient fake;
  fake.Enqueue(404, "cookie page");         // fc.yahoo.com (sets cookies; status ignored)
  fake.Enqueue(200, "abc/DEF\n");           // getcrumb
  fake.Enqueue(401, R"({"finance":{"error":{"code":"Unauthorized","description":"Invalid Crumb"}}})");
  fake.Enqueue(404, "cookie page");
  fake.Enqueue(200, "fresh");
  fake.Enqueue(200, R"({"chart":{"result":[{"meta":{"symbol":"AAPL"}}],"error":null}})");
  SimulatedClock clock;
  YahooChartClient c(fake, clock, {.use_crumb = true, .cookie_url = "http://c/", .crumb_url = "http://c/crumb"});
  auto r = c.FetchChart({.symbol = "AAPL", .interval = "1d", .range = "5d"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto reqs = fake.requests();
  ASSERT_EQ(reqs.size(), 6u);
  EXPECT_EQ(Param(reqs[2].url, "crumb"), "abc%2FDEF");
  EXPECT_EQ(Param(reqs[5].url, "crumb"), "fresh");
}

TEST(YahooChartClient, CrumbRateLimitedTextIsResourceExhausted) {
  FakeHttpClient fake;
  fake.Enqueue(200, "");
  fake.Enqueue(200, "Too Many Requests");  // crumb literally "Too Many Requests" (yfinance #2441)
  SimulatedClock clock;
  YahooChartClient c(fake, clock, {.use_crumb = true});
  auto r = c.FetchChart({.symbol = "AAPL", .range = "1d"});
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().ToString();
}

TEST(YahooChartClient, DropsTheLiveBarAppendedAfterEnd) {
  FakeHttpClient fake;
  fake.Enqueue(200, R"({"chart":{"result":[{"meta":{"symbol":"AAPL","dataGranularity":"1d"},
    "timestamp":[100,200,300],"indicators":{"quote":[{"open":[1,2,3],"high":[1,2,3],"low":[1,2,3],"close":[1,2,3],"volume":[1,2,0]}]}}]}})");
  SimulatedClock clock;
  YahooChartClient c(fake, clock);
  auto r = c.FetchChart({.symbol = "AAPL", .start = Timestamp::FromUnixSeconds(100),
                         .end = Timestamp::FromUnixSeconds(300)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bars.size(), 2u);
  EXPECT_EQ(r->bars.split.size(), 2u);
}

}  // namespace
}  // namespace tradelet::yahoo
