#include "tradelet/net/http.h"

#include <gtest/gtest.h>

namespace tradelet::net {
namespace {

TEST(Http, IdempotencyFollowsRfc9110) {
  EXPECT_TRUE(IsIdempotent(HttpMethod::kGet));
  EXPECT_TRUE(IsIdempotent(HttpMethod::kPut));
  EXPECT_TRUE(IsIdempotent(HttpMethod::kDelete));
  EXPECT_FALSE(IsIdempotent(HttpMethod::kPost));
  EXPECT_FALSE(IsIdempotent(HttpMethod::kPatch));
  HttpRequest r;
  r.method = HttpMethod::kPost;
  EXPECT_FALSE(r.idempotent());
  r.idempotent_override = true;
  EXPECT_TRUE(r.idempotent());
}

TEST(Http, FindHeaderIsCaseInsensitive) {
  Headers h = {{"Content-Type", "text/plain"}, {"retry-after", "3"}};
  EXPECT_EQ(FindHeader(h, "content-type"), "text/plain");
  EXPECT_EQ(FindHeader(h, "Retry-After"), "3");
  EXPECT_FALSE(FindHeader(h, "X-Missing").has_value());
}

TEST(Http, StatusMapping) {
  EXPECT_TRUE(HttpStatusToStatus(204, "x", "").ok());
  EXPECT_EQ(HttpStatusToStatus(400, "x", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpStatusToStatus(401, "x", "").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(HttpStatusToStatus(403, "x", "").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(HttpStatusToStatus(404, "x", "").code(), StatusCode::kNotFound);
  EXPECT_EQ(HttpStatusToStatus(422, "x", "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpStatusToStatus(429, "x", "").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(HttpStatusToStatus(503, "x", "").code(), StatusCode::kUnavailable);
  EXPECT_EQ(HttpStatusToStatus(418, "x", "").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(HttpStatusToStatus(404, "yahoo chart", "gone").message(),
            "yahoo chart: HTTP 404: gone");
}

TEST(Http, UrlEncodingAndQuery) {
  EXPECT_EQ(UrlEncode("^GSPC"), "%5EGSPC");
  EXPECT_EQ(UrlEncode("EURUSD=X"), "EURUSD%3DX");
  EXPECT_EQ(UrlEncode("BRK-B.a_~"), "BRK-B.a_~");
  EXPECT_EQ(UrlEncode("div,splits"), "div%2Csplits");
  EXPECT_EQ(QueryString({}), "");
  EXPECT_EQ(QueryString({{"a", "1"}, {"b", "x y"}}), "?a=1&b=x%20y");
  EXPECT_EQ(TrimTrailingSlash("http://h:1//"), "http://h:1");
}

TEST(Http, BodyExcerptIsOneBoundedLine) {
  EXPECT_EQ(BodyExcerpt("Too Many Requests\r\n"), "Too Many Requests");
  EXPECT_EQ(BodyExcerpt(std::string(300, 'a'), 10), "aaaaaaaaaa...");
}

}  // namespace
}  // namespace tradelet::net
