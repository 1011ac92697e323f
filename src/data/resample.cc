#include "tradelet/data/resample.h"

#include <algorithm>
#include <cmath>

namespace tradelet::data {
namespace {

int Rank(BarInterval i) { return static_cast<int>(i); }  // enum is ordered by length

// Key of the output bucket for session k: for 1wk the Monday, for 1mo year*12+month.
int64_t PeriodKey(const MarketSession& m, BarInterval to) {
  if (to == BarInterval::k1Week) {
    const int64_t d = m.date.ToDays();
    const int wd = static_cast<int>(m.date.weekday());  // 0 = Sunday
    return d - ((wd + 6) % 7);
  }
  if (to == BarInterval::k1Month) return int64_t{m.date.year} * 12 + m.date.month;
  return m.date.ToDays();
}

}  // namespace

Result<BarSeries> Resample(const BarSeries& in, BarInterval to,
                           std::span<const MarketSession> sessions, ResampleReport* report) {
  if (Rank(to) <= Rank(in.interval)) {
    return InvalidArgument(in.symbol + ": cannot resample " +
                           std::string(BarIntervalName(in.interval)) + " bars to " +
                           std::string(BarIntervalName(to)) + " (not coarser)");
  }
  if (sessions.empty()) return InvalidArgument(in.symbol + ": resample needs sessions");
  TL_RETURN_IF_ERROR(in.CheckShape());
  const bool daily_in = in.interval == BarInterval::k1Day || in.interval == BarInterval::k1Week ||
                        in.interval == BarInterval::k1Month;
  const bool intraday_out = Rank(to) < Rank(BarInterval::k1Day);
  const int64_t step = BarIntervalDuration(to).count();
  const bool adj = !in.adj_close.empty(), div = !in.dividend.empty(), spl = !in.split.empty();

  BarSeries out;
  out.symbol = in.symbol;
  out.interval = to;
  if (adj) out.adj_close.reserve(in.size());
  ResampleReport rep;
  rep.input_bars = in.size();

  // Current bucket: identified by (session-derived key, bucket start).
  bool open_bucket = false;
  int64_t bucket_key = 0;
  auto start_bucket = [&](int64_t key, int64_t start, size_t i) {
    out.time_ns.push_back(start);
    out.open.push_back(in.open[i]);
    out.high.push_back(in.high[i]);
    out.low.push_back(in.low[i]);
    out.close.push_back(in.close[i]);
    out.volume.push_back(std::isnan(in.volume[i]) ? 0.0 : in.volume[i]);
    if (adj) out.adj_close.push_back(in.adj_close[i]);
    if (div) out.dividend.push_back(in.dividend[i]);
    if (spl) out.split.push_back(in.split[i]);
    bucket_key = key;
    open_bucket = true;
  };
  auto extend = [&](size_t i) {
    out.high.back() = std::max(out.high.back(), in.high[i]);
    out.low.back() = std::min(out.low.back(), in.low[i]);
    out.close.back() = in.close[i];
    if (!std::isnan(in.volume[i])) out.volume.back() += in.volume[i];
    if (adj) out.adj_close.back() = in.adj_close[i];
    if (div) out.dividend.back() += in.dividend[i];
    if (spl) out.split.back() *= in.split[i];
  };

  size_t k = 0;  // session cursor (bars ascend, so sessions are visited in order)
  for (size_t i = 0; i < in.size(); ++i) {
    if (std::isnan(in.open[i]) || std::isnan(in.high[i]) || std::isnan(in.low[i]) ||
        std::isnan(in.close[i])) {
      continue;
    }
    const int64_t t = in.time_ns[i];
    long sk = -1;
    if (daily_in) {
      sk = SessionOnDateOf(sessions, in.time(i));
    } else {
      while (k < sessions.size() && sessions[k].close.unix_nanos() <= t) ++k;
      if (k < sessions.size() && sessions[k].open.unix_nanos() <= t) sk = static_cast<long>(k);
    }
    if (sk < 0) {
      ++rep.dropped_off_session;
      continue;
    }
    const MarketSession& m = sessions[static_cast<size_t>(sk)];
    int64_t key, start;
    if (intraday_out) {
      const int64_t idx = (t - m.open.unix_nanos()) / step;
      start = m.open.unix_nanos() + idx * step;
      key = start;  // unique across sessions: starts are instants
    } else if (to == BarInterval::k1Day) {
      key = m.date.ToDays();
      start = m.open.unix_nanos();
    } else {
      key = PeriodKey(m, to);
      start = m.open.unix_nanos();
    }
    if (open_bucket && key == bucket_key) {
      extend(i);
    } else {
      start_bucket(key, start, i);
    }
  }
  rep.output_bars = out.size();
  if (report) *report = rep;
  return out;
}

}  // namespace tradelet::data
