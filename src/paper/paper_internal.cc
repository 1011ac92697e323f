#include "paper/paper_internal.h"

#include <cstdio>

#include "tradelet/adapters/alpaca/trading_json.h"

namespace tradelet::live::paper_internal {

using alpaca::ApiErrorToJson;

PaperResponse Error(int status, int64_t code, const std::string& message) {
  return {status, ApiErrorToJson(code, message)};
}

PaperResponse NotFoundError(const std::string& what) { return Error(404, 40410000, what); }

// Simulated-broker Status -> Alpaca's HTTP answer.
PaperResponse FromStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kAlreadyExists:
      return Error(422, 40010001, "client_order_id must be unique");
    case StatusCode::kPermissionDenied:
      return Error(403, 40310000, s.message());
    case StatusCode::kNotFound:
      return Error(404, 40410000, s.message());
    case StatusCode::kFailedPrecondition:
    case StatusCode::kInvalidArgument:
    default:
      return Error(422, 42210000, s.message());
  }
}

std::string PseudoUuid(const std::string& seed) {
  // Stable asset ids derived from the symbol (format of a UUID, not random).
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : seed) h = (h ^ c) * 1099511628211ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(h >> 32),
                static_cast<unsigned long long>((h >> 16) & 0xffff),
                static_cast<unsigned long long>(h & 0xfff),
                static_cast<unsigned long long>((h >> 20) & 0xfff),
                static_cast<unsigned long long>((h * 31) & 0xffffffffffffull));
  return buf;
}

}  // namespace tradelet::live::paper_internal
