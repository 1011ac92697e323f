// Fuzzes the Yahoo chart JSON parser and the error-body mapper. Whatever parses must be a
// well-formed series: every column as long as the time column, times strictly ascending, the
// event columns present, and the error path never produces an OK status.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/adapters/yahoo/chart_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  std::string_view s(reinterpret_cast<const char*>(data), size);
  for (bool keep : {false, true}) {
    yahoo::ChartParseOptions opt;
    opt.keep_null_rows = keep;
    auto r = yahoo::ParseChartJson(s, opt);
    if (r.ok()) {
      const BarSeries& b = r->bars;
      if (!b.CheckShape().ok()) std::abort();
      if (b.dividend.size() != b.size() || b.split.size() != b.size()) std::abort();
      if (!b.adj_close.empty() && b.adj_close.size() != b.size()) std::abort();
      for (const auto& sp : r->splits) {
        if (!(sp.ratio() > 0)) std::abort();
      }
    } else if (r.status().message().empty()) {
      std::abort();  // every error must say what is wrong
    }
  }
  for (int status : {200, 404, 429, 503}) {
    if (yahoo::ChartErrorToStatus(status, s).ok()) std::abort();
  }
  return 0;
}
