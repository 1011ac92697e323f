#include "tradelet/strategy/trading_frequency.h"

#include <gtest/gtest.h>

#include <string>

namespace tradelet {
namespace {

Timestamp At(const char* s) { return *ParseTimestamp(s); }

TEST(TradingFrequency, NyseSessionsSkipWeekendsAndHolidays) {
  auto f = ParseTradingFrequency("nyse");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  // Wed 2020-12-23 -> Thu 24 (early close, a session), then Mon 28 (Fri 25 Christmas).
  EXPECT_EQ(f->Advance(At("2020-12-23T00:00:00Z")), At("2020-12-24T00:00:00Z"));
  EXPECT_EQ(f->Advance(At("2020-12-23T00:00:00Z"), 2), At("2020-12-28T00:00:00Z"));
  // The 6th session after Thu 2021-03-25 skips the weekend and Good Friday (2 April).
  EXPECT_EQ(f->Advance(At("2021-03-25T00:00:00Z"), 5), At("2021-04-01T00:00:00Z"));
  EXPECT_EQ(f->Advance(At("2021-03-25T00:00:00Z"), 6), At("2021-04-05T00:00:00Z"));
  // Weekday steps land on Good Friday.
  auto b = ParseTradingFrequency("B");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->Advance(At("2021-03-25T00:00:00Z"), 6), At("2021-04-02T00:00:00Z"));
  auto five = ParseTradingFrequency("5nyse");
  ASSERT_TRUE(five.ok());
  EXPECT_EQ(five->Advance(At("2021-03-25T00:00:00Z")), At("2021-04-01T00:00:00Z"));
  EXPECT_EQ(five->Advance(At("2021-03-25T00:00:00Z"), 2), At("2021-04-09T00:00:00Z"));
  EXPECT_FALSE(ParseTradingFrequency("xnyse").ok());
  EXPECT_FALSE(ParseTradingFrequency("0nyse").ok());
  EXPECT_TRUE(ParseTradingFrequency("15min").ok());
}

TEST(TradingFrequency, CountPrefixesAreWholePositiveNumbers) {
  auto err = [](const char* text) {
    auto f = ParseTradingFrequency(text);
    return f.ok() ? std::string("ok") : f.status().message();
  };
  EXPECT_EQ(ParseTradingFrequency("5nyse")->count, 5);
  EXPECT_EQ(ParseTradingFrequency("nyse")->count, 1);
  EXPECT_EQ(ParseTradingFrequency("3B")->count, 3);
  EXPECT_EQ(err("5xnyse"), "unknown frequency '5xnyse' (nyse takes a count: 5nyse)");
  EXPECT_EQ(err("5xB"), "unknown frequency '5xB' (B takes a count: 5B)");
  EXPECT_EQ(err("0nyse"), "frequency '0nyse': count must be >= 1");
  EXPECT_EQ(err("0B"), "frequency '0B': count must be >= 1");
  EXPECT_NE(err("99999999nyse"), "ok");
}

}  // namespace
}  // namespace tradelet
