// The Yahoo chart client over real sockets (HttpsClient -> LocalHttpServer) replaying the recorded
// responses in ../shared/data/fixtures/yahoo, clean and with faults injected.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "replay_servers.h"
#include "tradelet/adapters/yahoo/chart_client.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::yahoo {
namespace {

using net::Fault;

// What the fixture should parse to, computed straight from the raw JSON (independently of the
// parser): rows in [period1, period2) whose four prices are not all null.
struct Expected {
  size_t bars = 0;
  int64_t first = 0, last = 0;
  bool adjclose = false;
  size_t dividends = 0, splits = 0;
};

Expected ExpectedFor(const testing::YahooFixture& f) {
  Expected e;
  auto j = nlohmann::json::parse(f.body);
  const auto& r = j["chart"]["result"][0];
  if (!r.contains("timestamp")) return e;
  const auto& q = r["indicators"]["quote"][0];
  for (size_t i = 0; i < r["timestamp"].size(); ++i) {
    const int64_t t = r["timestamp"][i].get<int64_t>();
    bool all_null = true;
    for (const char* k : {"open", "high", "low", "close"}) all_null &= q[k][i].is_null();
    if (all_null || t < f.period1 || t >= f.period2) continue;
    if (e.bars == 0) e.first = t;
    e.last = t;
    ++e.bars;
  }
  e.adjclose = r["indicators"].contains("adjclose");
  if (r.contains("events")) {
    if (r["events"].contains("dividends")) e.dividends = r["events"]["dividends"].size();
    if (r["events"].contains("splits")) e.splits = r["events"]["splits"].size();
  }
  return e;
}

ChartRequest RequestFor(const testing::YahooFixture& f) {
  ChartRequest req;
  req.symbol = f.symbol;
  req.interval = f.interval;
  req.start = Timestamp::FromUnixSeconds(f.period1);
  req.end = Timestamp::FromUnixSeconds(f.period2);
  req.include_pre_post = f.include_pre_post;
  return req;
}

class YahooReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TL_REQUIRE_SHARED(dir, "data/fixtures/yahoo/index.json");
    dir_ = dir.substr(0, dir.rfind('/'));
    ASSERT_TRUE(replay_.Load(dir_).ok());
    replay_.Install(server_, /*empty_for_unknown=*/true);
    ASSERT_TRUE(server_.Start().ok());
    options_.base_url = server_.base_url();
    options_.enforce_history_limits = false;
  }

  std::string dir_;
  testing::YahooReplay replay_;
  net::LocalHttpServer server_;
  net::HttpsClient http_;
  SimulatedClock clock_{Timestamp::FromUnixSeconds(1'727'913'600)};  // 2024-10-03
  YahooClientOptions options_;
};

TEST_F(YahooReplayTest, EveryRecordedResponseParsesToWhatTheRawJsonSays) {
  YahooChartClient yahoo(http_, clock_, options_);
  int replayed = 0;
  for (const auto& f : replay_.fixtures()) {
    SCOPED_TRACE(f.file);
    auto r = yahoo.FetchChart(RequestFor(f));
    ++replayed;
    if (f.http_status != 200) {
      ASSERT_FALSE(r.ok());
      const auto desc = nlohmann::json::parse(f.body)["chart"]["error"]["description"];
      EXPECT_NE(r.status().message().find(desc.get<std::string>()), std::string::npos)
          << r.status().message();
      EXPECT_EQ(r.status().code(),
                f.http_status == 404 ? StatusCode::kNotFound : StatusCode::kInvalidArgument);
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const Expected e = ExpectedFor(f);
    const BarSeries& b = r->bars;
    EXPECT_TRUE(b.CheckShape().ok());
    ASSERT_EQ(b.size(), e.bars);
    if (e.bars > 0) {
      EXPECT_EQ(b.time(0), Timestamp::FromUnixSeconds(e.first));
      EXPECT_EQ(b.time(b.size() - 1), Timestamp::FromUnixSeconds(e.last));
    }
    EXPECT_EQ(!b.adj_close.empty(), e.adjclose && e.bars > 0);
    EXPECT_EQ(r->dividends.size(), e.dividends);
    EXPECT_EQ(r->splits.size(), e.splits);
    for (size_t i = 0; i < b.size(); ++i) {
      ASSERT_FALSE(std::isnan(b.close[i])) << i;
      ASSERT_LE(b.low[i], b.high[i]) << i;
    }
  }
  EXPECT_EQ(replayed, 15);
  EXPECT_EQ(server_.request_count(), 15u);
}

TEST_F(YahooReplayTest, KnownValuesFromTheRecordings) {
  YahooChartClient yahoo(http_, clock_, options_);
  auto fetch = [&](const char* file) {
    const auto* f = replay_.Find(file);
    EXPECT_NE(f, nullptr) << file;
    return yahoo.FetchChart(RequestFor(*f));
  };
  // AAPL 4:1 split on 2020-08-31 and a 0.205 dividend on 2020-11-06, on their own bars.
  auto aapl = fetch("chart_AAPL_1d_2020-08-31_2020-11-06_split_div_events.json");
  ASSERT_TRUE(aapl.ok()) << aapl.status().ToString();
  ASSERT_EQ(aapl->bars.size(), 49u);
  EXPECT_EQ(FormatTimestamp(aapl->bars.time(0)), "2020-08-31T13:30:00Z");
  EXPECT_DOUBLE_EQ(aapl->bars.split[0], 4.0);
  EXPECT_DOUBLE_EQ(aapl->bars.dividend[48], 0.205);
  EXPECT_EQ(FormatTimestamp(aapl->bars.time(48)), "2020-11-06T14:30:00Z");
  double div_sum = 0, split_product = 1;
  for (size_t i = 0; i < aapl->bars.size(); ++i) {
    div_sum += aapl->bars.dividend[i];
    split_product *= aapl->bars.split[i];
  }
  EXPECT_DOUBLE_EQ(div_sum, 0.205);
  EXPECT_DOUBLE_EQ(split_product, 4.0);

  auto msft = fetch("chart_MSFT_1d_2021-02-01_2022-01-28_div_events.json");
  ASSERT_EQ(msft->dividends.size(), 4u);
  EXPECT_DOUBLE_EQ(msft->dividends[0].amount, 0.56);
  EXPECT_DOUBLE_EQ(msft->dividends[3].amount, 0.62);

  auto nvda = fetch("chart_NVDA_1d_2021-02-01_2022-01-28_split_events.json");
  ASSERT_EQ(nvda->splits.size(), 1u);
  EXPECT_EQ(FormatTimestamp(nvda->splits[0].time).substr(0, 10), "2021-07-20");
  EXPECT_DOUBLE_EQ(nvda->splits[0].ratio(), 4.0);

  EXPECT_EQ(fetch("chart_TSLA_1d_2010-06-29_2023-08-11_full_history.json")->bars.size(), 3303u);

  // 391 recorded minutes: one all-null minute dropped, the trailing live bar (after period2)
  // dropped, no shift in between.
  auto m1 = fetch("chart_AAPL_1m_2024-10-02.json");
  ASSERT_TRUE(m1.ok());
  EXPECT_EQ(m1->null_rows, 1u);
  ASSERT_EQ(m1->bars.size(), 389u);
  EXPECT_EQ(m1->bars.interval, BarInterval::k1Min);
  EXPECT_TRUE(m1->bars.adj_close.empty());
  EXPECT_EQ(FormatTimestamp(m1->bars.time(388)), "2024-10-02T19:59:00Z");

  auto weekend = fetch("chart_AAPL_1m_2025-02-01_weekend_empty.json");
  ASSERT_TRUE(weekend.ok());
  EXPECT_TRUE(weekend->bars.empty());
  auto prepost = fetch("chart_TSLA_30m_2021-11-22.json");
  EXPECT_EQ(prepost->bars.size(), 30u);
  EXPECT_EQ(FormatTimestamp(prepost->bars.time(0)), "2021-11-22T09:00:00Z");  // pre-market
  auto btc = fetch("chart_BTC-USD_1d_2020-01-01_2020-01-03_24x7.json");
  EXPECT_EQ(btc->bars.size(), 2u);  // the 2020-01-03 bar is at period2 (exclusive)
  EXPECT_EQ(fetch("chart_EURUSD=X_1d_2020-01-01_2020-01-03_forex.json")->bars.size(), 2u);
  // The path segment went out URL-encoded.
  bool encoded = false;
  for (const auto& r : server_.requests()) encoded |= r.target.find("EURUSD%3DX") != std::string::npos;
  EXPECT_TRUE(encoded);
}

TEST_F(YahooReplayTest, SurvivesInjectedFaultsWithRetries) {
  const auto* f = replay_.Find("chart_MSFT_1d_2021-02-01_2022-01-28_div_events.json");
  ASSERT_NE(f, nullptr);
  YahooChartClient direct(http_, clock_, options_);
  auto clean = direct.FetchChart(RequestFor(*f));
  ASSERT_TRUE(clean.ok());

  server_.PushFault(Fault::RateLimited(1));                     // Yahoo's plain-text 429
  server_.PushFault(Fault::ServerError(500));
  server_.PushFault(Fault::TruncateBody(0.4));                  // short body
  server_.PushFault(Fault::DropConnection());
  server_.PushFault(Fault::Delay(std::chrono::milliseconds(1500)));  // beyond the timeout
  server_.PushFault(Fault::Status(503, "<html>Will be right back</html>", {}, "text/html"));
  net::RetryPolicy policy;
  policy.max_attempts = 8;
  SimulatedClock sleep_clock(Timestamp::FromUnixSeconds(0));  // waits are observed, not slept
  net::CircuitBreaker breaker("yahoo", sleep_clock, {/*failure_threshold=*/10});
  net::RetryingHttpClient http(http_, sleep_clock, policy, &breaker);
  YahooClientOptions opt = options_;
  opt.timeout = std::chrono::milliseconds(500);
  YahooChartClient yahoo(http, clock_, opt);
  auto r = yahoo.FetchChart(RequestFor(*f));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(server_.faults_applied(), 6u);
  EXPECT_EQ(http.retries(), 6);
  EXPECT_EQ(r->bars.time_ns, clean->bars.time_ns);
  EXPECT_EQ(r->bars.close, clean->bars.close);
  EXPECT_EQ(r->bars.dividend, clean->bars.dividend);
  // The 429's Retry-After (1 s) was honoured: the first wait is at least a second.
  EXPECT_GE(http.total_wait(), std::chrono::seconds(1));
}

TEST_F(YahooReplayTest, ErrorsAfterRetriesAreClear) {
  net::RetryPolicy policy;
  policy.max_attempts = 3;
  SimulatedClock sleep_clock;
  net::RetryingHttpClient http(http_, sleep_clock, policy);
  YahooChartClient yahoo(http, clock_, options_);
  const auto* f = replay_.Find("chart_AAPL_1d_2020-01-02.json");
  for (int i = 0; i < 3; ++i) server_.PushFault(Fault::RateLimited(0));
  auto limited = yahoo.FetchChart(RequestFor(*f));
  EXPECT_EQ(limited.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(limited.status().message().find("rate limited (HTTP 429): Too Many Requests"),
            std::string::npos)
      << limited.status().message();
  // Truncated every time: a transport DataLoss naming the request, never a parse of half a body.
  for (int i = 0; i < 3; ++i) server_.PushFault(Fault::TruncateBody(0.5));
  auto cut = yahoo.FetchChart(RequestFor(*f));
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss) << cut.status().ToString();
  EXPECT_NE(cut.status().message().find("yahoo chart AAPL"), std::string::npos);
  auto unknown = yahoo.FetchChart({.symbol = "NOPE", .interval = "1d", .start = Timestamp(),
                                   .end = Timestamp::FromUnixSeconds(86400)});
  // empty_for_unknown answers an empty window: no bars, no error.
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->bars.empty());
}

TEST_F(YahooReplayTest, CircuitBreakerFailsFastOnceOpen) {
  SimulatedClock sleep_clock;
  net::CircuitBreaker breaker("yahoo", sleep_clock, {/*failure_threshold=*/3,
                                                     std::chrono::seconds(60), 1});
  net::RetryPolicy policy;
  policy.max_attempts = 2;
  net::RetryingHttpClient http(http_, sleep_clock, policy, &breaker);
  YahooChartClient yahoo(http, clock_, options_);
  const auto* f = replay_.Find("chart_QQQ_1d_2020-01-02.json");
  for (int i = 0; i < 10; ++i) server_.PushFault(Fault::ServerError(502));
  EXPECT_FALSE(yahoo.FetchChart(RequestFor(*f)).ok());  // 2 attempts
  EXPECT_FALSE(yahoo.FetchChart(RequestFor(*f)).ok());  // 1 attempt, then the breaker opens
  const size_t seen = server_.request_count();
  EXPECT_EQ(seen, 3u);
  auto fast = yahoo.FetchChart(RequestFor(*f));
  EXPECT_EQ(fast.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(fast.status().message().find("circuit yahoo open"), std::string::npos);
  EXPECT_EQ(server_.request_count(), seen);  // nothing reached the server
  // After the open period one probe goes through; the server is healthy again.
  server_.ClearFaults();
  sleep_clock.Advance(std::chrono::seconds(61));
  auto again = yahoo.FetchChart(RequestFor(*f));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(breaker.state(), net::CircuitBreaker::State::kClosed);
}

TEST_F(YahooReplayTest, LongOneMinuteWindowIsChunkedAndMerged) {
  // 2024-09-25T00:00Z .. 2024-10-03T00:00Z: chunks [09-25, 10-02) and [10-02, 10-03); the second
  // is exactly the recorded request.
  YahooClientOptions opt = options_;
  opt.enforce_history_limits = true;
  YahooChartClient yahoo(http_, clock_, opt);
  auto r = yahoo.FetchHistory({.symbol = "AAPL", .interval = "1m",
                               .start = Timestamp::FromUnixSeconds(1'727'222'400),
                               .end = Timestamp::FromUnixSeconds(1'727'913'600)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(r->bars.size(), 389u);
  auto too_old = yahoo.FetchHistory({.symbol = "AAPL", .interval = "1m",
                                     .start = Timestamp::FromUnixSeconds(1'724'000'000),
                                     .end = Timestamp::FromUnixSeconds(1'727'913'600)});
  EXPECT_EQ(too_old.status().code(), StatusCode::kOutOfRange);
}

TEST_F(YahooReplayTest, CookieAndCrumbOverSockets) {
  // A server that, like Yahoo's consent flow, sets a cookie, hands out a crumb only to holders of
  // that cookie, and rejects chart calls without both.
  server_.Route("GET", "/fc", [](const net::ServerRequest&) {
    net::ServerResponse r = net::ServerResponse::Text(404, "not found");
    r.headers.push_back({"Set-Cookie", "A3=d=AQABBK; Path=/; HttpOnly"});
    return r;
  });
  server_.Route("GET", "/v1/test/getcrumb", [](const net::ServerRequest& r) {
    if (r.Header("Cookie") != "A3=d=AQABBK") return net::ServerResponse::Text(401, "");
    return net::ServerResponse::Text(200, "Xy7.crumb/1");
  });
  net::LocalHttpServer chart_gate;
  // Reuse the replay behind a gate: check cookie and crumb, then forward the fixture.
  const auto* f = replay_.Find("chart_AAPL_1d_2020-01-02.json");
  chart_gate.Route("GET", R"(/v8/finance/chart/AAPL)", [f](const net::ServerRequest& r) {
    if (r.Param("crumb") != "Xy7.crumb/1" || r.Header("Cookie") != "A3=d=AQABBK") {
      return net::ServerResponse::Json(
          401, R"({"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}})");
    }
    return net::ServerResponse::Json(200, f->body);
  });
  ASSERT_TRUE(chart_gate.Start().ok());
  net::HttpsClient cookie_client({.enable_cookies = true});
  YahooClientOptions opt = options_;
  opt.base_url = chart_gate.base_url();
  opt.use_crumb = true;
  // Cookies are per host: serve everything from 127.0.0.1 (ports do not separate cookies).
  opt.cookie_url = server_.base_url() + "/fc";
  opt.crumb_url = server_.base_url() + "/v1/test/getcrumb";
  YahooChartClient yahoo(cookie_client, clock_, opt);
  auto r = yahoo.FetchChart(RequestFor(*f));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->bars.size(), 1u);
  // Without the cookie engine the crumb endpoint refuses: a clear auth error.
  YahooChartClient no_cookies(http_, clock_, opt);
  EXPECT_EQ(no_cookies.FetchChart(RequestFor(*f)).status().code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace tradelet::yahoo
