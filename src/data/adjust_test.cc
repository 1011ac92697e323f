#include "tradelet/data/adjust.h"

#include <gtest/gtest.h>

namespace tradelet::data {
namespace {

BarSeries Raw() {
  BarSeries s;
  s.symbol = std::string(1, 'R');
  const double closes[] = {200, 210, 100, 100};
  for (int i = 0; i < 4; ++i) {
    s.Append({Timestamp::FromUnixSeconds(86400 * (i + 1)), closes[i], closes[i], closes[i],
              closes[i], 1000});
  }
  s.split = {1, 1, 2, 1};       // 2:1 on bar 2
  s.dividend = {0, 0, 0, 1.0};  // $1 ex-date on bar 3
  s.adj_close = s.close;
  return s;
}

TEST(Adjust, RawIsUnchanged) {
  auto r = Adjust(Raw(), Adjustment::kRaw);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->close, Raw().close);
  EXPECT_EQ(r->split, Raw().split);
}

TEST(Adjust, SplitAdjustedDividesEarlierPricesAndMultipliesVolume) {
  auto r = Adjust(Raw(), Adjustment::kSplitAdjusted);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->close, (std::vector<double>{100, 105, 100, 100}));
  EXPECT_EQ(r->volume, (std::vector<double>{2000, 2000, 1000, 1000}));
  EXPECT_EQ(r->split, (std::vector<double>{1, 1, 1, 1}));
  EXPECT_EQ(r->dividend, (std::vector<double>{0, 0, 0, 1.0}));
}

TEST(Adjust, FullyAdjustedAlsoScalesForLaterDividends) {
  auto r = Adjust(Raw(), Adjustment::kFullyAdjusted);
  ASSERT_TRUE(r.ok());
  // Dividend factor for bars 0..2: 1 - 1/100 = 0.99 (close before the ex-date is 100).
  EXPECT_DOUBLE_EQ(r->close[3], 100);
  EXPECT_DOUBLE_EQ(r->close[2], 99);
  EXPECT_DOUBLE_EQ(r->close[1], 210 * 0.99 / 2);
  EXPECT_DOUBLE_EQ(r->close[0], 200 * 0.99 / 2);
  EXPECT_EQ(r->dividend, (std::vector<double>{0, 0, 0, 0}));
}

TEST(Adjust, AdjCloseRatioWhenNoCorporateActions) {
  BarSeries s;
  s.symbol = std::string(1, 'Y');
  s.Append({Timestamp::FromUnixSeconds(1), 10, 12, 8, 10, 5});
  s.adj_close = {5};
  auto r = Adjust(s, Adjustment::kFullyAdjusted);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->open[0], 5);
  EXPECT_DOUBLE_EQ(r->high[0], 6);
  EXPECT_DOUBLE_EQ(r->close[0], 5);
  EXPECT_DOUBLE_EQ(r->volume[0], 5);
  auto bad = Adjust(s, Adjustment::kSplitAdjusted);
  EXPECT_EQ(bad.status().code(), StatusCode::kFailedPrecondition);
  s.adj_close.clear();
  EXPECT_EQ(Adjust(s, Adjustment::kFullyAdjusted).status().code(), StatusCode::kFailedPrecondition);
}

TEST(Adjust, ParseNames) {
  EXPECT_EQ(*ParseAdjustment("split"), Adjustment::kSplitAdjusted);
  EXPECT_EQ(*ParseAdjustment("full"), Adjustment::kFullyAdjusted);
  EXPECT_EQ(*ParseAdjustment("raw"), Adjustment::kRaw);
  EXPECT_FALSE(ParseAdjustment("auto").ok());
}

}  // namespace
}  // namespace tradelet::data
