#include "tradelet/adapters/alpaca/trading_client.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tradelet/base/clock.h"
#include "tradelet/net/fake_http_client.h"
#include "tradelet/net/retry.h"

namespace tradelet::alpaca {
namespace {

constexpr char kOrder[] = R"({"id":"o1","client_order_id":"cid-1","symbol":"SPY","qty":"1",
  "side":"buy","type":"market","time_in_force":"day","status":"new",
  "created_at":"2024-01-02T15:00:00Z"})";

AlpacaTradingOptions Opts() {
  AlpacaTradingOptions o;
  o.base_url = "http://x.test/";
  o.key_id = "KEYID123";
  o.secret_key = "SECRET456";
  return o;
}

TEST(TradingClient, ByClientIdKeepsTheColonAndSendsKeys) {
  net::FakeHttpClient fake;
  fake.Enqueue(200, kOrder);
  AlpacaTradingClient c(fake, Opts());
  auto o = c.GetOrderByClientId("s1-2024 x");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  const auto req = fake.requests().at(0);
  EXPECT_EQ(req.url, "http://x.test/v2/orders:by_client_order_id?client_order_id=s1-2024%20x");
  EXPECT_EQ(net::FindHeader(req.headers, "APCA-API-KEY-ID").value_or(""), "KEYID123");
  EXPECT_EQ(net::FindHeader(req.headers, "APCA-API-SECRET-KEY").value_or(""), "SECRET456");
}

TEST(TradingClient, TypedErrorsWithoutSecrets) {
  net::FakeHttpClient fake;
  fake.Enqueue(403, R"({"code":40310000,"message":"insufficient buying power"})");
  fake.Enqueue(404, R"({"code":40410000,"message":"order not found"})");
  fake.Enqueue(422, R"({"code":40010001,"message":"client_order_id must be unique"})");
  fake.Enqueue(429, "Too Many Requests");
  fake.Enqueue(503, "<html>down</html>");
  AlpacaTradingClient c(fake, Opts());
  std::vector<TradingExchange> seen;
  c.set_observer([&](const TradingExchange& e) { seen.push_back(e); });
  OrderRequest r;
  r.symbol = "SPY";
  r.qty = Decimal::FromInt(1);
  auto e403 = c.CreateOrder(r);
  EXPECT_EQ(e403.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(e403.status().message().find("[40310000] insufficient buying power"),
            std::string::npos);
  EXPECT_EQ(c.GetOrder("nope").status().code(), StatusCode::kNotFound);
  auto dup = c.CreateOrder(r);
  EXPECT_TRUE(IsDuplicateClientOrderId(dup.status())) << dup.status().ToString();
  EXPECT_EQ(c.GetAccount().status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(c.GetClock().status().code(), StatusCode::kUnavailable);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].status, 403);
  for (const auto& e : seen) {
    EXPECT_EQ(e.request_body.find("SECRET456"), std::string::npos);
    EXPECT_EQ(e.path.find("KEYID123"), std::string::npos);
  }
}

TEST(TradingClient, GetsAreRetriedPostsNever) {
  net::FakeHttpClient fake;
  SimulatedClock clock(Timestamp::FromUnixSeconds(1'700'000'000));
  net::RetryPolicy policy;
  policy.seed = 7;
  net::RetryingHttpClient http(fake, clock, policy);
  AlpacaTradingClient c(http, Opts());
  fake.Enqueue(500, "boom");
  fake.Enqueue(Unavailable("connection reset"));
  fake.Enqueue(200, kOrder);
  auto got = c.GetOrder("o1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(fake.request_count(), 3u);

  fake.Enqueue(504, "gateway timeout");
  fake.Enqueue(200, kOrder);  // must NOT be consumed by a blind retry
  OrderRequest r;
  r.symbol = "SPY";
  r.qty = Decimal::FromInt(1);
  auto posted = c.CreateOrder(r);
  EXPECT_EQ(posted.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(fake.request_count(), 4u);
  EXPECT_EQ(fake.pending(), 1u);
}

TEST(TradingClient, EndpointsAndQueries) {
  net::FakeHttpClient fake;
  fake.SetHandler([](const net::HttpRequest&) -> Result<net::HttpResponse> {
    return net::HttpResponse{200, {}, "[]"};
  });
  AlpacaTradingClient c(fake, Opts());
  ListOrdersQuery q;
  q.status = "all";
  q.nested = true;
  q.limit = 500;
  q.symbols = {"SPY", "AAPL"};
  ASSERT_TRUE(c.ListOrders(q).ok());
  EXPECT_EQ(fake.requests().back().url,
            "http://x.test/v2/orders?status=all&limit=500&nested=true&symbols=SPY%2CAAPL");
  ASSERT_TRUE(c.GetCalendar({2024, 1, 1}, {2024, 1, 31}).ok());
  EXPECT_EQ(fake.requests().back().url,
            "http://x.test/v2/calendar?start=2024-01-01&end=2024-01-31");
  ASSERT_TRUE(c.CancelAllOrders().ok());
  EXPECT_EQ(fake.requests().back().method, net::HttpMethod::kDelete);
  EXPECT_FALSE(c.ClosePosition("SPY", Decimal::FromInt(1), Decimal::FromInt(50)).ok());
}

TEST(TradingClient, EnvironmentOverrides) {
  setenv("APCA_API_BASE_URL", "http://127.0.0.1:9", 1);
  unsetenv("APCA_API_KEY_ID");
  unsetenv("APCA_API_SECRET_KEY");
  setenv("ALPACAUSER", "u", 1);
  setenv("ALPACAPW", "p", 1);
  auto o = AlpacaTradingOptionsFromEnvironment();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->base_url, "http://127.0.0.1:9");
  EXPECT_EQ(o->key_id, "u");
  unsetenv("APCA_API_BASE_URL");
  auto live = AlpacaTradingOptionsFromEnvironment(true);
  EXPECT_EQ(live->base_url, kLiveTradingUrl);
  unsetenv("ALPACAUSER");
  unsetenv("ALPACAPW");
  auto none = AlpacaTradingOptionsFromEnvironment();
  EXPECT_EQ(none.status().code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace tradelet::alpaca
