// rsi_reversion: RSI mean reversion on daily bars, long/flat. The whole strategy is this file:
// its options, its alpha stage, its factory and its registration (docs/strategy.md, "Writing a
// strategy", walks through it).
//
// RSI(period) is Wilder's: over the close-to-close changes, the first average gain and loss are
// the plain means of the first `period` changes, then avg = (avg * (period - 1) + change) /
// period; RSI = 100 - 100 / (1 + avg_gain / avg_loss) (100 when avg_loss is 0, 50 when both
// are 0). A flat symbol is bought when RSI < `oversold`; a held one is sold when RSI >
// `overbought`. Defaults: period 14, oversold 30, overbought 70 (Wilder's levels).
#include <cmath>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/registry.h"
#include "tradelet/strategy/sizing.h"

namespace tradelet {
namespace {

struct RsiOptions {
  int period = 14;
  double oversold = 30;
  double overbought = 70;
  SizingConfig sizing;
};

// Alpha: one Wilder RSI per symbol, updated in O(1) per new bar. The averages are the stage's
// own memory across steps.
class RsiAlpha : public AlphaModel {
 public:
  explicit RsiAlpha(RsiOptions o) : o_(o) {}

  void Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
              std::vector<Insight>* insights) override {
    if (state_.size() != ctx.symbol_count()) state_.resize(ctx.symbol_count());
    for (uint32_t s : universe) {
      const std::span<const double> c = ctx.history(s).closes();
      Wilder& w = state_[s];
      while (w.seen < c.size()) Fold(c, &w);  // every bar not seen yet (normally one)
      if (w.changes < static_cast<size_t>(o_.period)) continue;  // not enough history yet
      const double rsi = Rsi(w);
      const bool held = ctx.portfolio().PositionQty(s).IsPositive();
      InsightDirection d;
      if (!held && rsi < o_.oversold) {
        d = InsightDirection::kUp;
      } else if (held && rsi > o_.overbought) {
        d = InsightDirection::kFlat;
      } else {
        continue;
      }
      Insight in;
      in.symbol = s;
      in.direction = d;
      in.magnitude = rsi;  // the indicator's value, for reports
      in.reference_price = c.back();
      in.source = "rsi_reversion";
      insights->push_back(in);
    }
  }

 private:
  struct Wilder {
    size_t seen = 0;            // closes folded in
    size_t changes = 0;         // close-to-close changes folded in
    double gain = 0, loss = 0;  // sums during warm-up, then Wilder averages
  };

  void Fold(std::span<const double> c, Wilder* w) const {
    const size_t i = w->seen++;
    if (i == 0) return;
    const double ch = c[i] - c[i - 1];
    const double g = ch > 0 ? ch : 0, l = ch < 0 ? -ch : 0;
    const double n = o_.period;
    ++w->changes;
    if (w->changes < static_cast<size_t>(o_.period)) {
      w->gain += g;
      w->loss += l;
    } else if (w->changes == static_cast<size_t>(o_.period)) {
      w->gain = (w->gain + g) / n;  // the first averages: plain means
      w->loss = (w->loss + l) / n;
    } else {
      w->gain = (w->gain * (n - 1) + g) / n;
      w->loss = (w->loss * (n - 1) + l) / n;
    }
  }

  static double Rsi(const Wilder& w) {
    if (w.loss == 0) return w.gain == 0 ? 50 : 100;
    return 100 - 100 / (1 + w.gain / w.loss);
  }

  RsiOptions o_;
  std::vector<Wilder> state_;
};

// The factory: reads the options through the params view (errors name the key) and assembles
// the stages; the defaults of the others (universe: symbols with a new bar; risk: none;
// execution: market orders for target minus position) are the framework's.
Result<std::unique_ptr<Strategy>> MakeRsiReversion(const StrategyParams& p) {
  TL_RETURN_IF_ERROR(p.CheckKeys(
      {"name", "period", "oversold", "overbought", "sizing", "qty", "fraction", "whole_shares"}));
  RsiOptions o;
  TL_ASSIGN_OR_RETURN(int64_t period, p.Int("period", o.period, ParamRange::Closed(2, 1000)));
  o.period = static_cast<int>(period);
  TL_ASSIGN_OR_RETURN(o.oversold, p.Number("oversold", o.oversold, ParamRange::Open(0, 100)));
  TL_ASSIGN_OR_RETURN(o.overbought, p.Number("overbought", o.overbought, ParamRange::Open(0, 100)));
  if (!(o.oversold < o.overbought)) {
    return p.Error("oversold", "must be below overbought");
  }
  TL_ASSIGN_OR_RETURN(o.sizing, ReadSizing(p));
  return std::unique_ptr<Strategy>(std::make_unique<FrameworkStrategy>(
      "rsi_reversion", nullptr, std::make_unique<RsiAlpha>(o),
      std::make_unique<SizedPortfolio>(o.sizing), nullptr, nullptr));
}

}  // namespace
}  // namespace tradelet

TL_REGISTER_STRATEGY(rsi_reversion, tradelet::MakeRsiReversion);
