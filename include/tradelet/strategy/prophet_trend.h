// The Prophet trend strategy (issue 6): the reference algorithm of Kelley's Prophet +
// backtrader tutorial (daily) and its Lambda/Alpaca adaptation (intraday), as five stages.
//
//   universe  -> on universe runs (Mon/Wed, first run of the local day) the configured symbols
//                ranked by the mean 1-minute return of the current session, top N, plus held;
//                other runs only held; symbols with an open order (other than a held
//                position's exit legs) are skipped.
//   alpha     -> fit Prophet on the window (session / expanding / rolling) of closes, read the
//                forecast at `read_step`, band rule: buy if max > 0 and |max| > |min|; sell if
//                held and min < 0 and |min| > |max| (max/min relative to the last price).
//   portfolio -> equal weight over this run's buys using a fraction of buying power (whole
//                shares) or a fixed quantity; a sell closes the position (or sells `qty`).
//   risk      -> buys become brackets (stop 0.98x, stop-limit 0.97x, take-profit 1.40x, gtc);
//                sells first cancel the position's open exit legs.
//   execution -> the framework's default: one market order per symbol per run.
//
// Between the stages only explicit values pass: the universe hands the alpha the symbols to
// decide (none between runs: the schedule lives in the universe stage), the alpha hands the
// portfolio its insights, the portfolio hands risk its targets. Memory across steps is owned by
// the stage that needs it (the universe: the last slot and run date; the alpha: its decision log
// and fit counters); the strategy reads the stages' logs for its reports.
//
// The strategy only reads the StrategyContext (clock, history views, positions, open orders,
// account) and emits orders, so the same object runs in backtests and live. Every decision
// (and every skip, with its reason) is kept in a log that reports turn into decisions.csv.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/base/time.h"
#include "tradelet/forecast/prophet.h"
#include "tradelet/strategy/framework.h"
#include "tradelet/strategy/params.h"

namespace tradelet {

struct ProphetTrendOptions {
  // --- schedule ---
  // kClock: runs at the first step of every `every_minutes` slot between first_run and
  // last_run (local time of `time_zone`); kEveryBar: at every step a symbol's bar closes
  // (the daily variant).
  enum class Schedule { kClock, kEveryBar };
  Schedule schedule = Schedule::kClock;
  std::string time_zone = "America/New_York";
  int every_minutes = 15;
  int first_run_minute = 9 * 60 + 45;  // local minutes after midnight
  int last_run_minute = 15 * 60 + 45;
  int session_open_minute = 9 * 60 + 30;  // the session window starts here (local)

  // --- universe ---
  // Weekdays whose (first) run considers new names; other runs consider only held symbols.
  std::vector<Weekday> universe_days = {Weekday::kMonday, Weekday::kWednesday};
  bool universe_first_run_only = true;
  std::vector<std::string> universe;  // empty: every symbol the data/feed provides
  int top_n = 20;                     // 0: no ranking, every candidate

  // --- alpha ---
  enum class Window { kSession, kExpanding, kRolling };
  Window window = Window::kSession;
  int lookback = 0;  // kRolling: bars in the window
  // kExpanding: bars before this date (UTC) are not in the window (Kelley's window starts at
  // the backtest start); unset = the whole history.
  std::optional<CivilDate> window_start;
  int min_bars = 10;  // fewer bars in the window: skipped ("too few bars")
  // Decide only when the window's bar count (kExpanding) or the symbol's bar count (otherwise)
  // is a multiple of this (Kelley: every 5th bar).
  int refit_every = 1;
  std::string freq = "1min";
  int periods = 15;   // forecast steps (Prophet's make_future_dataframe periods)
  int read_step = 1;  // which future step (1-based) the rule reads
  double interval_width = 0.8;
  int uncertainty_samples = 1000;
  forecast::Algorithm algorithm = forecast::Algorithm::kAuto;  // Prophet's; kExact: true MAP
  int max_iterations = 10000;  // Prophet's iter (optimizer cap; hitting it skips the symbol)
  bool adjusted = true;        // fit adjusted closes when the data has them
  Duration max_staleness = std::chrono::minutes(5);  // last bar end older than now - this: skip

  // --- portfolio ---
  enum class Sizing { kEqualBuyingPower, kFixedQty };
  Sizing sizing = Sizing::kEqualBuyingPower;
  double buying_power_fraction = 0.95;
  int64_t qty = 1;       // kFixedQty: shares per buy signal
  bool sell_all = true;  // false: a sell signal sells `qty` shares (Kelley's stake=1)

  // --- risk ---
  bool bracket = true;
  double stop_loss = 0.98;
  double stop_limit = 0.97;
  double take_profit = 1.40;
  TimeInForce time_in_force = TimeInForce::kGtc;
};

// Reads the options (name = "prophet_trend"); errors name the key. (config.h reads them from a
// TOML table.)
Result<ProphetTrendOptions> ReadProphetTrendOptions(const StrategyParams& p);

// ---- pure rules (unit-tested against hand-computed cases) ----

enum class BandSignal { kNone, kBuy, kSell };
// max = (upper-last)/last, min = (lower-last)/last. Buy if max > 0 and |max| > |min|; sell if
// held and min < 0 and |min| > |max|; ties and non-finite inputs give kNone.
BandSignal BandRule(double last, double lower, double upper, bool held);

// Mean of simple returns closes[i]/closes[i-1]-1; NaN with fewer than 2 closes.
double MeanReturn(std::span<const double> closes);

// Indices of `scores` (candidate order) sorted by descending score, ties by ascending `names`,
// NaN scores dropped, at most `top_n` (0 = all).
std::vector<size_t> RankTop(const std::vector<double>& scores,
                            const std::vector<std::string>& names, int top_n);

// Whole shares of one buy: floor(buying_power * fraction / buys / price); 0 if any input is
// not positive and finite.
int64_t EqualWeightShares(double buying_power, double fraction, int buys, double price);

// Bracket leg prices rounded to Alpaca's tick (cents at >= $1, 1e-4 below).
struct BracketPrices {
  Price take_profit, stop, stop_limit;
};
BracketPrices MakeBracketPrices(double price, double take_profit, double stop_loss,
                                double stop_limit);

// Whether the run at `now` is a universe run: its local weekday (in `tz`) is a universe day and
// (if first_run_only) no run happened earlier on the same local date (`last_run_date`).
bool IsUniverseRun(Timestamp now, const TimeZone& tz, const std::vector<Weekday>& days,
                   bool first_run_only, const std::optional<CivilDate>& last_run_date);

// Index of the first bar of the alpha's window in `h` at `now` (session: the first bar at or
// after the local session open; rolling: the last `lookback` bars; expanding: from
// `window_start`, else the whole history). The window is [begin, h.size()).
size_t WindowBegin(const ProphetTrendOptions& o, const TimeZone& tz, const HistoryView& h,
                   Timestamp now);

// One row of decisions.csv (or a skip with its reason).
struct TrendDecision {
  Timestamp time;
  std::string symbol;
  double last = 0, yhat_lower = 0, yhat = 0, yhat_upper = 0;
  std::string action;               // buy, sell, hold, skip
  std::string reason;               // skips: why
  std::optional<Timestamp> target;  // the forecast row read (read_step steps after the last bar)
};

// Appends a skip of `symbol` at `t` with its reason to `log`.
void AppendSkip(std::vector<TrendDecision>* log, Timestamp t, const std::string& symbol,
                std::string reason);

// The five stages, exposed for tests.
// Universe: the schedule (is this step a run?) and the symbols to decide. Owns the memory the
// schedule needs (the last slot, the last run's local date) and the log of what it skipped.
class ProphetTrendUniverse : public UniverseModel {
 public:
  explicit ProphetTrendUniverse(ProphetTrendOptions o);
  // Between runs: nothing (so the later stages do not run).
  void Select(const StrategyContext& ctx, std::vector<uint32_t>* universe) override;

  // What the last Select decided (tests): a run, and a universe run (new names considered).
  bool ran() const { return ran_; }
  bool universe_run() const { return universe_run_; }
  // Symbols left out, with the reason ("open order", "too few bars to rank: ..."), in time order.
  const std::vector<TrendDecision>& skips() const { return skips_; }

 private:
  ProphetTrendOptions o_;
  TimeZone tz_;
  std::optional<CivilDate> last_run_date_;
  int64_t last_slot_ = -1;
  bool ran_ = false;
  bool universe_run_ = false;
  std::vector<TrendDecision> skips_;
};

// Alpha: one Prophet fit per symbol it is given and the band rule. Owns its decision log (every
// decision and every skip, in time order) and fit counters.
class ProphetTrendAlpha : public AlphaModel {
 public:
  explicit ProphetTrendAlpha(ProphetTrendOptions o);
  void Update(const StrategyContext& ctx, const std::vector<uint32_t>& universe,
              std::vector<Insight>* insights) override;

  const std::vector<TrendDecision>& log() const { return log_; }
  uint64_t fits() const { return fits_; }
  double fit_seconds() const { return fit_seconds_; }

 private:
  ProphetTrendOptions o_;
  TimeZone tz_;
  forecast::Frequency freq_;
  std::vector<TrendDecision> log_;
  uint64_t fits_ = 0;
  double fit_seconds_ = 0;
};

class ProphetTrendPortfolio : public PortfolioModel {
 public:
  explicit ProphetTrendPortfolio(ProphetTrendOptions o) : o_(std::move(o)) {}
  void Targets(const StrategyContext& ctx, const std::vector<Insight>& insights,
               std::vector<PortfolioTarget>* targets) override;

 private:
  ProphetTrendOptions o_;
};

class ProphetTrendRisk : public RiskModel {
 public:
  explicit ProphetTrendRisk(ProphetTrendOptions o) : o_(std::move(o)) {}
  void Adjust(const StrategyContext& ctx, std::vector<PortfolioTarget>* targets) override;

 private:
  ProphetTrendOptions o_;
};

struct ProphetTrendStats {
  uint64_t fits = 0;
  double fit_seconds = 0;
};

// The assembled strategy; Artifacts() gives decisions.csv, skips.csv and the report section.
class ProphetTrendStrategy : public FrameworkStrategy {
 public:
  explicit ProphetTrendStrategy(const ProphetTrendOptions& o);
  // Every decision and skip so far, in time order (at one time: the universe's skips first).
  std::vector<TrendDecision> decisions() const;
  ProphetTrendStats stats() const { return {alpha_->fits(), alpha_->fit_seconds()}; }
  StrategyArtifacts Artifacts() const override;
  std::vector<StrategySkip> SkipsAt(Timestamp t) const override;

 private:
  // The stages, owned by the FrameworkStrategy base.
  const ProphetTrendUniverse* universe_;
  const ProphetTrendAlpha* alpha_;
};

// decisions.csv: time,symbol,last,yhat_lower,yhat,yhat_upper,action,target (skips excluded;
// time and target ISO 8601 with the offset of `tz`; target is the forecast row read).
std::string DecisionsCsv(const std::vector<TrendDecision>& log, const TimeZone& tz);
// skips.csv: time,symbol,reason.
std::string SkipsCsv(const std::vector<TrendDecision>& log, const TimeZone& tz);
// An HTML section: per symbol, the price at each decision with the forecast band drawn.
std::string DecisionBandsHtml(const std::vector<TrendDecision>& log, size_t max_symbols);

// Registered as "prophet_trend".
Result<std::unique_ptr<Strategy>> MakeProphetTrendFromParams(const StrategyParams& p);

}  // namespace tradelet
