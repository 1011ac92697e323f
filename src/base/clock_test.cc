#include "tradelet/base/clock.h"

#include <gtest/gtest.h>

namespace tradelet {
namespace {

TEST(ClockTest, SimulatedMovesOnlyWhenTold) {
  SimulatedClock c(Timestamp::FromUnixSeconds(100));
  EXPECT_EQ(c.Now().unix_seconds(), 100);
  c.Advance(seconds(5));
  EXPECT_EQ(c.Now().unix_seconds(), 105);
  c.SleepUntil(Timestamp::FromUnixSeconds(200));
  EXPECT_EQ(c.Now().unix_seconds(), 200);
}

TEST(ClockDeathTest, SimulatedNeverRunsBackwards) {
  SimulatedClock c(Timestamp::FromUnixSeconds(100));
  EXPECT_DEATH(c.Set(Timestamp::FromUnixSeconds(99)), "check failed");
}

TEST(ClockTest, RealClockIsPlausible) {
  // After 2020-01-01 and monotone enough for two reads.
  Timestamp a = RealClock::Get().Now();
  Timestamp b = RealClock::Get().Now();
  EXPECT_GT(a.unix_seconds(), 1577836800);
  EXPECT_LE(a, b);
}

}  // namespace
}  // namespace tradelet
