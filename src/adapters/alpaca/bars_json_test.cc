#include "tradelet/adapters/alpaca/bars_json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tradelet::alpaca {
namespace {

TEST(BarsJson, MultiSymbolPageWithToken) {
  auto p = ParseBarsPage(R"({"bars":{"AAPL":[{"t":"2022-03-09T05:00:00Z","o":161.51,"h":163.41,
    "l":159.41,"c":162.95,"v":88496480,"n":700291,"vw":161.942117}],"TSLA":[]},"next_page_token":"abc"})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->bars.size(), 2u);
  const AlpacaBar& b = p->bars["AAPL"][0];
  EXPECT_EQ(FormatTimestamp(b.time), "2022-03-09T05:00:00Z");
  EXPECT_DOUBLE_EQ(b.close, 162.95);
  EXPECT_EQ(b.trade_count, 700291);
  EXPECT_DOUBLE_EQ(*b.vwap, 161.942117);
  EXPECT_TRUE(p->bars["TSLA"].empty());
  EXPECT_EQ(p->next_page_token, "abc");
}

TEST(BarsJson, SingleSymbolShapeStringsNullsAndFractionalSeconds) {
  auto p = ParseBarsPage(R"({"bars":[
      {"t":"2021-02-01T16:01:00.451420928-04:00","o":"133.32","h":133.74,"l":133.31,"c":133.5,"v":"9876"},
      {"t":"2021-02-01T16:02:00.1Z","o":133.5,"h":133.58,"l":133.44,"c":null,"v":null,"n":null,"vw":null},
      {"t":"2021-02-01T16:03:00Z","o":1,"h":1,"l":1,"c":1}],
    "symbol":"AAPL","next_page_token":null})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->symbol, "AAPL");
  EXPECT_FALSE(p->next_page_token.has_value());
  const auto& bars = p->bars["AAPL"];
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0].time, Timestamp::FromUnixNanos(1612209660451420928));  // 20:01:00.451420928Z
  EXPECT_DOUBLE_EQ(bars[0].open, 133.32);
  EXPECT_DOUBLE_EQ(bars[0].volume, 9876);
  EXPECT_EQ(bars[1].time.unix_nanos() % 1'000'000'000, 100'000'000);
  EXPECT_TRUE(std::isnan(bars[1].close));
  EXPECT_TRUE(std::isnan(bars[1].volume));
  EXPECT_FALSE(bars[1].vwap.has_value());
  EXPECT_TRUE(std::isnan(bars[2].volume));  // absent volume
}

TEST(BarsJson, EmptyShapes) {
  auto multi = ParseBarsPage(R"({"bars":{},"next_page_token":null})");
  ASSERT_TRUE(multi.ok());
  EXPECT_TRUE(multi->bars.empty());
  auto single = ParseBarsPage(R"({"bars":null,"symbol":"AAPL","next_page_token":null})");
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(single->bars["AAPL"].empty());
  auto latest = ParseBarsPage(R"({"bars":{"SPY":{"t":"2022-07-26T20:50:00Z","o":1,"h":1,"l":1,"c":1,"v":2}}})");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->bars["SPY"].size(), 1u);
}

TEST(BarsJson, ErrorsNameTheJsonPath) {
  auto bad = ParseBarsPage(R"({"bars":{"AAPL":[{"t":"2022-01-01T00:00:00Z","o":1,"h":1,"l":1,"c":1},
                                               {"t":"2022-01-02T00:00:00Z","o":1,"h":1,"l":1,"c":"abc"}]}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bars.AAPL[1].c"), std::string::npos)
      << bad.status().message();
  auto bad_time = ParseBarsPage(R"({"bars":{"X":[{"t":"2022-13-01T00:00:00Z","o":1,"h":1,"l":1,"c":1}]}})");
  EXPECT_NE(bad_time.status().message().find("bars.X[0].t"), std::string::npos)
      << bad_time.status().message();
  auto missing = ParseBarsPage(R"({"bars":{"X":[{"t":"2022-01-01T00:00:00Z","o":1,"h":1,"l":1}]}})");
  EXPECT_NE(missing.status().message().find("bars.X[0].c: missing"), std::string::npos);
  EXPECT_FALSE(ParseBarsPage(R"({"bars":{"X":[)").ok());
  EXPECT_FALSE(ParseBarsPage(R"({"bars":7})").ok());
  EXPECT_FALSE(ParseBarsPage(R"({"bars":{},"next_page_token":5})").ok());
  auto err = ParseBarsPage(R"({"code":40010001,"message":"invalid timeframe"})");
  EXPECT_EQ(err.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(err.status().message().find("invalid timeframe"), std::string::npos);
}

TEST(BarsJson, ErrorBodies) {
  Status s = AlpacaErrorToStatus(403, R"({"code":40310000,"message":"subscription does not permit querying recent SIP data"})", "alpaca bars");
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("recent SIP data (code 40310000)"), std::string::npos) << s.message();
  EXPECT_EQ(AlpacaErrorToStatus(401, R"({"message":"unauthorized"})", "x").code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(AlpacaErrorToStatus(429, "rate limit exceeded", "x").code(),
            StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace tradelet::alpaca
