// What a Lambda function needs at init: its strategy config (shipped in the zip), the strategy
// id, and a CA bundle that the HTTPS client can read on Amazon Linux 2023.
#pragma once

#include <string>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet::lambda {

// Where `tradelet package lambda` puts things inside the zip (and so under LAMBDA_TASK_ROOT).
inline constexpr char kConfigDir[] = "config";
inline constexpr char kCaBundlePath[] = "certs/ca-certificates.crt";

struct FunctionConfig {
  std::string path;      // the TOML file
  std::string strategy;  // top-level `name`, else [strategy] `name`, else the file's stem
};

// Parses the TOML file and derives the strategy id. Errors name the file, line and column
// (InvalidArgument) or the missing file (NotFound); a relative `[live] journal` is an
// InvalidArgument (it would land in the read-only task root).
Result<FunctionConfig> LoadFunctionConfig(const std::string& path);

// The config a function runs: $TRADELET_CONFIG if set, else the one *.toml file in
// <task_root>/config/. FailedPrecondition when there is none or more than one.
Result<std::string> FindFunctionConfig(const std::string& task_root);

// Points the HTTPS client (net::HttpsClient, OpenSSL) at a CA bundle that exists. Debian's
// OpenSSL (bundled in the zip) looks for /etc/ssl/certs/ca-certificates.crt, which Amazon Linux
// 2023 does not have; AL2023 keeps its store at /etc/pki/tls/certs/ca-bundle.crt. Keeps
// TRADELET_CA_BUNDLE when it names an existing file; otherwise sets TRADELET_CA_BUNDLE (and
// SSL_CERT_FILE when unset) to the first existing candidate: the system stores above, then
// <task_root>/certs/ca-certificates.crt from the zip. Returns the chosen path, or NotFound when
// none exists. (net::DefaultCaBundle() reads TRADELET_CA_BUNDLE first, then SSL_CERT_FILE.)
Result<std::string> ConfigureCaBundle(const std::string& task_root,
                                      const std::vector<std::string>& system_candidates = {
                                          "/etc/ssl/certs/ca-certificates.crt",
                                          "/etc/pki/tls/certs/ca-bundle.crt"});

}  // namespace tradelet::lambda
