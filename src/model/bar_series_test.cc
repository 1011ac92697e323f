#include "tradelet/model/bar_series.h"

#include <gtest/gtest.h>

namespace tradelet {
namespace {

Bar B(int64_t s, double c) { return Bar{Timestamp::FromUnixSeconds(s), c, c + 1, c - 1, c, 100}; }

TEST(BarSeriesTest, AppendKeepsColumnsAligned) {
  BarSeries s;
  s.symbol = "AAPL";
  s.Append(B(60, 10));
  s.adj_close = {9.5};
  s.Append(B(120, 11));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.adj_close[1], 11);  // neutral fill: adj = close
  EXPECT_TRUE(s.CheckShape().ok());
  EXPECT_EQ(s.at(1).high, 12);
  EXPECT_EQ(s.LowerBound(Timestamp::FromUnixSeconds(61)), 1u);
  EXPECT_EQ(s.LowerBound(Timestamp::FromUnixSeconds(500)), 2u);
}

TEST(BarSeriesTest, ShapeErrorsNameTheProblem) {
  BarSeries s;
  s.symbol = "X";
  s.Append(B(60, 10));
  s.Append(B(60, 11));
  Status st = s.CheckShape();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("bar 1"), std::string::npos);
  s.close.pop_back();
  EXPECT_NE(s.CheckShape().message().find("'close'"), std::string::npos);
}

}  // namespace
}  // namespace tradelet
