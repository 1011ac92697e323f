// Prophet trend: the alpha stage. Guards first (stale data, too few bars, bad bars), then one
// Prophet fit per symbol and the band rule on the forecast at `read_step`.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "tradelet/strategy/prophet_trend.h"
#include "tradelet/strategy/trading_frequency.h"

namespace tradelet {
namespace {

// Why the window's bars cannot be used, or "" when they are fine. The same checks the data
// layer's validation makes on a single series: finite positive prices, high >= low, close
// inside [low, high], strictly ascending times.
std::string CheckBars(const HistoryView& h, size_t begin, size_t end, bool adjusted) {
  for (size_t k = begin; k < end; ++k) {
    const double c = h.close(k), hi = h.high(k), lo = h.low(k);
    const double y = adjusted ? h.adj_close(k) : c;
    const std::string at = " at " + FormatTimestamp(h.time(k));
    if (!std::isfinite(c) || !std::isfinite(y) || c <= 0 || y <= 0) {
      return "bars failed validation: close not a positive number" + at;
    }
    if (!std::isfinite(hi) || !std::isfinite(lo) || hi < lo || c > hi * (1 + 1e-9) ||
        c < lo * (1 - 1e-9)) {
      return "bars failed validation: close outside [low, high]" + at;
    }
    if (k > begin && h.time(k) <= h.time(k - 1)) {
      return "bars failed validation: times not ascending" + at;
    }
  }
  return "";
}

TimeZone ZoneOrNewYork(const std::string& name) {
  auto tz = TimeZone::Load(name);
  return tz.ok() ? *tz : TimeZone::NewYork();  // the name was validated when options were read
}

}  // namespace

ProphetTrendAlpha::ProphetTrendAlpha(ProphetTrendOptions o)
    : o_(std::move(o)), tz_(ZoneOrNewYork(o_.time_zone)) {
  auto f = ParseTradingFrequency(o_.freq);
  freq_ = f.ok() ? *f : forecast::Frequency{};  // validated when the options were read
}

void ProphetTrendAlpha::Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
                               std::vector<Insight>* insights) {
  const Timestamp now = ctx.now();
  forecast::ProphetOptions po;
  po.interval_width = o_.interval_width;
  po.uncertainty_samples = o_.uncertainty_samples;
  po.optimizer.algorithm = o_.algorithm;
  po.optimizer.max_iterations = o_.max_iterations;
  std::vector<Timestamp> ds;
  std::vector<double> y;
  for (uint32_t sym : universe) {
    const HistoryView h = ctx.history(sym);
    const std::string& name = ctx.symbol(sym);
    if (h.empty()) {
      AppendSkip(&log_, now, name, "no bars");
      continue;
    }
    const size_t begin = WindowBegin(o_, tz_, h, now);
    const size_t end = h.size();
    const size_t n = end - begin;
    const size_t count = o_.window == ProphetTrendOptions::Window::kExpanding ? n : h.size();
    if (o_.refit_every > 1 && count % static_cast<size_t>(o_.refit_every) != 0) continue;
    // Stale: the symbol's last bar closed too long before now (a halted or missing feed).
    const Timestamp last_end = h.last_time() + BarIntervalDuration(h.interval());
    if (now - last_end > o_.max_staleness) {
      AppendSkip(&log_, now, name, "stale data: last bar closed " + FormatTimestamp(last_end));
      continue;
    }
    if (n < static_cast<size_t>(std::max(2, o_.min_bars))) {
      AppendSkip(&log_, now, name,
                 "too few bars: " + std::to_string(n) + " < " + std::to_string(o_.min_bars));
      continue;
    }
    if (std::string why = CheckBars(h, begin, end, o_.adjusted); !why.empty()) {
      AppendSkip(&log_, now, name, why);
      continue;
    }
    ds.clear();
    y.clear();
    for (size_t k = begin; k < end; ++k) {
      ds.push_back(h.time(k));
      y.push_back(o_.adjusted ? h.adj_close(k) : h.close(k));
    }
    const double last = y.back();
    const auto t0 = std::chrono::steady_clock::now();
    auto fc = forecast::FitAndForecast(ds, y, o_.periods, freq_, po);
    fit_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++fits_;
    if (!fc.ok()) {
      AppendSkip(&log_, now, name, "fit failed: " + fc.status().message());
      continue;
    }
    const forecast::Termination term = fc->summary.termination;
    if (term == forecast::Termination::kMaxIterations ||
        term == forecast::Termination::kLineSearchFailed) {
      AppendSkip(&log_, now, name,
                 "fit did not converge: " + std::string(forecast::TerminationName(term)));
      continue;
    }
    const size_t k = static_cast<size_t>(o_.read_step - 1);
    if (k >= fc->yhat.size() || k >= fc->yhat_lower.size() || k >= fc->yhat_upper.size()) {
      AppendSkip(&log_, now, name, "forecast shorter than read_step");
      continue;
    }
    const double lo = fc->yhat_lower[k], mid = fc->yhat[k], hi = fc->yhat_upper[k];
    if (!std::isfinite(lo) || !std::isfinite(mid) || !std::isfinite(hi)) {
      AppendSkip(&log_, now, name, "forecast not finite");
      continue;
    }
    const bool held = ctx.portfolio().PositionQty(sym).IsPositive();
    const BandSignal sig = BandRule(last, lo, hi, held);
    Insight in;
    in.symbol = sym;
    in.direction = sig == BandSignal::kBuy    ? InsightDirection::kUp
                   : sig == BandSignal::kSell ? InsightDirection::kDown
                                              : InsightDirection::kFlat;
    in.magnitude = (mid - last) / last;
    // The rule compares the fitted series' last value with the band; orders are priced off
    // the traded (unadjusted) close.
    in.reference_price = h.last_close();
    in.band_lower = lo;
    in.band_mid = mid;
    in.band_upper = hi;
    in.source = "prophet_trend";
    insights->push_back(in);
    log_.push_back({now, name, last, lo, mid, hi,
                    sig == BandSignal::kBuy    ? "buy"
                    : sig == BandSignal::kSell ? "sell"
                                               : "hold",
                    "", fc->ds[k]});
  }
}

}  // namespace tradelet
