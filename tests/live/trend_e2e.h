// Pieces of the Prophet trend end-to-end test (prophet_trend_e2e_test.cc): one session of
// replayed 1-minute bars, the shipped intraday strategy config turned into a live config, a
// paper exchange on a real socket, snapshots of the exchange's book, and the strategy's rules
// re-derived from the bars and the book (universe, band rule, sizing, bracket prices, sells),
// written here from docs/strategy.md and independent of src/strategy.
#pragma once

#include <sqlite3.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "e2e_fixture.h"
#include "tradelet/paper/paper_data.h"

namespace tradelet::live::trend {

// One New York session of 1-minute bars. `exchange_bars` is what the paper exchange replays
// (may hold other days); `day_bars` only the session (what the live lookback sees and what the
// backtest runs on).
struct Session {
  std::vector<BarSeries> exchange_bars, day_bars;
  std::vector<std::string> symbols;
  CivilDate day;
  Timestamp open, close;
  std::string source;
};

inline Timestamp NewYork(CivilDate d, int h, int m) {
  return TimeZone::NewYork().FromLocal({d, h, m, 0});
}

// Keeps `symbols` (all when empty) and cuts the day's bars out of them.
inline Result<Session> MakeSession(std::vector<BarSeries> all, std::vector<std::string> symbols,
                                   CivilDate day, std::string source) {
  Session s;
  s.day = day;
  s.open = NewYork(day, 9, 30);
  s.close = NewYork(day, 16, 0);
  s.source = std::move(source);
  for (BarSeries& b : all) {
    if (!symbols.empty() && std::find(symbols.begin(), symbols.end(), b.symbol) == symbols.end()) {
      continue;
    }
    BarSeries d;
    d.symbol = b.symbol;
    d.interval = b.interval;
    for (size_t i = 0; i < b.size(); ++i) {
      if (b.time(i) >= s.open && b.time(i) < s.close) d.Append(b.at(i));
    }
    if (d.size() < 300) {
      return FailedPrecondition(b.symbol + ": only " + std::to_string(d.size()) +
                                " 1-minute bars on " + day.ToString());
    }
    s.symbols.push_back(b.symbol);
    s.exchange_bars.push_back(std::move(b));
    s.day_bars.push_back(std::move(d));
  }
  if (s.symbols.empty()) return NotFound("no symbols");
  return s;
}

// Close of the last bar that has closed by `t` (start + 1 minute <= t), or NaN.
inline double LastClose(const BarSeries& b, Timestamp t) {
  double c = std::nan("");
  for (size_t i = 0; i < b.size() && b.time(i) + std::chrono::minutes(1) <= t; ++i) {
    c = b.close[i];
  }
  return c;
}

// Rules the tests vary on top of the shipped config.
struct Rules {
  int top_n = 3;
  bool universe_first_run_only = true;  // the shipped value
};

// The shipped config's [strategy] table (examples/prophet_trend_intraday.toml) with `rules`
// applied, under a [live] table for `symbols` on 1-minute bars. The lookback (7 h) covers
// the whole session at every slot and no earlier session.
inline Result<LiveConfig> TrendConfig(const std::vector<std::string>& symbols, Rules rules,
                                      toml::table* strategy_out) {
  toml::table root;
  try {
    root = toml::parse_file(TRADELET_SOURCE_DIR "/examples/prophet_trend_intraday.toml");
  } catch (const toml::parse_error& e) {
    return InvalidArgument(std::string("examples/prophet_trend_intraday.toml: ") +
                           std::string(e.description()));
  }
  const toml::table* st = root["strategy"].as_table();
  if (!st) return InvalidArgument("examples/prophet_trend_intraday.toml: no [strategy]");
  toml::table strategy = *st;
  strategy.insert_or_assign("top_n", rules.top_n);
  strategy.insert_or_assign("universe_first_run_only", rules.universe_first_run_only);
  std::string text =
      "[live]\nstrategy_id = \"pt\"\nsymbols = [\"X\"]\ntimeframe = \"1Min\"\n"
      "lookback = \"7h\"\nmax_staleness = \"5m\"\n[strategy]\nname = \"prophet_trend\"\n";
  TL_ASSIGN_OR_RETURN(LiveConfig c, ParseLiveConfig(text, "trend_e2e.toml"));
  c.symbols = symbols;
  c.strategy = strategy;
  if (strategy_out) *strategy_out = strategy;
  return c;
}

// The exchange's book, read straight from PaperExchange (not through the job).
struct Book {
  std::map<std::string, Quantity> positions;
  double buying_power = 0;
  std::vector<alpaca::TradingOrder> open;  // parents, simple orders and legs
  bool Held(const std::string& s) const {
    auto it = positions.find(s);
    return it != positions.end() && it->second.IsPositive();
  }
  bool HasOpen(const std::string& s) const {
    for (const auto& o : open) {
      if (o.order.symbol == s) return true;
    }
    return false;
  }
  bool HasOpenNonLeg(const std::string& s) const {
    for (const auto& o : open) {
      if (o.order.symbol == s && o.order.parent_id.empty()) return true;
    }
    return false;
  }
  std::vector<std::string> OpenSellLegs(const std::string& s) const {
    std::vector<std::string> ids;
    for (const auto& o : open) {
      if (o.order.symbol == s && !o.order.parent_id.empty() && o.order.side == OrderSide::kSell) {
        ids.push_back(o.order.id);
      }
    }
    return ids;
  }
};

inline Book ReadBook(PaperExchange& ex) {
  Book b;
  auto pos = alpaca::ParsePositionsJson(ex.Handle({"GET", "/v2/positions", {}, ""}).body);
  TL_CHECK(pos.ok());
  for (const auto& p : *pos) b.positions[p.symbol] = p.qty;
  auto acct = alpaca::ParseAccountJson(ex.Handle({"GET", "/v2/account", {}, ""}).body);
  TL_CHECK(acct.ok());
  b.buying_power = acct->buying_power.ToDouble();
  for (auto& o : ex.AllOrders()) {
    if (IsOpen(o.order.status)) b.open.push_back(o);
  }
  return b;
}

// Symbols the strategy must fit at `slot` (docs/strategy.md, intraday defaults): runs at the
// 15-minute slots 09:45..15:45 New York; the first run of a Monday or Wednesday considers every
// symbol ranked by the mean 1-minute return of the session so far (top `top_n`, ties by name)
// (every run of those days with universe_first_run_only = false); every run considers held
// symbols; a symbol with an open order other than exit legs is skipped.
inline std::set<std::string> ExpectedFitted(const Session& s, const Book& book, Timestamp slot,
                                            Rules rules) {
  const int top_n = rules.top_n;
  std::set<std::string> out;
  const LocalDateTime local = TimeZone::NewYork().ToLocal(slot);
  const int minute = local.hour * 60 + local.minute;
  if (minute < 9 * 60 + 45 || minute > 15 * 60 + 45) return out;
  const Weekday wd = local.date.weekday();
  const bool universe_run =
      (wd == Weekday::kMonday || wd == Weekday::kWednesday) &&
      (slot == s.open + std::chrono::minutes(15) || !rules.universe_first_run_only);
  if (universe_run) {
    std::vector<std::pair<double, std::string>> scored;
    for (const BarSeries& b : s.day_bars) {
      double sum = 0;
      int n = 0;
      double prev = std::nan("");
      for (size_t i = 0; i < b.size() && b.time(i) + std::chrono::minutes(1) <= slot; ++i) {
        if (!std::isnan(prev)) {
          sum += b.close[i] / prev - 1;
          ++n;
        }
        prev = b.close[i];
      }
      if (n > 0) scored.push_back({-sum / n, b.symbol});  // ascending = best first, then name
    }
    std::sort(scored.begin(), scored.end());
    for (size_t k = 0; k < scored.size() && (top_n <= 0 || k < static_cast<size_t>(top_n)); ++k) {
      out.insert(scored[k].second);
    }
  }
  for (const auto& [sym, q] : book.positions) {
    if (q.IsPositive()) out.insert(sym);
  }
  for (auto it = out.begin(); it != out.end();) {
    it = book.HasOpenNonLeg(*it) ? out.erase(it) : std::next(it);
  }
  return out;
}

// The band rule: max = (upper-last)/last, min = (lower-last)/last; buy if max > 0 and
// |max| > |min|, sell if held and min < 0 and |min| > |max|, else hold.
inline std::string BandAction(double last, double lower, double upper, bool held) {
  const double mx = (upper - last) / last, mn = (lower - last) / last;
  if (mx > 0 && std::fabs(mx) > std::fabs(mn)) return "buy";
  if (held && mn < 0 && std::fabs(mn) > std::fabs(mx)) return "sell";
  return "hold";
}

// A price in whole cents (Alpaca's tick at >= $1), as exact units for comparison.
inline Price Cents(double v) { return Price::FromUnits(std::llround(v * 100) * 1'000'000); }

struct ExpectedOrder {
  std::string side;
  int64_t qty = 0;
  double reference = 0;
  std::vector<std::string> cancels;  // sells: the exit legs cancelled first
};

// The orders a run must place given its insights (symbol -> direction, reference price) and
// the book before the run: buys share 95 % of buying power equally over this run's up-insights
// that will be sent, i.e. for symbols with no open order (whole shares, market bracket); a sell
// of a held symbol cancels its open exit legs and sells the whole position; a symbol with other
// open orders gets nothing.
inline std::map<std::string, ExpectedOrder> ExpectedOrders(
    const std::map<std::string, std::pair<std::string, double>>& insights, const Book& book) {
  int buys = 0;
  for (const auto& [sym, in] : insights) {
    buys += in.first == "up" && in.second > 0 && !book.HasOpen(sym);
  }
  std::map<std::string, ExpectedOrder> out;
  for (const auto& [sym, in] : insights) {
    const auto& [dir, ref] = in;
    if (dir == "up") {
      // Not counted in `buys` (so possibly buys == 0): no order, and no division by it.
      if (!(ref > 0) || book.HasOpen(sym)) continue;
      const int64_t shares =
          static_cast<int64_t>(std::floor(book.buying_power * 0.95 / buys / ref + 1e-9));
      if (shares <= 0) continue;
      out[sym] = {"buy", shares, ref, {}};
    } else if (dir == "down" && book.Held(sym)) {
      std::vector<std::string> legs = book.OpenSellLegs(sym);
      if (legs.empty() && book.HasOpen(sym)) continue;
      out[sym] = {"sell", book.positions.at(sym).units() / Decimal::kScale, ref, legs};
    }
  }
  return out;
}

// (method, path, request body) of every trading request of `run_id`, in order.
inline std::vector<std::array<std::string, 3>> JournalExchanges(const std::string& db_path,
                                                                const std::string& run_id) {
  sqlite3* db = nullptr;
  TL_CHECK(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  TL_CHECK(sqlite3_prepare_v2(db,
                              "SELECT method, path, request_body FROM exchanges WHERE run_id = ? "
                              "ORDER BY seq",
                              -1, &st, nullptr) == SQLITE_OK);
  sqlite3_bind_text(st, 1, run_id.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::array<std::string, 3>> out;
  auto col = [&](int i) {
    const unsigned char* t = sqlite3_column_text(st, i);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  while (sqlite3_step(st) == SQLITE_ROW) out.push_back({col(0), col(1), col(2)});
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace tradelet::live::trend
