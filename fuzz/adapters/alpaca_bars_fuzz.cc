// Fuzzes the Alpaca bars JSON parser and the error-body mapper. Whatever parses must hold
// representable times and a non-empty token when there is one; errors must say what is wrong.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/adapters/alpaca/bars_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto r = alpaca::ParseBarsPage(s);
  if (r.ok()) {
    if (r->next_page_token && r->next_page_token->empty()) std::abort();
    for (const auto& [sym, bars] : r->bars) {
      if (sym.empty()) std::abort();
      for (const auto& b : bars) {
        // Round trip through the RFC 3339 formatter must hold for every accepted time.
        auto again = ParseTimestamp(FormatTimestamp(b.time));
        if (!again.ok() || *again != b.time) std::abort();
        if (b.trade_count && *b.trade_count < 0) std::abort();
      }
    }
  } else if (r.status().message().empty()) {
    std::abort();
  }
  if (alpaca::AlpacaErrorToStatus(403, s, "fuzz").ok()) std::abort();
  return 0;
}
