// The packaged function trading for real against the paper exchange: `tradelet package lambda`
// with a live strategy config -> function.zip -> unzip (Info-ZIP) -> `bootstrap` started as a
// child process under the Runtime API emulator with Lambda's environment, the default (live)
// runner and APCA_* pointing at a paper exchange served over loopback HTTP in this process.
//
// Typed over the two Lambda architectures: the host build (x86_64), and the arm64 cross build
// (`scripts/build arm64`) packaged by the same host tradelet and run under qemu-aarch64. The
// arm64 instantiation skips, saying why, when that build or qemu-user is absent.
//
// Independent checks only: orders are counted at the exchange (by client_order_id and by
// symbol/side/slot) and compared with what the replayed bars imply (tests/live/e2e_fixture.h:
// SMA(1)/SMA(2) cross at every bar, so each slot wants a trade in each symbol).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../live/e2e_fixture.h"
#include "lambda/subprocess.h"
#include "lambda/testing/runtime_api_emulator.h"
#include "lambda/testing/zigzag_config.h"
#include "tradelet/testing/shared_data.h"
#include "sanitized_build.h"

namespace tradelet::lambda {
namespace {
namespace fs = std::filesystem;
using internal::RunCommand;
using live::e2e::ExpectedTarget;
using live::e2e::T;
using std::chrono::milliseconds;
using testing::EmulatedOutcome;
using testing::LambdaSandbox;
using testing::RuntimeApiEmulator;
using json = nlohmann::json;

const std::vector<std::string> kSymbols = {"AAA", "BBB"};

std::string RuleEvent(Timestamp slot) {
  return R"({"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",)"
         R"("detail-type":"Scheduled Event","source":"aws.events","account":"123456789012",)"
         R"("time":")" +
         FormatTimestamp(slot) +
         R"(","region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/zz"],"detail":{}})";
}

std::string SchedulerEvent(Timestamp slot, int attempt) {
  return R"({"source":"scheduler","strategy":"zz","scheduled_time":")" + FormatTimestamp(slot) +
         R"(","execution_id":"e-1","attempt":")" + std::to_string(attempt) + "\"}";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A loopback port nothing listens on.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// The parent orders at the exchange, as the exchange reports them.
struct Tally {
  std::map<std::string, int> per_client_id;
  std::map<std::string, int> per_intent;  // "<created_at>/<symbol>/<side>/<qty>"
  size_t total = 0;
  int max_per_client_id() const {
    int m = 0;
    for (auto& [k, n] : per_client_id) m = std::max(m, n);
    return m;
  }
};
Tally CountOrders(const live::PaperExchange& ex) {
  Tally t;
  for (const auto& o : ex.AllOrders()) {
    if (!o.order.parent_id.empty()) continue;
    ++t.total;
    ++t.per_client_id[o.order.client_order_id];
    ++t.per_intent[FormatTimestamp(o.order.created_at) + "/" + o.order.symbol + "/" +
                   std::string(OrderSideName(o.order.side)) + "/" + o.order.qty.ToString()];
  }
  return t;
}

// What the bars imply for `slot` when the account holds `held` shares of each symbol: one
// order per symbol for the difference, created at the slot.
std::map<std::string, int> Intended(Timestamp slot, int held) {
  std::map<std::string, int> out;
  const int want = ExpectedTarget(slot);
  if (want == held) return out;
  const std::string side = want > held ? "buy" : "sell";
  const int qty = want > held ? want - held : held - want;
  for (const auto& s : kSymbols) {
    out[FormatTimestamp(slot) + "/" + s + "/" + side + "/" + Decimal::FromInt(qty).ToString()] = 1;
  }
  return out;
}

// The x86_64 host build, started directly, as Lambda's x86_64 runtime starts it.
struct HostArch {
  static constexpr const char* kMachine = "x86_64";
  static constexpr const char* kReadelfMachine = "Advanced Micro Devices X86-64";
  static constexpr const char* kLoader = "ld-linux-x86-64.so.2";
  static constexpr const char* kTriplet = "x86_64-linux-gnu";
  static std::string Binary() { return TRADELET_BINARY; }
  static std::vector<std::string> Launcher() { return {}; }
  static std::string Missing() { return ""; }
};

// The arm64 cross build, packaged on this host and run under qemu-user (with `-0 bootstrap`,
// so argv[0] is what Lambda passes).
struct Arm64Arch {
  static constexpr const char* kMachine = "arm64";
  static constexpr const char* kReadelfMachine = "AArch64";
  static constexpr const char* kLoader = "ld-linux-aarch64.so.1";
  static constexpr const char* kTriplet = "aarch64-linux-gnu";
  static std::string Binary() { return TRADELET_ARM64_BINARY; }
  static std::vector<std::string> Launcher() { return {kQemu, "-0", "bootstrap"}; }
  static std::string Missing() {
    if (!fs::exists(Binary())) {
      return Binary() + " missing: `scripts/build arm64` cross-compiles it (scripts/test does)";
    }
    if (!fs::exists(kQemu)) return std::string(kQemu) + " missing: scripts/setup installs qemu-user";
    return "";
  }
  static constexpr const char* kQemu = "/usr/bin/qemu-aarch64";
};

template <typename Arch>
class BootstrapPaperTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    missing_ = new std::string(Arch::Missing());
    if (!missing_->empty()) return;
    dir_ = new std::string(::tradelet::testing::TempDir(std::string("lambda-paper-") + Arch::kMachine));
    task_ = new std::string(*dir_ + "/task");
    std::ofstream(*dir_ + "/zz.toml") << testing::kZigzagLiveConfig;
    auto out = RunCommand({TRADELET_BINARY, "package", "lambda", "--binary", Arch::Binary(),
                           "--config", *dir_ + "/zz.toml", "-o", *dir_ + "/function.zip",
                           "--task-root", *task_, "--max-mb", "50"});
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->exit_code, 0) << out->out;
    package_output_ = new std::string(out->out);
    fs::create_directories(*task_);
    auto unzip = RunCommand({"unzip", "-q", *dir_ + "/function.zip", "-d", *task_});
    ASSERT_TRUE(unzip.ok());
    ASSERT_EQ(unzip->exit_code, 0) << unzip->out;
    // /var/task is read-only on Lambda: nothing the function writes may land there. (chmod
    // does not stop root, so TearDown also compares the listing.)
    ASSERT_EQ(RunCommand({"chmod", "-R", "a-w", *task_})->exit_code, 0);
    listing_ = new std::string(Listing(*task_));
  }
  static std::string Listing(const std::string& root) {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      names.push_back(fs::relative(e.path(), root).string());
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += n + "\n";
    return out;
  }
  static void TearDownTestSuite() {
    if (task_ != nullptr) (void)RunCommand({"chmod", "-R", "u+w", *task_});  // for the cleanup
  }

  void TearDown() override {
    if (listing_ == nullptr) return;  // the suite's set-up failed
    EXPECT_EQ(Listing(*task_), *listing_) << "the function wrote into its task root";
  }

  void SetUp() override {
    if (!missing_->empty()) GTEST_SKIP() << *missing_;
    ASSERT_TRUE(api_.Start().ok());
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    log_ = *dir_ + "/" + name + ".log";
    tmp_ = *dir_ + "/tmp-" + name;  // Lambda's /tmp for this function
    fs::create_directories(tmp_);
  }

  // A paper exchange replaying the zigzag bars from `start`, on a real socket, with keys.
  void StartExchange(Timestamp start) {
    exchange_ = std::make_unique<live::PaperExchange>(live::e2e::ZigzagBars(kSymbols),
                                                      live::PaperExchangeOptions{{}, start});
    live::PaperServerOptions o;
    o.key_id = "PKTEST";
    o.secret_key = "paper-secret-123";
    server_ = std::make_unique<live::PaperServer>(*exchange_, o);
    ASSERT_TRUE(server_->Start().ok());
  }

  // Lambda's environment (set by LambdaSandbox), the live runner (the default: no
  // TRADELET_LAMBDA_RUNNER), and the Alpaca variables a deployment would export.
  LambdaSandbox::Options Sandbox(std::string base_url = "", std::string secret = "") {
    if (base_url.empty()) base_url = server_->base_url();
    if (secret.empty()) secret = "paper-secret-123";
    return {*task_ + "/bootstrap",
            *task_,
            log_,
            {{"APCA_API_BASE_URL", base_url},
             {"APCA_API_DATA_URL", base_url},
             {"APCA_API_KEY_ID", "PKTEST"},
             {"APCA_API_SECRET_KEY", secret},
             {"TMPDIR", tmp_}},
            Arch::Launcher()};
  }

  json Ok(const LambdaSandbox::Invoked& r) {
    EXPECT_TRUE(r.outcome.has_value()) << Log();
    if (!r.outcome) return json();
    EXPECT_EQ(r.outcome->kind, EmulatedOutcome::Kind::kResponse) << r.outcome->body << Log();
    json j = json::parse(r.outcome->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.outcome->body;
    return j;
  }

  std::string Log() const { return "\n--- bootstrap log ---\n" + ReadAll(log_); }

  static inline std::string* missing_ = nullptr;
  static inline std::string* dir_ = nullptr;
  static inline std::string* task_ = nullptr;
  static inline std::string* listing_ = nullptr;
  static inline std::string* package_output_ = nullptr;
  RuntimeApiEmulator api_;
  std::unique_ptr<live::PaperExchange> exchange_;
  std::unique_ptr<live::PaperServer> server_;
  std::string log_, tmp_;
};
using Architectures = ::testing::Types<HostArch, Arm64Arch>;
class ArchName {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kMachine;
  }
};
TYPED_TEST_SUITE(BootstrapPaperTest, Architectures, ArchName);

int CountState(const json& report, const std::string& state) {
  int n = 0;
  for (const auto& o : report["report"]["orders"]) n += o["state"] == state;
  return n;
}

// The package is for its architecture throughout (every ELF file in it, as binutils' readelf
// reads it), starts through its own loader, fits the 10 MB budget and is byte-reproducible.
TYPED_TEST(BootstrapPaperTest, PackageIsForItsArchitectureSmallAndReproducible) {
  const std::string& task = *TestFixture::task_;
  const std::string& dir = *TestFixture::dir_;
  EXPECT_NE(TestFixture::package_output_->find(TypeParam::kMachine), std::string::npos)
      << *TestFixture::package_output_;
  int elf_files = 0;
  for (const auto& e : fs::recursive_directory_iterator(task)) {
    if (!e.is_regular_file() || ReadAll(e.path().string()).rfind("\x7f" "ELF", 0) != 0) continue;
    ++elf_files;
    auto h = RunCommand({"readelf", "-h", e.path().string()});
    ASSERT_TRUE(h.ok());
    EXPECT_NE(h->out.find(std::string("Machine:                           ") +
                          TypeParam::kReadelfMachine),
              std::string::npos)
        << e.path() << "\n" << h->out;
  }
  EXPECT_GE(elf_files, 10);  // bootstrap, the loader, libc, libstdc++, libssl, ...
  auto l = RunCommand({"readelf", "-l", task + "/bootstrap"});
  ASSERT_TRUE(l.ok());
  EXPECT_NE(l->out.find("[Requesting program interpreter: " + task + "/lib/" + TypeParam::kLoader +
                        "]"),
            std::string::npos)
      << l->out;
  const std::string zip = ReadAll(dir + "/function.zip");
  bool sanitized_host = false;
#if TRADELET_ASAN_BUILD
  sanitized_host = std::string(TypeParam::kMachine) == HostArch::kMachine;  // bundles libasan
#endif
  if (!sanitized_host) {
    EXPECT_LE(zip.size(), 10u * 1024 * 1024);
  }
  auto again = RunCommand({TRADELET_BINARY, "package", "lambda", "--binary", TypeParam::Binary(),
                           "--config", dir + "/zz.toml", "-o", dir + "/again.zip", "--task-root",
                           task, "--max-mb", "50"});
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->exit_code, 0) << again->out;
  EXPECT_TRUE(ReadAll(dir + "/again.zip") == zip) << "two packagings of the same inputs differ";
}

// The running function maps its C library and loader from the package, not from the host.
TYPED_TEST(BootstrapPaperTest, RunsOnThePackagedLibraries) {
  this->StartExchange(T("2024-01-03T15:00:00Z"));
  LambdaSandbox box(&this->api_, this->Sandbox());
  ASSERT_TRUE(box.StartProcess().ok());
  ASSERT_TRUE(this->api_.WaitNextRequests(1, milliseconds(15000)).has_value()) << this->Log();
  const std::string maps = ReadAll("/proc/" + std::to_string(box.pid()) + "/maps");
  const std::string& task = *TestFixture::task_;
  for (const char* lib : {"libc.so.6", "libstdc++.so.6", "libssl.so.3", TypeParam::kLoader}) {
    EXPECT_NE(maps.find(task + "/lib/" + lib), std::string::npos) << lib << " not mapped from the task";
  }
  // (qemu-user itself maps the host's x86_64 libc; the guest must not map a system one.)
  EXPECT_EQ(maps.find(std::string("/") + TypeParam::kTriplet + "/libc.so.6"), std::string::npos)
      << "the system's " << TypeParam::kTriplet << " libc is mapped";
}

TYPED_TEST(BootstrapPaperTest, ScheduledEventTradesTheSlotOnceWhateverTheRedeliveries) {
  // Bar 1 of 2024-01-03 (14:45-15:00) closes at 15:00 with a cross up: buy 10 of each.
  const Timestamp slot = T("2024-01-03T15:00:00Z");
  ASSERT_EQ(ExpectedTarget(slot), 10);
  this->StartExchange(slot);
  LambdaSandbox box(&this->api_, this->Sandbox());
  ASSERT_TRUE(box.StartProcess().ok());
  const int pid = box.pid();

  json first = this->Ok(box.Invoke(RuleEvent(slot), milliseconds(15000), "req-1500"));
  EXPECT_EQ(first["statusCode"], 200);
  EXPECT_EQ(first["slot"]["time"], FormatTimestamp(slot));
  EXPECT_EQ(first["report"]["outcome"], "ok") << first.dump();
  EXPECT_EQ(CountState(first, "placed"), 2) << first.dump();
  Tally t = CountOrders(*this->exchange_);
  EXPECT_EQ(t.total, 2u);
  EXPECT_EQ(t.per_intent, Intended(slot, 0));
  EXPECT_EQ(t.max_per_client_id(), 1);

  // Lambda's retry: the same payload and request id. Then the Scheduler's shape of the same
  // slot, attempts 1 and 2. None may add an order.
  json again = this->Ok(box.Invoke(RuleEvent(slot), milliseconds(15000), "req-1500"));
  EXPECT_EQ(again["statusCode"], 200);
  EXPECT_EQ(CountState(again, "placed"), 0) << again.dump();
  for (int attempt : {1, 2}) {
    json s = this->Ok(box.Invoke(SchedulerEvent(slot, attempt), milliseconds(15000)));
    EXPECT_EQ(s["slot"]["source"], "scheduler");
    EXPECT_EQ(CountState(s, "placed"), 0) << s.dump();
  }
  t = CountOrders(*this->exchange_);
  EXPECT_EQ(t.total, 2u);
  EXPECT_EQ(t.per_intent, Intended(slot, 0));

  // Next slot: the buys filled at the 15:00 bar; the 15:15 close crosses down: sell 10 each.
  const Timestamp next = slot + std::chrono::minutes(15);
  ASSERT_TRUE(this->exchange_->AdvanceTo(next).ok());
  json sell = this->Ok(box.Invoke(SchedulerEvent(next, 1), milliseconds(15000)));
  EXPECT_EQ(CountState(sell, "placed"), 2) << sell.dump();
  this->Ok(box.Invoke(SchedulerEvent(next, 2), milliseconds(15000)));
  t = CountOrders(*this->exchange_);
  auto want = Intended(slot, 0);
  want.merge(Intended(next, 10));
  EXPECT_EQ(t.per_intent, want);
  EXPECT_EQ(t.total, 4u);
  EXPECT_EQ(t.max_per_client_id(), 1);
  // One process served all six events (no crash, no re-init): one /next after init and one
  // after each event.
  EXPECT_TRUE(this->api_.WaitNextRequests(7, milliseconds(5000)).has_value());
  EXPECT_EQ(this->api_.next_requests(), 7);
  EXPECT_EQ(box.pid(), pid);
  // The journal went to the function's /tmp (TMPDIR here), named for the strategy.
  EXPECT_TRUE(fs::exists(this->tmp_ + "/tradelet-zz.journal.sqlite"));
}

TYPED_TEST(BootstrapPaperTest, ExchangeFaultsAndAKilledRuntimeStillGiveOneOrderPerIntent) {
  const Timestamp slot = T("2024-01-03T15:30:00Z");  // bar 3 closes: cross up, buy
  ASSERT_EQ(ExpectedTarget(slot), 10);
  this->StartExchange(slot);
  // AAA's POST is accepted but its answer is lost; BBB's first POST gets a 500, its second a
  // 429 (neither handled), its third goes through.
  auto fault = [](live::PaperFault::Kind kind, int status = 500) {
    live::PaperFault f;
    f.kind = kind;
    f.method = "POST";
    f.path_prefix = "/v2/orders";
    f.status = status;
    return f;
  };
  this->server_->PushFault(fault(live::PaperFault::Kind::kDropAfter));
  this->server_->PushFault(fault(live::PaperFault::Kind::kStatus, 500));
  this->server_->PushFault(fault(live::PaperFault::Kind::kStatus, 429));
  LambdaSandbox box(&this->api_, this->Sandbox());
  ASSERT_TRUE(box.StartProcess().ok());
  json faulty = this->Ok(box.Invoke(RuleEvent(slot), milliseconds(15000)));
  EXPECT_EQ(this->server_->faults_applied(), 3u);
  EXPECT_EQ(faulty["statusCode"], 200) << faulty.dump();
  Tally t = CountOrders(*this->exchange_);
  EXPECT_EQ(t.per_intent, Intended(slot, 0));
  EXPECT_EQ(t.max_per_client_id(), 1);
  json redelivered = this->Ok(box.Invoke(RuleEvent(slot), milliseconds(15000)));
  EXPECT_EQ(CountState(redelivered, "placed"), 0) << redelivered.dump();
  EXPECT_EQ(CountOrders(*this->exchange_).per_intent, Intended(slot, 0));

  // Next slot (sell). The exchange sits on the first POST for 3 s; the invocation's deadline
  // passes first, so the runtime is killed (SIGKILL) mid-request, as Lambda does. The exchange
  // then accepts the order nobody heard about; Lambda redelivers the event to a fresh runtime.
  const Timestamp next = slot + std::chrono::minutes(15);
  ASSERT_TRUE(this->exchange_->AdvanceTo(next).ok());
  live::PaperFault slow = fault(live::PaperFault::Kind::kDelay);
  slow.delay = std::chrono::milliseconds(3000);
  this->server_->PushFault(slow);
  const int old_pid = box.pid();
  auto killed = box.Invoke(RuleEvent(next), milliseconds(2300), "req-1545");
  EXPECT_TRUE(killed.timed_out) << (killed.outcome ? killed.outcome->body : "") << this->Log();
  EXPECT_NE(box.pid(), old_pid);
  const size_t want_total = 3;  // two buys and the sell the dead runtime sent
  for (int i = 0; i < 100 && CountOrders(*this->exchange_).total < want_total; ++i) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_EQ(CountOrders(*this->exchange_).total, want_total);
  json retry = this->Ok(box.Invoke(RuleEvent(next), milliseconds(15000), "req-1545"));
  EXPECT_EQ(retry["report"]["outcome"], "ok") << retry.dump();
  EXPECT_EQ(CountState(retry, "placed"), 1) << retry.dump();  // the other one is adopted
  t = CountOrders(*this->exchange_);
  auto want = Intended(slot, 0);
  want.merge(Intended(next, 10));
  EXPECT_EQ(t.per_intent, want);
  EXPECT_EQ(t.total, 4u);
  EXPECT_EQ(t.max_per_client_id(), 1);
}

// A run that cannot happen is a Lambda error: {errorMessage, errorType, stackTrace} posted to
// /invocation/{id}/error, with the Lambda-Runtime-Function-Error-Type header; nothing traded.
void ExpectLambdaError(const LambdaSandbox::Invoked& r, const std::string& type,
                       const std::vector<std::string>& in_message, const std::string& log) {
  ASSERT_TRUE(r.outcome.has_value()) << log;
  EXPECT_EQ(r.outcome->kind, EmulatedOutcome::Kind::kError) << r.outcome->body;
  EXPECT_EQ(r.outcome->error_type, type) << r.outcome->body;
  json e = json::parse(r.outcome->body, nullptr, false);
  ASSERT_TRUE(e.is_object()) << r.outcome->body;
  EXPECT_EQ(e.size(), 3u) << r.outcome->body;
  EXPECT_EQ(e["errorType"], type);
  EXPECT_TRUE(e["stackTrace"].is_array());
  const std::string msg = e["errorMessage"];
  for (const auto& s : in_message) EXPECT_NE(msg.find(s), std::string::npos) << s << " in " << msg;
}

TYPED_TEST(BootstrapPaperTest, LiveJobFailuresComeBackInLambdasErrorShape) {
  const Timestamp slot = T("2024-01-03T15:00:00Z");
  this->StartExchange(slot);
  {
    // Wrong secret: the exchange answers 401 as Alpaca does; the secret never appears.
    LambdaSandbox box(&this->api_, this->Sandbox("", "wrong-secret-456"));
    ASSERT_TRUE(box.StartProcess().ok());
    auto r = box.Invoke(RuleEvent(slot), milliseconds(15000));
    ExpectLambdaError(r, "UNAUTHENTICATED", {"2024-01-03T15:00:00Z", "401"}, this->Log());
    EXPECT_EQ(r.outcome->body.find("wrong-secret-456"), std::string::npos);
  }
  {
    // The account cannot be read (403): the job's report says failed; Lambda gets an error.
    live::PaperFault f;
    f.kind = live::PaperFault::Kind::kReject;
    f.path_prefix = "/v2/account";
    this->server_->PushFault(f);
    LambdaSandbox box(&this->api_, this->Sandbox());
    ASSERT_TRUE(box.StartProcess().ok());
    auto r = box.Invoke(RuleEvent(slot), milliseconds(15000));
    ExpectLambdaError(r, "INTERNAL", {"2024-01-03T15:00:00Z", "live job failed: {"}, this->Log());
    // The message carries the job's report: failed, for the account, nothing ordered.
    const std::string msg = json::parse(r.outcome->body)["errorMessage"];
    json report = json::parse(msg.substr(msg.find('{')), nullptr, false);
    ASSERT_TRUE(report.is_object()) << msg;
    EXPECT_EQ(report["outcome"], "failed");
    EXPECT_EQ(report["orders"].size(), 0u);
    ASSERT_EQ(report["errors"].size(), 1u);
    EXPECT_NE(report["errors"][0].get<std::string>().find("/v2/account: HTTP 403"),
              std::string::npos);
  }
  {
    // Exchange unreachable (after the transport's retries).
    LambdaSandbox box(&this->api_, this->Sandbox("http://127.0.0.1:" + std::to_string(ClosedPort()), ""));
    ASSERT_TRUE(box.StartProcess().ok());
    auto r = box.Invoke(RuleEvent(slot), milliseconds(15000));
    ExpectLambdaError(r, "UNAVAILABLE", {"2024-01-03T15:00:00Z"}, this->Log());
  }
  EXPECT_EQ(CountOrders(*this->exchange_).total, 0u);
}

}  // namespace
}  // namespace tradelet::lambda
