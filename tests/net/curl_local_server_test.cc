// The real libcurl transport against LocalHttpServer over 127.0.0.1: normal exchanges, connection
// reuse, cookies, and every injected fault mapped to the right Status.
#include <gtest/gtest.h>

#include "tradelet/base/clock.h"
#include "tradelet/net/curl_http_client.h"
#include "tradelet/net/local_http_server.h"
#include "tradelet/net/retry.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::net {
namespace {

class CurlLocalServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Route("GET", "/hello", [](const ServerRequest& r) {
      ServerResponse out = ServerResponse::Text(200, "hi " + r.Param("name").value_or("?"));
      out.headers.push_back({"X-Seen-UA", r.Header("User-Agent").value_or("")});
      return out;
    });
    server_.Route("POST", "/echo", [](const ServerRequest& r) {
      return ServerResponse::Json(201, r.body);
    });
    server_.Route("GET", "/set-cookie", [](const ServerRequest&) {
      ServerResponse out = ServerResponse::Text(200, "set");
      out.headers.push_back({"Set-Cookie", "A3=d=abc; Path=/"});
      return out;
    });
    server_.Route("GET", "/show-cookie", [](const ServerRequest& r) {
      return ServerResponse::Text(200, r.Header("Cookie").value_or("<none>"));
    });
    server_.Route("GET", "/big", [](const ServerRequest&) {
      return ServerResponse::Text(200, std::string(100'000, 'x'));
    });
    server_.Route("GET", R"(/items/(\d+))", [](const ServerRequest& r) {
      return ServerResponse::Json(200, "{\"id\":" + r.matches[1] + "}");
    });
    ASSERT_TRUE(server_.Start().ok());
  }

  HttpRequest Get(const std::string& path) {
    HttpRequest r;
    r.url = server_.base_url() + path;
    r.timeout = std::chrono::seconds(5);
    return r;
  }

  LocalHttpServer server_;
};

TEST_F(CurlLocalServerTest, GetPostRoutesAndHeaders) {
  CurlHttpClient curl({.user_agent = "tradelet-test/1"});
  auto r = curl.Send(Get("/hello?name=a%20b"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hi a b");
  EXPECT_EQ(r->Header("x-seen-ua"), "tradelet-test/1");
  EXPECT_EQ(r->Header("Content-Type"), "text/plain");

  HttpRequest post = Get("/echo");
  post.method = HttpMethod::kPost;
  post.body = std::string(5000, 'p');  // larger than libcurl's Expect: 100-continue threshold
  post.headers = {{"Content-Type", "application/json"}};
  auto p = curl.Send(post);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, 201);
  EXPECT_EQ(p->body.size(), 5000u);

  auto item = curl.Send(Get("/items/42"));
  EXPECT_EQ(item->body, "{\"id\":42}");
  auto missing = curl.Send(Get("/nothing"));
  ASSERT_TRUE(missing.ok());  // an HTTP error is a response, not a transport error
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(server_.request_count(), 4u);
}

TEST_F(CurlLocalServerTest, GzipOnTheWireIsDecoded) {
  CurlHttpClient curl;
  auto r = curl.Send(Get("/big"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Header("Content-Encoding"), "gzip");  // the server compressed it...
  EXPECT_EQ(r->body, std::string(100'000, 'x'));    // ...and the client decoded it
  EXPECT_EQ(server_.requests().back().Header("Accept-Encoding"), "gzip, deflate");
}

TEST_F(CurlLocalServerTest, ReusesTheConnection) {
  CurlHttpClient curl;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(curl.Send(Get("/hello")).ok());
  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 5u);
  for (const auto& r : reqs) EXPECT_EQ(r.remote_port, reqs[0].remote_port);
}

TEST_F(CurlLocalServerTest, CookieEngineKeepsCookiesAndWritesTheJar) {
  const std::string jar = ::tradelet::testing::TempDir() + "/cookies.txt";
  {
    CurlHttpClient curl({.enable_cookies = true, .cookie_jar_path = jar});
    ASSERT_TRUE(curl.Send(Get("/set-cookie")).ok());
    EXPECT_EQ(curl.Send(Get("/show-cookie"))->body, "A3=d=abc");
  }
  {
    CurlHttpClient reloaded({.enable_cookies = true, .cookie_jar_path = jar});
    EXPECT_EQ(reloaded.Send(Get("/show-cookie"))->body, "A3=d=abc");
  }
  CurlHttpClient no_cookies;
  ASSERT_TRUE(no_cookies.Send(Get("/set-cookie")).ok());
  EXPECT_EQ(no_cookies.Send(Get("/show-cookie"))->body, "<none>");
}

TEST_F(CurlLocalServerTest, DelayBeyondTheTimeoutIsDeadlineExceeded) {
  CurlHttpClient curl;
  server_.PushFault(Fault::Delay(std::chrono::seconds(3)));
  HttpRequest r = Get("/hello");
  r.timeout = std::chrono::milliseconds(300);
  auto out = curl.Send(r);
  EXPECT_EQ(out.status().code(), StatusCode::kDeadlineExceeded) << out.status().ToString();
  // The next request works (the fault was consumed).
  EXPECT_EQ(curl.Send(Get("/hello"))->status, 200);
}

TEST_F(CurlLocalServerTest, TruncatedBodyIsDataLoss) {
  CurlHttpClient curl;
  server_.PushFault(Fault::TruncateBody(0.3), "/big");
  auto out = curl.Send(Get("/big"));
  EXPECT_EQ(out.status().code(), StatusCode::kDataLoss) << out.status().ToString();
  EXPECT_EQ(curl.Send(Get("/big"))->body.size(), 100'000u);
}

TEST_F(CurlLocalServerTest, DroppedConnectionIsUnavailable) {
  CurlHttpClient curl;
  server_.PushFault(Fault::DropConnection());
  auto out = curl.Send(Get("/hello"));
  EXPECT_EQ(out.status().code(), StatusCode::kUnavailable) << out.status().ToString();
  EXPECT_EQ(curl.Send(Get("/hello"))->status, 200);
}

TEST_F(CurlLocalServerTest, StatusFaultsAndRetriesOverSockets) {
  CurlHttpClient curl;
  server_.PushFault(Fault::RateLimited(0));
  server_.PushFault(Fault::ServerError(503));
  server_.PushFault(Fault::TruncateBody(0.5));
  server_.PushFault(Fault::DropConnection());
  RetryPolicy policy;
  policy.initial_backoff = std::chrono::milliseconds(5);
  policy.max_attempts = 5;
  RetryingHttpClient http(curl, RealClock::Get(), policy);
  auto out = http.Send(Get("/hello?name=z"));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->body, "hi z");
  EXPECT_EQ(server_.request_count(), 5u);
  EXPECT_EQ(server_.faults_applied(), 4u);
  EXPECT_EQ(http.retries(), 4);
}

TEST_F(CurlLocalServerTest, BodyLimitAndRefusedConnection) {
  CurlHttpClient small({.max_body_bytes = 1000});
  EXPECT_EQ(small.Send(Get("/big")).status().code(), StatusCode::kResourceExhausted);
  const std::string url = server_.base_url() + "/hello";
  server_.Stop();
  CurlHttpClient curl;
  HttpRequest r;
  r.url = url;
  EXPECT_EQ(curl.Send(r).status().code(), StatusCode::kUnavailable);
  r.url = "not a url";
  EXPECT_FALSE(curl.Send(r).ok());
}

}  // namespace
}  // namespace tradelet::net
