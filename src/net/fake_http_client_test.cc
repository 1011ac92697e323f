#include "tradelet/net/fake_http_client.h"

#include <gtest/gtest.h>

namespace tradelet::net {
namespace {

TEST(FakeHttpClient, QueueThenHandlerThenError) {
  FakeHttpClient fake;
  fake.Enqueue(429, "Too Many Requests");
  fake.Enqueue(Unavailable("reset"));
  HttpRequest req;
  req.url = "http://x/a";
  auto r1 = fake.Send(req);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->status, 429);
  EXPECT_EQ(fake.Send(req).status().code(), StatusCode::kUnavailable);
  // Nothing scripted: a clear error, never a silent success.
  auto r3 = fake.Send(req);
  EXPECT_EQ(r3.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r3.status().message().find("http://x/a"), std::string::npos);
  fake.SetHandler([](const HttpRequest& r) -> Result<HttpResponse> {
    HttpResponse out;
    out.status = 200;
    out.body = r.url;
    return out;
  });
  auto r4 = fake.Send(req);
  ASSERT_TRUE(r4.ok());
  EXPECT_EQ(r4->body, "http://x/a");
  EXPECT_EQ(fake.request_count(), 4u);
}

}  // namespace
}  // namespace tradelet::net
