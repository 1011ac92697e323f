#include "tradelet/backtest/data_loader.h"

#include <algorithm>

namespace tradelet {

Result<BacktestData> LoadBacktestData(const BacktestConfig& config,
                                      const std::string& dir_override) {
  const std::string dir = dir_override.empty() ? config.data_dir : dir_override;
  if (dir.empty()) {
    return InvalidArgument("no data: set [data] dir in the config or pass --data DIR");
  }
  BacktestData out;
  TL_ASSIGN_OR_RETURN(out.market, data::LoadMarketData(dir));
  if (!config.benchmark_file.empty()) {
    TL_ASSIGN_OR_RETURN(data::MarketData bench, data::LoadMarketData(config.benchmark_file));
    for (const Symbol& s : bench.symbols()) {
      if (out.market.Find(s)) continue;  // the data directory's copy wins
      TL_RETURN_IF_ERROR(out.market.Add(*bench.Find(s)));
    }
  }
  for (const Symbol& s : out.market.symbols()) {
    const bool wanted = config.symbols.empty() || s == config.benchmark ||
                        std::find(config.symbols.begin(), config.symbols.end(), s) !=
                            config.symbols.end();
    if (!wanted) continue;
    BarSeries* series = out.market.FindMutable(s);
    // Readers grow columns by doubling; a backtest keeps them for its whole life, so give the
    // slack back (up to ~2x the 80 bytes/bar that the columns need).
    for (auto* c : {&series->time_ns}) c->shrink_to_fit();
    for (auto* c : {&series->open, &series->high, &series->low, &series->close, &series->volume,
                    &series->adj_close, &series->dividend, &series->split}) {
      c->shrink_to_fit();
    }
    out.all.push_back(series);
    out.bars += series->size();
  }
  return out;
}

}  // namespace tradelet
