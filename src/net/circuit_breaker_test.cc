#include "tradelet/net/circuit_breaker.h"

#include <gtest/gtest.h>

namespace tradelet::net {
namespace {

using State = CircuitBreaker::State;

TEST(CircuitBreaker, OpensAfterThresholdAndRecoversThroughHalfOpen) {
  SimulatedClock clock(Timestamp::FromUnixSeconds(1'700'000'000));
  CircuitBreaker b("yahoo", clock, {/*failure_threshold=*/3, std::chrono::seconds(30), 1});
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(b.Allow().ok());
    b.RecordFailure();
  }
  EXPECT_EQ(b.state(), State::kClosed);
  ASSERT_TRUE(b.Allow().ok());
  b.RecordFailure();
  EXPECT_EQ(b.state(), State::kOpen);
  Status s = b.Allow();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("circuit yahoo open"), std::string::npos) << s.message();

  clock.Advance(std::chrono::seconds(29));
  EXPECT_FALSE(b.Allow().ok());
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(b.state(), State::kHalfOpen);
  ASSERT_TRUE(b.Allow().ok());   // the probe
  EXPECT_FALSE(b.Allow().ok());  // only one probe at a time
  b.RecordFailure();             // failed probe: open again for a full period
  EXPECT_EQ(b.state(), State::kOpen);
  clock.Advance(std::chrono::seconds(30));
  ASSERT_TRUE(b.Allow().ok());
  b.RecordSuccess();
  EXPECT_EQ(b.state(), State::kClosed);
  EXPECT_EQ(b.consecutive_failures(), 0);
}

TEST(CircuitBreaker, NeutralOutcomeFreesTheProbe) {
  SimulatedClock clock;
  CircuitBreaker b("x", clock, {1, std::chrono::seconds(5), 1});
  b.RecordFailure();
  clock.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(b.Allow().ok());
  EXPECT_FALSE(b.Allow().ok());
  b.RecordNeutral();  // e.g. a malformed URL: says nothing about the service
  EXPECT_EQ(b.state(), State::kHalfOpen);
  EXPECT_TRUE(b.Allow().ok());
}

TEST(CircuitBreaker, SuccessResetsTheCount) {
  SimulatedClock clock;
  CircuitBreaker b("x", clock, {2, std::chrono::seconds(5), 1});
  b.RecordFailure();
  b.RecordSuccess();
  b.RecordFailure();
  EXPECT_EQ(b.state(), State::kClosed);
  b.RecordFailure();
  EXPECT_EQ(b.state(), State::kOpen);
}

}  // namespace
}  // namespace tradelet::net
