// The five-stage strategy framework (DESIGN.md): universe -> alpha -> portfolio -> risk ->
// execution, with plain value types between the stages and a do-nothing default for each.
// A FrameworkStrategy runs the stages in order at every kernel step; later stages run only
// when an earlier one produced something, so idle steps cost almost nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tradelet/strategy/context.h"

namespace tradelet {

enum class InsightDirection { kUp, kDown, kFlat };

// An alpha stage's opinion about one symbol. The optional forecast band carries model output
// (e.g. Prophet's yhat_lower/yhat/yhat_upper) through to reports.
struct Insight {
  uint32_t symbol = 0;
  InsightDirection direction = InsightDirection::kFlat;
  double magnitude = 0;        // expected relative move, if known
  double confidence = 1;       // 0..1
  double reference_price = 0;  // the last price the insight was computed from
  std::optional<double> band_lower, band_mid, band_upper;
  std::string source;  // which alpha produced it
};

// The position a portfolio stage wants in one symbol, in shares (signed: < 0 short). Risk may
// attach protective legs; execution turns the difference from the current position into orders.
struct PortfolioTarget {
  uint32_t symbol = 0;
  Quantity qty;
  double reference_price = 0;  // price the target was sized at
  std::optional<TakeProfitLeg> take_profit;
  std::optional<StopLossLeg> stop_loss;
  TimeInForce time_in_force = TimeInForce::kDay;
  // Exit legs (or other open orders) the risk stage wants cancelled first.
  std::vector<std::string> cancel_first;
};

class UniverseModel {
 public:
  virtual ~UniverseModel() = default;
  // Default: every symbol whose bar just closed.
  virtual void Select(const StrategyContext& ctx, std::vector<uint32_t>* universe);
  // False when Select reads nothing but the bars and the time (never ctx.portfolio()): then a
  // backtest may run it ahead of the account, on another thread (Strategy::Prepare). True
  // unless a model says otherwise (the framework's default universe does).
  virtual bool reads_portfolio() const { return true; }
};

class AlphaModel {
 public:
  virtual ~AlphaModel() = default;
  // Default: no opinion.
  virtual void Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
                      std::vector<Insight>* insights) {
    (void)ctx, (void)universe, (void)insights;
  }
  // As UniverseModel::reads_portfolio: an alpha that reads positions (e.g. "sell what is
  // held") must see the account as of its own step.
  virtual bool reads_portfolio() const { return true; }
};

class PortfolioModel {
 public:
  virtual ~PortfolioModel() = default;
  // Default: no targets.
  virtual void Targets(const StrategyContext& ctx, const std::vector<Insight>& insights,
                       std::vector<PortfolioTarget>* targets) {
    (void)ctx, (void)insights, (void)targets;
  }
};

class RiskModel {
 public:
  virtual ~RiskModel() = default;
  // Default: targets pass unchanged.
  virtual void Adjust(const StrategyContext& ctx, std::vector<PortfolioTarget>* targets) {
    (void)ctx, (void)targets;
  }
};

class ExecutionModel {
 public:
  virtual ~ExecutionModel() = default;
  // Default: market orders for (target - position - open order qty), whole shares, skipping
  // symbols that have open orders unless the target cancels them first. Brackets when the
  // target carries both legs, OTO when it carries one.
  virtual void Execute(const StrategyContext& ctx, const std::vector<PortfolioTarget>& targets,
                       OrderBatch* out);
};

// Extra outputs a strategy hands to reports after a run: files (name -> content) written next
// to the standard outputs, and an HTML section appended to report.html.
struct StrategyArtifacts {
  std::vector<std::pair<std::string, std::string>> files;
  std::string report_html;
};

// A symbol a strategy left out of a decision, and why ("stale data: ...", "too few bars: ...").
struct StrategySkip {
  std::string symbol;
  std::string reason;
};

// What the data-only stages of one step produced (Strategy::Prepare), for OnPreparedStep.
struct PreparedStep {
  std::vector<uint32_t> universe;
  std::vector<Insight> insights;
};

// The strategy interface the kernel drives.
class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual const std::string& name() const = 0;
  // Called once per kernel step, after the step's bars closed. Appends to `out`.
  virtual void OnStep(const StrategyContext& ctx, OrderBatch* out) = 0;
  // A strategy whose first stages read only the bars can split each step in two, so that a
  // backtest runs the first half ahead on another core (KernelOptions::prepare_ahead):
  // Prepare(step t) runs in step order, before or while the account handles earlier steps, with
  // a context whose portfolio must not be read (it aborts); OnPreparedStep(step t) then runs
  // in the kernel's own order with the full context and must decide exactly as OnStep would.
  virtual bool can_prepare() const { return false; }
  virtual void Prepare(const StrategyContext& ctx, PreparedStep* out) { (void)ctx, (void)out; }
  virtual void OnPreparedStep(const StrategyContext& ctx, PreparedStep& prepared, OrderBatch* out) {
    (void)prepared;
    OnStep(ctx, out);
  }
  // Called for every order event the strategy's orders go through (fills, cancels, expiries),
  // if wants_order_updates() (copying every event costs time in large backtests).
  virtual bool wants_order_updates() const { return false; }
  virtual void OnOrderUpdate(const Order& order) { (void)order; }
  // After a run: what the strategy wants in its report (default: nothing).
  virtual StrategyArtifacts Artifacts() const { return {}; }
  // The symbols skipped by the decision at `t` (live reports list them; default: none known).
  virtual std::vector<StrategySkip> SkipsAt(Timestamp t) const {
    (void)t;
    return {};
  }
};

// A strategy made of the five stages. Any stage left null uses the default above.
class FrameworkStrategy : public Strategy {
 public:
  FrameworkStrategy(std::string name, std::unique_ptr<UniverseModel> universe,
                    std::unique_ptr<AlphaModel> alpha, std::unique_ptr<PortfolioModel> portfolio,
                    std::unique_ptr<RiskModel> risk, std::unique_ptr<ExecutionModel> execution);
  const std::string& name() const override { return name_; }
  void OnStep(const StrategyContext& ctx, OrderBatch* out) override;
  // Universe and alpha run in Prepare when neither reads the portfolio.
  bool can_prepare() const override {
    return !universe_->reads_portfolio() && !alpha_->reads_portfolio();
  }
  void Prepare(const StrategyContext& ctx, PreparedStep* out) override;
  void OnPreparedStep(const StrategyContext& ctx, PreparedStep& prepared, OrderBatch* out) override;

  // The last step's intermediate values (reports and tests read them).
  const std::vector<Insight>& last_insights() const { return insights_; }
  const std::vector<PortfolioTarget>& last_targets() const { return targets_; }
  // The stages (a strategy reads what its own stages recorded, e.g. for its reports).
  const UniverseModel& universe_stage() const { return *universe_; }
  const AlphaModel& alpha_stage() const { return *alpha_; }

 private:
  // Portfolio, risk and execution on this step's insights.
  void Decide(const StrategyContext& ctx, OrderBatch* out);

  std::string name_;
  std::unique_ptr<UniverseModel> universe_;
  std::unique_ptr<AlphaModel> alpha_;
  std::unique_ptr<PortfolioModel> portfolio_;
  std::unique_ptr<RiskModel> risk_;
  std::unique_ptr<ExecutionModel> execution_;
  // Reused buffers: no allocation per step once warmed up.
  std::vector<uint32_t> universe_buf_;
  std::vector<Insight> insights_;
  std::vector<PortfolioTarget> targets_;
};

}  // namespace tradelet
