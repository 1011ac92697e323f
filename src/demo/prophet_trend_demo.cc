// tradelet demo: the Prophet trend strategy on the sample market's 1-minute sessions.
#include "tradelet/demo/prophet_trend_demo.h"

#include <cstdio>

#include "tradelet/backtest/report.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {

Status RunProphetTrendDemo(const sample::SampleMarket& market, const std::string& out_dir,
                           std::string* summary) {
  std::vector<const BarSeries*> traded;
  const BarSeries* bench = nullptr;
  for (size_t i = 0; i < market.minute.size(); ++i) {
    if (market.minute[i].empty()) continue;
    if (!market.config.benchmark_symbol.empty() &&
        market.minute[i].symbol == market.config.benchmark_symbol) {
      bench = &market.minute[i];
    } else {
      traded.push_back(&market.minute[i]);
    }
  }
  if (traded.empty()) {
    return InvalidArgument(
        "prophet_trend demo: the sample market has no 1-minute bars "
        "(intraday_sessions = 0)");
  }
  BacktestConfig config;
  config.broker.commission.percent = Decimal::FromDouble(0.0000139);
  config.broker.commission.per_share = Decimal::FromDouble(0.000083);
  config.broker.slippage.percent = 0.0003;
  ProphetTrendStrategy strategy{ProphetTrendOptions{}};
  TL_ASSIGN_OR_RETURN(BacktestResult r, RunStrategy(strategy, config, traded, bench));
  TL_RETURN_IF_ERROR(WriteBacktestOutputs(r, out_dir));
  if (summary) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "prophet_trend on %zu sample symbols: return %.2f %%, %zu trades, %llu fits; "
                  "report %s/report.html",
                  traded.size(), 100 * (r.final_equity / r.initial_cash - 1), r.trades.size(),
                  static_cast<unsigned long long>(strategy.stats().fits), out_dir.c_str());
    *summary = buf;
  }
  return Status::Ok();
}

}  // namespace tradelet
