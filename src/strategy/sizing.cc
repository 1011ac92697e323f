#include "tradelet/strategy/sizing.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace tradelet {

Quantity SizingConfig::SharesAt(double price, Money equity, size_t symbol_count) const {
  if (!(price > 0) || !std::isfinite(price)) return Quantity();
  double shares = 0;
  switch (mode) {
    case Mode::kFixedQty:
      return qty;
    case Mode::kPercentEquity:
      shares = equity.ToDouble() * fraction / price;
      break;
    case Mode::kEqualWeight:
      shares = equity.ToDouble() * fraction /
               static_cast<double>(std::max<size_t>(1, symbol_count)) / price;
      break;
  }
  if (!(shares > 0)) return Quantity();
  Quantity q = Decimal::FromDouble(shares);
  return whole_shares ? q.Truncate() : q;
}

Result<SizingConfig> ReadSizing(const StrategyParams& p, std::string_view default_mode) {
  SizingConfig s;
  TL_ASSIGN_OR_RETURN(std::string mode, p.Choice("sizing", std::string(default_mode),
                                                 {"fixed_qty", "percent_equity", "equal_weight"}));
  if (mode == "fixed_qty") {
    s.mode = SizingConfig::Mode::kFixedQty;
  } else if (mode == "percent_equity") {
    s.mode = SizingConfig::Mode::kPercentEquity;
  } else {
    s.mode = SizingConfig::Mode::kEqualWeight;
  }
  TL_ASSIGN_OR_RETURN(double qty, p.Number("qty", 10, ParamRange::Above(0)));
  s.qty = Decimal::FromDouble(qty);
  TL_ASSIGN_OR_RETURN(s.fraction, p.Number("fraction", mode == "equal_weight" ? 0.99 : 0.1,
                                           ParamRange::LeftOpen(0, 10)));
  TL_ASSIGN_OR_RETURN(s.whole_shares, p.Bool("whole_shares", true));
  return s;
}

void SizedPortfolio::Targets(const StrategyContext& ctx, const std::vector<Insight>& insights,
                             std::vector<PortfolioTarget>* targets) {
  Money equity;
  bool have_equity = false;
  for (const Insight& in : insights) {
    PortfolioTarget t;
    t.symbol = in.symbol;
    t.reference_price = in.reference_price;
    if (in.direction != InsightDirection::kFlat) {
      if (!have_equity && sizing_.mode != SizingConfig::Mode::kFixedQty) {
        equity = ctx.portfolio().Account().equity();
        have_equity = true;
      }
      Quantity q = sizing_.SharesAt(in.reference_price, equity, ctx.symbol_count());
      t.qty = in.direction == InsightDirection::kUp ? q : -q;
    }
    targets->push_back(std::move(t));
  }
}

}  // namespace tradelet
