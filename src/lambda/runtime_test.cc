// The runtime loop against the Runtime API emulator over real loopback HTTP.
#include "tradelet/lambda/runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "lambda/testing/runtime_api_emulator.h"
#include "tradelet/base/log.h"
#include "tradelet/lambda/scheduled_handler.h"

namespace tradelet::lambda {
namespace {

using std::chrono::milliseconds;
using testing::EmulatedEvent;
using testing::EmulatedOutcome;
using testing::RuntimeApiEmulator;
using testing::UnixMillisNow;

class RecordingHandler : public Handler {
 public:
  Result<std::string> Handle(const Invocation& inv) override {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(inv);
    const char* trace = std::getenv("_X_AMZN_TRACE_ID");
    traces.push_back(trace ? trace : "");
    if (inv.payload == "\"fail\"") return FailedPrecondition("market closed at 16:00 ET");
    if (inv.payload == "\"throw\"") throw std::runtime_error("unexpected");
    return "{\"echo\":" + inv.payload + "}";
  }
  std::mutex mu;
  std::vector<Invocation> seen;
  std::vector<std::string> traces;
};

EmulatedEvent Event(const std::string& id, const std::string& payload, std::string trace = "") {
  EmulatedEvent ev;
  ev.request_id = id;
  ev.payload = payload;
  ev.deadline_ms = UnixMillisNow() + 30000;
  ev.trace_id = std::move(trace);
  return ev;
}

TEST(RuntimeLoop, ResponsesErrorsHeadersAndTraceIds) {
  RuntimeApiEmulator api;
  ASSERT_TRUE(api.Start().ok());
  std::mutex log_mu;
  std::vector<std::string> lines;
  Logger::SetSink([&](std::string_view l) {
    std::lock_guard<std::mutex> lock(log_mu);
    lines.emplace_back(l);
  });
  RecordingHandler handler;
  RuntimeClient client(api.address());
  Status loop;
  std::thread t([&] { loop = RunRuntimeLoop(client, handler, {.max_invocations = 3}); });

  api.Enqueue(Event("r-ok", "{\"a\":1}", "Root=1-aaa;Parent=b;Sampled=1"));
  api.Enqueue(Event("r-fail", "\"fail\""));
  api.Enqueue(Event("r-throw", "\"throw\"", "Root=1-ccc"));
  auto ok = api.WaitOutcome("r-ok", milliseconds(5000));
  auto fail = api.WaitOutcome("r-fail", milliseconds(5000));
  auto thrown = api.WaitOutcome("r-throw", milliseconds(5000));
  t.join();
  Logger::ResetSink();
  EXPECT_TRUE(loop.ok()) << loop.ToString();

  ASSERT_TRUE(ok && fail && thrown);
  EXPECT_EQ(ok->kind, EmulatedOutcome::Kind::kResponse);
  EXPECT_EQ(ok->body, "{\"echo\":{\"a\":1}}");
  EXPECT_EQ(ok->content_type, "application/json");

  EXPECT_EQ(fail->kind, EmulatedOutcome::Kind::kError);
  EXPECT_EQ(fail->error_type, "FAILED_PRECONDITION");
  auto body = nlohmann::json::parse(fail->body);
  EXPECT_EQ(body["errorType"], "FAILED_PRECONDITION");
  EXPECT_EQ(body["errorMessage"], "market closed at 16:00 ET");
  EXPECT_TRUE(body["stackTrace"].is_array());
  EXPECT_EQ(body.size(), 3u);

  EXPECT_EQ(thrown->error_type, "INTERNAL");
  EXPECT_NE(nlohmann::json::parse(thrown->body)["errorMessage"].get<std::string>().find(
                "unexpected"),
            std::string::npos);

  ASSERT_EQ(handler.seen.size(), 3u);
  EXPECT_EQ(handler.seen[0].request_id, "r-ok");
  EXPECT_EQ(handler.seen[0].function_arn,
            "arn:aws:lambda:us-east-1:123456789012:function:tradelet-test");
  EXPECT_EQ(handler.seen[0].trace_id, "Root=1-aaa;Parent=b;Sampled=1");
  EXPECT_GT(handler.seen[0].deadline, handler.seen[0].received);
  EXPECT_EQ(handler.traces[0], "Root=1-aaa;Parent=b;Sampled=1");
  EXPECT_EQ(handler.traces[1], "");  // no header: the previous id must not leak
  EXPECT_EQ(handler.traces[2], "Root=1-ccc");

  // Every log line is one JSON object naming the request.
  int starts = 0;
  for (const auto& l : lines) {
    auto j = nlohmann::json::parse(l);
    if (j.value("msg", j.value("message", "")) == "invocation start") ++starts;
  }
  EXPECT_EQ(starts, 3) << (lines.empty() ? "" : lines[0]);
}

TEST(RuntimeLoop, ScheduledHandlerStopsPlacingWorkAtItsDeadline) {
  RuntimeApiEmulator api;
  ASSERT_TRUE(api.Start().ok());
  RealClock clock;
  int placed = 0;
  Timestamp job_deadline;
  Timestamp finished;
  ScheduledHandlerOptions o;
  o.strategy = "trend";
  o.clock = &clock;
  o.deadline_margin = milliseconds(300);
  o.min_budget = milliseconds(100);
  ScheduledJobHandler handler(o, [&](const JobRequest& r) -> Result<std::string> {
    job_deadline = r.deadline;
    // A job with more work than time: it checks the deadline before each unit.
    for (int i = 0; i < 1000; ++i) {
      if (clock.Now() >= r.deadline) {
        finished = clock.Now();
        return DeadlineExceeded("stopped after " + std::to_string(placed) + " orders");
      }
      ++placed;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return std::string("{}");
  });
  RuntimeClient client(api.address());
  std::thread t([&] { (void)RunRuntimeLoop(client, handler, {.max_invocations = 1}); });
  EmulatedEvent ev = Event("r-late", R"({"scheduled_time":"2024-03-11T13:30:00Z"})");
  ev.deadline_ms = UnixMillisNow() + 1000;
  const int64_t lambda_deadline = ev.deadline_ms;
  api.Enqueue(ev);
  auto out = api.WaitOutcome("r-late", milliseconds(5000));
  t.join();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->error_type, "DEADLINE_EXCEEDED");
  EXPECT_EQ(job_deadline.unix_nanos() / 1'000'000, lambda_deadline - 300);
  EXPECT_GT(placed, 0);
  EXPECT_LT(placed, 1000);
  // Stopped within one work unit of the job deadline, well before Lambda's.
  EXPECT_LT((finished - job_deadline), milliseconds(100));
}

TEST(RuntimeLoop, InitErrorIsPostedInLambdasShape) {
  RuntimeApiEmulator api;
  ASSERT_TRUE(api.Start().ok());
  RuntimeClient client(api.address());
  ASSERT_TRUE(client.PostInitError(LambdaErrorFromStatus(InvalidArgument("bad.toml:3:1: oops")))
                  .ok());
  auto init = api.WaitInitError(milliseconds(2000));
  ASSERT_TRUE(init.has_value());
  EXPECT_EQ(init->error_type, "INVALID_ARGUMENT");
  EXPECT_EQ(init->body,
            R"({"errorMessage":"bad.toml:3:1: oops","errorType":"INVALID_ARGUMENT","stackTrace":[]})");
}

TEST(RuntimeLoop, UnknownRequestIdIsRejectedAndTheLoopGoesOn) {
  RuntimeApiEmulator api;
  ASSERT_TRUE(api.Start().ok());
  RuntimeClient client(api.address());
  const Status s = client.PostResponse("never-issued", "{}");
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("HTTP 400"), std::string::npos);
}

TEST(RuntimeLoop, EndsWhenTheApiIsGone) {
  int port = 0;
  {
    RuntimeApiEmulator api;
    ASSERT_TRUE(api.Start().ok());
    port = api.port();
  }
  RuntimeClient client("127.0.0.1:" + std::to_string(port));
  RecordingHandler handler;
  const Status s = RunRuntimeLoop(client, handler);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_TRUE(handler.seen.empty());
}

TEST(RuntimeClient, FromEnvironmentValidates) {
  ::unsetenv("AWS_LAMBDA_RUNTIME_API");
  EXPECT_EQ(RuntimeClient::FromEnvironment().status().code(), StatusCode::kInvalidArgument);
  for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", ":9001", "host:99999", "h:12x"}) {
    ::setenv("AWS_LAMBDA_RUNTIME_API", bad, 1);
    EXPECT_FALSE(RuntimeClient::FromEnvironment().ok()) << bad;
  }
  ::setenv("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001", 1);
  auto c = RuntimeClient::FromEnvironment();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host_port(), "127.0.0.1:9001");
  ::unsetenv("AWS_LAMBDA_RUNTIME_API");
}

}  // namespace
}  // namespace tradelet::lambda
