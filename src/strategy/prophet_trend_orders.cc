// Prophet trend: portfolio (equal weight over this run's buys, or a fixed stake) and risk
// (brackets on buys, cancel the exit legs before a sell). Execution is the framework default:
// one market order per symbol per run, for target minus position.
#include <algorithm>
#include <cmath>

#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {

void ProphetTrendPortfolio::Targets(const StrategyContext& ctx,
                                    const std::vector<Insight>& insights,
                                    std::vector<PortfolioTarget>* targets) {
  const PortfolioView& pf = ctx.portfolio();
  // Only buys that will be sent share the buying power: a buy needs a positive price, and the
  // execution stage holds back a buy for a symbol with orders still open (a held name's bracket
  // legs), so counting that one would leave its share of the account uninvested.
  int buys = 0;
  for (const Insight& in : insights) {
    buys += in.direction == InsightDirection::kUp && std::isfinite(in.reference_price) &&
            in.reference_price > 0 && !pf.HasOpenOrders(in.symbol);
  }
  const double buying_power = pf.Account().buying_power().ToDouble();
  for (const Insight& in : insights) {
    if (in.direction == InsightDirection::kFlat) continue;
    // No order from a price that is not a positive number.
    if (!std::isfinite(in.reference_price) || in.reference_price <= 0) continue;
    const Quantity pos = pf.PositionQty(in.symbol);
    PortfolioTarget t;
    t.symbol = in.symbol;
    t.reference_price = in.reference_price;
    t.time_in_force = o_.time_in_force;
    if (in.direction == InsightDirection::kUp) {
      if (pf.HasOpenOrders(in.symbol)) continue;  // execution would not send it
      const int64_t shares =
          o_.sizing == ProphetTrendOptions::Sizing::kEqualBuyingPower
              ? EqualWeightShares(buying_power, o_.buying_power_fraction, buys, in.reference_price)
              : o_.qty;
      if (shares <= 0) continue;
      t.qty = pos + Decimal::FromInt(shares);
    } else {
      if (!pos.IsPositive()) continue;  // long-only: a sell closes or reduces a long
      const Quantity rest = pos - Decimal::FromInt(o_.qty);
      t.qty = o_.sell_all || !rest.IsPositive() ? Quantity() : rest;
    }
    targets->push_back(std::move(t));
  }
}

void ProphetTrendRisk::Adjust(const StrategyContext& ctx, std::vector<PortfolioTarget>* targets) {
  const PortfolioView& pf = ctx.portfolio();
  for (PortfolioTarget& t : *targets) {
    const Quantity pos = pf.PositionQty(t.symbol);
    if (t.qty > pos) {
      if (!o_.bracket) continue;
      const BracketPrices p =
          MakeBracketPrices(t.reference_price, o_.take_profit, o_.stop_loss, o_.stop_limit);
      t.take_profit = TakeProfitLeg{p.take_profit};
      t.stop_loss = StopLossLeg{p.stop, p.stop_limit};
      t.time_in_force = o_.time_in_force;
    } else if (t.qty < pos) {
      // The exit legs hold the shares: cancel them so the sell can go through.
      if (!pf.HasOpenOrders(t.symbol)) continue;
      for (const Order& o : pf.OpenOrders(t.symbol)) {
        if (!o.parent_id.empty() && o.side == OrderSide::kSell) t.cancel_first.push_back(o.id);
      }
    }
  }
}

ProphetTrendStrategy::ProphetTrendStrategy(const ProphetTrendOptions& o)
    : FrameworkStrategy("prophet_trend", std::make_unique<ProphetTrendUniverse>(o),
                        std::make_unique<ProphetTrendAlpha>(o),
                        std::make_unique<ProphetTrendPortfolio>(o),
                        std::make_unique<ProphetTrendRisk>(o), nullptr),
      universe_(static_cast<const ProphetTrendUniverse*>(&universe_stage())),
      alpha_(static_cast<const ProphetTrendAlpha*>(&alpha_stage())) {}

std::vector<TrendDecision> ProphetTrendStrategy::decisions() const {
  // Both logs are in time order and every entry is stamped with its step's time; at one step
  // the universe runs before the alpha, so its skips come first.
  const std::vector<TrendDecision>& u = universe_->skips();
  const std::vector<TrendDecision>& a = alpha_->log();
  std::vector<TrendDecision> out;
  out.reserve(u.size() + a.size());
  size_t i = 0, j = 0;
  while (i < u.size() || j < a.size()) {
    if (j == a.size() || (i < u.size() && u[i].time <= a[j].time)) {
      out.push_back(u[i++]);
    } else {
      out.push_back(a[j++]);
    }
  }
  return out;
}

std::vector<StrategySkip> ProphetTrendStrategy::SkipsAt(Timestamp t) const {
  std::vector<StrategySkip> out;
  // Each log is in time order: walk back over the entries of the decision at t.
  for (const std::vector<TrendDecision>* log : {&universe_->skips(), &alpha_->log()}) {
    std::vector<StrategySkip> part;
    for (auto it = log->rbegin(); it != log->rend() && it->time >= t; ++it) {
      if (it->time == t && it->action == "skip") part.push_back({it->symbol, it->reason});
    }
    out.insert(out.end(), part.rbegin(), part.rend());
  }
  return out;
}

}  // namespace tradelet
