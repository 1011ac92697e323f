// libFuzzer target for every Alpaca Trading API payload tradelet parses. One source, one
// binary per payload: TRADELET_PAYLOAD selects the parser (see fuzz/live/CMakeLists.txt).
// Properties: no crash, no sanitizer report, no exception escaping; a parsed order / request
// survives a write-and-parse round trip with the same id and quantities.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/adapters/alpaca/trading_json.h"
#if TRADELET_PAYLOAD == 8
#include "tradelet/paper/paper_server.h"
#endif

using namespace tradelet;
using namespace tradelet::alpaca;

namespace {
[[maybe_unused]] void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
#if TRADELET_PAYLOAD == 1
  (void)ParseAccountJson(body);
#elif TRADELET_PAYLOAD == 2
  (void)ParseClockJson(body);
#elif TRADELET_PAYLOAD == 3
  (void)ParseCalendarJson(body);
#elif TRADELET_PAYLOAD == 4
  (void)ParseAssetJson(body);
  (void)ParseAssetsJson(body);
#elif TRADELET_PAYLOAD == 5
  (void)ParsePositionJson(body);
  (void)ParsePositionsJson(body);
#elif TRADELET_PAYLOAD == 6
  if (auto o = ParseOrderJson(body); o.ok()) {
    auto back = ParseOrderJson(OrderToJson(*o));
    Check(back.ok() && back->order.id == o->order.id && back->order.qty == o->order.qty &&
          back->legs.size() == o->legs.size());
  }
  (void)ParseOrdersJson(body);
#elif TRADELET_PAYLOAD == 7
  (void)ParseMultiStatusJson(body, "id");
  (void)ParseMultiStatusJson(body, "symbol");
  (void)ParseApiErrorJson(body);
#elif TRADELET_PAYLOAD == 8
  if (auto r = ParseOrderRequestJson(body); r.ok()) {
    auto back = ParseOrderRequestJson(OrderRequestToJson(*r));
    Check(back.ok() && back->symbol == r->symbol && back->qty == r->qty &&
          back->limit_price == r->limit_price);
  }
  (void)ParseReplaceRequestJson(body);
  (void)live::ParsePaperFaultJson(body);
#else
#error "TRADELET_PAYLOAD must be 1..8"
#endif
  return 0;
}
