// How a portfolio stage turns "go long/short" into shares, and the portfolio stage the simple
// strategies share (buy_and_hold, sma_crossover, rsi_reversion).
#pragma once

#include <string_view>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/params.h"

namespace tradelet {

struct SizingConfig {
  enum class Mode { kFixedQty, kPercentEquity, kEqualWeight };
  Mode mode = Mode::kFixedQty;
  Decimal qty = Decimal::FromInt(10);  // kFixedQty: shares per position
  double fraction =
      1.0;  // kPercentEquity: of equity per position; kEqualWeight: of equity over all symbols
  bool whole_shares = true;
  // Shares for one position at `price` given the account's equity and the universe size.
  Quantity SharesAt(double price, Money equity, size_t symbol_count) const;
};
// Reads `sizing = "fixed_qty"|"percent_equity"|"equal_weight"` (default `default_mode`), `qty`,
// `fraction`, `whole_shares`.
Result<SizingConfig> ReadSizing(const StrategyParams& p,
                                std::string_view default_mode = "fixed_qty");
// The option names ReadSizing reads, for CheckKeys.
inline constexpr std::string_view kSizingKeys[] = {"sizing", "qty", "fraction", "whole_shares"};

// Portfolio stage: Up -> +size, Down -> -size, Flat -> 0.
class SizedPortfolio : public PortfolioModel {
 public:
  explicit SizedPortfolio(SizingConfig sizing) : sizing_(sizing) {}
  void Targets(const StrategyContext& ctx, const std::vector<Insight>& insights,
               std::vector<PortfolioTarget>* targets) override;

 private:
  SizingConfig sizing_;
};

}  // namespace tradelet
