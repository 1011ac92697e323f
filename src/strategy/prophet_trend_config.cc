// Prophet trend: the options (every default reproduces the published intraday system) and the
// registry factory.
#include <string>

#include "tradelet/strategy/prophet_trend.h"
#include "tradelet/strategy/registry.h"
#include "tradelet/strategy/trading_frequency.h"

namespace tradelet {
namespace {

Result<int> ParseClockMinute(const std::string& text, std::string_view key) {
  int h = -1, m = -1;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 ||
      m > 59) {
    return InvalidArgument("strategy." + std::string(key) + ": expected HH:MM, got '" + text + "'");
  }
  return h * 60 + m;
}

Result<Weekday> ParseWeekday(const std::string& text) {
  static const char* kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::string low;
  for (char c : text.substr(0, 3)) low.push_back(static_cast<char>(std::tolower(c)));
  for (int i = 0; i < 7; ++i) {
    if (low == kNames[i] && text.size() >= 3) return static_cast<Weekday>(i);
  }
  return InvalidArgument("strategy.universe_days: unknown weekday '" + text + "'");
}

Status Positive(double v, std::string_view key) {
  if (!(v > 0)) return InvalidArgument("strategy." + std::string(key) + ": must be > 0");
  return Status::Ok();
}

}  // namespace

Result<ProphetTrendOptions> ReadProphetTrendOptions(const StrategyParams& t) {
  TL_RETURN_IF_ERROR(t.CheckKeys({"name",          "schedule",       "time_zone",
                                  "every_minutes", "first_run",      "last_run",
                                  "session_open",  "universe_days",  "universe_first_run_only",
                                  "universe",      "top_n",          "window",
                                  "lookback",      "window_start",   "min_bars",
                                  "refit_every",   "freq",           "periods",
                                  "read_step",     "interval_width", "uncertainty_samples",
                                  "algorithm",     "max_iterations", "adjusted",
                                  "max_staleness", "sizing",         "buying_power_fraction",
                                  "qty",           "sell_all",       "bracket",
                                  "stop_loss",     "stop_limit",     "take_profit",
                                  "time_in_force"}));
  ProphetTrendOptions o;
  TL_ASSIGN_OR_RETURN(std::string schedule, t.String("schedule", "clock"));
  if (schedule == "clock") {
    o.schedule = ProphetTrendOptions::Schedule::kClock;
  } else if (schedule == "every_bar") {
    o.schedule = ProphetTrendOptions::Schedule::kEveryBar;
  } else {
    return InvalidArgument("strategy.schedule: expected \"clock\" or \"every_bar\", got '" +
                           schedule + "'");
  }
  TL_ASSIGN_OR_RETURN(o.time_zone, t.String("time_zone", o.time_zone));
  if (auto tz = TimeZone::Load(o.time_zone); !tz.ok()) {
    return tz.status().WithContext("strategy.time_zone");
  }
  TL_ASSIGN_OR_RETURN(int64_t every, t.Int("every_minutes", o.every_minutes));
  if (every < 1 || every > 24 * 60) {
    return InvalidArgument("strategy.every_minutes: must be in [1, 1440]");
  }
  o.every_minutes = static_cast<int>(every);
  TL_ASSIGN_OR_RETURN(std::string first, t.String("first_run", "09:45"));
  TL_ASSIGN_OR_RETURN(o.first_run_minute, ParseClockMinute(first, "first_run"));
  TL_ASSIGN_OR_RETURN(std::string last, t.String("last_run", "15:45"));
  TL_ASSIGN_OR_RETURN(o.last_run_minute, ParseClockMinute(last, "last_run"));
  if (o.last_run_minute < o.first_run_minute) {
    return InvalidArgument("strategy.last_run: before first_run");
  }
  TL_ASSIGN_OR_RETURN(std::string open, t.String("session_open", "09:30"));
  TL_ASSIGN_OR_RETURN(o.session_open_minute, ParseClockMinute(open, "session_open"));

  if (t.Has("universe_days")) {
    TL_ASSIGN_OR_RETURN(std::vector<std::string> days, t.Strings("universe_days"));
    o.universe_days.clear();
    for (const std::string& d : days) {
      TL_ASSIGN_OR_RETURN(Weekday w, ParseWeekday(d));
      o.universe_days.push_back(w);
    }
  }
  TL_ASSIGN_OR_RETURN(o.universe_first_run_only,
                      t.Bool("universe_first_run_only", o.universe_first_run_only));
  TL_ASSIGN_OR_RETURN(o.universe, t.Strings("universe"));
  TL_ASSIGN_OR_RETURN(int64_t top_n, t.Int("top_n", o.top_n));
  if (top_n < 0) return InvalidArgument("strategy.top_n: must be >= 0 (0 = no ranking)");
  o.top_n = static_cast<int>(top_n);

  TL_ASSIGN_OR_RETURN(std::string window, t.String("window", "session"));
  if (window == "session") {
    o.window = ProphetTrendOptions::Window::kSession;
  } else if (window == "expanding") {
    o.window = ProphetTrendOptions::Window::kExpanding;
  } else if (window == "rolling") {
    o.window = ProphetTrendOptions::Window::kRolling;
  } else {
    return InvalidArgument("strategy.window: expected session, expanding or rolling, got '" +
                           window + "'");
  }
  TL_ASSIGN_OR_RETURN(int64_t lookback, t.Int("lookback", 0));
  if (o.window == ProphetTrendOptions::Window::kRolling && lookback < 2) {
    return InvalidArgument("strategy.lookback: window = \"rolling\" needs lookback >= 2");
  }
  o.lookback = static_cast<int>(lookback);
  if (t.Has("window_start")) {
    TL_ASSIGN_OR_RETURN(std::string ws, t.String("window_start", ""));
    auto d = CivilDate::Parse(ws);
    if (!d.ok()) return d.status().WithContext("strategy.window_start");
    o.window_start = *d;
  }
  TL_ASSIGN_OR_RETURN(int64_t min_bars, t.Int("min_bars", o.min_bars));
  if (min_bars < 2) return InvalidArgument("strategy.min_bars: must be >= 2");
  o.min_bars = static_cast<int>(min_bars);
  TL_ASSIGN_OR_RETURN(int64_t refit, t.Int("refit_every", o.refit_every));
  if (refit < 1) return InvalidArgument("strategy.refit_every: must be >= 1");
  o.refit_every = static_cast<int>(refit);
  TL_ASSIGN_OR_RETURN(o.freq, t.String("freq", o.freq));
  if (auto f = ParseTradingFrequency(o.freq); !f.ok()) {
    return f.status().WithContext("strategy.freq");
  }
  TL_ASSIGN_OR_RETURN(int64_t periods, t.Int("periods", o.periods));
  TL_ASSIGN_OR_RETURN(int64_t read_step, t.Int("read_step", o.read_step));
  if (periods < 1 || periods > 100000) {
    return InvalidArgument("strategy.periods: must be in [1, 100000]");
  }
  if (read_step < 1 || read_step > periods) {
    return InvalidArgument("strategy.read_step: must be in [1, periods]");
  }
  o.periods = static_cast<int>(periods);
  o.read_step = static_cast<int>(read_step);
  TL_ASSIGN_OR_RETURN(o.interval_width, t.Number("interval_width", o.interval_width));
  if (!(o.interval_width > 0 && o.interval_width < 1)) {
    return InvalidArgument("strategy.interval_width: must be in (0, 1)");
  }
  TL_ASSIGN_OR_RETURN(int64_t samples, t.Int("uncertainty_samples", o.uncertainty_samples));
  if (samples < 1 || samples > 100000) {
    return InvalidArgument(
        "strategy.uncertainty_samples: must be in [1, 100000] (the rule needs bands)");
  }
  o.uncertainty_samples = static_cast<int>(samples);
  TL_ASSIGN_OR_RETURN(std::string algo, t.String("algorithm", "auto"));
  auto a = forecast::ParseAlgorithm(algo);
  if (!a.ok()) return a.status().WithContext("strategy.algorithm");
  o.algorithm = *a;
  TL_ASSIGN_OR_RETURN(int64_t iters, t.Int("max_iterations", o.max_iterations));
  if (iters < 1) return InvalidArgument("strategy.max_iterations: must be >= 1");
  o.max_iterations = static_cast<int>(iters);
  TL_ASSIGN_OR_RETURN(o.adjusted, t.Bool("adjusted", o.adjusted));
  TL_ASSIGN_OR_RETURN(std::string stale, t.String("max_staleness", "5m"));
  auto d = ParseDuration(stale);
  if (!d.ok()) return d.status().WithContext("strategy.max_staleness");
  if (d->count() < 0) return InvalidArgument("strategy.max_staleness: must be >= 0");
  o.max_staleness = *d;

  TL_ASSIGN_OR_RETURN(std::string sizing, t.String("sizing", "equal_buying_power"));
  if (sizing == "equal_buying_power") {
    o.sizing = ProphetTrendOptions::Sizing::kEqualBuyingPower;
  } else if (sizing == "fixed_qty") {
    o.sizing = ProphetTrendOptions::Sizing::kFixedQty;
  } else {
    return InvalidArgument(
        "strategy.sizing: expected \"equal_buying_power\" or \"fixed_qty\", got '" + sizing + "'");
  }
  TL_ASSIGN_OR_RETURN(o.buying_power_fraction,
                      t.Number("buying_power_fraction", o.buying_power_fraction));
  if (!(o.buying_power_fraction > 0 && o.buying_power_fraction <= 1)) {
    return InvalidArgument("strategy.buying_power_fraction: must be in (0, 1]");
  }
  TL_ASSIGN_OR_RETURN(o.qty, t.Int("qty", o.qty));
  if (o.qty < 1) return InvalidArgument("strategy.qty: must be >= 1");
  TL_ASSIGN_OR_RETURN(o.sell_all, t.Bool("sell_all", o.sell_all));

  TL_ASSIGN_OR_RETURN(o.bracket, t.Bool("bracket", o.bracket));
  TL_ASSIGN_OR_RETURN(o.stop_loss, t.Number("stop_loss", o.stop_loss));
  TL_ASSIGN_OR_RETURN(o.stop_limit, t.Number("stop_limit", o.stop_limit));
  TL_ASSIGN_OR_RETURN(o.take_profit, t.Number("take_profit", o.take_profit));
  TL_RETURN_IF_ERROR(Positive(o.stop_limit, "stop_limit"));
  if (!(o.stop_loss < 1 && o.stop_limit <= o.stop_loss)) {
    return InvalidArgument("strategy.stop_loss/stop_limit: need stop_limit <= stop_loss < 1");
  }
  if (!(o.take_profit > 1)) return InvalidArgument("strategy.take_profit: must be > 1");
  TL_ASSIGN_OR_RETURN(std::string tif, t.String("time_in_force", "gtc"));
  if (tif == "gtc") {
    o.time_in_force = TimeInForce::kGtc;
  } else if (tif == "day") {
    o.time_in_force = TimeInForce::kDay;
  } else {
    return InvalidArgument("strategy.time_in_force: expected \"gtc\" or \"day\", got '" + tif +
                           "'");
  }
  return o;
}

Result<std::unique_ptr<Strategy>> MakeProphetTrendFromParams(const StrategyParams& t) {
  TL_ASSIGN_OR_RETURN(ProphetTrendOptions o, ReadProphetTrendOptions(t));
  return std::unique_ptr<Strategy>(std::make_unique<ProphetTrendStrategy>(o));
}

}  // namespace tradelet

TL_REGISTER_STRATEGY(prophet_trend, tradelet::MakeProphetTrendFromParams);
