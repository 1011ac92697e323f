#include "tradelet/paper/paper_data.h"

#include "tradelet/base/log.h"
#include "tradelet/data/market_data.h"
#include "tradelet/data/resample.h"
#include "tradelet/data/sessions.h"
#include "tradelet/data/validate.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet::live {

Result<std::vector<BarSeries>> LoadPaperBarsFromDir(const std::string& dir,
                                                    std::vector<std::string>* skipped) {
  TL_ASSIGN_OR_RETURN(data::MarketData md, data::LoadMarketData(dir));
  std::vector<BarSeries> out;
  for (const auto& sym : md.symbols()) {
    const BarSeries& s = *md.Find(sym);
    if (const data::SymbolReport rows = data::ValidateRows(s); !rows.ok()) {
      TL_LOG(kWarn, "paper exchange: symbol skipped: invalid bars")
          .Field("symbol", sym)
          .Field("reason", rows.reason());
      if (skipped) skipped->push_back(sym + ": " + rows.reason());
      continue;
    }
    out.push_back(s);
  }
  if (out.empty()) return InvalidArgument(dir + ": no symbol with valid bars");
  return out;
}

Result<std::vector<BarSeries>> SamplePaperBars(uint64_t seed, int symbols, int sessions,
                                               CivilDate last_session, BarInterval interval) {
  if (sessions < 1 || sessions > 60) return InvalidArgument("sessions: 1..60");
  if (interval >= BarInterval::k1Day) return InvalidArgument("interval: intraday only");
  sample::SampleMarketConfig cfg;
  cfg.seed = seed;
  cfg.num_symbols = symbols;
  cfg.end = last_session;
  cfg.start = last_session.AddDays(-(sessions * 2 + 10));
  cfg.intraday_sessions = sessions;
  TL_ASSIGN_OR_RETURN(sample::SampleMarket m, sample::GenerateSampleMarket(cfg));
  std::vector<BarSeries> out;
  for (const BarSeries& minute : m.minute) {
    if (minute.empty()) continue;
    if (interval == BarInterval::k1Min) {
      out.push_back(minute);
      continue;
    }
    TL_ASSIGN_OR_RETURN(
        auto ss, data::SessionsFor(TimeZone::NewYork().ToLocal(minute.time(0)).date, last_session));
    TL_ASSIGN_OR_RETURN(BarSeries r, data::Resample(minute, interval, ss));
    out.push_back(std::move(r));
  }
  if (out.empty()) return FailedPrecondition("sample market produced no intraday bars");
  return out;
}

}  // namespace tradelet::live
