// FetchSecret against a local server that answers as the Parameters and Secrets extension.
#include "tradelet/lambda/secrets.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "tradelet/base/log.h"

namespace tradelet::lambda {
namespace {

class FakeExtension {
 public:
  explicit FakeExtension(int not_ready_answers) : not_ready_(not_ready_answers) {
    server_.Get("/secretsmanager/get", [this](const httplib::Request& req, httplib::Response& res) {
      secret_id_ = req.get_param_value("secretId");
      if (req.get_header_value("X-Aws-Parameters-Secrets-Token") != "session-token-1234") {
        res.status = 401;
        return;
      }
      if (not_ready_-- > 0) {
        res.status = 400;
        res.set_content("not ready to serve traffic, please wait", "text/plain");
        return;
      }
      res.set_content(
          R"({"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:alpaca-AbCd","Name":"alpaca",)"
          R"("SecretString":"{\"APCA_API_KEY_ID\":\"PKTESTKEYID12345\",\"APCA_API_SECRET_KEY\":\"sEcReT/with+chars\",\"note\":\"x y\"}"})",
          "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeExtension() {
    server_.stop();
    thread_.join();
  }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string secret_id_;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> not_ready_;
};

TEST(Secrets, WaitsForTheExtensionThenExportsAndMasksTheValues) {
  ::setenv("AWS_SESSION_TOKEN", "session-token-1234", 1);
  ::unsetenv("APCA_API_KEY_ID");
  FakeExtension ext(/*not_ready_answers=*/2);
  auto n = ExportSecretToEnvironment("arn:aws:secretsmanager:us-east-1:1:secret:alpaca-AbCd",
                                     {ext.host_port(), std::chrono::milliseconds(3000)});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);  // "note" is not an environment variable name
  EXPECT_EQ(ext.secret_id_, "arn:aws:secretsmanager:us-east-1:1:secret:alpaca-AbCd");
  EXPECT_STREQ(std::getenv("APCA_API_KEY_ID"), "PKTESTKEYID12345");
  EXPECT_STREQ(std::getenv("APCA_API_SECRET_KEY"), "sEcReT/with+chars");
  EXPECT_EQ(Logger::Redact("key PKTESTKEYID12345 and sEcReT/with+chars").find("PKTEST"),
            std::string::npos);
  ::unsetenv("APCA_API_KEY_ID");
  ::unsetenv("APCA_API_SECRET_KEY");
}

TEST(Secrets, ErrorsAreTyped) {
  FakeExtension ext(0);
  ::setenv("AWS_SESSION_TOKEN", "wrong", 1);
  EXPECT_EQ(FetchSecret("alpaca", {ext.host_port()}).status().code(),
            StatusCode::kPermissionDenied);
  ::unsetenv("AWS_SESSION_TOKEN");
  EXPECT_EQ(FetchSecret("alpaca", {ext.host_port()}).status().code(),
            StatusCode::kInvalidArgument);
  ::setenv("AWS_SESSION_TOKEN", "session-token-1234", 1);
  FakeExtension never_ready(1000);
  auto r = FetchSecret("alpaca", {never_ready.host_port(), std::chrono::milliseconds(300)});
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("not ready"), std::string::npos) << r.status().message();
  ::unsetenv("AWS_SESSION_TOKEN");
}

}  // namespace
}  // namespace tradelet::lambda
