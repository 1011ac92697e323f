#include "tradelet/net/proxy.h"

#include <gtest/gtest.h>

namespace tradelet::net {
namespace {

TEST(Proxy, ParsesHostPortAndCredentials) {
  auto p = ParseProxy("http://us%40er:p%3Ass@proxy.corp:3128/");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->host, "proxy.corp");
  EXPECT_EQ(p->port, 3128);
  EXPECT_EQ(p->user, "us@er");
  EXPECT_EQ(p->password, "p:ss");
  auto bare = ParseProxy("10.0.0.1");  // no scheme, no port: curl's default port
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->host, "10.0.0.1");
  EXPECT_EQ(bare->port, 1080);
  EXPECT_EQ(ParseProxy("[::1]:8080")->port, 8080);
  EXPECT_EQ(ParseProxy("https://proxy:443").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProxy("socks5://proxy:1080").status().code(), StatusCode::kInvalidArgument);
}

TEST(Proxy, PicksBySchemeAndHonoursNoProxy) {
  const auto s = ProxySettings::FromValues("http://hp:1", "http://sp:2",
                                           " localhost, .internal.corp,10.1.2.3:8080,[::1]");
  EXPECT_EQ(s.For(*ParseUrl("http://example.com/"))->host, "hp");
  EXPECT_EQ(s.For(*ParseUrl("https://example.com/"))->host, "sp");
  EXPECT_FALSE(s.For(*ParseUrl("http://localhost:8080/")));
  EXPECT_FALSE(s.For(*ParseUrl("https://a.internal.corp/")));
  EXPECT_FALSE(s.For(*ParseUrl("https://internal.corp/")));
  EXPECT_TRUE(s.For(*ParseUrl("https://notinternal.corp/")));  // suffix on a label boundary only
  EXPECT_FALSE(s.For(*ParseUrl("http://10.1.2.3/")));
  EXPECT_FALSE(s.For(*ParseUrl("http://[::1]:5/")));
  EXPECT_FALSE(ProxySettings::FromValues("hp:1", "sp:2", "*").For(*ParseUrl("http://x/")));
  // A bad value is ignored (with a warning): direct connection.
  EXPECT_FALSE(ProxySettings::FromValues("socks5://x:1", "", "").For(*ParseUrl("http://x/")));
  EXPECT_FALSE(ProxySettings::FromValues("", "", "").For(*ParseUrl("https://x/")));
}

TEST(Proxy, ReadsTheEnvironment) {
  ::setenv("http_proxy", "http://lower:1", 1);
  ::setenv("HTTP_PROXY", "http://upper:2", 1);  // ignored on purpose (httpoxy)
  ::unsetenv("https_proxy");
  ::setenv("HTTPS_PROXY", "http://secure:3", 1);
  ::setenv("NO_PROXY", "skip.me", 1);
  ::unsetenv("no_proxy");
  const auto s = ProxySettings::FromEnvironment();
  EXPECT_EQ(s.For(*ParseUrl("http://x/"))->host, "lower");
  EXPECT_EQ(s.For(*ParseUrl("https://x/"))->host, "secure");
  EXPECT_FALSE(s.For(*ParseUrl("https://skip.me/")));
  ::unsetenv("http_proxy");
  ::unsetenv("HTTPS_PROXY");
  ::setenv("all_proxy", "http://all:4", 1);
  EXPECT_EQ(ProxySettings::FromEnvironment().For(*ParseUrl("http://x/"))->host, "all");
  EXPECT_EQ(ProxySettings::FromEnvironment().For(*ParseUrl("https://x/"))->host, "all");
  for (const char* v : {"HTTP_PROXY", "all_proxy", "NO_PROXY"}) ::unsetenv(v);
  EXPECT_FALSE(ProxySettings::FromEnvironment().For(*ParseUrl("http://x/")));
}

}  // namespace
}  // namespace tradelet::net
