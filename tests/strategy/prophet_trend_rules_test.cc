// The Prophet trend strategy's pure rules against hand-computed cases.
#include <cmath>

#include <gtest/gtest.h>

#include "tradelet/strategy/config.h"
#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {
namespace {

TEST(BandRule, BuyWhenUpperFurtherThanLower) {
  // max = (101 - 100)/100 = 0.01, min = (99.5 - 100)/100 = -0.005: |max| > |min| -> buy.
  EXPECT_EQ(BandRule(100, 99.5, 101, false), BandSignal::kBuy);
  EXPECT_EQ(BandRule(100, 99.5, 101, true), BandSignal::kBuy);
}

TEST(BandRule, SellOnlyWhenHeld) {
  // max = 0.005, min = -0.02: |min| > |max| -> sell if held, nothing if not.
  EXPECT_EQ(BandRule(100, 98, 100.5, true), BandSignal::kSell);
  EXPECT_EQ(BandRule(100, 98, 100.5, false), BandSignal::kNone);
}

TEST(BandRule, TiesDoNothing) {
  // max = 0.01, min = -0.01: neither side strictly larger.
  EXPECT_EQ(BandRule(100, 99, 101, true), BandSignal::kNone);
  EXPECT_EQ(BandRule(100, 99, 101, false), BandSignal::kNone);
}

TEST(BandRule, BuyNeedsPositiveMax) {
  // Whole band below the price: max = -0.001 < 0, min = -0.01 -> no buy; held -> sell.
  EXPECT_EQ(BandRule(100, 99, 99.9, false), BandSignal::kNone);
  EXPECT_EQ(BandRule(100, 99, 99.9, true), BandSignal::kSell);
  // Whole band above: max = 0.02, min = +0.001 (not < 0) -> buy, never sell.
  EXPECT_EQ(BandRule(100, 100.1, 102, true), BandSignal::kBuy);
}

TEST(BandRule, NonFiniteOrBadPriceGivesNothing) {
  EXPECT_EQ(BandRule(std::nan(""), 99, 101, true), BandSignal::kNone);
  EXPECT_EQ(BandRule(100, std::nan(""), 105, true), BandSignal::kNone);
  EXPECT_EQ(BandRule(100, 90, INFINITY, false), BandSignal::kNone);
  EXPECT_EQ(BandRule(0, -1, 1, true), BandSignal::kNone);
}

TEST(MeanReturn, HandComputed) {
  const double c1[] = {100, 110, 121};  // +10 %, +10 %
  EXPECT_NEAR(MeanReturn(c1), 0.1, 1e-12);
  const double c2[] = {100, 102, 99.96};  // +2 %, -2 %
  EXPECT_NEAR(MeanReturn(c2), 0.0, 1e-12);
  const double c3[] = {100};
  EXPECT_TRUE(std::isnan(MeanReturn(c3)));
}

TEST(RankTop, DescendingTiesByNameNaNDropped) {
  const std::vector<double> s = {0.1, 0.3, std::nan(""), 0.3, -0.2};
  const std::vector<std::string> n = {"A", "D", "C", "B", "E"};
  EXPECT_EQ(RankTop(s, n, 2), (std::vector<size_t>{3, 1}));  // B (0.3), D (0.3)
  EXPECT_EQ(RankTop(s, n, 0), (std::vector<size_t>{3, 1, 0, 4}));
  EXPECT_EQ(RankTop(s, n, 10).size(), 4u);
}

TEST(EqualWeightShares, RoundsDown) {
  // 10000 x 0.95 / 3 = 3166.67 per buy; / 100 = 31.67 -> 31 shares.
  EXPECT_EQ(EqualWeightShares(10000, 0.95, 3, 100), 31);
  // 1000 x 0.95 / 1 / 95 = 10 exactly -> 10 (not 9 by rounding).
  EXPECT_EQ(EqualWeightShares(1000, 0.95, 1, 95), 10);
  // Price above the allocation -> 0 shares.
  EXPECT_EQ(EqualWeightShares(1000, 0.95, 2, 600), 0);
  EXPECT_EQ(EqualWeightShares(1000, 0.95, 0, 10), 0);
  EXPECT_EQ(EqualWeightShares(-5, 0.95, 1, 10), 0);
  EXPECT_EQ(EqualWeightShares(1000, 0.95, 1, std::nan("")), 0);
}

TEST(BracketPrices, CentsAboveOneDollar) {
  // 123.45 x 1.40 = 172.83; x 0.98 = 120.981 -> 120.98; x 0.97 = 119.7465 -> 119.75.
  const BracketPrices p = MakeBracketPrices(123.45, 1.40, 0.98, 0.97);
  EXPECT_EQ(p.take_profit.ToString(), Decimal::FromDouble(172.83).ToString());
  EXPECT_EQ(p.stop.ToString(), Decimal::FromDouble(120.98).ToString());
  EXPECT_EQ(p.stop_limit.ToString(), Decimal::FromDouble(119.75).ToString());
}

TEST(BracketPrices, FourDecimalsBelowOneDollar) {
  // 0.5 x 0.98 = 0.49, x 0.97 = 0.485, x 1.4 = 0.7.
  const BracketPrices p = MakeBracketPrices(0.5, 1.40, 0.98, 0.97);
  EXPECT_EQ(p.take_profit.ToString(), Decimal::FromDouble(0.7).ToString());
  EXPECT_EQ(p.stop.ToString(), Decimal::FromDouble(0.49).ToString());
  EXPECT_EQ(p.stop_limit.ToString(), Decimal::FromDouble(0.485).ToString());
}

Timestamp At(const char* iso) { return *ParseTimestamp(iso); }

TEST(IsUniverseRun, LocalWeekdayInNewYorkAcrossDst) {
  const TimeZone& ny = TimeZone::NewYork();
  const std::vector<Weekday> mw = {Weekday::kMonday, Weekday::kWednesday};
  // 2019-03-11 is the Monday after DST began (UTC-4): 13:45Z = 09:45 EDT Monday.
  EXPECT_TRUE(IsUniverseRun(At("2019-03-11T13:45:00Z"), ny, mw, true, std::nullopt));
  // 2019-03-12T03:30Z is Tuesday in UTC but Monday 23:30 EDT.
  EXPECT_TRUE(IsUniverseRun(At("2019-03-12T03:30:00Z"), ny, mw, false, std::nullopt));
  // 2019-03-13T03:30Z is Tuesday 23:30 EDT.
  EXPECT_FALSE(IsUniverseRun(At("2019-03-13T03:30:00Z"), ny, mw, false, std::nullopt));
  // 2019-11-04 is the Monday after DST ended (UTC-5): 04:30Z Tuesday = Monday 23:30 EST
  // (with the summer offset it would be Tuesday 00:30).
  EXPECT_TRUE(IsUniverseRun(At("2019-11-05T04:30:00Z"), ny, mw, false, std::nullopt));
  EXPECT_FALSE(IsUniverseRun(At("2019-11-05T05:30:00Z"), ny, mw, false, std::nullopt));
}

TEST(IsUniverseRun, FirstRunOfTheLocalDayOnly) {
  const TimeZone& ny = TimeZone::NewYork();
  const std::vector<Weekday> mw = {Weekday::kMonday, Weekday::kWednesday};
  const CivilDate monday{2019, 2, 11};
  EXPECT_FALSE(IsUniverseRun(At("2019-02-11T15:00:00Z"), ny, mw, true, monday));
  EXPECT_TRUE(IsUniverseRun(At("2019-02-11T15:00:00Z"), ny, mw, false, monday));
  // Wednesday's first run after Monday's.
  EXPECT_TRUE(IsUniverseRun(At("2019-02-13T14:45:00Z"), ny, mw, true, monday));
}

TEST(IsUniverseRun, OtherTimeZones) {
  auto tokyo = TimeZone::Load("Asia/Tokyo");
  ASSERT_TRUE(tokyo.ok()) << tokyo.status().ToString();
  const std::vector<Weekday> mon = {Weekday::kMonday};
  // 2019-03-10T16:00Z: Monday 01:00 in Tokyo, Sunday 12:00 in New York.
  EXPECT_TRUE(IsUniverseRun(At("2019-03-10T16:00:00Z"), *tokyo, mon, true, std::nullopt));
  EXPECT_FALSE(IsUniverseRun(At("2019-03-10T16:00:00Z"), TimeZone::NewYork(), mon, true,
                             std::nullopt));
}

TEST(Options, DefaultsAndErrorsNameTheKey) {
  auto t = toml::parse("name = \"prophet_trend\"");
  auto o = ReadProphetTrendOptions(t);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->every_minutes, 15);
  EXPECT_EQ(o->top_n, 20);
  EXPECT_EQ(o->periods, 15);
  EXPECT_EQ(o->read_step, 1);
  EXPECT_DOUBLE_EQ(o->interval_width, 0.8);
  EXPECT_DOUBLE_EQ(o->buying_power_fraction, 0.95);
  EXPECT_DOUBLE_EQ(o->stop_loss, 0.98);
  EXPECT_DOUBLE_EQ(o->stop_limit, 0.97);
  EXPECT_DOUBLE_EQ(o->take_profit, 1.40);
  EXPECT_EQ(o->time_in_force, TimeInForce::kGtc);
  EXPECT_EQ(o->universe_days, (std::vector<Weekday>{Weekday::kMonday, Weekday::kWednesday}));

  auto bad = toml::parse("name = \"prophet_trend\"\nread_step = 20");
  auto e = ReadProphetTrendOptions(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("strategy.read_step"), std::string::npos);
  auto typo = toml::parse("name = \"prophet_trend\"\ntop_m = 3");
  EXPECT_FALSE(ReadProphetTrendOptions(typo).ok());
  auto day = toml::parse("name = \"prophet_trend\"\nuniverse_days = [\"Mon\", \"Funday\"]");
  auto de = ReadProphetTrendOptions(day);
  ASSERT_FALSE(de.ok());
  EXPECT_NE(de.status().message().find("Funday"), std::string::npos);
}

TEST(Options, RegisteredByName) {
  auto t = toml::parse("name = \"prophet_trend\"");
  auto s = MakeStrategy(t);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->name(), "prophet_trend");
}

}  // namespace
}  // namespace tradelet
