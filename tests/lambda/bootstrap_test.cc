// End to end: `tradelet package lambda` -> function.zip -> unzip (Info-ZIP, not our code) ->
// the `bootstrap` inside started as a child process with AWS_LAMBDA_RUNTIME_API pointing at
// the emulator -> scheduled events over real loopback HTTP.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lambda/subprocess.h"
#include "lambda/testing/runtime_api_emulator.h"
#include "tradelet/testing/shared_data.h"
#include "sanitized_build.h"

namespace tradelet::lambda {
namespace {
namespace fs = std::filesystem;
using internal::RunCommand;
using std::chrono::milliseconds;
using testing::EmulatedOutcome;
using testing::LambdaSandbox;
using testing::RuntimeApiEmulator;
using json = nlohmann::json;

constexpr char kRuleEvent[] =
    R"({"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",)"
    R"("source":"aws.events","account":"123456789012","time":"2024-03-11T13:30:00Z",)"
    R"("region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/trend"],"detail":{}})";
constexpr char kSchedulerEvent[] =
    R"({"source":"scheduler","scheduled_time":"2024-03-11T13:45:00Z","execution_id":"x-1","attempt":"1"})";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class BootstrapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::tradelet::testing::TempDir("lambda-e2e"));
    task_ = new std::string(*dir_ + "/task");
    // A config that passes the packager's live check (live_check.h).
    std::ofstream(*dir_ + "/trend.toml")
        << "name = \"trend\"\n[live]\nstrategy_id = \"trend\"\nsymbols = [\"SPY\"]\n"
           "[strategy]\nname = \"sma_crossover\"\n";
    // --max-mb 50 (Lambda's direct-upload limit) so the behaviour tests below run whatever the
    // size; the 10 MB budget is its own test.
    auto out = RunCommand({TRADELET_BINARY, "package", "lambda", "--config", *dir_ + "/trend.toml",
                           "-o", *dir_ + "/function.zip", "--task-root", *task_, "--max-mb", "50"});
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->exit_code, 0) << out->out;
    package_output_ = new std::string(out->out);
    fs::create_directories(*task_);
    auto unzip = RunCommand({"unzip", "-q", *dir_ + "/function.zip", "-d", *task_});
    ASSERT_TRUE(unzip.ok());
    ASSERT_EQ(unzip->exit_code, 0) << unzip->out;
  }

  void SetUp() override {
    ASSERT_TRUE(api_.Start().ok());
    log_ = *dir_ + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log";
  }

  LambdaSandbox::Options Sandbox(std::vector<std::pair<std::string, std::string>> env = {
                                     {"TRADELET_LAMBDA_RUNNER", "probe"}}) {
    return {*task_ + "/bootstrap", *task_, log_, std::move(env)};
  }

  std::string Log() const { return ReadAll(log_); }

  static std::string* dir_;
  static std::string* task_;
  static std::string* package_output_;
  RuntimeApiEmulator api_;
  std::string log_;
};
std::string* BootstrapTest::dir_ = nullptr;
std::string* BootstrapTest::task_ = nullptr;
std::string* BootstrapTest::package_output_ = nullptr;

TEST_F(BootstrapTest, PackageIsReproducibleSmallAndExecutable) {
  auto again = RunCommand({TRADELET_BINARY, "package", "lambda", "--config", *dir_ + "/trend.toml",
                           "-o", *dir_ + "/again.zip", "--task-root", *task_, "--max-mb", "50"});
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->exit_code, 0) << again->out;
  const std::string a = ReadAll(*dir_ + "/function.zip");
  const std::string b = ReadAll(*dir_ + "/again.zip");
  EXPECT_EQ(a, b) << "two packagings of the same inputs differ";
  EXPECT_NE(package_output_->find(std::to_string(a.size()) + " bytes zipped"), std::string::npos)
      << *package_output_;
  auto info = RunCommand({"zipinfo", *dir_ + "/function.zip", "bootstrap"});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->out.rfind("-rwxr-xr-x", 0), 0u) << info->out;
  EXPECT_TRUE(fs::exists(*task_ + "/config/trend.toml"));
  EXPECT_TRUE(fs::exists(*task_ + "/certs/ca-certificates.crt"));
  EXPECT_TRUE(fs::exists(*task_ + "/lib/libc.so.6"));
  auto interp = RunCommand({"readelf", "-l", *task_ + "/bootstrap"});
  ASSERT_TRUE(interp.ok());
  EXPECT_NE(interp->out.find("[Requesting program interpreter: " + *task_ +
                             "/lib/ld-linux-x86-64.so.2]"),
            std::string::npos)
      << interp->out;
}

// Lambda's hard limit for a direct upload is 50 MB zipped; the project's budget is 10 MB, which
// the packager enforces by default. The HTTPS transport is cpp-httplib + OpenSSL; libcurl's
// Debian tree (GnuTLS, Kerberos, LDAP, SASL, RTMP, ...) put the zip at 12.7 MB and must not come
// back, so the test also names the libraries that would.
TEST_F(BootstrapTest, FitsTheTenMegabyteBudget) {
#if TRADELET_ASAN_BUILD
  GTEST_SKIP() << "sanitizer builds bundle libasan/libubsan; the budget applies to release builds";
#endif
  const uint64_t size = ReadAll(*dir_ + "/function.zip").size();
  EXPECT_LE(size, 10u * 1024 * 1024) << "over the 10 MB budget (docs/deploy.md section 5)";
  for (const auto& entry : fs::directory_iterator(*task_ + "/lib")) {
    const std::string name = entry.path().filename().string();
    for (const char* unwanted : {"libcurl", "libgnutls", "libkrb5", "libldap", "libsasl2",
                                 "librtmp", "libssh2"}) {
      EXPECT_NE(name.rfind(unwanted, 0), 0u) << name << " is bundled again";
    }
  }
  // The packager's default budget accepts it.
  auto out = RunCommand({TRADELET_BINARY, "package", "lambda", "--config", *dir_ + "/trend.toml",
                         "-o", *dir_ + "/budget.zip", "--task-root", *task_});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 0) << out->out;
}

TEST_F(BootstrapTest, ScheduledEventsOfBothShapesMapToTheirSlots) {
  LambdaSandbox box(&api_, Sandbox());
  ASSERT_TRUE(box.StartProcess().ok());
  auto rule = box.Invoke(kRuleEvent, milliseconds(10000));
  ASSERT_TRUE(rule.outcome.has_value()) << Log();
  ASSERT_EQ(rule.outcome->kind, EmulatedOutcome::Kind::kResponse) << rule.outcome->body;
  auto r = json::parse(rule.outcome->body);
  EXPECT_EQ(r["statusCode"], 200);
  EXPECT_EQ(r["message"], "strategy trend slot 2024-03-11T13:30:00Z: job finished");
  EXPECT_EQ(r["report"]["mode"], "probe");
  EXPECT_EQ(r["report"]["slot"], "2024-03-11T13:30:00Z");
  EXPECT_EQ(r["slot"]["source"], "eventbridge-rule");

  auto sched = box.Invoke(kSchedulerEvent, milliseconds(10000));
  ASSERT_TRUE(sched.outcome.has_value()) << Log();
  auto s = json::parse(sched.outcome->body);
  EXPECT_EQ(s["slot"]["time"], "2024-03-11T13:45:00Z");
  EXPECT_EQ(s["slot"]["source"], "scheduler");
  EXPECT_EQ(s["slot"]["from_event"], true);

  auto untimed = box.Invoke("{}", milliseconds(10000));
  ASSERT_TRUE(untimed.outcome.has_value()) << Log();
  EXPECT_EQ(json::parse(untimed.outcome->body)["slot"]["from_event"], false);

  // The bad event is reported in Lambda's error shape and the runtime keeps serving.
  auto bad = box.Invoke(R"({"source":"aws.s3"})", milliseconds(10000));
  ASSERT_TRUE(bad.outcome.has_value());
  EXPECT_EQ(bad.outcome->kind, EmulatedOutcome::Kind::kError);
  EXPECT_EQ(bad.outcome->error_type, "INVALID_ARGUMENT");
  EXPECT_EQ(json::parse(bad.outcome->body)["errorType"], "INVALID_ARGUMENT");
  EXPECT_TRUE(box.Invoke(kRuleEvent, milliseconds(10000)).outcome.has_value());
  // One /next after init and one after each of the 5 invocations; nothing else.
  EXPECT_TRUE(api_.WaitNextRequests(6, milliseconds(5000)).has_value());
  EXPECT_EQ(api_.next_requests(), 6);

  // JSON-lines logs on stdout with the trace id propagated.
  std::istringstream lines(Log());
  std::string line;
  int starts = 0;
  bool ready = false;
  while (std::getline(lines, line)) {
    auto j = json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "not JSON: " << line;
    if (j["msg"] == "runtime ready") {
      ready = true;
      EXPECT_EQ(j["strategy"], "trend");
      EXPECT_EQ(j["runner"], "probe");
    }
    if (j["msg"] == "invocation start") {
      ++starts;
      EXPECT_EQ(j["trace_id"], testing::EmulatedEvent().trace_id);
    }
  }
  EXPECT_TRUE(ready);
  EXPECT_EQ(starts, 5);
}

TEST_F(BootstrapTest, SameEventDeliveredTwiceMapsToOneSlot) {
  LambdaSandbox box(&api_, Sandbox());
  ASSERT_TRUE(box.StartProcess().ok());
  // Lambda's async retry redelivers the same payload (and the same request id).
  auto first = box.Invoke(kRuleEvent, milliseconds(10000), "retry-id-1");
  auto second = box.Invoke(kRuleEvent, milliseconds(10000), "retry-id-1");
  ASSERT_TRUE(first.outcome && second.outcome) << Log();
  EXPECT_EQ(json::parse(first.outcome->body)["slot"], json::parse(second.outcome->body)["slot"]);
  // Scheduler: attempts 1 and 2 of one scheduled time.
  std::string attempt2 = kSchedulerEvent;
  attempt2.replace(attempt2.find("\"attempt\":\"1\""), 13, "\"attempt\":\"2\"");
  auto a1 = box.Invoke(kSchedulerEvent, milliseconds(10000));
  auto a2 = box.Invoke(attempt2, milliseconds(10000));
  ASSERT_TRUE(a1.outcome && a2.outcome);
  EXPECT_EQ(json::parse(a1.outcome->body)["slot"]["time"], "2024-03-11T13:45:00Z");
  EXPECT_EQ(json::parse(a1.outcome->body)["slot"], json::parse(a2.outcome->body)["slot"]);
}

TEST_F(BootstrapTest, LiveJobErrorIsReportedInLambdasErrorShape) {
  // The packager refuses a config without [live]; one edited in place after deployment
  // (TRADELET_CONFIG points at it) reaches the live job, which refuses to run.
  fs::create_directories(*dir_ + "/edited");
  std::ofstream(*dir_ + "/edited/trend.toml") << "name = \"trend\"\n[universe]\ntop = 20\n";
  // The default runner: the live job.
  LambdaSandbox box(&api_, Sandbox({{"TRADELET_CONFIG", *dir_ + "/edited/trend.toml"}}));
  ASSERT_TRUE(box.StartProcess().ok());
  auto out = box.Invoke(kRuleEvent, milliseconds(10000));
  ASSERT_TRUE(out.outcome.has_value()) << Log();
  EXPECT_EQ(out.outcome->kind, EmulatedOutcome::Kind::kError);
  // That config has no [live] table: the live job says why, naming the slot and the file.
  EXPECT_EQ(out.outcome->error_type, "INVALID_ARGUMENT");
  auto e = json::parse(out.outcome->body);
  EXPECT_EQ(e.size(), 3u);
  EXPECT_EQ(e["errorType"], "INVALID_ARGUMENT");
  EXPECT_TRUE(e["stackTrace"].is_array());
  const std::string msg = e["errorMessage"];
  EXPECT_NE(msg.find("2024-03-11T13:30:00Z"), std::string::npos) << msg;
  EXPECT_NE(msg.find("trend.toml: missing [live] table"), std::string::npos) << msg;
}

TEST_F(BootstrapTest, PastItsDeadlineTheJobIsNotStartedAndAHungRuntimeIsReplaced) {
  LambdaSandbox box(&api_, Sandbox());
  ASSERT_TRUE(box.StartProcess().ok());
  // 1 s left is less than the 1.5 s margin + 0.5 s budget: refused, nothing run.
  auto late = box.Invoke(kRuleEvent, milliseconds(1000));
  ASSERT_TRUE(late.outcome.has_value()) << Log();
  EXPECT_EQ(late.outcome->error_type, "DEADLINE_EXCEEDED");
  EXPECT_NE(json::parse(late.outcome->body)["errorMessage"].get<std::string>().find(
                "the job was not started"),
            std::string::npos);
  // A runtime that stops answering (frozen here with SIGSTOP) is killed at the deadline, as
  // Lambda does, and a fresh one re-runs init and serves the next event.
  ASSERT_TRUE(api_.WaitNextRequests(2, milliseconds(5000)).has_value());
  const int old_pid = box.pid();
  ::kill(old_pid, SIGSTOP);
  auto hung = box.Invoke(kRuleEvent, milliseconds(800));
  EXPECT_TRUE(hung.timed_out);
  EXPECT_NE(box.pid(), old_pid);
  auto after = box.Invoke(kRuleEvent, milliseconds(10000));
  ASSERT_TRUE(after.outcome.has_value()) << Log();
  EXPECT_EQ(after.outcome->kind, EmulatedOutcome::Kind::kResponse);
  size_t ready = 0;
  for (size_t p = 0; (p = Log().find("runtime ready", p)) != std::string::npos; ++p) ++ready;
  EXPECT_EQ(ready, 2u);
}

TEST_F(BootstrapTest, BadConfigIsAnInitError) {
  const std::string bad = *dir_ + "/broken.toml";
  std::ofstream(bad) << "name = \"trend\"\nthis is = = not toml\n";
  LambdaSandbox box(&api_, Sandbox({{"TRADELET_CONFIG", bad}}));
  ASSERT_TRUE(box.StartProcess().ok());
  auto init = api_.WaitInitError(milliseconds(10000));
  ASSERT_TRUE(init.has_value()) << Log();
  EXPECT_EQ(init->error_type, "INVALID_ARGUMENT");
  auto e = json::parse(init->body);
  EXPECT_NE(e["errorMessage"].get<std::string>().find(bad + ":2:"), std::string::npos)
      << init->body;
  auto code = box.WaitExit(milliseconds(5000));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 3);  // bad input
  EXPECT_EQ(api_.next_requests(), 0);
}

}  // namespace
}  // namespace tradelet::lambda
