#include "tradelet/lambda/scheduled_handler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

namespace tradelet::lambda {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Timestamp At(const char* iso) { return *ParseTimestamp(iso); }

constexpr char kRuleEvent[] =
    R"({"version":"0","id":"ev-1","detail-type":"Scheduled Event","source":"aws.events",)"
    R"("time":"2024-03-11T13:30:00Z","detail":{}})";

struct Fixture {
  SimulatedClock clock{At("2024-03-11T13:30:04Z")};
  std::vector<JobRequest> calls;
  Result<std::string> next_report = std::string(R"({"orders":[{"symbol":"AAPL"}]})");

  ScheduledJobHandler Make() {
    ScheduledHandlerOptions o;
    o.strategy = "trend";
    o.config_path = "/var/task/config/trend.toml";
    o.clock = &clock;
    return ScheduledJobHandler(o, [this](const JobRequest& r) -> Result<std::string> {
      calls.push_back(r);
      return next_report;
    });
  }
  Invocation Inv(std::string payload, Duration left = seconds(60)) {
    Invocation inv;
    inv.request_id = "req-1";
    inv.payload = std::move(payload);
    inv.received = clock.Now();
    inv.deadline = clock.Now() + left;
    inv.trace_id = "Root=1-abc";
    return inv;
  }
};

TEST(ScheduledJobHandler, RunsTheJobForTheEventSlotAndWrapsTheReport) {
  Fixture f;
  auto handler = f.Make();
  auto inv = f.Inv(kRuleEvent);
  auto out = handler.Handle(inv);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(f.calls.size(), 1u);
  EXPECT_EQ(f.calls[0].slot.strategy, "trend");
  EXPECT_EQ(f.calls[0].slot.time, At("2024-03-11T13:30:00Z"));
  EXPECT_TRUE(f.calls[0].slot.from_event);
  EXPECT_EQ(f.calls[0].config_path, "/var/task/config/trend.toml");
  EXPECT_EQ(f.calls[0].deadline, inv.deadline - milliseconds(1500));
  EXPECT_EQ(f.calls[0].request_id, "req-1");
  EXPECT_EQ(f.calls[0].trace_id, "Root=1-abc");
  auto json = nlohmann::json::parse(*out);
  EXPECT_EQ(json["statusCode"], 200);
  EXPECT_EQ(json["message"], "strategy trend slot 2024-03-11T13:30:00Z: job finished");
  EXPECT_EQ(json["report"]["orders"][0]["symbol"], "AAPL");
  EXPECT_EQ(json["slot"]["time"], "2024-03-11T13:30:00Z");
  EXPECT_EQ(json["slot"]["source"], "eventbridge-rule");
}

TEST(ScheduledJobHandler, RetriesOfOneEventMapToOneSlot) {
  Fixture f;
  auto handler = f.Make();
  ASSERT_TRUE(handler.Handle(f.Inv(kRuleEvent)).ok());
  f.clock.Advance(std::chrono::minutes(3));  // Lambda's second async retry comes 1 + 2 min later
  ASSERT_TRUE(handler.Handle(f.Inv(kRuleEvent)).ok());
  const char* sched = R"({"source":"scheduler","scheduled_time":"2024-03-11T13:30:00Z"})";
  f.clock.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(handler.Handle(f.Inv(sched)).ok());
  ASSERT_EQ(f.calls.size(), 3u);
  EXPECT_EQ(f.calls[0].slot.time, f.calls[1].slot.time);
  EXPECT_EQ(f.calls[0].slot.time, f.calls[2].slot.time);
}

TEST(ScheduledJobHandler, UntimedSchedulerEventUsesArrivalFlooredToThePeriod) {
  Fixture f;
  f.clock.Set(At("2024-03-11T13:45:37.250Z"));
  auto handler = f.Make();
  auto out = handler.Handle(f.Inv("{}"));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(f.calls.at(0).slot.time, At("2024-03-11T13:45:00Z"));
  EXPECT_FALSE(f.calls.at(0).slot.from_event);
  EXPECT_EQ(nlohmann::json::parse(*out)["slot"]["from_event"], false);
}

TEST(ScheduledJobHandler, RefusesToStartWithoutTimeLeft) {
  Fixture f;
  auto handler = f.Make();
  // 1.9 s left: below the 1.5 s margin plus the 0.5 s minimum budget.
  auto out = handler.Handle(f.Inv(kRuleEvent, milliseconds(1900)));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(out.status().message().find("1900 ms before its deadline"), std::string::npos)
      << out.status().message();
  EXPECT_TRUE(f.calls.empty());
  // Already past the deadline.
  EXPECT_EQ(handler.Handle(f.Inv(kRuleEvent, -seconds(1))).status().code(),
            StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(f.calls.empty());
  // 2.1 s is enough.
  EXPECT_TRUE(handler.Handle(f.Inv(kRuleEvent, milliseconds(2100))).ok());
}

TEST(ScheduledJobHandler, JobErrorsKeepTheirCodeAndGainContext) {
  Fixture f;
  f.next_report = Unavailable("alpaca: HTTP 503");
  auto handler = f.Make();
  auto out = handler.Handle(f.Inv(kRuleEvent));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(out.status().message(), "strategy trend slot 2024-03-11T13:30:00Z: alpaca: HTTP 503");
}

TEST(ScheduledJobHandler, BadReportsAndThrowingRunnersAreInternalErrors) {
  Fixture f;
  f.next_report = std::string("[1,2]");
  auto handler = f.Make();
  auto out = handler.Handle(f.Inv(kRuleEvent));
  EXPECT_EQ(out.status().code(), StatusCode::kInternal);
  EXPECT_NE(out.status().message().find("not a JSON object"), std::string::npos);

  ScheduledHandlerOptions o;
  o.strategy = "trend";
  o.clock = &f.clock;
  ScheduledJobHandler throwing(o, [](const JobRequest&) -> Result<std::string> {
    throw std::runtime_error("boom");
  });
  auto t = throwing.Handle(f.Inv(kRuleEvent));
  EXPECT_EQ(t.status().code(), StatusCode::kInternal);
  EXPECT_NE(t.status().message().find("boom"), std::string::npos);
}

TEST(ScheduledJobHandler, RefusesEventsForAnotherStrategyAndBadEvents) {
  Fixture f;
  auto handler = f.Make();
  auto other = handler.Handle(
      f.Inv(R"({"strategy":"meanrev","scheduled_time":"2024-03-11T13:30:00Z"})"));
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(other.status().message().find("meanrev"), std::string::npos);
  EXPECT_EQ(handler.Handle(f.Inv(R"({"source":"aws.s3"})")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(f.calls.empty());
}

}  // namespace
}  // namespace tradelet::lambda
