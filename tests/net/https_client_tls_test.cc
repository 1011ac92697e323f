// HttpsClient over TLS against a local cpp-httplib SSLServer whose self-signed certificate is made
// here (names "localhost" only): verification against a CA bundle, refusal without it, and the
// host-name check.
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "tradelet/net/https_client.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::net {
namespace {

struct TestCert {
  std::string cert_path;
  std::string key_path;
};

void AddExtension(X509* x, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr);
  X509_add_ext(x, ext, -1);
  X509_EXTENSION_free(ext);
}

// A self-signed P-256 certificate for CN=localhost, subjectAltName DNS:localhost, valid for a day.
TestCert MakeCertificate(const std::string& dir) {
  TestCert out{dir + "/cert.pem", dir + "/key.pem"};
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  AddExtension(x, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(x, NID_subject_alt_name, "DNS:localhost");
  X509_sign(x, key, EVP_sha256());
  FILE* f = std::fopen(out.cert_path.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(out.key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

class HttpsClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = MakeCertificate(::tradelet::testing::TempDir("tls"));
    server_ = std::make_unique<httplib::SSLServer>(cert_.cert_path.c_str(), cert_.key_path.c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Get("/secure", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("tls ok " + req.get_header_value("Host"), "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  void TearDown() override {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  HttpRequest Get(const std::string& host) {
    HttpRequest r;
    r.url = "https://" + host + ":" + std::to_string(port_) + "/secure";
    r.timeout = std::chrono::seconds(5);
    return r;
  }

  TestCert cert_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(HttpsClientTlsTest, VerifiesAgainstTheGivenBundleAndReusesTheSession) {
  HttpsClient client({.ca_bundle = cert_.cert_path});
  for (int i = 0; i < 3; ++i) {
    auto r = client.Send(Get("localhost"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "tls ok localhost:" + std::to_string(port_));
  }
}

TEST_F(HttpsClientTlsTest, RefusesACertificateNotInTheBundle) {
  // The system store does not know the test certificate.
  HttpsClient client({.ca_bundle = "/etc/ssl/certs/ca-certificates.crt"});
  auto r = client.Send(Get("localhost"));
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  EXPECT_NE(r.status().message().find("certificate verification failed"), std::string::npos)
      << r.status().message();
}

TEST_F(HttpsClientTlsTest, ChecksTheHostName) {
  // Trusted certificate, wrong name: it names "localhost", the URL says 127.0.0.1.
  HttpsClient client({.ca_bundle = cert_.cert_path});
  auto r = client.Send(Get("127.0.0.1"));
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  EXPECT_NE(r.status().message().find("certificate"), std::string::npos) << r.status().message();
}

TEST_F(HttpsClientTlsTest, AnUnreadableBundleIsAConfigurationError) {
  HttpsClient client({.ca_bundle = "/nonexistent/ca.pem"});
  auto r = client.Send(Get("localhost"));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << r.status().ToString();
}

TEST(DefaultCaBundle, FollowsTheEnvironment) {
  ::setenv("TRADELET_CA_BUNDLE", "/a/bundle.pem", 1);
  ::setenv("SSL_CERT_FILE", "/b/cert.pem", 1);
  EXPECT_EQ(DefaultCaBundle(), "/a/bundle.pem");
  ::unsetenv("TRADELET_CA_BUNDLE");
  EXPECT_EQ(DefaultCaBundle(), "/b/cert.pem");
  ::unsetenv("SSL_CERT_FILE");
  // On Debian neither Amazon Linux path exists: OpenSSL's default store.
  if (!std::filesystem::exists("/etc/pki/tls/certs/ca-bundle.crt")) {
    EXPECT_EQ(DefaultCaBundle(), "");
  }
}

}  // namespace
}  // namespace tradelet::net
