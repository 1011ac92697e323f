// The real transport (HttpsClient) against LocalHttpServer over 127.0.0.1: normal exchanges,
// connection reuse, cookies, redirects, deadlines, proxies, many threads, and every injected
// fault mapped to the right Status. TLS has its own file (https_client_tls_test.cc).
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "tradelet/base/clock.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/local_http_server.h"
#include "tradelet/net/retry.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::net {
namespace {

class HttpsClientLocalServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Route("GET", "/hello", [](const ServerRequest& r) {
      ServerResponse out = ServerResponse::Text(200, "hi " + r.Param("name").value_or("?"));
      out.headers.push_back({"X-Seen-UA", r.Header("User-Agent").value_or("")});
      return out;
    });
    server_.Route("POST", "/echo",
                  [](const ServerRequest& r) { return ServerResponse::Json(201, r.body); });
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

TEST_F(HttpsClientLocalServerTest, GetPostRoutesAndHeaders) {
  HttpsClient client({.user_agent = "tradelet-test/1"});
  auto r = client.Send(Get("/hello?name=a%20b"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hi a b");
  EXPECT_EQ(r->Header("x-seen-ua"), "tradelet-test/1");
  EXPECT_EQ(r->Header("Content-Type"), "text/plain");

  HttpRequest post = Get("/echo");
  post.method = HttpMethod::kPost;
  post.body = std::string(5000, 'p');  // larger than client's Expect: 100-continue threshold
  post.headers = {{"Content-Type", "application/json"}};
  auto p = client.Send(post);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, 201);
  EXPECT_EQ(p->body.size(), 5000u);

  auto item = client.Send(Get("/items/42"));
  EXPECT_EQ(item->body, "{\"id\":42}");
  auto missing = client.Send(Get("/nothing"));
  ASSERT_TRUE(missing.ok());  // an HTTP error is a response, not a transport error
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(server_.request_count(), 4u);
}

TEST_F(HttpsClientLocalServerTest, GzipOnTheWireIsDecoded) {
  HttpsClient client;
  auto r = client.Send(Get("/big"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Header("Content-Encoding"), "gzip");  // the server compressed it...
  EXPECT_EQ(r->body, std::string(100'000, 'x'));     // ...and the client decoded it
  EXPECT_EQ(server_.requests().back().Header("Accept-Encoding"), "gzip, deflate");
}

TEST_F(HttpsClientLocalServerTest, ReusesTheConnection) {
  HttpsClient client;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.Send(Get("/hello")).ok());
  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 5u);
  for (const auto& r : reqs) EXPECT_EQ(r.remote_port, reqs[0].remote_port);
}

TEST_F(HttpsClientLocalServerTest, CookieEngineKeepsCookiesAndWritesTheJar) {
  const std::string jar = ::tradelet::testing::TempDir() + "/cookies.txt";
  {
    HttpsClient client({.enable_cookies = true, .cookie_jar_path = jar});
    ASSERT_TRUE(client.Send(Get("/set-cookie")).ok());
    EXPECT_EQ(client.Send(Get("/show-cookie"))->body, "A3=d=abc");
  }
  {
    HttpsClient reloaded({.enable_cookies = true, .cookie_jar_path = jar});
    EXPECT_EQ(reloaded.Send(Get("/show-cookie"))->body, "A3=d=abc");
  }
  HttpsClient no_cookies;
  ASSERT_TRUE(no_cookies.Send(Get("/set-cookie")).ok());
  EXPECT_EQ(no_cookies.Send(Get("/show-cookie"))->body, "<none>");
}

TEST_F(HttpsClientLocalServerTest, DelayBeyondTheTimeoutIsDeadlineExceeded) {
  HttpsClient client;
  server_.PushFault(Fault::Delay(std::chrono::seconds(3)));
  HttpRequest r = Get("/hello");
  r.timeout = std::chrono::milliseconds(300);
  auto out = client.Send(r);
  EXPECT_EQ(out.status().code(), StatusCode::kDeadlineExceeded) << out.status().ToString();
  // The next request works (the fault was consumed).
  EXPECT_EQ(client.Send(Get("/hello"))->status, 200);
}

TEST_F(HttpsClientLocalServerTest, TruncatedBodyIsDataLoss) {
  HttpsClient client;
  server_.PushFault(Fault::TruncateBody(0.3), "/big");
  auto out = client.Send(Get("/big"));
  EXPECT_EQ(out.status().code(), StatusCode::kDataLoss) << out.status().ToString();
  EXPECT_EQ(client.Send(Get("/big"))->body.size(), 100'000u);
}

TEST_F(HttpsClientLocalServerTest, DroppedConnectionIsUnavailable) {
  HttpsClient client;
  server_.PushFault(Fault::DropConnection());
  auto out = client.Send(Get("/hello"));
  EXPECT_EQ(out.status().code(), StatusCode::kUnavailable) << out.status().ToString();
  EXPECT_EQ(client.Send(Get("/hello"))->status, 200);
}

TEST_F(HttpsClientLocalServerTest, StatusFaultsAndRetriesOverSockets) {
  HttpsClient client;
  server_.PushFault(Fault::RateLimited(0));
  server_.PushFault(Fault::ServerError(503));
  server_.PushFault(Fault::TruncateBody(0.5));
  server_.PushFault(Fault::DropConnection());
  RetryPolicy policy;
  policy.initial_backoff = std::chrono::milliseconds(5);
  policy.max_attempts = 5;
  RetryingHttpClient http(client, RealClock::Get(), policy);
  auto out = http.Send(Get("/hello?name=z"));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->body, "hi z");
  EXPECT_EQ(server_.request_count(), 5u);
  EXPECT_EQ(server_.faults_applied(), 4u);
  EXPECT_EQ(http.retries(), 4);
}

TEST_F(HttpsClientLocalServerTest, BodyLimitAndRefusedConnection) {
  HttpsClient small({.max_body_bytes = 1000});
  EXPECT_EQ(small.Send(Get("/big")).status().code(), StatusCode::kResourceExhausted);
  const std::string url = server_.base_url() + "/hello";
  server_.Stop();
  HttpsClient client;
  HttpRequest r;
  r.url = url;
  EXPECT_EQ(client.Send(r).status().code(), StatusCode::kUnavailable);
  r.url = "not a url";
  EXPECT_EQ(client.Send(r).status().code(), StatusCode::kInvalidArgument);
  r.url = "ftp://127.0.0.1/x";
  EXPECT_EQ(client.Send(r).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(HttpsClientLocalServerTest, FollowsRedirectsUpToTheLimit) {
  LocalHttpServer other;
  other.Route("GET", "/landing", [](const ServerRequest& r) {
    return ServerResponse::Text(200, "landed, cookie=" + r.Header("Cookie").value_or("<none>"));
  });
  ASSERT_TRUE(other.Start().ok());
  server_.Route("GET", "/hop/(\\d+)", [](const ServerRequest& r) {
    const int n = std::stoi(r.matches[1]);
    ServerResponse out = ServerResponse::Text(302, "");
    out.headers.push_back(
        {"Location", n == 0 ? "/hello?name=end" : "/hop/" + std::to_string(n - 1)});
    return out;
  });
  const std::string other_url = other.base_url();
  server_.Route("*", "/away", [other_url](const ServerRequest&) {
    ServerResponse out = ServerResponse::Text(303, "");
    out.headers.push_back({"Location", other_url + "/landing"});
    out.headers.push_back({"Set-Cookie", "hop=1; Path=/"});
    return out;
  });
  HttpsClient client({.enable_cookies = true, .max_redirects = 3});
  auto ok = client.Send(Get("/hop/2"));  // 3 redirects: allowed
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->body, "hi end");
  auto too_many = client.Send(Get("/hop/3"));
  EXPECT_EQ(too_many.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(too_many.status().message().find("more than 3 redirects"), std::string::npos);
  // 303 after a POST: a GET (without body) on the other server; the cookie set on the redirect
  // is kept for 127.0.0.1 (ports do not separate cookies).
  HttpRequest post = Get("/away");
  post.method = HttpMethod::kPost;
  post.body = "{}";
  post.headers = {{"Content-Type", "application/json"}};
  auto landed = client.Send(post);
  ASSERT_TRUE(landed.ok()) << landed.status().ToString();
  EXPECT_EQ(landed->body, "landed, cookie=hop=1");
  ASSERT_EQ(other.request_count(), 1u);
  EXPECT_EQ(other.requests()[0].method, "GET");
  EXPECT_EQ(other.requests()[0].body, "");
}

TEST_F(HttpsClientLocalServerTest, ApiKeysNeverFollowACrossOriginRedirect) {
  // Issue 17 item 1: a 302 to another origin (here another port of the same host) must not carry
  // the Alpaca key headers or any other credential; a same-origin redirect keeps them.
  LocalHttpServer other;
  other.Route("GET", "/steal", [](const ServerRequest& r) {
    std::string seen;
    for (const auto& [k, v] : r.headers) seen += k + "=" + v + "\n";
    return ServerResponse::Text(200, seen);
  });
  ASSERT_TRUE(other.Start().ok());
  const std::string other_url = other.base_url();
  server_.Route("GET", "/bounce", [other_url](const ServerRequest&) {
    ServerResponse out = ServerResponse::Text(302, "");
    out.headers.push_back({"Location", other_url + "/steal"});
    return out;
  });
  server_.Route("GET", "/keys", [](const ServerRequest& r) {
    return ServerResponse::Text(200, r.Header("APCA-API-SECRET-KEY").value_or("<none>"));
  });
  server_.Route("GET", "/local-bounce", [](const ServerRequest&) {
    ServerResponse out = ServerResponse::Text(307, "");
    out.headers.push_back({"Location", "/keys"});
    return out;
  });
  HttpsClient client;
  HttpRequest r = Get("/bounce");
  r.headers = {{"APCA-API-KEY-ID", "PKTESTKEYID123"},
               {"APCA-API-SECRET-KEY", "s3cr3t-value-xyz"},
               {"Authorization", "Bearer tok-abc"},
               {"X-Api-Key", "other-key-987"},
               {"Accept", "application/json"}};
  auto moved = client.Send(r);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->status, 200);
  for (const char* secret : {"PKTESTKEYID123", "s3cr3t-value-xyz", "tok-abc", "other-key-987"}) {
    EXPECT_EQ(moved->body.find(secret), std::string::npos) << secret << " leaked:\n" << moved->body;
  }
  EXPECT_NE(moved->body.find("application/json"), std::string::npos) << moved->body;
  r.url = server_.base_url() + "/local-bounce";
  auto same = client.Send(r);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->body, "s3cr3t-value-xyz");
}

TEST_F(HttpsClientLocalServerTest, TheWholeExchangeDeadlineCoversASlowBody) {
  // A body that trickles in (a chunk every 100 ms for 1.5 s): each socket wait is short, so only
  // the whole-exchange deadline can stop it.
  httplib::Server slow;
  slow.Get("/trickle", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
      if (offset >= 15) {
        sink.done();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      return sink.write("x", 1);
    });
  });
  slow.set_keep_alive_timeout(1);
  const int port = slow.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread t([&] { slow.listen_after_bind(); });
  {
    HttpsClient client;
    HttpRequest r;
    r.url = "http://127.0.0.1:" + std::to_string(port) + "/trickle";
    r.timeout = std::chrono::milliseconds(500);
    const auto start = std::chrono::steady_clock::now();
    auto out = client.Send(r);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(out.status().code(), StatusCode::kDeadlineExceeded) << out.status().ToString();
    EXPECT_LT(took, std::chrono::milliseconds(1200));
    r.timeout = std::chrono::seconds(10);
    auto full = client.Send(r);
    ASSERT_TRUE(full.ok()) << full.status().ToString();
    EXPECT_EQ(full->body, std::string(15, 'x'));
  }
  slow.stop();
  t.join();
}

TEST_F(HttpsClientLocalServerTest, ManyThreadsShareOneClient) {
  HttpsClient client({.enable_cookies = true});
  ASSERT_TRUE(client.Send(Get("/set-cookie")).ok());
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string name = std::to_string(t) + "-" + std::to_string(i);
        auto r = client.Send(Get("/hello?name=" + name));
        if (r.ok() && r->body == "hi " + name) ++good;
        auto c = client.Send(Get("/show-cookie"));
        if (c.ok() && c->body == "A3=d=abc") ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 2 * kThreads * kEach);
  // Connections were reused: the server ends a connection after 5 requests (cpp-httplib's
  // keep-alive maximum), so 401 requests need at least 81 connections; without reuse it would be
  // one per request.
  std::set<int> ports;
  for (const auto& req : server_.requests()) ports.insert(req.remote_port);
  EXPECT_LT(ports.size(), server_.request_count() / 2);
}

TEST_F(HttpsClientLocalServerTest, HttpProxyFromTheEnvironment) {
  LocalHttpServer proxy;
  proxy.Route("*", ".*", [](const ServerRequest& r) {
    return ServerResponse::Text(200, "via proxy: " + r.target + " auth=" +
                                         r.Header("Proxy-Authorization").value_or("<none>"));
  });
  ASSERT_TRUE(proxy.Start().ok());
  ::setenv("http_proxy", ("http://user:pw@127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  ::setenv("no_proxy", "localhost", 1);
  HttpsClient client;
  HttpRequest r;
  r.url = "http://quotes.example.invalid/v1/x?y=1";
  r.timeout = std::chrono::seconds(5);
  auto via = client.Send(r);
  ASSERT_TRUE(via.ok()) << via.status().ToString();
  // Absolute-form target to the proxy, with Basic credentials ("user:pw").
  EXPECT_EQ(via->body,
            "via proxy: http://quotes.example.invalid:80/v1/x?y=1 auth=Basic dXNlcjpwdw==");
  // no_proxy exempts a host: straight to the server.
  ::setenv("no_proxy", "127.0.0.1", 1);
  HttpsClient direct;
  auto d = direct.Send(Get("/hello?name=d"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->body, "hi d");
  ::unsetenv("http_proxy");
  ::unsetenv("no_proxy");
}

}  // namespace
}  // namespace tradelet::net
