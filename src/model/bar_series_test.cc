#include "tradelet/model/bar_series.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

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

TEST(ColumnTest, WritesLikeAVector) {
  Column<double> c = {1, 2};
  c.push_back(3);
  c.reserve(10);
  EXPECT_GE(c.capacity(), 10u);
  EXPECT_EQ(c, (std::vector<double>{1, 2, 3}));
  c.erase(c.begin(), c.begin() + 1);
  c.insert(c.end(), 4.0);
  c.resize(4, 9);
  EXPECT_EQ(c, (std::vector<double>{2, 3, 4, 9}));
  c.assign(2, 7);
  EXPECT_EQ(c.ToVector(), (std::vector<double>{7, 7}));
  c.pop_back();
  c.clear();
  EXPECT_TRUE(c.empty());
  EXPECT_FALSE(c.is_view());
}

TEST(ColumnTest, ViewReadsInPlaceAndCopiesOnFirstWrite) {
  auto store = std::make_shared<std::vector<double>>(std::vector<double>{5, 6, 7});
  Column<double> v = Column<double>::View(store->data(), 3, store);
  const Column<double>& cv = v;
  EXPECT_TRUE(v.is_view());
  EXPECT_EQ(cv.data(), store->data());  // no copy to read
  EXPECT_EQ(cv[2], 7);
  Column<double> shared = v;  // a copy of a view views the same values, and keeps them alive
  const Column<double>& cs = shared;
  EXPECT_EQ(cs.data(), store->data());
  EXPECT_EQ(store.use_count(), 3);
  v[0] = 50;  // a write copies first: the viewed values stay as they were
  EXPECT_FALSE(v.is_view());
  EXPECT_NE(cv.data(), store->data());
  EXPECT_EQ((*store)[0], 5);
  EXPECT_EQ(v, (std::vector<double>{50, 6, 7}));
  shared.push_back(8);
  EXPECT_EQ(shared, (std::vector<double>{5, 6, 7, 8}));
  EXPECT_EQ(store.use_count(), 1);
  Column<double> moved = Column<double>::View(store->data(), 2, store);
  Column<double> to = std::move(moved);
  EXPECT_TRUE(to.is_view());
  EXPECT_EQ(to, (std::vector<double>{5, 6}));
  EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
}

}  // namespace
}  // namespace tradelet
