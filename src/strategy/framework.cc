#include "tradelet/strategy/framework.h"

#include <cmath>

namespace tradelet {

size_t StrategyContext::FindSymbol(std::string_view s) const {
  for (size_t i = 0; i < series_->size(); ++i) {
    if ((*series_)[i]->symbol == s) return i;
  }
  return series_->size();
}

void UniverseModel::Select(const StrategyContext& ctx, std::vector<uint32_t>* universe) {
  universe->assign(ctx.updated().begin(), ctx.updated().end());
}

namespace {

// The default universe (every symbol whose bar just closed) reads no account.
class UpdatedSymbols final : public UniverseModel {
 public:
  bool reads_portfolio() const override { return false; }
};

}  // namespace

void ExecutionModel::Execute(const StrategyContext& ctx,
                             const std::vector<PortfolioTarget>& targets, OrderBatch* out) {
  const PortfolioView& pf = ctx.portfolio();
  const bool hints = out->submit_symbol.size() == out->submit.size();
  for (const PortfolioTarget& t : targets) {
    for (const std::string& id : t.cancel_first) out->cancel_order_ids.push_back(id);
    // Another order in flight would make "target - position" wrong; wait for it unless the
    // target explicitly cancels what is open.
    if (t.cancel_first.empty() && pf.HasOpenOrders(t.symbol)) continue;
    const Quantity delta = (t.qty - pf.PositionQty(t.symbol)).Truncate();
    if (delta.IsZero()) continue;
    // Built in the batch: a local moved in copied its strings a second time (memcpy calls,
    // every order of a backtest).
    OrderRequest& r = out->submit.emplace_back();
    r.symbol = ctx.symbol(t.symbol);
    r.side = delta.IsPositive() ? OrderSide::kBuy : OrderSide::kSell;
    r.type = OrderType::kMarket;
    r.qty = delta.Abs();
    r.time_in_force = t.time_in_force;
    // Protective legs only make sense on an order that opens or adds to a position.
    const bool opening =
        (t.qty.IsPositive() && delta.IsPositive()) || (t.qty.IsNegative() && delta.IsNegative());
    if (opening && t.take_profit && t.stop_loss) {
      r.order_class = OrderClass::kBracket;
      r.take_profit = t.take_profit;
      r.stop_loss = t.stop_loss;
    } else if (opening && (t.take_profit || t.stop_loss)) {
      r.order_class = OrderClass::kOto;
      r.take_profit = t.take_profit;
      r.stop_loss = t.stop_loss;
    }
    if (hints) out->submit_symbol.push_back(t.symbol);
  }
}

FrameworkStrategy::FrameworkStrategy(std::string name, std::unique_ptr<UniverseModel> universe,
                                     std::unique_ptr<AlphaModel> alpha,
                                     std::unique_ptr<PortfolioModel> portfolio,
                                     std::unique_ptr<RiskModel> risk,
                                     std::unique_ptr<ExecutionModel> execution)
    : name_(std::move(name)),
      universe_(universe ? std::move(universe) : std::make_unique<UpdatedSymbols>()),
      alpha_(alpha ? std::move(alpha) : std::make_unique<AlphaModel>()),
      portfolio_(portfolio ? std::move(portfolio) : std::make_unique<PortfolioModel>()),
      risk_(risk ? std::move(risk) : std::make_unique<RiskModel>()),
      execution_(execution ? std::move(execution) : std::make_unique<ExecutionModel>()) {}

void FrameworkStrategy::OnStep(const StrategyContext& ctx, OrderBatch* out) {
  universe_buf_.clear();
  insights_.clear();
  universe_->Select(ctx, &universe_buf_);
  if (!universe_buf_.empty()) alpha_->Update(ctx, universe_buf_, &insights_);
  Decide(ctx, out);
}

void FrameworkStrategy::Prepare(const StrategyContext& ctx, PreparedStep* out) {
  out->universe.clear();
  out->insights.clear();
  universe_->Select(ctx, &out->universe);
  if (!out->universe.empty()) alpha_->Update(ctx, out->universe, &out->insights);
}

void FrameworkStrategy::OnPreparedStep(const StrategyContext& ctx, PreparedStep& prepared,
                                       OrderBatch* out) {
  // Swapped, not copied: the step's buffers go back to the kernel for a later step, and
  // last_insights() reads as after OnStep.
  universe_buf_.swap(prepared.universe);
  insights_.swap(prepared.insights);
  Decide(ctx, out);
}

void FrameworkStrategy::Decide(const StrategyContext& ctx, OrderBatch* out) {
  targets_.clear();
  if (insights_.empty()) return;
  portfolio_->Targets(ctx, insights_, &targets_);
  if (targets_.empty()) return;
  risk_->Adjust(ctx, &targets_);
  execution_->Execute(ctx, targets_, out);
}

}  // namespace tradelet
