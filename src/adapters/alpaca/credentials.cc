#include "tradelet/adapters/alpaca/credentials.h"

#include <cstdlib>

namespace tradelet::alpaca {

std::string EnvOrEmpty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

Result<AlpacaCredentials> AlpacaCredentialsFromEnvironment() {
  AlpacaCredentials c{EnvOrEmpty("APCA_API_KEY_ID"), EnvOrEmpty("APCA_API_SECRET_KEY")};
  if (c.key_id.empty() || c.secret_key.empty()) {
    c = {EnvOrEmpty("ALPACAUSER"), EnvOrEmpty("ALPACAPW")};
  }
  if (c.key_id.empty() || c.secret_key.empty()) {
    return Unauthenticated(
        "alpaca: no API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY (or ALPACAUSER and "
        "ALPACAPW)");
  }
  return c;
}

}  // namespace tradelet::alpaca
