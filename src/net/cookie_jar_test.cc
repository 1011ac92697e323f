#include "tradelet/net/cookie_jar.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tradelet/testing/shared_data.h"

namespace tradelet::net {
namespace {

// 2026-01-01T00:00:00Z, an arbitrary "now".
const Timestamp kNow = Timestamp::FromUnixSeconds(1'767'225'600);

Url U(const char* s) { return *ParseUrl(s); }

TEST(CookieDate, ParsesTheThreeFormsAndRefusesNonsense) {
  // Unix times computed independently (Python calendar.timegm).
  EXPECT_EQ(ParseCookieDate("Wed, 21 Oct 2015 07:28:00 GMT")->unix_seconds(), 1445412480);
  EXPECT_EQ(ParseCookieDate("Sunday, 06-Nov-94 08:49:37 GMT")->unix_seconds(), 784111777);
  EXPECT_EQ(ParseCookieDate("Sun Nov  6 08:49:37 1994")->unix_seconds(), 784111777);
  EXPECT_EQ(ParseCookieDate("Thu, 31-Dec-2037 23:59:59 GMT")->unix_seconds(), 2145916799);
  EXPECT_EQ(ParseCookieDate("01 Jan 69 00:00:00")->unix_seconds(), 3124224000);  // 69 -> 2069
  for (const char* bad : {"", "tomorrow", "Wed, 31 Feb 2015 07:28:00 GMT",
                          "Wed, 21 Oct 2015 24:00:00 GMT", "Wed, 21 Oct 1600 07:28:00 GMT",
                          "Wed, 21 Oct 2015", "21 2015 07:28:00"}) {
    EXPECT_FALSE(ParseCookieDate(bad).has_value()) << bad;
  }
  // Far-future dates are clamped instead of overflowing nanoseconds.
  EXPECT_GT(ParseCookieDate("Fri, 31 Dec 9999 23:59:59 GMT")->unix_seconds(), 8'000'000'000);
}

TEST(CookieJar, HostOnlyCookieGoesBackToItsHostOnly) {
  CookieJar jar;
  ASSERT_TRUE(jar.SetFromHeader(U("https://fc.yahoo.com/"), "A3=d=AQABBK; Path=/", kNow).ok());
  EXPECT_EQ(jar.CookieHeaderFor(U("https://fc.yahoo.com/x"), kNow), "A3=d=AQABBK");
  EXPECT_EQ(jar.CookieHeaderFor(U("https://sub.fc.yahoo.com/x"), kNow), "");
  EXPECT_EQ(jar.CookieHeaderFor(U("https://yahoo.com/x"), kNow), "");
  ASSERT_EQ(jar.size(), 1u);
  EXPECT_TRUE(jar.cookies()[0].host_only);
  EXPECT_FALSE(jar.cookies()[0].expires.has_value());
}

TEST(CookieJar, DomainCookieCoversSubdomainsAndMustMatchTheHost) {
  CookieJar jar;
  ASSERT_TRUE(
      jar.SetFromHeader(U("https://fc.yahoo.com/"), "A3=v; Domain=.yahoo.com; Path=/", kNow).ok());
  EXPECT_EQ(jar.CookieHeaderFor(U("https://query1.finance.yahoo.com/v8"), kNow), "A3=v");
  EXPECT_EQ(jar.CookieHeaderFor(U("https://yahoo.com/"), kNow), "A3=v");
  EXPECT_EQ(jar.CookieHeaderFor(U("https://notyahoo.com/"), kNow), "");
  // A domain the host is not in, a top-level domain, and an IP host's foreign domain: refused.
  EXPECT_FALSE(jar.SetFromHeader(U("https://evil.com/"), "x=1; Domain=yahoo.com", kNow).ok());
  EXPECT_FALSE(jar.SetFromHeader(U("https://a.com/"), "x=1; Domain=com", kNow).ok());
  EXPECT_FALSE(jar.SetFromHeader(U("http://1.2.3.4/"), "x=1; Domain=2.3.4", kNow).ok());
  EXPECT_EQ(jar.size(), 1u);
}

TEST(CookieJar, PathDefaultsAndMatching) {
  CookieJar jar;
  ASSERT_TRUE(jar.SetFromHeader(U("http://h/v1/test/getcrumb"), "a=1", kNow).ok());
  EXPECT_EQ(jar.cookies()[0].path, "/v1/test");  // default path: up to the last '/'
  ASSERT_TRUE(jar.SetFromHeader(U("http://h/x"), "b=2; Path=/", kNow).ok());
  ASSERT_TRUE(jar.SetFromHeader(U("http://h/x"), "c=3; Path=relative", kNow).ok());
  EXPECT_EQ(jar.cookies()[2].path, "/");  // a Path not starting with '/' is ignored
  // Longer paths first; "/v1/testing" is not under "/v1/test".
  EXPECT_EQ(jar.CookieHeaderFor(U("http://h/v1/test/x"), kNow), "a=1; b=2; c=3");
  EXPECT_EQ(jar.CookieHeaderFor(U("http://h/v1/test"), kNow), "a=1; b=2; c=3");
  EXPECT_EQ(jar.CookieHeaderFor(U("http://h/v1/testing"), kNow), "b=2; c=3");
  EXPECT_TRUE(PathMatches("/a/b", "/a/"));
  EXPECT_FALSE(PathMatches("/ab", "/a"));
}

TEST(CookieJar, ExpiryMaxAgeWinsAndDeletes) {
  CookieJar jar;
  const Url u = U("https://h/");
  ASSERT_TRUE(jar.SetFromHeader(u, "s=1; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT", kNow)
                  .ok());
  ASSERT_EQ(jar.size(), 1u);  // Max-Age wins over the past Expires
  EXPECT_EQ(*jar.cookies()[0].expires, kNow + std::chrono::seconds(60));
  EXPECT_EQ(jar.CookieHeaderFor(u, kNow + std::chrono::seconds(59)), "s=1");
  EXPECT_EQ(jar.CookieHeaderFor(u, kNow + std::chrono::seconds(60)), "");
  // A replacement with a past date deletes; Max-Age=0 likewise.
  ASSERT_TRUE(jar.SetFromHeader(u, "t=1", kNow).ok());
  ASSERT_TRUE(jar.SetFromHeader(u, "s=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT", kNow).ok());
  ASSERT_TRUE(jar.SetFromHeader(u, "t=x; Max-Age=0", kNow).ok());
  EXPECT_EQ(jar.size(), 0u);
  // A bad Max-Age is ignored, not fatal; the same name on another path is another cookie.
  ASSERT_TRUE(jar.SetFromHeader(u, "m=1; Max-Age=soon", kNow).ok());
  ASSERT_TRUE(jar.SetFromHeader(u, "m=2; Path=/other", kNow).ok());
  EXPECT_EQ(jar.size(), 2u);
  EXPECT_FALSE(jar.cookies()[0].expires.has_value());
}

TEST(CookieJar, SecureCookiesOnlyOverHttps) {
  CookieJar jar;
  ASSERT_TRUE(jar.SetFromHeader(U("https://h/"), "sec=1; Secure; HttpOnly", kNow).ok());
  EXPECT_TRUE(jar.cookies()[0].secure);
  EXPECT_TRUE(jar.cookies()[0].http_only);
  EXPECT_EQ(jar.CookieHeaderFor(U("https://h/"), kNow), "sec=1");
  EXPECT_EQ(jar.CookieHeaderFor(U("http://h/"), kNow), "");
  EXPECT_FALSE(jar.SetFromHeader(U("http://h/"), "sec2=1; Secure", kNow).ok());
}

TEST(CookieJar, RefusesMalformedAndOversizedCookies) {
  CookieJar jar;
  const Url u = U("https://h/");
  EXPECT_FALSE(jar.SetFromHeader(u, "novalue", kNow).ok());
  EXPECT_FALSE(jar.SetFromHeader(u, "=v", kNow).ok());
  EXPECT_FALSE(jar.SetFromHeader(u, "a=\x01", kNow).ok());
  EXPECT_FALSE(jar.SetFromHeader(u, "big=" + std::string(5000, 'x'), kNow).ok());
  for (size_t i = 0; i < CookieJar::kMaxPerDomain; ++i) {
    ASSERT_TRUE(jar.SetFromHeader(u, "c" + std::to_string(i) + "=1", kNow).ok());
  }
  EXPECT_EQ(jar.SetFromHeader(u, "one_too_many=1", kNow).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(jar.SetFromHeader(u, "c0=replaced", kNow).ok());  // replacing is always fine
  EXPECT_EQ(jar.size(), CookieJar::kMaxPerDomain);
}

TEST(CookieJar, NetscapeFileRoundTripsAndReadsCurlsJar) {
  CookieJar jar;
  ASSERT_TRUE(jar.SetFromHeader(U("https://fc.yahoo.com/"), "A3=d=x; Path=/", kNow).ok());
  ASSERT_TRUE(jar.SetFromHeader(U("https://fc.yahoo.com/"),
                                "B=2; Domain=yahoo.com; Path=/p; Secure; HttpOnly; Max-Age=3600",
                                kNow)
                  .ok());
  const std::string text = jar.Serialize(kNow);
  EXPECT_NE(text.find("fc.yahoo.com\tFALSE\t/\tFALSE\t0\tA3\td=x\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#HttpOnly_.yahoo.com\tTRUE\t/p\tTRUE\t1767229200\tB\t2\n"),
            std::string::npos)
      << text;
  auto back = CookieJar::Parse(text, "jar", kNow);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Serialize(kNow), text);
  // After the expiry, loading drops the cookie.
  EXPECT_EQ(CookieJar::Parse(text, "jar", kNow + std::chrono::hours(2))->size(), 1u);

  // A jar as curl writes it (header comments, CRLF tolerated, empty value without its tab).
  const std::string curl_jar =
      "# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n\n"
      ".example.com\tTRUE\t/\tFALSE\t0\tsid\tabc\r\n"
      "example.org\tFALSE\t/x\tTRUE\t4102444800\tempty\n";
  auto curl = CookieJar::Parse(curl_jar, "curl.txt", kNow);
  ASSERT_TRUE(curl.ok()) << curl.status().ToString();
  EXPECT_EQ(curl->CookieHeaderFor(U("http://www.example.com/"), kNow), "sid=abc");
  EXPECT_EQ(curl->CookieHeaderFor(U("https://example.org/x/y"), kNow), "empty=");
}

TEST(CookieJar, MalformedFileLinesNameTheLine) {
  auto r = CookieJar::Parse("# c\nh\tFALSE\t/\tFALSE\t0\ta\t1\nh\tMAYBE\t/\tFALSE\t0\tb\t2\n",
                            "cookies.txt", kNow);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("cookies.txt:3"), std::string::npos) << r.status().message();
  for (const char* bad : {"h\tFALSE\t/\tFALSE\t0\n", "h\tFALSE\tnoslash\tFALSE\t0\ta\t1",
                          "h\tFALSE\t/\tFALSE\t-5\ta\t1", "\tFALSE\t/\tFALSE\t0\ta\t1",
                          "h\tFALSE\t/\tFALSE\t0\t\t1",
                          ".#HttpOnly_example.org\tFALSE\t/x\tTRUE\t8204889600\te"}) {
    EXPECT_FALSE(CookieJar::Parse(bad, "f", kNow).ok()) << bad;
  }
}

TEST(CookieJar, FileSaveAndLoad) {
  const std::string path = ::tradelet::testing::TempDir("jar") + "/cookies.txt";
  auto missing = CookieJar::LoadFile(path, kNow);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->size(), 0u);
  CookieJar jar;
  ASSERT_TRUE(jar.SetFromHeader(U("http://127.0.0.1:8080/"), "A3=d=abc; Path=/", kNow).ok());
  ASSERT_TRUE(jar.SaveFile(path, kNow).ok());
  auto loaded = CookieJar::LoadFile(path, kNow);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->CookieHeaderFor(U("http://127.0.0.1:9999/any"), kNow), "A3=d=abc");
  EXPECT_FALSE(jar.SaveFile("/nonexistent-dir/x/cookies.txt", kNow).ok());
}

}  // namespace
}  // namespace tradelet::net
