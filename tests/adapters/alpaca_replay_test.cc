// The Alpaca market-data client over real sockets against a local server replaying the alpaca-py
// and alpaca-docs fixtures in ../shared/data/fixtures/alpaca, clean and with faults injected.
#include <gtest/gtest.h>

#include <cmath>

#include "replay_servers.h"
#include "tradelet/adapters/alpaca/market_data_client.h"
#include "tradelet/base/log.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::alpaca {
namespace {

using net::Fault;

constexpr char kKey[] = "PKREPLAYKEY01";
constexpr char kSecret[] = "replay-secret-value-42";

class AlpacaReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TL_REQUIRE_SHARED(dir, "data/fixtures/alpaca/alpaca-py/data");
    ASSERT_TRUE(replay_.Load(dir.substr(0, dir.rfind("/alpaca-py"))).ok());
    replay_.Install(server_, kKey, kSecret);
    ASSERT_TRUE(server_.Start().ok());
    options_.base_url = server_.base_url();
    options_.key_id = kKey;
    options_.secret_key = kSecret;
  }

  testing::AlpacaReplay replay_;
  net::LocalHttpServer server_;
  net::HttpsClient http_;
  AlpacaDataOptions options_;
};

TEST_F(AlpacaReplayTest, MultiSymbolPaginationMergesPerSymbol) {
  AlpacaMarketDataClient alpaca(http_, options_);
  BarsRequest req;
  req.symbols = {"AAPL", "TSLA"};
  req.timeframe = "1Day";
  req.start = Timestamp::FromUnixSeconds(1'643'673'600);  // 2022-02-01
  req.feed = "sip";
  req.adjustment = "split";
  auto r = alpaca.GetBars(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pages, 2);
  // AAPL: 2 bars on page 1 (2022-02-01, 02-02) + 1 on page 2 (2022-03-09); TSLA: 1 on page 2.
  const BarSeries& aapl = r->series.at("AAPL");
  ASSERT_EQ(aapl.size(), 3u);
  EXPECT_EQ(FormatTimestamp(aapl.time(0)), "2022-02-01T14:30:00Z");  // 00:00 EST -> 09:30 EST
  EXPECT_DOUBLE_EQ(aapl.open[0], 174);
  EXPECT_DOUBLE_EQ(aapl.close[1], 175.84);
  EXPECT_DOUBLE_EQ(aapl.volume[2], 88496480);
  EXPECT_DOUBLE_EQ(r->vwap.at("AAPL")[2], 161.942117);
  const BarSeries& tsla = r->series.at("TSLA");
  ASSERT_EQ(tsla.size(), 1u);
  EXPECT_DOUBLE_EQ(tsla.close[0], 858.97);
  EXPECT_EQ(tsla.interval, BarInterval::k1Day);
  // Both pages carried the same query, the second with the first page's token.
  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].Param("feed"), "sip");
  EXPECT_EQ(reqs[0].Param("adjustment"), "split");
  EXPECT_EQ(reqs[1].Param("page_token"), "QUFQTHxEfDIwMjItMDItMDJUMDU6MDA6MDAuMDAwMDAwMDAwWg==");
  EXPECT_EQ(reqs[1].Param("symbols"), "AAPL,TSLA");
  EXPECT_EQ(reqs[1].Param("start"), "2022-02-01T00:00:00Z");
}

TEST_F(AlpacaReplayTest, DescendingPagesComeBackAscending) {
  AlpacaMarketDataClient alpaca(http_, options_);
  BarsRequest req;
  req.symbols = {"TSLA"};
  req.sort = "desc";
  auto r = alpaca.GetBars(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series.at("TSLA");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(s.CheckShape().ok());
  EXPECT_EQ(FormatTimestamp(s.time(0)), "2023-09-25T13:30:00Z");  // 00:00 EDT -> 09:30 EDT
  EXPECT_DOUBLE_EQ(s.close[2], 240.5);
}

TEST_F(AlpacaReplayTest, SingleSymbolEndpointAndEmptyResponses) {
  AlpacaMarketDataClient alpaca(http_, options_);
  BarsRequest req;
  req.symbols = {"AAPL"};
  req.timeframe = "1Min";
  req.single_symbol_endpoint = true;
  auto r = alpaca.GetBars(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& s = r->series.at("AAPL");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(FormatTimestamp(s.time(0)), "2021-02-01T16:01:00Z");  // intraday: not moved
  EXPECT_EQ(s.interval, BarInterval::k1Min);
  EXPECT_EQ(r->pages, 2);

  BarsRequest none;
  none.symbols = {"NONE"};
  auto empty = alpaca.GetBars(none);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->series.at("NONE").empty());
}

TEST_F(AlpacaReplayTest, WrongKeysAreUnauthenticatedAndNeverEchoed) {
  AlpacaDataOptions bad = options_;
  bad.secret_key = "wrong-secret-value";
  AlpacaMarketDataClient alpaca(http_, bad);
  BarsRequest req;
  req.symbols = {"AAPL"};
  auto r = alpaca.GetBars(req);
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("unauthorized"), std::string::npos);
  EXPECT_EQ(r.status().ToString().find("wrong-secret-value"), std::string::npos);
  EXPECT_EQ(r.status().ToString().find(kKey), std::string::npos);
}

TEST_F(AlpacaReplayTest, SurvivesFaultsOnEveryPage) {
  AlpacaMarketDataClient direct(http_, options_);
  BarsRequest req;
  req.symbols = {"AAPL", "TSLA"};
  auto clean = direct.GetBars(req);
  ASSERT_TRUE(clean.ok());
  server_.PushFault(Fault::Status(429, R"({"message":"too many requests"})",
                                  {{"X-RateLimit-Reset", "0"}}, "application/json"));
  server_.PushFault(Fault::TruncateBody(0.5));
  server_.PushFault(Fault::ServerError(504, "gateway timeout"));  // before page 2
  server_.PushFault(Fault::DropConnection());
  server_.PushFault(Fault::Delay(std::chrono::milliseconds(1200)));
  net::RetryPolicy policy;
  policy.max_attempts = 6;
  SimulatedClock sleep_clock;
  net::RetryingHttpClient http(http_, sleep_clock, policy);
  AlpacaDataOptions opt = options_;
  opt.timeout = std::chrono::milliseconds(400);
  AlpacaMarketDataClient alpaca(http, opt);
  auto r = alpaca.GetBars(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(server_.faults_applied(), 5u);
  // One retry per fault: HttpsClient never re-sends on its own.
  EXPECT_EQ(http.retries(), 5);
  for (const char* sym : {"AAPL", "TSLA"}) {
    EXPECT_EQ(r->series.at(sym).time_ns, clean->series.at(sym).time_ns);
    EXPECT_EQ(r->series.at(sym).close, clean->series.at(sym).close);
  }
}

TEST_F(AlpacaReplayTest, SipSubscriptionErrorIsPermissionDenied) {
  server_.PushFault(Fault::Status(
      403, R"({"code":40310000,"message":"subscription does not permit querying recent SIP data"})",
      {}, "application/json"));
  net::RetryPolicy policy;
  SimulatedClock sleep_clock;
  net::RetryingHttpClient http(http_, sleep_clock, policy);
  AlpacaMarketDataClient alpaca(http, options_);
  BarsRequest req;
  req.symbols = {"AAPL"};
  req.feed = "sip";
  auto r = alpaca.GetBars(req);
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("recent SIP data"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 1u);  // a 403 is not retried
}

}  // namespace
}  // namespace tradelet::alpaca
