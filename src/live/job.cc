#include "tradelet/live/job.h"

#include <map>
#include <nlohmann/json.hpp>

#include "live/job_bars.h"
#include "tradelet/adapters/alpaca/trading_broker.h"
#include "tradelet/backtest/historical_feed.h"
#include "tradelet/base/log.h"
#include "tradelet/live/client_order_id.h"
#include "tradelet/live/live_portfolio.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"
#include "tradelet/strategy/config.h"

namespace tradelet::live {
namespace {

using Json = nlohmann::json;

}  // namespace

bool JobReport::has_unknown() const {
  for (const auto& o : orders) {
    if (o.state == "unknown") return true;
  }
  return false;
}

std::string JobReport::ToJson() const {
  Json j;
  j["run_id"] = run_id;
  j["strategy_id"] = strategy_id;
  j["slot"] = FormatTimestamp(slot);
  j["started_at"] = FormatTimestamp(started_at);
  j["dry_run"] = dry_run;
  j["outcome"] = outcome;
  Json d = Json::array();
  for (const auto& s : decisions_json) d.push_back(Json::parse(s));
  j["decisions"] = d;
  Json o = Json::array();
  for (const auto& r : orders) {
    o.push_back({{"client_order_id", r.client_order_id},
                 {"symbol", r.symbol},
                 {"side", r.side},
                 {"qty", r.qty},
                 {"type", r.type},
                 {"state", r.state},
                 {"reason", r.reason},
                 {"broker_order_id", r.broker_order_id}});
  }
  j["orders"] = o;
  j["cancels"] = cancels;
  j["errors"] = errors;
  Json sk = Json::array();
  Json counts = Json::object();
  for (const auto& k : skips) {
    sk.push_back({{"symbol", k.symbol}, {"reason", k.reason}, {"source", k.source}});
    const std::string kind = k.reason.substr(0, k.reason.find(':'));
    counts[kind] = counts.value(kind, 0) + 1;
  }
  j["skips"] = sk;
  j["skip_counts"] = counts;
  j["warnings"] = warnings;
  return j.dump(2);
}

namespace {

// A clock shifted by a fixed offset (the broker's time minus ours).
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(Clock& base) : base_(base) {}
  void SetOffset(Duration d) { offset_ = d; }
  Timestamp Now() const override { return base_.Now() + offset_; }
  void SleepUntil(Timestamp t) override { base_.SleepUntil(t - offset_); }

 private:
  Clock& base_;
  Duration offset_{0};
};

// The parts of a run that need the services built.
class JobRun {
 public:
  // `deadline` is in `clock`'s frame.
  JobRun(const LiveConfig& config, JobServices& services, alpaca::AlpacaTradingClient& trading,
         alpaca::AlpacaMarketDataClient& data, Clock& clock, Journal& journal, JobReport& report,
         std::optional<Timestamp> deadline)
      : c_(config),
        s_(services),
        trading_(trading),
        data_(data),
        clock_(clock),
        journal_(journal),
        r_(report),
        deadline_(deadline) {}

  void Run();

 private:
  bool MarketOpen();
  void SettlePending();
  bool Reconcile(LivePortfolio& portfolio);
  void Decide(LivePortfolio& portfolio);
  void Place(const OrderBatch& batch);
  void Error(const std::string& what, const Status& s) {
    r_.errors.push_back(what + ": " + s.ToString());
  }
  bool OutOfTime() const { return deadline_ && clock_.Now() >= *deadline_; }

  const LiveConfig& c_;
  JobServices& s_;
  alpaca::AlpacaTradingClient& trading_;
  alpaca::AlpacaMarketDataClient& data_;
  Clock& clock_;
  Journal& journal_;
  JobReport& r_;
  std::optional<Timestamp> deadline_;
  bool ran_out_of_time_ = false;
};

bool JobRun::MarketOpen() {
  auto clock = trading_.GetClock();
  if (!clock.ok()) {
    Error("market clock", clock.status());
    return false;
  }
  const CivilDate day = TimeZone::NewYork().ToLocal(r_.slot).date;
  auto cal = trading_.GetCalendar(day, day);
  if (!cal.ok()) {
    Error("market calendar", cal.status());
    return false;
  }
  // The slot must fall in today's session: after the open, at most at the close (the 16:00
  // slot decides on the last bar of the day).
  for (const auto& d : *cal) {
    const bool in_session = d.date == day && d.open < r_.slot && r_.slot <= d.close;
    // The clock catches unscheduled closures; at the closing slot it already says closed.
    if (in_session && (clock->is_open || clock->timestamp >= d.close)) return true;
  }
  return false;
}

void JobRun::SettlePending() {
  auto rows = journal_.Orders();
  if (!rows.ok()) {
    Error("journal", rows.status());
    return;
  }
  const std::string mine = c_.strategy_id + "@";  // run ids of this strategy
  for (const JournalOrder& o : *rows) {
    // "absent" rows of the last day are looked at again too: a POST that was still in flight
    // when an earlier run looked (a request delayed past its timeout) may have landed since.
    const bool recent_absent = o.state == "absent" && r_.slot - o.slot <= std::chrono::hours(24);
    if (o.state != "intent" && o.state != "unknown" && !recent_absent) continue;
    if (o.run_id.rfind(mine, 0) != 0) continue;
    auto found = trading_.GetOrderByClientId(o.client_order_id);
    Status s;
    if (found.ok()) {
      s = journal_.RecordOutcome(o.client_order_id, "adopted", found->order.id,
                                 "settled by a later run", clock_.Now());
    } else if (found.status().code() == StatusCode::kNotFound) {
      if (o.state == "absent") continue;
      // Never reached the broker (killed before the POST, or the POST was lost). If the
      // strategy still wants it, this run re-places it under the same id.
      s = journal_.RecordOutcome(o.client_order_id, "absent", "", "settled by a later run",
                                 clock_.Now());
    } else {
      Error("settle " + o.client_order_id, found.status());
      continue;
    }
    if (!s.ok()) Error("journal", s);
  }
}

bool JobRun::Reconcile(LivePortfolio& portfolio) {
  auto account = trading_.GetAccount();
  if (!account.ok()) {
    Error("reconcile account", account.status());
    return false;
  }
  portfolio.SetAccount(alpaca::ToAccountSnapshot(*account));
  auto positions = trading_.ListPositions();
  if (!positions.ok()) {
    Error("reconcile positions", positions.status());
    return false;
  }
  for (const auto& p : *positions) portfolio.SetPosition(p.symbol, p.qty, p.avg_entry_price);
  alpaca::ListOrdersQuery q;
  q.status = "open";
  q.limit = 500;
  q.nested = true;
  auto orders = trading_.ListOrders(q);
  if (!orders.ok()) {
    Error("reconcile open orders", orders.status());
    return false;
  }
  for (const auto& o : *orders) {
    portfolio.AddOpenOrder(o.order);
    for (const auto& leg : o.legs) {
      if (IsOpen(leg.order.status)) portfolio.AddOpenOrder(leg.order);
    }
  }
  // Once a bracket's entry fills, the parent is closed, so the open listing (nested) drops it
  // and with it the exit legs still working under it (Alpaca answers the same way). Those legs
  // hold the position's shares: a strategy that does not see them cannot cancel them before a
  // sell (the sell is rejected for insufficient qty) and adds to a protected position. They
  // are read under the most recent 500 closed parents.
  q.status = "closed";
  auto closed = trading_.ListOrders(q);
  if (!closed.ok()) {
    Error("reconcile exit legs", closed.status());
    return false;
  }
  for (const auto& o : *closed) {
    for (const auto& leg : o.legs) {
      if (IsOpen(leg.order.status)) portfolio.AddOpenOrder(leg.order);
    }
  }
  return true;
}

void JobRun::Decide(LivePortfolio& portfolio) {
  std::vector<std::string> symbols;
  std::vector<BarSeries> series;
  Timestamp decide_at = r_.slot;  // when the bar ending at the slot is decided (job_bars.h)
  if (Status s = LoadSlotBars(data_, c_, r_.slot, &symbols, &series, &r_, &decide_at); !s.ok()) {
    Error("bars", s);
    r_.outcome = "failed";
    return;
  }
  if (series.empty()) {
    r_.outcome = "no_data";
    return;
  }
  std::vector<const BarSeries*> ptrs;
  for (const auto& s : series) ptrs.push_back(&s);
  auto strategy = MakeStrategy(c_.strategy);
  if (!strategy.ok()) {
    Error("strategy", strategy.status());
    r_.outcome = "failed";
    return;
  }
  portfolio.SetSymbols(symbols);
  HistoricalFeed feed(ptrs);
  MarketStep st;
  OrderBatch batch;
  Timestamp last_decision;
  std::vector<uint32_t> last_updated;
  // Warm-up: every step but the last runs the strategy to build its state; those orders belong
  // to the past and are discarded.
  while (feed.Next(&st)) {
    feed.Reveal(st);
    batch.clear();
    StrategyContext ctx(st.decision_time, &feed.series(), &feed.visible(), st.symbols, &portfolio);
    (*strategy)->OnStep(ctx, &batch);
    last_decision = st.decision_time;
    last_updated = st.symbols;
  }
  // Per-symbol decisions with the numbers behind them.
  std::map<uint32_t, Json> decisions;
  for (uint32_t i = 0; i < symbols.size(); ++i) {
    Json d = {{"symbol", symbols[i]},
              {"bars", series[i].size()},
              {"position", portfolio.PositionQty(i).ToString()},
              {"has_open_orders", portfolio.HasOpenOrders(i)}};
    if (!series[i].empty()) {
      d["last_bar_start"] = FormatTimestamp(series[i].time(series[i].size() - 1));
      d["last_close"] = series[i].close.back();
    }
    d["decided_at_this_slot"] =
        last_decision == decide_at &&
        std::find(last_updated.begin(), last_updated.end(), i) != last_updated.end();
    decisions[i] = d;
  }
  if (auto* fw = dynamic_cast<FrameworkStrategy*>(strategy->get())) {
    for (const Insight& in : fw->last_insights()) {
      Json& d = decisions[in.symbol];
      d["insight"] = {{"direction", in.direction == InsightDirection::kUp     ? "up"
                                    : in.direction == InsightDirection::kDown ? "down"
                                                                              : "flat"},
                      {"magnitude", in.magnitude},
                      {"confidence", in.confidence},
                      {"reference_price", in.reference_price},
                      {"source", in.source}};
      if (in.band_mid) {
        d["insight"]["forecast"] = {
            {"lower", *in.band_lower}, {"mid", *in.band_mid}, {"upper", *in.band_upper}};
      }
    }
    for (const PortfolioTarget& t : fw->last_targets()) {
      decisions[t.symbol]["target_qty"] = t.qty.ToString();
    }
  }
  if (last_decision == decide_at) {
    for (StrategySkip& k : (*strategy)->SkipsAt(decide_at)) {
      r_.skips.push_back({std::move(k.symbol), std::move(k.reason), "strategy"});
    }
  }
  if (last_decision != decide_at) {
    // Nothing can be placed: say so with its own outcome, not "ok" with nothing done.
    if (r_.outcome == "ok") r_.outcome = "stale_bars";
    r_.errors.push_back("latest closed bar ends at " + FormatTimestamp(last_decision) +
                        ", not at the slot " + FormatTimestamp(r_.slot) +
                        "; no orders from stale data");
    batch.clear();
  }
  for (auto& [i, d] : decisions) {
    const std::string text = d.dump();
    r_.decisions_json.push_back(text);
    if (Status s = journal_.RecordDecision(r_.run_id, symbols[i], text); !s.ok()) {
      Error("journal", s);
    }
  }
  Place(batch);
}

void JobRun::Place(const OrderBatch& batch) {
  for (const auto& id : batch.cancel_order_ids) {
    if (r_.dry_run) {
      r_.cancels.push_back(id + " (dry run: not sent)");
      continue;
    }
    if (OutOfTime()) {
      ran_out_of_time_ = true;
      r_.cancels.push_back(id + " (deadline: not sent)");
      continue;
    }
    Status s = trading_.CancelOrder(id);
    r_.cancels.push_back(id + (s.ok() ? "" : " (" + s.ToString() + ")"));
  }
  std::map<std::string, int> legs;  // per symbol and side within this slot
  for (OrderRequest req : batch.submit) {
    const std::string key = req.symbol + (req.side == OrderSide::kBuy ? "/b" : "/s");
    req.client_order_id =
        MakeClientOrderId(c_.strategy_id, r_.slot, req.symbol, req.side, legs[key]++);
    OrderReport rep;
    rep.client_order_id = req.client_order_id;
    rep.symbol = req.symbol;
    rep.side = std::string(OrderSideName(req.side));
    rep.qty = req.notional ? "$" + req.notional->ToString() : req.qty.ToString();
    rep.type = std::string(OrderTypeName(req.type)) +
               (req.order_class == OrderClass::kSimple
                    ? ""
                    : "/" + std::string(OrderClassName(req.order_class)));
    if (r_.dry_run) {
      rep.state = "skipped";
      rep.reason = "dry run";
    } else if (clock_.Now() - r_.slot > c_.max_staleness) {
      rep.state = "skipped";
      rep.reason = "stale: the slot is older than max_staleness";
    } else if (OutOfTime()) {
      ran_out_of_time_ = true;
      rep.state = "skipped";
      rep.reason = "deadline: no time left in this invocation to send it";
    } else {
      PlaceOutcome out =
          PlaceExactlyOnce(trading_, req, s_.placer, clock_, &journal_, r_.run_id, r_.slot);
      rep.state = std::string(PlaceStateName(out.state));
      rep.broker_order_id = out.order.order.id;
      if (!out.error.ok()) rep.reason = out.error.ToString();
    }
    r_.orders.push_back(std::move(rep));
  }
}

void JobRun::Run() {
  if (c_.market_gate && !MarketOpen()) {
    r_.outcome = r_.errors.empty() ? "market_closed" : "failed";
    return;
  }
  SettlePending();
  LivePortfolio portfolio;
  if (!Reconcile(portfolio)) {
    r_.outcome = "failed";
    return;
  }
  Decide(portfolio);
  if ((r_.has_unknown() || ran_out_of_time_) && r_.outcome == "ok") r_.outcome = "incomplete";
  if (ran_out_of_time_) {
    r_.errors.push_back("deadline " + FormatTimestamp(*deadline_) +
                        " passed before every order was sent; the rest were skipped");
  }
}

}  // namespace

Result<JobReport> RunJob(const JobRequest& request, JobServices& services) {
  LiveConfig config;
  if (request.config) {
    config = *request.config;
  } else {
    TL_ASSIGN_OR_RETURN(config, LoadLiveConfig(request.config_path));
  }
  Clock& base_clock = services.clock ? *services.clock : RealClock::Get();
  OffsetClock clock(base_clock);
  // The transport and clients come first: with clock = "broker" the broker tells the time.
  std::unique_ptr<net::HttpsClient> transport;
  std::unique_ptr<net::RetryingHttpClient> retrying;
  net::HttpClient* trading_http = services.trading_http;
  net::HttpClient* data_http = services.data_http;
  if (!trading_http || !data_http) {
    transport = std::make_unique<net::HttpsClient>();
    retrying = std::make_unique<net::RetryingHttpClient>(*transport, base_clock);
    if (!trading_http) trading_http = retrying.get();
    if (!data_http) data_http = retrying.get();
  }
  alpaca::AlpacaTradingOptions topts;
  if (services.trading) {
    topts = *services.trading;
  } else {
    TL_ASSIGN_OR_RETURN(topts, alpaca::AlpacaTradingOptionsFromEnvironment());
  }
  alpaca::AlpacaDataOptions dopts;
  if (services.data) {
    dopts = *services.data;
  } else {
    TL_ASSIGN_OR_RETURN(dopts, alpaca::AlpacaDataOptionsFromEnvironment());
  }
  Logger::RegisterSecret(topts.secret_key);
  Logger::RegisterSecret(dopts.secret_key);
  alpaca::AlpacaTradingClient trading(*trading_http, topts);
  if (config.broker_clock) {
    auto bc = trading.GetClock();
    if (!bc.ok()) return bc.status().WithContext("live.clock = \"broker\"");
    clock.SetOffset(bc->timestamp - base_clock.Now());
  }
  const Timestamp now = clock.Now();
  JobReport report;
  report.strategy_id = config.strategy_id;
  report.dry_run = request.dry_run;
  report.started_at = now;
  report.slot = request.slot ? *request.slot : FloorToPeriod(now, config.period);

  std::unique_ptr<Journal> own_journal;
  Journal* journal = services.journal;
  if (!journal) {
    TL_ASSIGN_OR_RETURN(
        own_journal,
        Journal::Open(config.journal_path.empty() ? std::string(":memory:") : config.journal_path));
    journal = own_journal.get();
  }
  TL_ASSIGN_OR_RETURN(report.run_id,
                      journal->BeginRun(config.strategy_id, report.slot, request.dry_run, now));

  if (now - report.slot > config.max_staleness) {
    report.outcome = "skipped_stale";
    report.errors.push_back("slot " + FormatTimestamp(report.slot) + " is " +
                            std::to_string((now - report.slot).count() / 1'000'000'000) +
                            " s old (max_staleness " +
                            std::to_string(config.max_staleness.count() / 1'000'000'000) + " s)");
    TL_RETURN_IF_ERROR(journal->FinishRun(report.run_id, report.outcome, report.ToJson(), now));
    return report;
  }

  const std::string run_id = report.run_id;
  trading.set_observer([&](const alpaca::TradingExchange& e) {
    Status s = journal->RecordExchange(run_id, clock.Now(), e.method, e.path, e.request_body,
                                       e.status, e.response_body);
    if (!s.ok()) TL_LOG(kError, "journal write failed").Field("error", s.ToString());
  });
  alpaca::AlpacaMarketDataClient data(*data_http, dopts);
  std::optional<Timestamp> deadline;  // in the job clock's frame (it may follow the broker's)
  if (request.deadline) deadline = *request.deadline + (clock.Now() - base_clock.Now());
  JobRun run(config, services, trading, data, clock, *journal, report, deadline);
  run.Run();
  TL_RETURN_IF_ERROR(
      journal->FinishRun(report.run_id, report.outcome, report.ToJson(), clock.Now()));
  return report;
}

Result<JobReport> RunJob(const std::string& config_path, Timestamp slot, bool dry_run,
                         std::optional<Timestamp> deadline) {
  JobRequest request;
  request.config_path = config_path;
  request.slot = slot;
  request.dry_run = dry_run;
  request.deadline = deadline;
  JobServices services;
  return RunJob(request, services);
}

}  // namespace tradelet::live
