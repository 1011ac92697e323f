#include "tradelet/lambda/scheduled_event.h"

#include <gtest/gtest.h>

namespace tradelet::lambda {
namespace {

constexpr char kRuleEvent[] =
    R"({"version":"0","id":"cdc73f9d-aea9-11e3-9d5a-835b769c0d9c","detail-type":"Scheduled Event",)"
    R"("source":"aws.events","account":"123456789012","time":"2024-03-11T13:30:00Z",)"
    R"("region":"us-east-2","resources":["arn:aws:events:us-east-2:123456789012:rule/s"],"detail":{}})";

Timestamp At(const char* iso) { return *ParseTimestamp(iso); }

TEST(ScheduledEvent, EventBridgeRuleEnvelope) {
  auto ev = ParseScheduledEvent(kRuleEvent);
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->shape, EventShape::kEventBridgeRule);
  ASSERT_TRUE(ev->time.has_value());
  // 2024-03-11T13:30:00Z = 1710163800 s since the epoch (independently: date -d ... +%s).
  EXPECT_EQ(ev->time->unix_nanos(), 1710163800LL * 1'000'000'000);
  EXPECT_EQ(ev->event_id, "cdc73f9d-aea9-11e3-9d5a-835b769c0d9c");
  EXPECT_TRUE(ev->strategy.empty());
}

TEST(ScheduledEvent, SchedulerWithTemplatedTime) {
  auto ev = ParseScheduledEvent(
      R"({"source":"scheduler","scheduled_time":"2022-03-22T18:45:00Z","attempt":"2",)"
      R"("execution_id":"e-1","strategy":"trend"})");
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->shape, EventShape::kSchedulerTimed);
  EXPECT_EQ(*ev->time, At("2022-03-22T18:45:00Z"));
  EXPECT_EQ(ev->attempt, 2);
  EXPECT_EQ(ev->event_id, "e-1");
  EXPECT_EQ(ev->strategy, "trend");
  auto numeric = ParseScheduledEvent(R"({"scheduled_time":"2022-03-22T18:45:00Z","attempt":1})");
  ASSERT_TRUE(numeric.ok());
  EXPECT_EQ(numeric->attempt, 1);
}

TEST(ScheduledEvent, SchedulerWithoutTimeIsUntimed) {
  for (const char* payload : {"", "  \n", "null", "{}", R"({"source":"scheduler"})",
                              R"({"strategy":"trend"})"}) {
    auto ev = ParseScheduledEvent(payload);
    ASSERT_TRUE(ev.ok()) << payload << ": " << ev.status().ToString();
    EXPECT_EQ(ev->shape, EventShape::kSchedulerUntimed) << payload;
    EXPECT_FALSE(ev->time.has_value()) << payload;
  }
}

TEST(ScheduledEvent, SameEventTwiceSameTime) {
  auto a = ParseScheduledEvent(kRuleEvent);
  auto b = ParseScheduledEvent(kRuleEvent);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a->time, *b->time);
}

void ExpectInvalid(const std::string& payload, const std::string& needle) {
  auto ev = ParseScheduledEvent(payload);
  ASSERT_FALSE(ev.ok()) << payload;
  EXPECT_EQ(ev.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ev.status().message().find(needle), std::string::npos)
      << ev.status().message() << " lacks " << needle;
}

TEST(ScheduledEvent, BadInputNamesTheProblem) {
  ExpectInvalid("{", "not valid JSON");
  ExpectInvalid("[1,2]", "expected a JSON object, got array");
  ExpectInvalid("42", "expected a JSON object, got number");
  ExpectInvalid(R"({"Records":[]})", "$.Records");
  ExpectInvalid(R"({"source":"aws.s3"})", "unsupported event source \"aws.s3\"");
  ExpectInvalid(R"({"source":"aws.events","detail-type":"EC2 Instance State-change"})",
                "$.detail-type");
  ExpectInvalid(R"({"source":"aws.events","detail-type":"Scheduled Event"})", "$.time: missing");
  ExpectInvalid(R"({"source":"aws.events","detail-type":"Scheduled Event","time":"yesterday"})",
                "$.time: not an ISO 8601 time");
  ExpectInvalid(R"({"scheduled_time":"<aws.scheduler.scheduled-time>"})",
                "unexpanded Scheduler context attribute");
  ExpectInvalid(R"({"scheduled_time":12})", "$.scheduled_time: expected a string, got number");
  ExpectInvalid(R"({"scheduled_time":"2022-03-22T18:45:00Z","attempt":"x"})", "$.attempt");
  ExpectInvalid(R"({"strategy":7})", "$.strategy");
  ExpectInvalid(R"({"source":["aws.events"]})", "$.source");
}

}  // namespace
}  // namespace tradelet::lambda
