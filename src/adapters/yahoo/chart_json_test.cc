#include "tradelet/adapters/yahoo/chart_json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tradelet::yahoo {
namespace {

// Three daily bars, 2020-08-28 .. 2020-09-01 (09:30 New York), a 4:1 split on 08-31.
constexpr char kDaily[] = R"({"chart":{"result":[{
  "meta":{"currency":"USD","symbol":"AAPL","exchangeTimezoneName":"America/New_York",
          "dataGranularity":"1d","gmtoffset":-14400,"tradingPeriods":[[{"start":1}]]},
  "timestamp":[1598621400,1598880600,1598967000],
  "events":{"splits":{"1598880600":{"date":1598880600,"numerator":4,"denominator":1,"splitRatio":"4:1"}},
            "dividends":{"1598967000":{"amount":0.205,"date":1598967000}}},
  "indicators":{"quote":[{"open":[504.05,127.58,132.76],"high":[505.77,131.0,134.8],
                          "low":[498.31,126.0,130.53],"close":[499.23,129.04,134.18],
                          "volume":[46907479,225702700,151948100]}],
                "adjclose":[{"adjclose":[123.9,128.1,133.2]}]}}],"error":null}})";

TEST(ChartJson, DailyBarsAdjCloseAndEvents) {
  auto r = ParseChartJson(kDaily);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BarSeries& b = r->bars;
  EXPECT_EQ(b.symbol, "AAPL");
  EXPECT_EQ(b.interval, BarInterval::k1Day);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(FormatTimestamp(b.time(0)), "2020-08-28T13:30:00Z");
  EXPECT_DOUBLE_EQ(b.open[1], 127.58);
  EXPECT_DOUBLE_EQ(b.volume[2], 151948100);
  ASSERT_EQ(b.adj_close.size(), 3u);
  EXPECT_DOUBLE_EQ(b.adj_close[1], 128.1);
  EXPECT_EQ(b.split, (std::vector<double>{1, 4, 1}));
  EXPECT_EQ(b.dividend, (std::vector<double>{0, 0, 0.205}));
  ASSERT_EQ(r->splits.size(), 1u);
  EXPECT_DOUBLE_EQ(r->splits[0].ratio(), 4.0);
  EXPECT_EQ(r->meta.exchange_timezone_name, "America/New_York");
  EXPECT_EQ(r->meta.gmtoffset, -14400);
}

TEST(ChartJson, NullsNeverShiftTheArrays) {
  constexpr char kNulls[] = R"({"chart":{"result":[{"meta":{"dataGranularity":"1m"},
    "timestamp":[60,120,180,240],
    "indicators":{"quote":[{"open":[1,null,3,4],"high":[1,null,3.5,4],"low":[1,null,null,4],
                            "close":[1,null,3.2,4.4],"volume":[10,null,30,null]}]}}],"error":null}})";
  auto r = ParseChartJson(kNulls);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->bars.size(), 3u);  // the all-null minute is dropped
  EXPECT_EQ(r->null_rows, 1u);
  EXPECT_EQ(r->partial_null_rows, 2u);
  EXPECT_EQ(r->bars.time(1), Timestamp::FromUnixSeconds(180));
  EXPECT_DOUBLE_EQ(r->bars.close[1], 3.2);  // not 4.4: no shift after the dropped row
  EXPECT_TRUE(std::isnan(r->bars.low[1]));
  EXPECT_TRUE(std::isnan(r->bars.volume[2]));
  EXPECT_TRUE(r->bars.adj_close.empty());  // intraday: Yahoo sends no adjclose

  ChartParseOptions keep;
  keep.keep_null_rows = true;
  auto k = ParseChartJson(kNulls, keep);
  ASSERT_EQ(k->bars.size(), 4u);
  EXPECT_TRUE(std::isnan(k->bars.open[1]));
}

TEST(ChartJson, EmptyWindowHasNoTimestampKey) {
  constexpr char kEmpty[] = R"({"chart":{"result":[{"meta":{"symbol":"AAPL","dataGranularity":"1m"},
    "indicators":{"quote":[{}]}}],"error":null}})";
  auto r = ParseChartJson(kEmpty);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->bars.empty());
  EXPECT_EQ(r->bars.symbol, "AAPL");
}

TEST(ChartJson, ErrorsNameTheJsonPath) {
  auto wrong_type = ParseChartJson(R"({"chart":{"result":[{"timestamp":[1,2],
    "indicators":{"quote":[{"open":[1,2],"high":[1,2],"low":[1,2],"close":[1,"x"],"volume":[1,2]}]}}]}})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(wrong_type.status().message().find("chart.result[0].indicators.quote[0].close[1]"),
            std::string::npos)
      << wrong_type.status().message();

  auto mismatch = ParseChartJson(R"({"chart":{"result":[{"timestamp":[1,2,3],
    "indicators":{"quote":[{"open":[1,2],"high":[1,2,3],"low":[1,2,3],"close":[1,2,3]}]}}]}})");
  EXPECT_NE(mismatch.status().message().find(
                "chart.result[0].indicators.quote[0].open: 2 values for 3 timestamps"),
            std::string::npos)
      << mismatch.status().message();

  auto bad_ts = ParseChartJson(R"({"chart":{"result":[{"timestamp":[1,"z"]}]}})");
  EXPECT_NE(bad_ts.status().message().find("chart.result[0].timestamp[1]"), std::string::npos)
      << bad_ts.status().message();

  auto backwards = ParseChartJson(R"({"chart":{"result":[{"timestamp":[5,1],
    "indicators":{"quote":[{"open":[1,2],"high":[1,2],"low":[1,2],"close":[1,2]}]}}]}})");
  EXPECT_NE(backwards.status().message().find("go backwards"), std::string::npos);

  auto truncated = ParseChartJson(std::string(kDaily).substr(0, 200));
  EXPECT_EQ(truncated.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos)
      << truncated.status().message();

  auto deep = ParseChartJson(std::string(10000, '[') + std::string(10000, ']'));
  EXPECT_NE(deep.status().message().find("nested deeper"), std::string::npos);
  EXPECT_FALSE(ParseChartJson("").ok());
  EXPECT_FALSE(ParseChartJson("[]").ok());
  EXPECT_FALSE(ParseChartJson(R"({"chart":{"result":[]}})").ok());
}

TEST(ChartJson, RepeatedLiveBarKeepsTheLaterRow) {
  auto r = ParseChartJson(R"({"chart":{"result":[{"timestamp":[60,60],
    "indicators":{"quote":[{"open":[1,2],"high":[1,2],"low":[1,2],"close":[1,2],"volume":[0,5]}]}}]}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->bars.size(), 1u);
  EXPECT_EQ(r->bars.close[0], 2);
}

TEST(ChartJson, ErrorBodies) {
  Status nf = ChartErrorToStatus(
      404, R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}})");
  EXPECT_EQ(nf.code(), StatusCode::kNotFound);
  EXPECT_NE(nf.message().find("No data found, symbol may be delisted"), std::string::npos);
  EXPECT_EQ(ChartErrorToStatus(422, R"({"chart":{"result":null,"error":{"code":"Unprocessable Entity","description":"5m data not available"}}})")
                .code(),
            StatusCode::kInvalidArgument);
  Status crumb = ChartErrorToStatus(
      401, R"({"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}})");
  EXPECT_EQ(crumb.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(crumb.message().find("Invalid Crumb"), std::string::npos);
  Status rl = ChartErrorToStatus(429, "Too Many Requests\r\n");
  EXPECT_EQ(rl.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ChartErrorToStatus(200, "Edge: Too Many Requests").code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(ChartErrorToStatus(503, "<html><body>Will be right back...</body></html>").code(),
            StatusCode::kUnavailable);
  // An error object inside a 200 body is still an error.
  auto in_200 = ParseChartJson(R"({"chart":{"result":null,"error":{"code":"Bad Request","description":"Data doesn't exist"}}})");
  EXPECT_EQ(in_200.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(in_200.status().message().find("Data doesn't exist"), std::string::npos);
}

}  // namespace
}  // namespace tradelet::yahoo
