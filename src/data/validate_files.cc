// ValidateFiles: the file side of validation (reading, sessions, as-of), kept apart from the
// per-series checks in validate.cc.
#include <algorithm>

#include "data/parse_util.h"
#include "tradelet/data/market_data.h"
#include "tradelet/data/validate.h"

namespace tradelet::data {

Result<std::vector<SymbolReport>> ValidateFiles(const std::string& path,
                                                const ValidateFilesOptions& options) {
  TL_ASSIGN_OR_RETURN(std::vector<std::string> files, ListCsvFiles(path));
  struct Loaded {
    BarSeries series;
    std::string file;
  };
  std::vector<Loaded> loaded;
  std::vector<SymbolReport> failed_reads;
  for (const std::string& f : files) {
    BarCsvOptions o = options.csv;
    if (files.size() > 1) o.symbol.clear();
    auto r = ReadBarCsvFile(f, o);
    if (!r.ok()) {
      SymbolReport rep;
      rep.symbol = SymbolFromFileName(f);
      rep.source = f;
      rep.findings.push_back({Severity::kError, "read", 0, {}, r.status().message()});
      failed_reads.push_back(std::move(rep));
      continue;
    }
    for (BarSeries& s : r->series) loaded.push_back({std::move(s), f});
  }
  // One session table spanning every series (and as_of).
  int64_t tmin = INT64_MAX, tmax = INT64_MIN;
  for (const auto& l : loaded) {
    for (int64_t t : l.series.time_ns) {
      tmin = std::min(tmin, t);
      tmax = std::max(tmax, t);
    }
  }
  std::vector<MarketSession> sessions;
  std::optional<Timestamp> as_of = options.as_of;
  if (tmin <= tmax) {
    const Timestamp hi = std::max(Timestamp::FromUnixNanos(tmax), as_of.value_or(Timestamp::Min()));
    const CivilDate from = TimeZone::NewYork().ToLocal(Timestamp::FromUnixNanos(tmin)).date;
    const CivilDate to = TimeZone::NewYork().ToLocal(hi).date;
    auto ss = SessionsFor(from.AddDays(-1), to.AddDays(1));
    if (ss.ok()) sessions = std::move(*ss);  // outside the calendar's range: no calendar checks
    if (!as_of) {
      // The close of the session holding the newest bar (its date's session for daily bars).
      const Timestamp newest = Timestamp::FromUnixNanos(tmax);
      long k = SessionContaining(sessions, newest);
      if (k < 0) k = SessionOnDateOf(sessions, newest);
      as_of = k >= 0 ? sessions[static_cast<size_t>(k)].close : newest;
    }
  }
  ValidationOptions vo;
  vo.sessions = sessions;
  vo.as_of = as_of;
  vo.max_stale_sessions = options.max_stale_sessions;
  std::vector<SymbolReport> out;
  out.reserve(loaded.size() + failed_reads.size());
  for (const auto& l : loaded) out.push_back(ValidateSeries(l.series, vo, l.file));
  for (auto& f : failed_reads) out.push_back(std::move(f));
  std::stable_sort(out.begin(), out.end(), [](const SymbolReport& a, const SymbolReport& b) {
    return a.symbol < b.symbol;
  });
  return out;
}

SymbolReport ValidateRows(const BarSeries& series, std::string source) {
  SymbolReport rep = ValidateSeries(series, ValidationOptions{}, std::move(source));
  std::erase_if(rep.findings, [](const Finding& f) {
    for (const char* row_check :
         {"empty", "missing", "nonpositive", "ohlc", "duplicate", "unsorted"}) {
      if (f.check == row_check) return false;
    }
    return true;
  });
  return rep;
}

}  // namespace tradelet::data
