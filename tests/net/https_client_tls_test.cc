// HttpsClient over TLS against a local cpp-httplib SSLServer whose self-signed certificate is made
// here (names "localhost" only): verification against a CA bundle, refusal without it, and the
// host-name check.
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
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

// A minimal HTTP CONNECT proxy on 127.0.0.1 (one tunnel at a time, to 127.0.0.1 only): enough to
// show that https URLs go through https_proxy with a CONNECT tunnel and TLS end to end.
class ConnectProxy {
 public:
  ConnectProxy() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listen_fd_, 4) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ConnectProxy() {
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  std::string request_line() const {
    std::lock_guard<std::mutex> lock(mu_);
    return request_line_;
  }

 private:
  void Serve() {
    for (;;) {
      const int client = ::accept(listen_fd_, nullptr, nullptr);
      if (client < 0) return;
      Tunnel(client);
      ::close(client);
    }
  }
  void Tunnel(int client) {
    std::string head;
    char buf[16384];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(client, buf, sizeof(buf), 0);
      if (n <= 0) return;
      head.append(buf, static_cast<size_t>(n));
    }
    const std::string line = head.substr(0, head.find("\r\n"));
    {
      std::lock_guard<std::mutex> lock(mu_);
      request_line_ = line;
    }
    // "CONNECT localhost:<port> HTTP/1.1"
    const size_t colon = line.rfind(':');
    const int port = std::atoi(line.c_str() + colon + 1);
    const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(static_cast<uint16_t>(port));
    if (line.rfind("CONNECT ", 0) != 0 ||
        ::connect(upstream, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
      const char refused[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
      ::send(client, refused, sizeof(refused) - 1, MSG_NOSIGNAL);
      ::close(upstream);
      return;
    }
    const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
    ::send(client, ok, sizeof(ok) - 1, MSG_NOSIGNAL);
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    for (bool open = true; open;) {
      if (::poll(fds, 2, 5000) <= 0) break;
      for (int i = 0; i < 2 && open; ++i) {
        if (fds[i].revents == 0) continue;
        const ssize_t n = ::recv(fds[i].fd, buf, sizeof(buf), 0);
        if (n <= 0 || ::send(fds[1 - i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) {
          open = false;
        }
      }
    }
    ::close(upstream);
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::string request_line_;
};

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

TEST_F(HttpsClientTlsTest, HttpsGoesThroughTheProxysConnectTunnel) {
  ConnectProxy proxy;
  ASSERT_GT(proxy.port(), 0);
  ::setenv("https_proxy", ("http://127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  {
    HttpsClient client({.ca_bundle = cert_.cert_path});
    auto r = client.Send(Get("localhost"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->body, "tls ok localhost:" + std::to_string(port_));
  }
  EXPECT_EQ(proxy.request_line(), "CONNECT localhost:" + std::to_string(port_) + " HTTP/1.1");
  ::unsetenv("https_proxy");
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
