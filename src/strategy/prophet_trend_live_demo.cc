// tradelet demo, live step: the shipped schedules (deploy/sam and deploy/terraform:
// cron(45 9 ? * MON-FRI *) and cron(0/15 10-15 ? * MON-FRI *) in America/New_York) fired at
// accelerated time over one replayed sample session: each fire time becomes EventBridge
// Scheduler's event, handed to the Lambda handler the deployed function runs (event -> slot ->
// live job -> statusCode 200), which trades on the paper exchange over real HTTP. Then the
// backtest of the same strategy on the same bars; the live orders are printed next to the
// backtest's decisions and must be equal.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "lambda/testing/schedule_fire.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/lambda/scheduled_handler.h"
#include "tradelet/live/job.h"
#include "tradelet/live/journal.h"
#include "tradelet/live/paper_server.h"
#include "tradelet/strategy/prophet_trend.h"
#include "tradelet/strategy/prophet_trend_demo.h"

namespace tradelet {
namespace {

struct Row {
  std::string action;     // buy / sell / hold (decisions)
  std::string side, qty;  // the order placed, if any
};
using Key = std::pair<Timestamp, std::string>;

SimBrokerConfig DemoBroker() {
  SimBrokerConfig b;  // as examples/prophet_trend_intraday.toml and the backtest step
  b.commission.percent = Decimal::FromDouble(0.0000139);
  b.commission.per_share = Decimal::FromDouble(0.000083);
  b.slippage.percent = 0.0003;
  return b;
}

}  // namespace

Status RunProphetTrendLiveDemo(const sample::SampleMarket& market, int max_symbols,
                               std::string* table, std::string* summary) {
  const auto t0 = std::chrono::steady_clock::now();
  const TimeZone ny = TimeZone::NewYork();
  // The first `max_symbols` stocks with 1-minute bars, and the last Monday or Wednesday
  // session (a universe day: the bot opens positions only then).
  std::vector<const BarSeries*> picked;
  for (const BarSeries& s : market.minute) {
    if (s.empty() || s.symbol == market.config.benchmark_symbol) continue;
    if (static_cast<int>(picked.size()) >= max_symbols) break;
    picked.push_back(&s);
  }
  if (picked.empty()) return InvalidArgument("prophet_trend live demo: no 1-minute bars");
  std::optional<CivilDate> day;
  for (size_t i = 0; i < picked[0]->size(); ++i) {
    const CivilDate d = ny.ToLocal(picked[0]->time(i)).date;
    if (d.weekday() == Weekday::kMonday || d.weekday() == Weekday::kWednesday) day = d;
  }
  if (!day) return InvalidArgument("prophet_trend live demo: no Monday or Wednesday session");
  const Timestamp open = ny.FromLocal({*day, 9, 30, 0});
  const Timestamp close = ny.FromLocal({*day, 16, 0, 0});
  std::vector<BarSeries> session;
  std::vector<std::string> symbols;
  for (const BarSeries* s : picked) {
    BarSeries d;
    d.symbol = s->symbol;
    d.interval = s->interval;
    for (size_t i = 0; i < s->size(); ++i) {
      if (s->time(i) >= open && s->time(i) < close) d.Append(s->at(i));
    }
    symbols.push_back(s->symbol);
    session.push_back(std::move(d));
  }

  // Live: the job on a [live] config, the exchange's clock ("broker") at each slot.
  std::string text =
      "[live]\nstrategy_id = \"demo\"\nsymbols = [\"X\"]\ntimeframe = \"1Min\"\n"
      "lookback = \"7h\"\nmax_staleness = \"5m\"\nclock = \"broker\"\n"
      "[strategy]\nname = \"prophet_trend\"\n";
  TL_ASSIGN_OR_RETURN(live::LiveConfig config, live::ParseLiveConfig(text, "demo.toml"));
  config.symbols = symbols;
  live::PaperExchange exchange(session, {DemoBroker(), open});
  live::PaperServer server(exchange);
  TL_RETURN_IF_ERROR(server.Start());
  TL_ASSIGN_OR_RETURN(auto journal, live::Journal::Open(":memory:"));
  SimulatedClock clock(open);
  live::JobServices services;
  services.trading =
      alpaca::AlpacaTradingOptions{server.base_url(), "demo", "demo", std::chrono::seconds(10)};
  alpaca::AlpacaDataOptions data;
  data.base_url = server.base_url();
  data.key_id = data.secret_key = "demo";
  data.timeout = std::chrono::seconds(10);
  services.data = data;
  services.clock = &clock;
  services.journal = journal.get();
  // The Lambda handler with the packaged binary's runner, on this demo's services.
  lambda::ScheduledHandlerOptions handler_options;
  handler_options.strategy = "prophet_trend";
  handler_options.config_path = "demo.toml";
  handler_options.clock = &clock;
  lambda::ScheduledJobHandler handler(
      handler_options, [&](const lambda::JobRequest& request) -> Result<std::string> {
        live::JobRequest r;
        r.config = config;
        r.slot = request.slot.time;
        r.deadline = request.deadline;
        TL_ASSIGN_OR_RETURN(live::JobReport rep, live::RunJob(r, services));
        return rep.ToJson();
      });
  // The shipped schedules' fire times in this session, each fired at the handler as
  // EventBridge Scheduler's event (lambda/testing/schedule_fire.h, shared with the journey
  // test, which fires them at the packaged bootstrap).
  TL_ASSIGN_OR_RETURN(
      std::vector<Timestamp> fires,
      lambda::testing::FireTimes(lambda::testing::ShippedSchedules(), open, close, ny));
  const lambda::testing::InvokeFunction invoke =
      lambda::testing::InProcess(handler, clock, std::chrono::seconds(120));
  std::map<Key, Row> live_rows;
  int slots = 0;
  for (const Timestamp slot : fires) {
    TL_RETURN_IF_ERROR(exchange.AdvanceTo(slot + std::chrono::seconds(3)));
    if (clock.Now() < slot + std::chrono::seconds(3)) clock.Set(slot + std::chrono::seconds(3));
    TL_ASSIGN_OR_RETURN(nlohmann::json report, lambda::testing::FireSlot(invoke, slot, 1));
    if (!report["errors"].empty())
      return Internal("live run at " + FormatTimestamp(slot) + ": " + report.dump());
    ++slots;
    for (const nlohmann::json& d : report["decisions"]) {
      // The direction of the insight, if the symbol was decided at this slot.
      if (!d.contains("insight")) continue;
      const std::string dir = d["insight"].value("direction", "");
      live_rows[{slot, d["symbol"].get<std::string>()}].action = dir == "up"     ? "buy"
                                                                 : dir == "down" ? "sell"
                                                                                 : "hold";
    }
    for (const nlohmann::json& o : report["orders"]) {
      if (o["state"] != "placed") return Internal("live order not placed: " + report.dump());
      Row& row = live_rows[{slot, o["symbol"].get<std::string>()}];
      row.side = o["side"].get<std::string>();
      row.qty = o["qty"].get<std::string>();
    }
  }
  TL_RETURN_IF_ERROR(exchange.AdvanceTo(close + std::chrono::minutes(1)));
  server.Stop();
  const double live_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // The backtest of the same strategy on the same bars and broker.
  toml::table strategy;
  strategy.insert("name", "prophet_trend");
  TL_ASSIGN_OR_RETURN(ProphetTrendOptions po, ReadProphetTrendOptions(strategy));
  ProphetTrendStrategy bt(po);
  BacktestConfig bc;
  bc.strategy = strategy;
  bc.broker = DemoBroker();
  std::vector<const BarSeries*> traded;
  for (const BarSeries& s : session) traded.push_back(&s);
  TL_ASSIGN_OR_RETURN(BacktestResult res, RunStrategy(bt, bc, traded));
  std::map<Key, Row> bt_rows;
  for (const TrendDecision& d : bt.decisions()) {
    if (d.action != "skip") bt_rows[{d.time, d.symbol}].action = d.action;
  }
  for (const Order& o : res.orders) {
    if (!o.parent_id.empty()) continue;
    bt_rows[{o.created_at, o.symbol}].side = std::string(OrderSideName(o.side));
    bt_rows[{o.created_at, o.symbol}].qty = o.qty.ToString();
  }

  // Side by side; every difference is listed and fails the step.
  std::set<Key> keys;
  for (const auto& [k, r] : live_rows) keys.insert(k);
  for (const auto& [k, r] : bt_rows) keys.insert(k);
  std::string out, diffs;
  int orders = 0, buys = 0, sells = 0;
  char line[256];
  std::snprintf(line, sizeof line, "    %-5s %-6s | %-22s | %-22s\n", "time", "symbol",
                "live order (decision)", "backtest (decision)");
  out += line;
  for (const Key& k : keys) {
    const Row& l = live_rows[k];
    const Row& b = bt_rows[k];
    const LocalDateTime t = ny.ToLocal(k.first);
    const std::string ls = (l.side.empty() ? "-" : l.side + " " + l.qty) + " (" + l.action + ")";
    const std::string bs = (b.side.empty() ? "-" : b.side + " " + b.qty) + " (" + b.action + ")";
    const bool same = l.action == b.action && l.side == b.side && l.qty == b.qty;
    if (!l.side.empty() || !b.side.empty() || !same) {
      std::snprintf(line, sizeof line, "    %02d:%02d %-6s | %-22s | %-22s%s\n", t.hour, t.minute,
                    k.second.c_str(), ls.c_str(), bs.c_str(), same ? "" : "  <-- DIFFERS");
      out += line;
    }
    if (!same) diffs += " " + FormatTimestamp(k.first) + " " + k.second;
    if (!l.side.empty()) {
      ++orders;
      buys += l.side == "buy";
      sells += l.side == "sell";
    }
  }
  if (table) *table = out;
  if (!diffs.empty()) {
    return Internal("prophet_trend live demo: the live orders differ from the backtest's at" +
                    diffs + "\n" + out);
  }
  if (buys == 0 || sells == 0) {
    return Internal("prophet_trend live demo: expected the session to open and close positions (" +
                    std::to_string(buys) + " buys, " + std::to_string(sells) + " sells)\n" + out);
  }
  if (summary) {
    std::snprintf(line, sizeof line,
                  "%d Scheduler events of %s through the Lambda handler, paper exchange over "
                  "HTTP (%zu symbols): %d live orders (%d buys, %d sells), %zu decisions, all "
                  "equal to the backtest's; live %.2fs",
                  slots, day->ToString().c_str(), symbols.size(), orders, buys, sells,
                  bt_rows.size(), live_seconds);
    *summary = line;
  }
  return Status::Ok();
}

}  // namespace tradelet
