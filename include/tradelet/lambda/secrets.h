// Broker credentials from AWS Secrets Manager, read through the AWS Parameters and Secrets
// Lambda Extension (a layer). The extension serves plain HTTP on localhost inside the sandbox
// and signs the Secrets Manager call itself, so the runtime needs no SigV4 code:
//   GET http://localhost:2773/secretsmanager/get?secretId=<id>
//   X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN
//   -> {"ARN":...,"Name":...,"SecretString":"{\"APCA_API_KEY_ID\":\"...\",...}",...}
// The port is $PARAMETERS_SECRETS_EXTENSION_HTTP_PORT (default 2773).
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "tradelet/base/status.h"

namespace tradelet::lambda {

struct SecretsExtensionOptions {
  std::string host_port;  // empty: localhost:$PARAMETERS_SECRETS_EXTENSION_HTTP_PORT or 2773
  // The extension answers 400 "not ready to serve traffic" while it starts; retried this long.
  std::chrono::milliseconds ready_timeout{3000};
};

// The secret's SecretString parsed as a flat JSON object of strings.
// Errors: InvalidArgument (no AWS_SESSION_TOKEN, SecretString not a JSON object of strings),
// Unavailable (extension unreachable or not ready in time), PermissionDenied (HTTP 401/403),
// NotFound (HTTP 404), Internal (other HTTP errors).
Result<std::map<std::string, std::string>> FetchSecret(const std::string& secret_id,
                                                       const SecretsExtensionOptions& options = {});

// Fetches the secret, registers every value with the Logger as a secret (so it is masked in
// every later log line), and exports each key that is an environment-variable name
// ([A-Z_][A-Z0-9_]*) to the environment, where the Alpaca client reads APCA_API_KEY_ID and
// APCA_API_SECRET_KEY. Returns the number of variables exported.
Result<int> ExportSecretToEnvironment(const std::string& secret_id,
                                      const SecretsExtensionOptions& options = {});

}  // namespace tradelet::lambda
