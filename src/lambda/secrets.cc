#include "tradelet/lambda/secrets.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tradelet/base/log.h"

namespace tradelet::lambda {
namespace {

bool IsEnvName(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string HostPort(const SecretsExtensionOptions& options) {
  if (!options.host_port.empty()) return options.host_port;
  const char* port = std::getenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT");
  return std::string("localhost:") + (port && *port ? port : "2773");
}

}  // namespace

Result<std::map<std::string, std::string>> FetchSecret(const std::string& secret_id,
                                                       const SecretsExtensionOptions& options) {
  const char* token = std::getenv("AWS_SESSION_TOKEN");
  if (token == nullptr || *token == '\0') {
    return InvalidArgument("secret " + secret_id +
                           ": AWS_SESSION_TOKEN is not set (the secrets extension needs it)");
  }
  httplib::Client http("http://" + HostPort(options));
  http.set_connection_timeout(1, 0);
  http.set_read_timeout(5, 0);
  http.set_tcp_nodelay(true);
  const httplib::Headers headers{{"X-Aws-Parameters-Secrets-Token", token}};
  const std::string path =
      httplib::append_query_params("/secretsmanager/get", {{"secretId", secret_id}});
  const auto give_up = std::chrono::steady_clock::now() + options.ready_timeout;
  std::string last;
  for (int attempt = 1;; ++attempt) {
    auto res = http.Get(path, headers);
    if (res && res->status == 200) {
      nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
      if (body.is_discarded() || !body.is_object() || !body.contains("SecretString") ||
          !body["SecretString"].is_string()) {
        return InvalidArgument("secret " + secret_id +
                               ": the extension's answer has no SecretString string");
      }
      nlohmann::json secret =
          nlohmann::json::parse(body["SecretString"].get<std::string>(), nullptr, false);
      if (secret.is_discarded() || !secret.is_object()) {
        return InvalidArgument("secret " + secret_id +
                               ": SecretString is not a JSON object of strings");
      }
      std::map<std::string, std::string> out;
      for (const auto& [k, v] : secret.items()) {
        if (!v.is_string()) {
          return InvalidArgument("secret " + secret_id + ": $." + k + " is not a string");
        }
        out[k] = v.get<std::string>();
      }
      return out;
    }
    if (res && (res->status == 401 || res->status == 403)) {
      return PermissionDenied("secret " + secret_id + ": HTTP " + std::to_string(res->status) +
                              " from the secrets extension (role lacks "
                              "secretsmanager:GetSecretValue, or a wrong token)");
    }
    if (res && res->status == 404) return NotFound("secret " + secret_id + ": HTTP 404");
    if (res && res->status != 400) {
      return Internal("secret " + secret_id + ": HTTP " + std::to_string(res->status) + " " +
                      res->body.substr(0, 200));
    }
    // Unreachable or 400 "not ready to serve traffic": the extension is still starting.
    last = res ? "HTTP 400 " + res->body.substr(0, 200) : httplib::to_string(res.error());
    if (std::chrono::steady_clock::now() >= give_up) {
      return Unavailable("secret " + secret_id + ": secrets extension at " + HostPort(options) +
                         " not ready after " + std::to_string(attempt) + " attempts: " + last);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50 * attempt, 250)));
  }
}

Result<int> ExportSecretToEnvironment(const std::string& secret_id,
                                      const SecretsExtensionOptions& options) {
  TL_ASSIGN_OR_RETURN(auto values, FetchSecret(secret_id, options));
  int exported = 0;
  for (const auto& [key, value] : values) {
    Logger::RegisterSecret(value);
    if (IsEnvName(key)) {
      ::setenv(key.c_str(), value.c_str(), 1);
      ++exported;
    }
  }
  return exported;
}

}  // namespace tradelet::lambda
