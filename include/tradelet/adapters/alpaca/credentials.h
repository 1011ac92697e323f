// Alpaca API keys from the environment, read the way Alpaca's own SDKs read them, shared by the
// market-data and trading clients so both accept the same variables.
#pragma once

#include <string>

#include "tradelet/base/status.h"

namespace tradelet::alpaca {

struct AlpacaCredentials {
  std::string key_id;      // sent as APCA-API-KEY-ID
  std::string secret_key;  // sent as APCA-API-SECRET-KEY; never logged
};

// APCA_API_KEY_ID + APCA_API_SECRET_KEY; when either is unset, ALPACAUSER + ALPACAPW (the
// Python original's names). kUnauthenticated, naming the variables, when neither pair is set.
Result<AlpacaCredentials> AlpacaCredentialsFromEnvironment();

// The value of environment variable `name`, or "" when unset.
std::string EnvOrEmpty(const char* name);

}  // namespace tradelet::alpaca
