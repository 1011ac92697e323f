#include "tradelet/data/validate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/parse_util.h"
#include "tradelet/base/log.h"

namespace tradelet::data {
namespace {

// New York calendar day of an instant (days since 1970-01-01), without a zone lookup per bar.
int64_t NyDay(int64_t ns) {
  const int64_t s = ns >= 0 ? ns / 1'000'000'000 : -((-ns + 999'999'999) / 1'000'000'000);
  const int64_t utc_day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  const int64_t local = s + internal::NewYorkDayOffsetSeconds(utc_day);
  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

std::string DateOf(Timestamp t) { return CivilDate::FromDays(NyDay(t.unix_nanos())).ToString(); }
std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Accumulates one check's hits.
struct Tally {
  size_t count = 0;
  Timestamp first;
  std::string detail;  // first few examples
  int examples = 0;
  void Hit(int64_t t, const std::string& example = "") {
    if (count == 0) first = Timestamp::FromUnixNanos(t);
    ++count;
    if (!example.empty() && examples < 3) {
      detail += (examples ? ", " : "") + example;
      ++examples;
    }
  }
};

bool Near(double q, double f, double tol) { return std::fabs(q / f - 1.0) <= tol; }

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "?";
}

Severity SymbolReport::worst() const {
  Severity w = Severity::kInfo;
  for (const auto& f : findings) w = std::max(w, f.severity);
  return w;
}

size_t SymbolReport::count(Severity s) const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [&](const Finding& f) { return f.severity == s; }));
}

std::string SymbolReport::reason() const {
  std::string r;
  for (const auto& f : findings) {
    if (f.severity != Severity::kError) continue;
    if (!r.empty()) r += "; ";
    r += f.message;
  }
  return r;
}

SymbolReport ValidateSeries(const BarSeries& s, const ValidationOptions& opt, std::string source) {
  SymbolReport rep;
  rep.symbol = s.symbol;
  rep.source = std::move(source);
  rep.rows = s.size();
  rep.interval = s.interval;
  auto add = [&](Severity sev, const char* check, const Tally& t, std::string msg) {
    if (t.count == 0) return;
    rep.findings.push_back({sev, check, t.count, t.first, std::move(msg)});
  };
  const size_t n = s.size();
  if (n == 0) {
    rep.findings.push_back({Severity::kError, "empty", 0, {}, "no bars"});
    return rep;
  }
  // First/last by time (the file may be unsorted).
  int64_t tmin = s.time_ns[0], tmax = s.time_ns[0];
  for (int64_t t : s.time_ns) {
    tmin = std::min(tmin, t);
    tmax = std::max(tmax, t);
  }
  rep.first_bar = Timestamp::FromUnixNanos(tmin);
  rep.last_bar = Timestamp::FromUnixNanos(tmax);
  const bool daily = s.interval == BarInterval::k1Day;

  Tally missing, nonpos, ohlc, dup, unsorted, zero_vol;
  for (size_t i = 0; i < n; ++i) {
    const int64_t t = s.time_ns[i];
    const double o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i], v = s.volume[i];
    if (std::isnan(o) || std::isnan(h) || std::isnan(l) || std::isnan(c) || std::isnan(v)) {
      missing.Hit(t, DateOf(Timestamp::FromUnixNanos(t)));
    }
    if (o <= 0 || h <= 0 || l <= 0 || c <= 0 || v < 0) {
      nonpos.Hit(t, DateOf(Timestamp::FromUnixNanos(t)));
    }
    if (!std::isnan(h) && !std::isnan(l)) {
      const double eps = 1e-9 * std::max(std::fabs(h), 1.0);
      bool bad = h < l - eps;
      if (!std::isnan(o)) bad |= o > h + eps || o < l - eps;
      if (!std::isnan(c)) bad |= c > h + eps || c < l - eps;
      if (bad) ohlc.Hit(t, DateOf(Timestamp::FromUnixNanos(t)));
    }
    if (v == 0) zero_vol.Hit(t);
    if (i > 0) {
      if (t == s.time_ns[i - 1]) dup.Hit(t, FormatTimestamp(Timestamp::FromUnixNanos(t)));
      if (t < s.time_ns[i - 1]) unsorted.Hit(t, FormatTimestamp(Timestamp::FromUnixNanos(t)));
    }
  }
  const double miss_frac = static_cast<double>(missing.count) / static_cast<double>(n);
  add(miss_frac > opt.max_missing_fraction ? Severity::kError : Severity::kWarning, "missing",
      missing,
      std::to_string(missing.count) + " rows with missing values (" + missing.detail +
          (missing.count > 3 ? ", ..." : "") + ")");
  add(Severity::kError, "nonpositive", nonpos,
      std::to_string(nonpos.count) + " rows with a price <= 0 or negative volume (" +
          nonpos.detail + (nonpos.count > 3 ? ", ..." : "") + ")");
  add(Severity::kError, "ohlc", ohlc,
      std::to_string(ohlc.count) + " rows with high < low or open/close outside [low, high] (" +
          ohlc.detail + (ohlc.count > 3 ? ", ..." : "") + ")");
  add(Severity::kError, "duplicate", dup,
      std::to_string(dup.count) + " duplicate bar times (" + dup.detail +
          (dup.count > 3 ? ", ..." : "") + ")");
  add(Severity::kError, "unsorted", unsorted,
      std::to_string(unsorted.count) + " bars earlier than the bar before them (" +
          unsorted.detail + (unsorted.count > 3 ? ", ..." : "") + ")");

  // Splits and jumps: close of bar i-1 against the open of bar i (splits take effect
  // overnight), in time order.
  {
    // The time order: the rows themselves unless some are out of order (no index to build).
    std::vector<size_t> order;
    if (unsorted.count) {
      order.resize(n);
      for (size_t i = 0; i < n; ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return s.time_ns[a] < s.time_ns[b]; });
    }
    // Ascending: the first ratio of each table is the one closest to 1.
    static constexpr double kStrong[] = {2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100};
    static constexpr double kWeak[] = {1.5};  // 3:2; 5:4 and 4:3 drown in ordinary moves
    static constexpr double kJump = 1.8;      // an overnight move beyond x1.8 or /1.8
    const bool has_split = !s.split.empty();
    Tally recorded, unrecorded_strong, unrecorded_weak, jumps, invisible;
    size_t prev = SIZE_MAX;
    // Below this (with a margin for rounding) a move is near no split ratio and no jump: the
    // lower edge of the band of each table's ratio closest to 1, and the jump limit.
    const double quiet = 0.999 * std::min({kStrong[0] * (1 - opt.split_tolerance),
                                           kWeak[0] * (1 - opt.split_tolerance / 2), kJump});
    for (size_t k = 0; k < n; ++k) {
      const size_t i = order.empty() ? k : order[k];
      const double c0 = prev == SIZE_MAX ? NAN : s.close[prev];
      const double o = std::isnan(s.open[i]) ? s.close[i] : s.open[i];
      const double split = has_split ? s.split[i] : 1.0;
      if (!(c0 > 0) || !(o > 0)) {
        // A bar with a missing price does not break the chain: compare across it.
        if (s.close[i] > 0) prev = i;
        continue;
      }
      const double q = c0 / o;  // > 1 for a forward split
      const int64_t t = s.time_ns[i];
      // Formatted only for a hit: most bars are none, and formatting per bar cost ~40% of
      // loading the 504 daily files.
      const auto day = [t] { return DateOf(Timestamp::FromUnixNanos(t)); };
      if (split != 1.0) {
        if (Near(q, split, 0.15)) {
          recorded.Hit(t, day() + " " + Fmt("%g", split));
        } else {
          invisible.Hit(t, day() + " " + Fmt("%g", split) + " vs price ratio " + Fmt("%.3f", q));
        }
      } else if (q < quiet && 1.0 / q < quiet) {
        // Inside every ratio's band and the jump limit (most bars): nothing to test.
      } else {
        bool strong = false, weak = false;
        double hit = 0;
        for (double f : kStrong) {
          if (Near(q, f, opt.split_tolerance) || Near(1.0 / q, f, opt.split_tolerance)) {
            strong = true;
            hit = q >= 1 ? f : -f;
            break;
          }
        }
        if (!strong) {
          for (double f : kWeak) {
            if (Near(q, f, opt.split_tolerance / 2) || Near(1.0 / q, f, opt.split_tolerance / 2)) {
              weak = true;
              hit = q >= 1 ? f : -f;
              break;
            }
          }
        }
        const auto ratio = [hit] { return hit > 0 ? Fmt("%g:1", hit) : Fmt("1:%g", -hit); };
        if (strong) {
          unrecorded_strong.Hit(t,
                                day() + " (" + ratio() + ", price ratio " + Fmt("%.3f", q) + ")");
        } else if (weak) {
          unrecorded_weak.Hit(t, day() + " (" + ratio() + ", price ratio " + Fmt("%.3f", q) + ")");
        } else if (q > kJump || q < 1 / kJump) {
          jumps.Hit(t, day() + " (x" + Fmt("%.3f", 1.0 / q) + ")");
        }
      }
      prev = i;
    }
    add(Severity::kError, "split", unrecorded_strong,
        std::to_string(unrecorded_strong.count) + " likely unrecorded splits: " +
            unrecorded_strong.detail + (unrecorded_strong.count > 3 ? ", ..." : ""));
    add(Severity::kWarning, "split", unrecorded_weak,
        std::to_string(unrecorded_weak.count) + " jumps near a 3:2 split ratio: " +
            unrecorded_weak.detail + (unrecorded_weak.count > 3 ? ", ..." : ""));
    add(Severity::kWarning, "split", invisible,
        std::to_string(invisible.count) +
            " recorded splits not visible in the prices (already adjusted?): " + invisible.detail +
            (invisible.count > 3 ? ", ..." : ""));
    add(Severity::kInfo, "split", recorded,
        std::to_string(recorded.count) + " recorded splits: " + recorded.detail +
            (recorded.count > 3 ? ", ..." : ""));
    add(Severity::kWarning, "jump", jumps,
        std::to_string(jumps.count) + " overnight moves beyond x1.8 or /1.8: " + jumps.detail +
            (jumps.count > 3 ? ", ..." : ""));
  }

  // Calendar checks.
  const auto& ss = opt.sessions;
  long last_session = -1;
  if (!ss.empty()) {
    Tally off;
    std::vector<uint32_t> per_session(ss.size(), 0);
    long first_session = -1;
    for (size_t i = 0; i < n; ++i) {
      const Timestamp t = s.time(i);
      long k = daily ? SessionOnDateOf(ss, t) : SessionContaining(ss, t);
      if (k < 0) {
        off.Hit(t.unix_nanos(), daily ? DateOf(t) : FormatTimestamp(t));
        continue;
      }
      ++per_session[static_cast<size_t>(k)];
      if (first_session < 0 || k < first_session) first_session = k;
      last_session = std::max(last_session, k);
    }
    add(Severity::kWarning, "off_session", off,
        std::to_string(off.count) + " bars outside the trading sessions (" + off.detail +
            (off.count > 3 ? ", ..." : "") + ")");
    if (first_session >= 0) {
      Tally gaps;
      size_t expected = 0;
      size_t missing_units = 0;
      const int64_t bar_ns = BarIntervalDuration(s.interval).count();
      for (long k = first_session; k <= last_session; ++k) {
        const MarketSession& m = ss[static_cast<size_t>(k)];
        size_t want = 1;
        if (!daily) {
          want = static_cast<size_t>(((m.close - m.open).count() + bar_ns - 1) / bar_ns);
        }
        expected += want;
        const size_t have = per_session[static_cast<size_t>(k)];
        if (have < want) {
          missing_units += want - have;
          const Timestamp when = m.open;
          if (gaps.count == 0) gaps.first = when;
          ++gaps.count;
          if (gaps.examples < 3) {
            gaps.detail += (gaps.examples ? ", " : "") + m.date.ToString() +
                           (daily ? "" : " (" + std::to_string(want - have) + ")");
            ++gaps.examples;
          }
        }
      }
      if (gaps.count) {
        const double frac = static_cast<double>(missing_units) / static_cast<double>(expected);
        Finding f{frac > opt.max_gap_fraction ? Severity::kError : Severity::kWarning, "gap",
                  missing_units, gaps.first, ""};
        f.message = daily ? std::to_string(missing_units) + " of " + std::to_string(expected) +
                                " sessions have no bar (" + gaps.detail +
                                (gaps.count > 3 ? ", ..." : "") + ")"
                          : std::to_string(missing_units) + " of " + std::to_string(expected) +
                                " bars missing in " + std::to_string(gaps.count) + " sessions (" +
                                gaps.detail + (gaps.count > 3 ? ", ..." : "") + ")";
        rep.findings.push_back(std::move(f));
      }
    }
  }

  if (opt.as_of) {
    const Timestamp as_of = *opt.as_of;
    size_t behind = 0;
    std::string unit = "sessions";
    if (!ss.empty()) {
      // Sessions that closed by as_of and came after the last bar's session.
      if (last_session < 0) {
        const Timestamp last = rep.last_bar;
        last_session = -1;
        for (size_t k = 0; k < ss.size() && ss[k].open <= last; ++k)
          last_session = static_cast<long>(k);
      }
      for (size_t k = static_cast<size_t>(last_session + 1); k < ss.size(); ++k) {
        if (ss[k].close <= as_of) ++behind;
      }
    } else {
      unit = "days";
      const int64_t days = (as_of - rep.last_bar).count() / (int64_t{86400} * 1'000'000'000);
      behind = days > 4 ? static_cast<size_t>(days - 4) : 0;  // allow a long weekend
    }
    if (behind > static_cast<size_t>(opt.max_stale_sessions)) {
      Tally t;
      t.Hit(tmax);
      add(Severity::kError, "stale", t,
          "last bar " + (daily ? DateOf(rep.last_bar) : FormatTimestamp(rep.last_bar)) + " is " +
              std::to_string(behind) + " " + unit + " behind " + FormatTimestamp(as_of));
    }
  }
  add(Severity::kInfo, "zero_volume", zero_vol,
      std::to_string(zero_vol.count) + " bars with volume 0");
  return rep;
}

TradableSet SelectTradable(std::span<const SymbolReport> reports) {
  TradableSet out;
  for (const auto& r : reports) {
    if (r.ok()) {
      out.tradable.push_back(r.symbol);
      continue;
    }
    out.excluded.push_back({r.symbol, r.reason()});
    TL_LOG(kWarn, "symbol excluded from trading")
        .Field("symbol", r.symbol)
        .Field("source", r.source)
        .Field("reason", out.excluded.back().reason);
  }
  return out;
}

std::string ReportToJson(const SymbolReport& r) {
  std::string j = "{\"symbol\":";
  AppendJsonString(&j, r.symbol);
  j += ",\"source\":";
  AppendJsonString(&j, r.source);
  j += ",\"status\":";
  j += r.ok() ? "\"ok\"" : "\"fail\"";
  j += ",\"interval\":";
  AppendJsonString(&j, BarIntervalName(r.interval));
  j += ",\"rows\":" + std::to_string(r.rows);
  if (r.rows) {
    j += ",\"first\":\"" + FormatTimestamp(r.first_bar) + "\",\"last\":\"" +
         FormatTimestamp(r.last_bar) + "\"";
  }
  j += ",\"errors\":" + std::to_string(r.count(Severity::kError));
  j += ",\"warnings\":" + std::to_string(r.count(Severity::kWarning));
  j += ",\"findings\":[";
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    if (i) j += ',';
    j += "{\"severity\":\"" + std::string(SeverityName(f.severity)) + "\",\"check\":\"" + f.check +
         "\",\"count\":" + std::to_string(f.count);
    if (f.count) j += ",\"first\":\"" + FormatTimestamp(f.first) + "\"";
    j += ",\"message\":";
    AppendJsonString(&j, f.message);
    j += '}';
  }
  j += "]}";
  return j;
}

}  // namespace tradelet::data
