#include "tradelet/strategy/builtin.h"

#include <cmath>
#include <string>

#include "tradelet/strategy/registry.h"

namespace tradelet {
namespace {

class BuyOnceAlpha : public AlphaModel {
 public:
  bool reads_portfolio() const override { return false; }
  void Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
              std::vector<Insight>* insights) override {
    if (bought_.size() != ctx.symbol_count()) bought_.resize(ctx.symbol_count(), false);
    for (uint32_t s : universe) {
      if (bought_[s]) continue;
      bought_[s] = true;
      Insight in;
      in.symbol = s;
      in.direction = InsightDirection::kUp;
      in.reference_price = ctx.history(s).last_close();
      in.source = "buy_and_hold";
      insights->push_back(in);
    }
  }

 private:
  std::vector<bool> bought_;
};

// Per-symbol incremental SMA state. Sums are re-derived from the closes every `kResync` bars
// so floating-point drift cannot accumulate over long histories.
struct SmaState {
  size_t seen = 0;  // bars folded into the sums
  double sum_fast = 0;
  double sum_slow = 0;
  int8_t above = -1;  // -1: unknown yet; 0: fast <= slow; 1: fast > slow
};

class SmaCrossAlpha : public AlphaModel {
 public:
  explicit SmaCrossAlpha(SmaCrossoverOptions o) : o_(o) {}
  bool reads_portfolio() const override { return false; }

  void Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
              std::vector<Insight>* insights) override {
    if (state_.size() != ctx.symbol_count()) state_.resize(ctx.symbol_count());
    const size_t fast = static_cast<size_t>(o_.fast), slow = static_cast<size_t>(o_.slow);
    for (uint32_t s : universe) {
      const HistoryView h = ctx.history(s);
      const std::span<const double> c = h.closes();
      SmaState& st = state_[s];
      const size_t n = c.size();
      // Fold every bar not yet seen (normally exactly one), in locals: the same operations in
      // the same order, without a store and reload of the sums per bar.
      if (st.seen < n) {
        double sum_fast = st.sum_fast, sum_slow = st.sum_slow;
        for (size_t i = st.seen; i < n; ++i) {
          sum_fast += c[i];
          sum_slow += c[i];
          if (i >= fast) sum_fast -= c[i - fast];
          if (i >= slow) sum_slow -= c[i - slow];
          if (((i + 1) & 4095) == 0) Resync(c.first(i + 1), &sum_fast, &sum_slow);
        }
        st.seen = n;
        st.sum_fast = sum_fast;
        st.sum_slow = sum_slow;
      }
      if (n < slow) continue;
      const double diff = st.sum_fast / fast - st.sum_slow / slow;
      const int8_t above = diff > 0 ? 1 : 0;
      const int8_t was = st.above;
      st.above = above;
      if (was < 0 || was == above) continue;
      Insight in;
      in.symbol = s;
      in.direction = above ? InsightDirection::kUp
                           : (o_.allow_short ? InsightDirection::kDown : InsightDirection::kFlat);
      in.magnitude = diff / c[n - 1];
      in.reference_price = c[n - 1];
      in.source = "sma_crossover";
      insights->push_back(in);
    }
  }

 private:
  void Resync(std::span<const double> c, double* sum_fast, double* sum_slow) const {
    const size_t n = c.size();
    *sum_fast = *sum_slow = 0;
    for (size_t i = n - std::min<size_t>(n, o_.fast); i < n; ++i) *sum_fast += c[i];
    for (size_t i = n - std::min<size_t>(n, o_.slow); i < n; ++i) *sum_slow += c[i];
  }
  SmaCrossoverOptions o_;
  std::vector<SmaState> state_;
};

}  // namespace

std::unique_ptr<FrameworkStrategy> MakeBuyAndHold(const BuyAndHoldOptions& o) {
  return std::make_unique<FrameworkStrategy>(
      "buy_and_hold", nullptr, std::make_unique<BuyOnceAlpha>(),
      std::make_unique<SizedPortfolio>(o.sizing), nullptr, nullptr);
}

Result<std::unique_ptr<Strategy>> MakeBuyAndHoldFromParams(const StrategyParams& p) {
  TL_RETURN_IF_ERROR(p.CheckKeys({"name", "sizing", "qty", "fraction", "whole_shares"}));
  BuyAndHoldOptions o;
  TL_ASSIGN_OR_RETURN(o.sizing, ReadSizing(p, "equal_weight"));
  return std::unique_ptr<Strategy>(MakeBuyAndHold(o));
}

std::unique_ptr<FrameworkStrategy> MakeSmaCrossover(const SmaCrossoverOptions& o) {
  return std::make_unique<FrameworkStrategy>(
      "sma_crossover", nullptr, std::make_unique<SmaCrossAlpha>(o),
      std::make_unique<SizedPortfolio>(o.sizing), nullptr, nullptr);
}

Result<std::unique_ptr<Strategy>> MakeSmaCrossoverFromParams(const StrategyParams& p) {
  TL_RETURN_IF_ERROR(p.CheckKeys(
      {"name", "fast", "slow", "allow_short", "sizing", "qty", "fraction", "whole_shares"}));
  SmaCrossoverOptions o;
  TL_ASSIGN_OR_RETURN(int64_t fast, p.Int("fast", 10));
  TL_ASSIGN_OR_RETURN(int64_t slow, p.Int("slow", 30));
  if (fast < 1 || slow < 2 || fast >= slow || slow > 100000) {
    return InvalidArgument(p.Path("fast/slow") + ": need 1 <= fast < slow <= 100000, got fast=" +
                           std::to_string(fast) + " slow=" + std::to_string(slow));
  }
  o.fast = static_cast<int>(fast);
  o.slow = static_cast<int>(slow);
  TL_ASSIGN_OR_RETURN(o.allow_short, p.Bool("allow_short", false));
  TL_ASSIGN_OR_RETURN(o.sizing, ReadSizing(p));
  return std::unique_ptr<Strategy>(MakeSmaCrossover(o));
}

}  // namespace tradelet

TL_REGISTER_STRATEGY(buy_and_hold, tradelet::MakeBuyAndHoldFromParams);
TL_REGISTER_STRATEGY(sma_crossover, tradelet::MakeSmaCrossoverFromParams);
