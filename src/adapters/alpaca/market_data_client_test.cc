#include "tradelet/adapters/alpaca/market_data_client.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tradelet/net/fake_http_client.h"

namespace tradelet::alpaca {
namespace {

using net::FakeHttpClient;

AlpacaDataOptions Options() {
  AlpacaDataOptions o;
  o.base_url = "http://data.test";
  o.key_id = "PKTESTKEY";
  o.secret_key = "SECRETSECRET";
  return o;
}

TEST(AlpacaTimeframe, NormalizesAndValidates) {
  EXPECT_EQ(*NormalizeTimeframe("1Min"), "1Min");
  EXPECT_EQ(*NormalizeTimeframe("15min"), "15Min");
  EXPECT_EQ(*NormalizeTimeframe("5T"), "5Min");
  EXPECT_EQ(*NormalizeTimeframe("4Hour"), "4Hour");
  EXPECT_EQ(*NormalizeTimeframe("1D"), "1Day");
  EXPECT_EQ(*NormalizeTimeframe("6Month"), "6Month");
  EXPECT_FALSE(NormalizeTimeframe("60Min").ok());
  EXPECT_FALSE(NormalizeTimeframe("24Hour").ok());
  EXPECT_FALSE(NormalizeTimeframe("2Day").ok());
  EXPECT_FALSE(NormalizeTimeframe("5Month").ok());
  EXPECT_FALSE(NormalizeTimeframe("Min").ok());
  EXPECT_EQ(IntervalForTimeframe("1Hour"), BarInterval::k1Hour);
  EXPECT_FALSE(IntervalForTimeframe("2Min").has_value());
  EXPECT_EQ(TimeframeForInterval(BarInterval::k15Min), "15Min");
}

TEST(AlpacaMarketData, UrlCarriesEveryParameterButNoCredentials) {
  FakeHttpClient fake;
  AlpacaMarketDataClient c(fake, Options());
  BarsRequest req;
  req.symbols = {"AAPL", "BRK.B"};
  req.timeframe = "5Min";
  req.start = Timestamp::FromUnixSeconds(1'643'691'600);
  req.end = Timestamp::FromUnixSeconds(1'643'778'000);
  req.feed = "sip";
  req.adjustment = "all";
  req.limit = 500;
  auto url = c.BarsUrl(req, "tok=");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(*url,
            "http://data.test/v2/stocks/bars?symbols=AAPL%2CBRK.B&timeframe=5Min&"
            "start=2022-02-01T05%3A00%3A00Z&end=2022-02-02T05%3A00%3A00Z&limit=500&"
            "adjustment=all&feed=sip&sort=asc&page_token=tok%3D");
  req.single_symbol_endpoint = true;
  EXPECT_FALSE(c.BarsUrl(req, "").ok());  // two symbols
  req.symbols = {"BRK.B"};
  EXPECT_EQ(c.BarsUrl(req, "")->substr(0, 37), "http://data.test/v2/stocks/BRK.B/bars");
  req.feed = "nasdaq";
  EXPECT_FALSE(c.BarsUrl(req, "").ok());
  req.feed = "iex";
  req.adjustment = "none";
  EXPECT_FALSE(c.BarsUrl(req, "").ok());
}

TEST(AlpacaMarketData, PaginatesAndMergesPerSymbolWithAuthHeaders) {
  FakeHttpClient fake;
  fake.Enqueue(200, R"({"bars":{"AAPL":[{"t":"2022-02-01T14:30:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":10}]},
                       "next_page_token":"p2"})");
  fake.Enqueue(200, R"({"bars":{"AAPL":[{"t":"2022-02-01T14:31:00Z","o":1.5,"h":2,"l":1,"c":1.8,"v":5}],
                               "TSLA":[{"t":"2022-02-01T14:30:00Z","o":9,"h":9,"l":9,"c":9,"v":1}]},
                       "next_page_token":null})");
  AlpacaMarketDataClient c(fake, Options());
  BarsRequest req;
  req.symbols = {"AAPL", "TSLA", "MSFT"};
  req.timeframe = "1Min";
  auto r = c.GetBars(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pages, 2);
  EXPECT_EQ(r->series["AAPL"].size(), 2u);
  EXPECT_DOUBLE_EQ(r->series["AAPL"].close[1], 1.8);
  EXPECT_EQ(r->series["TSLA"].size(), 1u);
  EXPECT_TRUE(r->series["MSFT"].empty());
  EXPECT_EQ(r->series["AAPL"].interval, BarInterval::k1Min);
  const auto reqs = fake.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(net::FindHeader(reqs[0].headers, "APCA-API-KEY-ID"), "PKTESTKEY");
  EXPECT_EQ(net::FindHeader(reqs[0].headers, "APCA-API-SECRET-KEY"), "SECRETSECRET");
  EXPECT_EQ(reqs[0].url.find("page_token"), std::string::npos);
  EXPECT_NE(reqs[1].url.find("page_token=p2"), std::string::npos);
  // Identical query otherwise.
  EXPECT_EQ(reqs[1].url.substr(0, reqs[0].url.size()), reqs[0].url);
}

TEST(AlpacaMarketData, DailyBarsMoveToTheSessionOpenAndSortAscending) {
  FakeHttpClient fake;
  fake.Enqueue(200, R"({"bars":{"TSLA":[{"t":"2023-09-27T04:00:00Z","o":1,"h":1,"l":1,"c":3,"v":1},
                                        {"t":"2023-09-26T04:00:00Z","o":1,"h":1,"l":1,"c":2,"v":1}]},
                       "next_page_token":null})");
  fake.Enqueue(200, R"({"bars":{"X":[{"t":"2022-02-01T05:00:00Z","o":1,"h":1,"l":1,"c":1,"v":1}]}})");
  AlpacaMarketDataClient c(fake, Options());
  BarsRequest req;
  req.symbols = {"TSLA"};
  req.sort = "desc";
  auto r = c.GetBars(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series["TSLA"];
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(FormatTimestamp(s.time(0)), "2023-09-26T13:30:00Z");  // 09:30 EDT
  EXPECT_DOUBLE_EQ(s.close[0], 2);
  req.symbols = {"X"};
  req.sort = "asc";
  EXPECT_EQ(FormatTimestamp(c.GetBars(req)->series["X"].time(0)), "2022-02-01T14:30:00Z");  // EST
}

TEST(AlpacaMarketData, ErrorsAndPaginationLoop) {
  FakeHttpClient fake;
  fake.Enqueue(403, R"({"code":40310000,"message":"subscription does not permit querying recent SIP data"})");
  fake.Enqueue(200, R"({"bars":{},"next_page_token":"same"})");
  fake.Enqueue(200, R"({"bars":{},"next_page_token":"same"})");
  AlpacaMarketDataClient c(fake, Options());
  BarsRequest req;
  req.symbols = {"AAPL"};
  auto denied = c.GetBars(req);
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.status().message().find("SECRETSECRET"), std::string::npos);
  EXPECT_EQ(c.GetBars(req).status().code(), StatusCode::kDataLoss);
  AlpacaMarketDataClient no_keys(fake, AlpacaDataOptions{});
  EXPECT_EQ(no_keys.GetBars(req).status().code(), StatusCode::kUnauthenticated);
}

TEST(AlpacaMarketData, OptionsFromEnvironment) {
  ::unsetenv("APCA_API_KEY_ID");
  ::unsetenv("APCA_API_SECRET_KEY");
  ::setenv("ALPACAUSER", "user1", 1);
  ::setenv("ALPACAPW", "pw1", 1);
  ::setenv("APCA_API_DATA_URL", "http://127.0.0.1:9", 1);
  auto o = AlpacaDataOptionsFromEnvironment();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->key_id, "user1");
  EXPECT_EQ(o->base_url, "http://127.0.0.1:9");
  ::setenv("APCA_API_KEY_ID", "k2", 1);
  ::setenv("APCA_API_SECRET_KEY", "s2", 1);
  EXPECT_EQ(AlpacaDataOptionsFromEnvironment()->key_id, "k2");
  for (const char* v : {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "ALPACAUSER", "ALPACAPW",
                        "APCA_API_DATA_URL"}) {
    ::unsetenv(v);
  }
  EXPECT_EQ(AlpacaDataOptionsFromEnvironment().status().code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace tradelet::alpaca
