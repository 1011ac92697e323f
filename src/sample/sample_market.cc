// GenerateSampleMarket: validates the config, lays out the sessions, simulates the common
// factors once and then each security on its own random stream.
#include "tradelet/sample/sample_market.h"

#include "sample/model.h"
#include "sample/universe_internal.h"
#include "tradelet/calendar/nyse_calendar.h"

namespace tradelet::sample {
namespace {

constexpr uint64_t kBenchmarkStream = 999;
constexpr uint64_t kStockStreamBase = 1000;

Status CheckConfig(const SampleMarketConfig& c) {
  if (!c.start.IsValid()) return InvalidArgument("sample market: config.start is not a valid date");
  if (!c.end.IsValid()) return InvalidArgument("sample market: config.end is not a valid date");
  if (c.end < c.start) {
    return InvalidArgument("sample market: config.end " + c.end.ToString() +
                           " is before config.start " + c.start.ToString());
  }
  if (c.intraday_sessions < 0 || c.intraday_sessions > 2000) {
    return InvalidArgument("sample market: config.intraday_sessions must be in 0..2000, got " +
                           std::to_string(c.intraday_sessions));
  }
  if (!c.benchmark_symbol.empty()) {
    for (char ch : c.benchmark_symbol) {
      if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-')) {
        return InvalidArgument("sample market: config.benchmark_symbol '" + c.benchmark_symbol +
                               "' must be upper-case letters, digits, '.' or '-'");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

int SampleMarket::IndexOf(const Symbol& symbol) const {
  for (size_t i = 0; i < securities.size(); ++i) {
    if (securities[i].symbol == symbol) return static_cast<int>(i);
  }
  return -1;
}

Result<SampleMarket> GenerateSampleMarket(const SampleMarketConfig& config) {
  TL_RETURN_IF_ERROR(CheckConfig(config));
  TL_ASSIGN_OR_RETURN(auto entries, UniverseEntries(config.num_symbols));
  if (!config.benchmark_symbol.empty() && !IsReservedTicker(config.benchmark_symbol)) {
    for (const auto& e : entries) {
      if (e.info.symbol == config.benchmark_symbol) {
        return InvalidArgument("sample market: config.benchmark_symbol '" +
                               config.benchmark_symbol + "' is also a stock in the universe");
      }
    }
  }
  TL_ASSIGN_OR_RETURN(auto span, NyseCalendar::Get().SessionsBetween(config.start, config.end));
  const std::span<const Session> sessions = span;
  if (sessions.empty()) {
    return OutOfRange("sample market: no NYSE session between " + config.start.ToString() +
                      " and " + config.end.ToString());
  }

  SampleMarket market;
  market.config = config;
  const FactorPaths factors = SimulateFactors(config.seed, sessions.size());
  const size_t intraday = std::min(sessions.size(), static_cast<size_t>(config.intraday_sessions));
  const size_t first_intraday = sessions.size() - intraday;

  auto simulate = [&](const SecurityInfo& info, const SecurityParams& params, Rng& rng) {
    DailyPath path = SimulateDaily(params, factors, sessions, rng);
    BarSeries minute;
    minute.symbol = info.symbol;
    minute.interval = BarInterval::k1Min;
    if (intraday > 0) {
      const auto per_session = static_cast<size_t>(6.5 * 60);
      minute.Reserve(intraday * per_session);
      for (size_t d = first_intraday; d < sessions.size(); ++d) {
        SimulateMinutes(sessions[d], path.intraday_var[d], rng, d, &path.bars, &minute);
      }
    }
    ComputeAdjustedClose(&path.bars);
    path.bars.symbol = info.symbol;
    market.securities.push_back(info);
    market.daily.push_back(std::move(path.bars));
    market.minute.push_back(std::move(minute));
  };

  market.securities.reserve(entries.size() + 1);
  market.daily.reserve(entries.size() + 1);
  market.minute.reserve(entries.size() + 1);
  for (const UniverseEntry& e : entries) {
    Rng rng(StreamSeed(config.seed, kStockStreamBase + static_cast<uint64_t>(e.master_index)));
    const SecurityParams params = DrawStockParams(rng, e.sector);
    simulate(e.info, params, rng);
  }
  if (!config.benchmark_symbol.empty()) {
    Rng rng(StreamSeed(config.seed, kBenchmarkStream));
    SecurityInfo info{config.benchmark_symbol, "Sample Broad Market ETF", "ETF", true};
    simulate(info, BenchmarkParams(), rng);
  }
  return market;
}

}  // namespace tradelet::sample
