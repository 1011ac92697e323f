#include "tradelet/data/adjust.h"

#include <cmath>

namespace tradelet::data {

std::string_view AdjustmentName(Adjustment a) {
  switch (a) {
    case Adjustment::kRaw:
      return "raw";
    case Adjustment::kSplitAdjusted:
      return "split";
    case Adjustment::kFullyAdjusted:
      return "full";
  }
  return "?";
}

Result<Adjustment> ParseAdjustment(std::string_view t) {
  if (t == "raw") return Adjustment::kRaw;
  if (t == "split" || t == "split-adjusted") return Adjustment::kSplitAdjusted;
  if (t == "full" || t == "adjusted" || t == "all") return Adjustment::kFullyAdjusted;
  return InvalidArgument("unknown adjustment '" + std::string(t) + "' (raw, split, full)");
}

Result<BarSeries> Adjust(const BarSeries& raw, Adjustment how) {
  BarSeries out = raw;
  const size_t n = raw.size();
  if (how == Adjustment::kRaw) return out;
  const bool has_split = !raw.split.empty(), has_div = !raw.dividend.empty();
  if (how == Adjustment::kFullyAdjusted && !(has_split && has_div)) {
    if (raw.adj_close.empty()) {
      return FailedPrecondition(raw.symbol +
                                ": full adjustment needs split and dividend columns or an "
                                "adjusted close column; this series has none");
    }
    for (size_t i = 0; i < n; ++i) {
      const double r = raw.close[i] != 0 ? raw.adj_close[i] / raw.close[i] : NAN;
      out.open[i] *= r;
      out.high[i] *= r;
      out.low[i] *= r;
      out.close[i] = raw.adj_close[i];
    }
    if (has_split) out.split.assign(n, 1.0);
    if (has_div) out.dividend.assign(n, 0.0);
    return out;
  }
  if (!has_split) {
    return FailedPrecondition(raw.symbol +
                              ": split adjustment needs a split column (split_coefficient); "
                              "the source may already be split-adjusted");
  }
  // Walk backwards accumulating the factors of the bars after i.
  double s = 1.0, d = 1.0;
  for (size_t k = n; k-- > 0;) {
    const double price_factor = how == Adjustment::kFullyAdjusted ? d / s : 1.0 / s;
    out.open[k] = raw.open[k] * price_factor;
    out.high[k] = raw.high[k] * price_factor;
    out.low[k] = raw.low[k] * price_factor;
    out.close[k] = raw.close[k] * price_factor;
    out.volume[k] = raw.volume[k] * s;
    if (has_div) out.dividend[k] = how == Adjustment::kFullyAdjusted ? 0.0 : raw.dividend[k] / s;
    out.split[k] = 1.0;
    // Bar k's own actions apply to the bars before it.
    const double sp = raw.split[k] > 0 ? raw.split[k] : 1.0;
    if (how == Adjustment::kFullyAdjusted && has_div && raw.dividend[k] != 0 && k > 0) {
      const double prev_close = raw.close[k - 1] / sp;  // in post-split shares of day k
      if (prev_close > 0 && raw.dividend[k] < prev_close) d *= 1.0 - raw.dividend[k] / prev_close;
    }
    s *= sp;
  }
  return out;
}

}  // namespace tradelet::data
