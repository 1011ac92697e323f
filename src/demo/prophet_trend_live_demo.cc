// tradelet demo, live step: the shipped schedules (deploy/sam and deploy/terraform:
// cron(45 9 ? * MON-FRI *) and cron(0/15 10-15 ? * MON-FRI *) in America/New_York) fired at
// accelerated time over one replayed sample session: each fire time becomes EventBridge
// Scheduler's event, delivered through the Lambda Runtime API emulator to the packaged function
// (`tradelet package lambda` of the demo's config, unzipped, its `bootstrap` running as a child
// process: lambda::LocalFunction), whose live job (event -> slot -> job -> statusCode 200)
// trades on the paper exchange over real HTTP. Then the backtest of the same strategy on the
// same bars; the live orders are printed next to the backtest's decisions and must be equal.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "demo/schedule_fire.h"
#include "tradelet/backtest/runner.h"
#include "tradelet/demo/prophet_trend_demo.h"
#include "tradelet/lambda/local_function.h"
#include "tradelet/live/live_check.h"
#include "tradelet/paper/paper_server.h"
#include "tradelet/strategy/prophet_trend.h"

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

Status RunProphetTrendLiveDemo(const sample::SampleMarket& market, const LiveDemoOptions& options,
                               std::string* table, std::string* summary) {
  const auto t0 = std::chrono::steady_clock::now();
  const int max_symbols = options.max_symbols;
  if (options.bootstrap_binary.empty() || options.work_dir.empty()) {
    return InvalidArgument("prophet_trend live demo: the bootstrap binary and a folder are needed");
  }
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

  // Live: the packaged function on a [live] config, the exchange's clock ("broker") at each
  // slot, its journal in the demo's folder (a fresh one each run).
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::absolute(options.work_dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return InvalidArgument("cannot create " + dir.string() + ": " + ec.message());
  const std::string journal = (dir / "journal.sqlite").string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(journal + suffix, ec);
  std::string text = "[live]\nstrategy_id = \"demo\"\nsymbols = [";
  for (size_t i = 0; i < symbols.size(); ++i) text += (i ? ", \"" : "\"") + symbols[i] + "\"";
  text +=
      "]\ntimeframe = \"1Min\"\nlookback = \"7h\"\nmax_staleness = \"5m\"\n"
      "clock = \"broker\"\njournal = \"" +
      journal +
      "\"\n"
      "[strategy]\nname = \"prophet_trend\"\n";
  const std::string config_path = (dir / "prophet_trend_live.toml").string();
  if (!(std::ofstream(config_path) << text)) return DataLoss("cannot write " + config_path);
  live::PaperExchange exchange(session, {DemoBroker(), open});
  live::PaperServer server(exchange);
  TL_RETURN_IF_ERROR(server.Start());
  lambda::LocalFunctionOptions fo;
  fo.binary = options.bootstrap_binary;
  fo.config = config_path;
  fo.work_dir = dir.string();
  fo.env = {{"APCA_API_BASE_URL", server.base_url()},
            {"APCA_API_DATA_URL", server.base_url()},
            {"APCA_API_KEY_ID", "demo"},
            {"APCA_API_SECRET_KEY", "demo"}};
  fo.validate_config = [](const std::string& path) {
    return live::CheckLiveConfigFile(path, live::LiveTarget::kLambda).status();
  };
  const auto p0 = std::chrono::steady_clock::now();
  TL_ASSIGN_OR_RETURN(std::unique_ptr<lambda::LocalFunction> function,
                      lambda::LocalFunction::Start(fo));
  const double package_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - p0).count();
  // The shipped schedules' fire times in this session, each fired through the Runtime API as
  // EventBridge Scheduler's event (demo/schedule_fire.h, shared with the journey
  // test).
  TL_ASSIGN_OR_RETURN(std::vector<Timestamp> fires,
                      demo::FireTimes(demo::ShippedSchedules(), open, close, ny));
  const demo::InvokeFunction invoke = [&](const std::string& id, const std::string& payload) {
    return function->Invoke(id, payload, std::chrono::seconds(120));
  };
  std::map<Key, Row> live_rows;
  int slots = 0;
  for (const Timestamp slot : fires) {
    TL_RETURN_IF_ERROR(exchange.AdvanceTo(slot + std::chrono::seconds(3)));
    TL_ASSIGN_OR_RETURN(nlohmann::json report, demo::FireSlot(invoke, slot, 1));
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
  function->Stop();
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
  char line[512];
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
                  "%d Scheduler events of %s through the Runtime API emulator to the packaged "
                  "Lambda bootstrap, paper exchange over HTTP (%zu symbols): %d live orders "
                  "(%d buys, %d sells), %zu decisions, all equal to the backtest's; package "
                  "%.2fs, live %.2fs",
                  slots, day->ToString().c_str(), symbols.size(), orders, buys, sells,
                  bt_rows.size(), package_seconds, live_seconds);
    *summary = line;
  }
  return Status::Ok();
}

}  // namespace tradelet
