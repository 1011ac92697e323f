#include "tradelet/net/retry.h"

#include <gtest/gtest.h>

#include "tradelet/net/fake_http_client.h"

namespace tradelet::net {
namespace {

const Timestamp kStart = Timestamp::FromUnixSeconds(1'700'000'000);

RetryPolicy NoJitter(int attempts) {
  RetryPolicy p;
  p.max_attempts = attempts;
  p.initial_backoff = std::chrono::milliseconds(100);
  p.multiplier = 2;
  p.max_backoff = std::chrono::seconds(10);
  p.jitter = 0;
  return p;
}

HttpRequest Get() {
  HttpRequest r;
  r.url = "http://127.0.0.1:1/x";
  return r;
}

TEST(Retry, ExponentialBackoffOnTransientErrorsThenSuccess) {
  FakeHttpClient fake;
  fake.Enqueue(Unavailable("connection refused"));
  fake.Enqueue(500, "oops");
  fake.Enqueue(DataLoss("short body"));
  fake.Enqueue(200, "ok");
  SimulatedClock clock(kStart);
  RetryingHttpClient http(fake, clock, NoJitter(4));
  auto r = http.Send(Get());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(fake.request_count(), 4u);
  // 100 + 200 + 400 ms, exactly: no jitter.
  EXPECT_EQ(clock.Now() - kStart, std::chrono::milliseconds(700));
  EXPECT_EQ(http.retries(), 3);
}

TEST(Retry, GivesUpAfterMaxAttemptsAndReturnsTheLastOutcome) {
  FakeHttpClient fake;
  for (int i = 0; i < 3; ++i) fake.Enqueue(503, "down");
  SimulatedClock clock(kStart);
  RetryingHttpClient http(fake, clock, NoJitter(3));
  auto r = http.Send(Get());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(fake.request_count(), 3u);
}

TEST(Retry, DoesNotRetryClientErrors) {
  FakeHttpClient fake;
  fake.Enqueue(404, "nope");
  fake.Enqueue(InvalidArgument("bad url"));
  SimulatedClock clock(kStart);
  RetryingHttpClient http(fake, clock, NoJitter(4));
  EXPECT_EQ(http.Send(Get())->status, 404);
  EXPECT_EQ(http.Send(Get()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(fake.request_count(), 2u);
  EXPECT_EQ(clock.Now(), kStart);
}

TEST(Retry, NeverRetriesAPostBlindly) {
  FakeHttpClient fake;
  fake.Enqueue(504, "gateway timeout");
  fake.Enqueue(200, "second");
  SimulatedClock clock(kStart);
  RetryingHttpClient http(fake, clock, NoJitter(4));
  HttpRequest post = Get();
  post.method = HttpMethod::kPost;
  auto r = http.Send(post);
  EXPECT_EQ(r->status, 504);
  EXPECT_EQ(fake.request_count(), 1u);
  // Unless the caller vouches for idempotency (e.g. a client order id).
  fake.Enqueue(504, "gateway timeout");
  post.idempotent_override = true;
  EXPECT_EQ(http.Send(post)->body, "second");
}

TEST(Retry, HonoursRetryAfterSecondsCappedByMaxBackoff) {
  FakeHttpClient fake;
  fake.Enqueue(429, "Too Many Requests", {{"Retry-After", "3"}});
  fake.Enqueue(429, "Too Many Requests", {{"Retry-After", "3600"}});
  fake.Enqueue(200, "ok");
  SimulatedClock clock(kStart);
  RetryingHttpClient http(fake, clock, NoJitter(4));
  ASSERT_EQ(http.Send(Get())->body, "ok");
  EXPECT_EQ(clock.Now() - kStart, std::chrono::seconds(3) + std::chrono::seconds(10));
}

TEST(Retry, ServerRequestedWaitFormats) {
  const Timestamp now = Timestamp::FromUnixSeconds(784111777);  // 1994-11-06T08:49:37Z
  HttpResponse r;
  r.status = 503;
  r.headers = {{"Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT"}};
  EXPECT_EQ(ServerRequestedWait(r, now), std::chrono::seconds(10));
  r.status = 429;
  r.headers = {{"X-RateLimit-Reset", "784111782"}};
  EXPECT_EQ(ServerRequestedWait(r, now), std::chrono::seconds(5));
  r.headers = {{"Retry-After", "soon"}};
  EXPECT_FALSE(ServerRequestedWait(r, now).has_value());
}

TEST(Retry, JitterStaysWithinTheBand) {
  FakeHttpClient fake;
  SimulatedClock clock(kStart);
  RetryPolicy p = NoJitter(2);
  p.jitter = 0.5;
  p.seed = 42;
  RetryingHttpClient http(fake, clock, p);
  for (int i = 0; i < 50; ++i) {
    fake.Enqueue(500, "");
    fake.Enqueue(200, "");
    const Timestamp before = clock.Now();
    ASSERT_TRUE(http.Send(Get()).ok());
    const Duration waited = clock.Now() - before;
    EXPECT_GE(waited, std::chrono::milliseconds(50));
    EXPECT_LE(waited, std::chrono::milliseconds(100));
  }
}

TEST(Retry, CircuitBreakerStopsCallsWhenOpen) {
  FakeHttpClient fake;
  SimulatedClock clock(kStart);
  CircuitBreaker breaker("svc", clock, {/*failure_threshold=*/3, std::chrono::seconds(60), 1});
  RetryingHttpClient http(fake, clock, NoJitter(10), &breaker);
  for (int i = 0; i < 3; ++i) fake.Enqueue(Unavailable("refused"));
  auto r = http.Send(Get());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("circuit svc open"), std::string::npos);
  EXPECT_EQ(fake.request_count(), 3u);  // tripped after 3, the rest never hit the network
  // A 404 proves the service is up: it closes a half-open breaker.
  clock.Advance(std::chrono::seconds(60));
  fake.Enqueue(404, "");
  EXPECT_EQ(http.Send(Get())->status, 404);
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kClosed);
}

}  // namespace
}  // namespace tradelet::net
