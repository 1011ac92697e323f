#include "tradelet/net/url.h"

#include <gtest/gtest.h>

namespace tradelet::net {
namespace {

TEST(Url, ParsesTheParts) {
  auto u = ParseUrl("HTTPS://User:pw@Data.Alpaca.Markets:8443/v2/stocks/bars?symbols=AAPL#frag");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->userinfo, "User:pw");
  EXPECT_EQ(u->host, "data.alpaca.markets");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/v2/stocks/bars?symbols=AAPL");
  EXPECT_EQ(u->path(), "/v2/stocks/bars");
  EXPECT_EQ(u->Origin(), "https://data.alpaca.markets:8443");
}

TEST(Url, DefaultsPortAndPath) {
  EXPECT_EQ(ParseUrl("http://example.com")->port, 80);
  EXPECT_EQ(ParseUrl("http://example.com")->target, "/");
  EXPECT_EQ(ParseUrl("https://example.com?q=1")->target, "/?q=1");
  EXPECT_EQ(ParseUrl("https://example.com")->port, 443);
  auto v6 = ParseUrl("http://[::1]:9000/x");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9000);
  EXPECT_EQ(v6->Origin(), "http://[::1]:9000");
}

TEST(Url, RefusesWhatIsNoHttpUrl) {
  for (const char* bad : {"", "not a url", "ftp://x/y", "http://", "http://:80/", "http://h:0/",
                          "http://h:65536/", "http://h:8x/", "http://[::1/", "http://h/a b",
                          "example.com/path", "http://.a/", "http://a..b/", "http://a%20b/",
                          "http://a\"b/", "https://[.::1]:8443/p", "http://[abc]/",
                          "http://[::1::2]/"}) {
    auto u = ParseUrl(bad);
    EXPECT_EQ(u.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  // The query (which may carry a token) stays out of the message.
  auto u = ParseUrl("ftp://h/p?crumb=secret");
  EXPECT_EQ(u.status().message().find("secret"), std::string::npos) << u.status().message();
}

TEST(Url, ResolvesRedirectLocations) {
  const Url base = *ParseUrl("https://fc.yahoo.com:443/a/b?x=1");
  EXPECT_EQ(ResolveLocation(base, "http://other.com/z")->Origin(), "http://other.com:80");
  auto scheme_rel = ResolveLocation(base, "//guce.yahoo.com/consent?x");
  EXPECT_EQ(scheme_rel->Origin(), "https://guce.yahoo.com:443");
  EXPECT_EQ(scheme_rel->target, "/consent?x");
  EXPECT_EQ(ResolveLocation(base, "/root?y=2")->target, "/root?y=2");
  EXPECT_EQ(ResolveLocation(base, "c")->target, "/a/c");
  EXPECT_EQ(ResolveLocation(base, "?z")->target, "/a/b?z");
  EXPECT_EQ(ResolveLocation(base, "/p?next=http://evil/")->host, "fc.yahoo.com");
  EXPECT_FALSE(ResolveLocation(base, "").ok());
  EXPECT_FALSE(ResolveLocation(base, "gopher://x/").ok());
}

}  // namespace
}  // namespace tradelet::net
