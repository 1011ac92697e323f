// Up-front checks of a live configuration (live_check.h).
#include "tradelet/live/live_check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tradelet/strategy/config.h"
#include "tradelet/strategy/prophet_trend.h"

namespace tradelet::live {
namespace {

std::string Minutes(int64_t m) {
  return m % 60 == 0 ? std::to_string(m / 60) + " h" : std::to_string(m) + " min";
}

std::string Clock(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

// "7h", "15m", "90s" (the largest unit that divides it), as [live] durations are written.
std::string FormatDuration(Duration d) {
  const int64_t s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s % 86400 == 0) return "\"" + std::to_string(s / 86400) + "d\"";
  if (s % 3600 == 0) return "\"" + std::to_string(s / 3600) + "h\"";
  if (s % 60 == 0) return "\"" + std::to_string(s / 60) + "m\"";
  return "\"" + std::to_string(s) + "s\"";
}

}  // namespace

Result<BarNeeds> StrategyBarNeeds(const toml::table& strategy) {
  BarNeeds n;
  TL_ASSIGN_OR_RETURN(std::string name, TomlString(strategy, "strategy", "name", ""));
  if (name == "prophet_trend") {
    TL_ASSIGN_OR_RETURN(ProphetTrendOptions o, ReadProphetTrendOptions(strategy));
    n.min_bars = std::max(o.min_bars, 2);  // a fit needs two points
    n.why = "strategy.min_bars = " + std::to_string(o.min_bars);
    n.session_window = o.window == ProphetTrendOptions::Window::kSession;
    if (auto tz = TimeZone::Load(o.time_zone); tz.ok()) n.zone = *tz;
    n.session_open_minute = o.session_open_minute;
    if (o.schedule == ProphetTrendOptions::Schedule::kClock) {
      n.first_run_minute = o.first_run_minute;
      n.last_run_minute = o.last_run_minute;
    }
  } else if (name == "sma_crossover") {
    TL_ASSIGN_OR_RETURN(int64_t slow, TomlInt(strategy, "strategy", "slow", 30));
    // A cross compares two consecutive bars that both have `slow` bars of history.
    n.min_bars = slow + 1;
    n.why = "strategy.slow = " + std::to_string(slow) + " (a cross needs slow + 1 bars)";
  }
  return n;
}

int64_t CountedBars(const BarNeeds& needs, const BarSeries& s, Timestamp slot) {
  if (!needs.session_window) return static_cast<int64_t>(s.size());
  const LocalDateTime local = needs.zone.ToLocal(slot);
  const Timestamp open = needs.zone.FromLocal(
      {local.date, needs.session_open_minute / 60, needs.session_open_minute % 60, 0, 0});
  const auto begin = std::lower_bound(s.time_ns.begin(), s.time_ns.end(), open.unix_nanos());
  return static_cast<int64_t>(s.time_ns.end() - begin);
}

Status CheckLiveConfig(const LiveConfig& c, LiveTarget target, const std::string& source) {
  auto bad = [&](const std::string& key, const std::string& why) {
    return InvalidArgument(source + ": live." + key + ": " + why);
  };
  const auto interval = alpaca::IntervalForTimeframe(c.timeframe);
  if (!interval) {
    return bad("timeframe", "\"" + c.timeframe + "\" has no bar size the strategies can use");
  }
  const Duration bar = BarIntervalDuration(*interval);
  const bool intraday = bar < std::chrono::hours(24);
  // Each slot decides on the bar that closes at it: a period that is not a whole number of
  // bars leaves most slots without a bar closing there (no orders, "stale data").
  if (intraday && c.period.count() % bar.count() != 0) {
    return bad("period", "a slot every " + FormatDuration(c.period) + " is not a whole number of " +
                             c.timeframe + " bars; no bar would close at most slots");
  }
  auto needs = StrategyBarNeeds(c.strategy);
  if (!needs.ok()) return needs.status().WithContext(source);
  const int64_t bar_min = std::chrono::duration_cast<std::chrono::minutes>(bar).count();
  if (needs->session_window) {
    // The fit sees only the session's bars: the first run must already have min_bars of them.
    if (needs->first_run_minute >= 0) {
      const int64_t window = needs->first_run_minute - needs->session_open_minute;
      const int64_t bars = bar_min > 0 ? window / bar_min : 0;
      if (!intraday || bars < needs->min_bars) {
        return bad("timeframe", c.timeframe + " bars give " + std::to_string(bars) +
                                    " bar(s) between the " + "session open " +
                                    Clock(needs->session_open_minute) + " and the first " + "run " +
                                    Clock(needs->first_run_minute) + ", but the strategy needs " +
                                    std::to_string(needs->min_bars) + " (" + needs->why +
                                    "): it would never trade at that run; use \"1Min\"");
      }
    }
    const int64_t last = needs->last_run_minute >= 0 ? needs->last_run_minute : 16 * 60;
    const int64_t cover = last - needs->session_open_minute;
    if (c.lookback < std::chrono::minutes(cover)) {
      return bad("lookback", FormatDuration(c.lookback) + " does not cover the session window (" +
                                 Minutes(cover) + " from the open " +
                                 Clock(needs->session_open_minute) + " to the last run); use " +
                                 "at least \"7h\"");
    }
  } else if (c.lookback < bar * needs->min_bars) {
    return bad("lookback", FormatDuration(c.lookback) + " holds fewer than the " +
                               std::to_string(needs->min_bars) + " " + c.timeframe +
                               " bars the strategy needs (" + needs->why + ")");
  }
  if (target == LiveTarget::kLambda && !c.journal_path.empty() && c.journal_path != ":memory:" &&
      !std::filesystem::path(c.journal_path).is_absolute()) {
    return bad("journal", "\"" + c.journal_path +
                              "\" is relative, so on Lambda it would be inside the read-only "
                              "/var/task; remove it (the function journals to /tmp) or give an "
                              "absolute path under /tmp");
  }
  return Status::Ok();
}

Result<std::map<std::string, AssetInfo>> CheckSymbolsAtBroker(alpaca::AlpacaTradingClient& trading,
                                                              const LiveConfig& config,
                                                              const std::string& source) {
  std::map<std::string, AssetInfo> out;
  for (size_t i = 0; i < config.symbols.size(); ++i) {
    const std::string& sym = config.symbols[i];
    auto a = trading.GetAsset(sym);
    if (a.ok()) {
      if (!a->tradable) {
        return InvalidArgument(source + ": live.symbols[" + std::to_string(i) + "]: '" + sym +
                               "' is not tradable at the broker");
      }
      out[sym] = AssetInfo{a->tradable, a->fractionable, a->shortable, a->easy_to_borrow};
    } else if (a.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(source + ": live.symbols[" + std::to_string(i) + "]: '" + sym +
                             "' is not an asset the broker knows (" + a.status().message() + ")");
    } else {
      out[sym] = AssetInfo{};
    }
  }
  return out;
}

Result<LiveConfig> CheckLiveConfigFile(const std::string& path, LiveTarget target) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(path + ": is a directory, not a config file");
  }
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open the strategy config");
  std::stringstream ss;
  ss << in.rdbuf();
  // The journal as written (relative or not), before LoadLiveConfig resolves it.
  TL_ASSIGN_OR_RETURN(LiveConfig raw, ParseLiveConfig(ss.str(), path));
  TL_RETURN_IF_ERROR(CheckLiveConfig(raw, target, path));
  TL_ASSIGN_OR_RETURN(LiveConfig c, LoadLiveConfig(path));
  if (target != LiveTarget::kLambda && c.journal_path != ":memory:") {
    const std::filesystem::path dir = std::filesystem::path(c.journal_path).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
      return InvalidArgument(path + ": live.journal: the folder " + dir.string() +
                             " of the journal " + c.journal_path + " does not exist");
    }
  }
  return c;
}

}  // namespace tradelet::live
