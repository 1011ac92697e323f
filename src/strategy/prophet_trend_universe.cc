// Prophet trend: the pure rules and the universe stage (schedule, universe days, ranking).
#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {

BandSignal BandRule(double last, double lower, double upper, bool held) {
  if (!(std::isfinite(last) && std::isfinite(lower) && std::isfinite(upper)) || last <= 0) {
    return BandSignal::kNone;
  }
  const double max_move = (upper - last) / last;
  const double min_move = (lower - last) / last;
  if (max_move > 0 && std::abs(max_move) > std::abs(min_move)) return BandSignal::kBuy;
  if (held && min_move < 0 && std::abs(min_move) > std::abs(max_move)) return BandSignal::kSell;
  return BandSignal::kNone;
}

double MeanReturn(std::span<const double> closes) {
  if (closes.size() < 2) return std::nan("");
  double sum = 0;
  for (size_t i = 1; i < closes.size(); ++i) sum += closes[i] / closes[i - 1] - 1;
  return sum / static_cast<double>(closes.size() - 1);
}

std::vector<size_t> RankTop(const std::vector<double>& scores,
                            const std::vector<std::string>& names, int top_n) {
  std::vector<size_t> idx;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (std::isfinite(scores[i])) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return names[a] < names[b];
  });
  if (top_n > 0 && idx.size() > static_cast<size_t>(top_n)) idx.resize(top_n);
  return idx;
}

int64_t EqualWeightShares(double buying_power, double fraction, int buys, double price) {
  if (!(std::isfinite(buying_power) && std::isfinite(fraction) && std::isfinite(price)) ||
      buying_power <= 0 || fraction <= 0 || buys <= 0 || price <= 0) {
    return 0;
  }
  // A tiny epsilon keeps exact multiples (e.g. 950 / 95 = 10) from flooring to 9 by rounding.
  return static_cast<int64_t>(std::floor(buying_power * fraction / buys / price + 1e-9));
}

namespace {
Price Tick(double v) {
  // Alpaca: prices >= $1 in cents, below $1 up to 4 decimals.
  return Decimal::FromDouble(v).Round(v >= 1.0 ? 2 : 4);
}
}  // namespace

BracketPrices MakeBracketPrices(double price, double take_profit, double stop_loss,
                                double stop_limit) {
  return {Tick(price * take_profit), Tick(price * stop_loss), Tick(price * stop_limit)};
}

bool IsUniverseRun(Timestamp now, const TimeZone& tz, const std::vector<Weekday>& days,
                   bool first_run_only, const std::optional<CivilDate>& last_run_date) {
  const CivilDate d = tz.ToLocal(now).date;
  if (std::find(days.begin(), days.end(), d.weekday()) == days.end()) return false;
  return !first_run_only || !last_run_date || *last_run_date != d;
}

size_t WindowBegin(const ProphetTrendOptions& o, const TimeZone& tz, const HistoryView& h,
                   Timestamp now) {
  const auto times = h.times_ns();
  if (o.window == ProphetTrendOptions::Window::kSession) {
    const LocalDateTime local = tz.ToLocal(now);
    const Timestamp open =
        tz.FromLocal({local.date, o.session_open_minute / 60, o.session_open_minute % 60, 0});
    return std::lower_bound(times.begin(), times.end(), open.unix_nanos()) - times.begin();
  }
  if (o.window == ProphetTrendOptions::Window::kRolling && o.lookback > 0) {
    return h.size() > static_cast<size_t>(o.lookback) ? h.size() - o.lookback : 0;
  }
  if (o.window == ProphetTrendOptions::Window::kExpanding && o.window_start) {
    const int64_t start = LocalDateTime{*o.window_start, 0, 0, 0}.AsUtc().unix_nanos();
    return std::lower_bound(times.begin(), times.end(), start) - times.begin();
  }
  return 0;
}

void AppendSkip(std::vector<TrendDecision>* log, Timestamp t, const std::string& symbol,
                std::string reason) {
  TrendDecision d;
  d.time = t;
  d.symbol = symbol;
  d.last = d.yhat_lower = d.yhat = d.yhat_upper = std::nan("");
  d.action = "skip";
  d.reason = std::move(reason);
  log->push_back(std::move(d));
}

namespace {

TimeZone ZoneOrNewYork(const std::string& name) {
  auto tz = TimeZone::Load(name);
  return tz.ok() ? *tz : TimeZone::NewYork();  // the name was validated when options were read
}

// Open orders that are not exit legs of a held position (entries, sells in flight).
bool HasPendingNonLegOrder(const PortfolioView& pf, size_t sym) {
  if (!pf.HasOpenOrders(sym)) return false;
  for (const Order& o : pf.OpenOrders(sym)) {
    if (o.parent_id.empty()) return true;
  }
  return false;
}

}  // namespace

ProphetTrendUniverse::ProphetTrendUniverse(ProphetTrendOptions o)
    : o_(std::move(o)), tz_(ZoneOrNewYork(o_.time_zone)) {}

void ProphetTrendUniverse::Select(const StrategyContext& ctx, std::vector<uint32_t>* universe) {
  ran_ = false;
  const Timestamp now = ctx.now();
  if (o_.schedule == ProphetTrendOptions::Schedule::kClock) {
    const LocalDateTime local = tz_.ToLocal(now);
    const int minute = local.hour * 60 + local.minute;
    if (minute < o_.first_run_minute || minute > o_.last_run_minute) return;
    // The first step inside each slot runs, so a minute with no bars does not lose the run.
    const int64_t slot =
        local.date.ToDays() * 10000 + (minute - o_.first_run_minute) / o_.every_minutes;
    if (slot == last_slot_) return;
    last_slot_ = slot;
  } else if (ctx.updated().empty()) {
    return;
  }
  ran_ = true;
  universe_run_ =
      IsUniverseRun(now, tz_, o_.universe_days, o_.universe_first_run_only, last_run_date_);
  last_run_date_ = tz_.ToLocal(now).date;

  const PortfolioView& pf = ctx.portfolio();
  std::vector<char> chosen(ctx.symbol_count(), 0);
  if (universe_run_) {
    std::vector<uint32_t> cands;
    if (o_.universe.empty()) {
      for (uint32_t i = 0; i < ctx.symbol_count(); ++i) cands.push_back(i);
    } else {
      for (const std::string& name : o_.universe) {
        const size_t i = ctx.FindSymbol(name);
        if (i < ctx.symbol_count()) cands.push_back(static_cast<uint32_t>(i));
      }
      std::sort(cands.begin(), cands.end());
    }
    if (o_.schedule == ProphetTrendOptions::Schedule::kEveryBar) {
      // Per-bar runs consider only the symbols whose bar just closed.
      std::vector<uint32_t> fresh;
      std::set_intersection(cands.begin(), cands.end(), ctx.updated().begin(), ctx.updated().end(),
                            std::back_inserter(fresh));
      cands.swap(fresh);
    }
    if (o_.top_n > 0) {
      // Rank by the mean 1-minute return of the current session (adjusted closes).
      const LocalDateTime local = tz_.ToLocal(now);
      const Timestamp open =
          tz_.FromLocal({local.date, o_.session_open_minute / 60, o_.session_open_minute % 60, 0});
      std::vector<double> scores;
      std::vector<std::string> names;
      // A candidate with fewer than min_bars bars in the alpha's window could never be
      // forecast: it takes no top-N place (the seed ranks it and wastes the place). Held
      // names come back below and the alpha reports them.
      const size_t need = static_cast<size_t>(std::max(2, o_.min_bars));
      std::vector<uint32_t> ranked;
      for (uint32_t i : cands) {
        const HistoryView h = ctx.history(i);
        const size_t n = h.size() - WindowBegin(o_, tz_, h, now);
        if (n < need) {
          if (!pf.PositionQty(i).IsPositive()) {
            AppendSkip(
                &skips_, now, ctx.symbol(i),
                "too few bars to rank: " + std::to_string(n) + " < " + std::to_string(o_.min_bars));
          }
          continue;
        }
        ranked.push_back(i);
        const auto times = h.times_ns();
        const size_t begin =
            std::lower_bound(times.begin(), times.end(), open.unix_nanos()) - times.begin();
        std::vector<double> closes;
        for (size_t k = begin; k < h.size(); ++k) {
          closes.push_back(o_.adjusted ? h.adj_close(k) : h.close(k));
        }
        scores.push_back(MeanReturn(closes));
        names.push_back(ctx.symbol(i));
      }
      for (size_t k : RankTop(scores, names, o_.top_n)) chosen[ranked[k]] = 1;
    } else {
      for (uint32_t i : cands) chosen[i] = 1;
    }
  }
  for (uint32_t i = 0; i < ctx.symbol_count(); ++i) {
    if (pf.PositionQty(i).IsPositive()) chosen[i] = 1;
  }
  for (uint32_t i = 0; i < ctx.symbol_count(); ++i) {
    if (!chosen[i]) continue;
    if (HasPendingNonLegOrder(pf, i)) {
      AppendSkip(&skips_, now, ctx.symbol(i), "open order");
      continue;
    }
    universe->push_back(i);
  }
}

}  // namespace tradelet
