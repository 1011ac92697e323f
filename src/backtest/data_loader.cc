#include "tradelet/backtest/data_loader.h"

#include <algorithm>
#include <map>

#include "tradelet/base/log.h"
#include "tradelet/data/bundle.h"
#include "tradelet/data/parallel.h"
#include "tradelet/data/validate.h"

namespace tradelet {

Result<BacktestData> LoadBacktestData(const BacktestConfig& config, const std::string& dir_override,
                                      bool defer_verification) {
  const std::string dir = dir_override.empty() ? config.data_dir : dir_override;
  if (dir.empty()) {
    return InvalidArgument("no data: set [data] dir in the config or pass --data DIR");
  }
  BacktestData out;
  std::map<Symbol, std::string> source;
  // A bundle (data bundle) carries each series' ValidateRows verdict; CSV files get it below.
  std::map<Symbol, std::string> stored_reason;
  if (data::IsBundlePath(dir)) {
    data::BundleReadOptions read;
    read.defer_verification = defer_verification;
    TL_ASSIGN_OR_RETURN(data::Bundle bundle, data::ReadBundle(dir, read));
    out.verifier = std::move(bundle.verifier);
    out.market = std::move(bundle.market);
    source = std::move(bundle.file_of);
    stored_reason = std::move(bundle.invalid);
  } else {
    data::LoadReport load_report;
    auto market = data::LoadMarketData(dir, {}, &load_report);
    if (!market.ok() && market.status().code() == StatusCode::kNotFound && dir_override.empty()) {
      // Say which setting named the folder: a relative [data] dir is resolved against the
      // config's folder, which is not where the user stands.
      return market.status().WithContext("data.dir");
    }
    TL_ASSIGN_OR_RETURN(out.market, std::move(market));
    for (const auto& f : load_report.files) {
      for (const Symbol& s : f.symbols) source[s] = f.path;
    }
  }
  if (!config.benchmark_file.empty()) {
    auto loaded = data::LoadMarketData(config.benchmark_file);
    if (!loaded.ok() && loaded.status().code() == StatusCode::kNotFound) {
      return loaded.status().WithContext("backtest.benchmark_file");
    }
    TL_ASSIGN_OR_RETURN(data::MarketData bench, std::move(loaded));
    for (const Symbol& s : bench.symbols()) {
      if (out.market.Find(s)) continue;  // the data directory's copy wins
      TL_RETURN_IF_ERROR(out.market.Add(*bench.Find(s)));
    }
  }
  // Named symbols ([data] symbols, the strategy's universe) must be in the data: a typo would
  // otherwise run with fewer symbols, or none, and no word.
  std::vector<std::pair<std::string, std::string>> named;
  for (const std::string& s : config.symbols) named.push_back({"data.symbols", s});
  if (const toml::array* u = config.strategy["universe"].as_array()) {
    for (const auto& node : *u) {
      if (auto v = node.value<std::string>()) named.push_back({"strategy.universe", *v});
    }
  }
  for (const auto& [key, name] : named) {
    if (!out.market.Find(name)) {
      return InvalidArgument(key + ": symbol '" + name.substr(0, 64) + "' is not in the data (" +
                             dir + ")");
    }
  }
  struct Wanted {
    BarSeries* series;
    const std::string* file;  // in `source`, or the benchmark file
    bool from_source;         // in `source`: its stored verdict (a bundle's) applies
    std::string reason;       // ValidateRows' verdict, "" = valid
  };
  std::vector<Wanted> wanted;
  for (const Symbol& s : out.market.symbols()) {
    const bool keep =
        config.symbols.empty() || s == config.benchmark ||
        std::find(config.symbols.begin(), config.symbols.end(), s) != config.symbols.end();
    if (!keep) continue;
    const auto src = source.find(s);
    const bool from_source = src != source.end();
    wanted.push_back({out.market.FindMutable(s),
                      from_source ? &src->second : &config.benchmark_file, from_source, ""});
  }
  // Validation is per series: taken from the bundle, or checked in parallel; reported in order.
  // Only the series to check go to ParallelFor: a bundle's verdicts are a lookup each, and a
  // thread started (and joined) for those cost more than the lookups.
  std::vector<size_t> to_check;
  for (size_t k = 0; k < wanted.size(); ++k) {
    Wanted& w = wanted[k];
    if (auto it = w.from_source ? stored_reason.find(w.series->symbol) : stored_reason.end();
        it != stored_reason.end()) {
      w.reason = it->second;
    } else {
      to_check.push_back(k);
    }
  }
  data::ParallelFor(to_check.size(), 0, [&](size_t i) {
    Wanted& w = wanted[to_check[i]];
    w.reason = data::ValidateRows(*w.series, *w.file).reason();
  });
  for (Wanted& w : wanted) {
    BarSeries* series = w.series;
    const Symbol& s = series->symbol;
    const std::string& file = *w.file;
    // The benchmark is only compared with, never traded, unless [data] symbols names it.
    const bool compare_only =
        s == config.benchmark &&
        std::find(config.symbols.begin(), config.symbols.end(), s) == config.symbols.end();
    if (!w.reason.empty()) {
      if (config.strict) {
        return InvalidArgument(file + ": symbol " + s + ": invalid bars: " + w.reason +
                               " ([data] strict = true)");
      }
      if (compare_only) {
        // Kept as the yardstick (a bad row moves the comparison, never an order); said loudly.
        TL_LOG(kWarn, "benchmark has invalid bars: compared with, never traded")
            .Field("symbol", s)
            .Field("source", file)
            .Field("reason", w.reason);
        out.skipped.push_back(
            {s, file, "benchmark, compared with and never traded; invalid bars: " + w.reason});
      } else {
        TL_LOG(kWarn, "symbol skipped: invalid bars")
            .Field("symbol", s)
            .Field("source", file)
            .Field("reason", w.reason);
        out.skipped.push_back({s, file, w.reason});
        continue;
      }
    }
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
