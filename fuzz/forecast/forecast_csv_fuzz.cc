// Fuzzes the forecaster's CSV path: ParseFrameCsv (and the holidays reader), then a small fit
// and predict on whatever parsed. Anything may be rejected with a Status; nothing may crash,
// hang, or return NaN silently.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tradelet/forecast/flags.h"
#include "tradelet/forecast/prophet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet::forecast;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParseHolidaysCsv(text, "fuzz");
  auto frame = ParseFrameCsv(text, true, "fuzz");
  if (!frame.ok() || frame->size() > 200) return 0;
  ProphetOptions o;
  o.uncertainty_samples = 20;
  o.optimizer.max_iterations = 200;  // keep each input fast; the cap itself is under test
  if (!frame->cap.empty()) o.growth = Growth::kLogistic;
  Prophet model(o);
  auto fit = model.Fit(*frame);
  if (!fit.ok()) return 0;
  auto future = model.MakeFutureDataFrame(3, *Frequency::Parse("day"));
  if (!future.ok()) return 0;
  if (!frame->cap.empty()) future->cap.assign(future->size(), frame->cap[0]);
  auto fc = model.Predict(*future);
  if (fc.ok()) {
    for (const auto& [name, col] : fc->columns) {
      for (double v : col) {
        if (std::isnan(v)) std::abort();  // Predict must report NaN as an error, not return it
      }
    }
  }
  return 0;
}
