// Fuzzes the text parsers of base/ and model/: timestamps, dates, durations, decimals, and the
// time-zone loader's fixed-offset path. Round trips must hold for everything that parses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/base/time.h"
#include "tradelet/model/decimal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  if (auto t = ParseTimestamp(s); t.ok()) {
    auto again = ParseTimestamp(FormatTimestamp(*t));
    if (!again.ok() || *again != *t) std::abort();
  }
  if (auto d = CivilDate::Parse(s); d.ok()) {
    if (CivilDate::FromDays(d->ToDays()) != *d) std::abort();
  }
  (void)ParseDuration(s);
  if (auto x = Decimal::Parse(s); x.ok()) {
    auto again = Decimal::Parse(x->ToString());
    if (!again.ok() || *again != *x) std::abort();
  }
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) (void)TimeZone::Load(s);
  return 0;
}
