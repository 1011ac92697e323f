#include "tradelet/backtest/runner.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "gated_feed.h"
#include "tradelet/base/log.h"
#include "tradelet/engine/historical_feed.h"
#include "tradelet/engine/risk_config.h"
#include "tradelet/strategy/config.h"

namespace tradelet {
namespace {

Result<Decimal> TomlDecimal(const toml::table& t, std::string_view where, std::string_view key,
                            double fallback, double min, double max) {
  TL_ASSIGN_OR_RETURN(double v, TomlNumber(t, where, key, fallback));
  if (v < min || v > max) {
    return InvalidArgument(std::string(where) + "." + std::string(key) + ": " + std::to_string(v) +
                           " is outside [" + std::to_string(min) + ", " + std::to_string(max) +
                           "]");
  }
  return Decimal::FromDouble(v);
}

const toml::table* Section(const toml::table& root, std::string_view name, Status* err) {
  const toml::node* n = root.get(name);
  if (!n) return nullptr;
  if (!n->is_table()) *err = InvalidArgument(std::string(name) + ": expected a table");
  return n->as_table();
}

// Records the account after every step and the benchmark's buy-and-hold value.
class Recorder final : public KernelObserver {
 public:
  Recorder(const SimulatedBroker& broker, const BarSeries* bench, double initial,
           BacktestResult* out)
      : broker_(broker), bench_(bench), initial_(initial), out_(out) {}

  void OnStep(const MarketStep& step, const DataFeed&, const Broker&) override {
    bars_ += step.symbols.size();
    if (progress_ && ++steps_ % 256 == 0) (*progress_)(bars_, bars_total_);
    const int64_t t = step.bar_start.unix_nanos();
    out_->equity.push_back({t, broker_.equity(), broker_.cash(), broker_.gross_exposure()});
    if (!bench_) return;
    while (next_ < bench_->size() && bench_->time_ns[next_] <= t) ++next_;
    double v = initial_;
    // Covered: a benchmark bar has started and its last bar has not ended.
    const bool covered = next_ > 0 && !bench_->empty() &&
                         t < bench_->time_ns.back() + BarIntervalDuration(bench_->interval).count();
    if (covered) {
      if (!any_covered_) out_->benchmark_begin = out_->benchmark.size();
      any_covered_ = true;
      out_->benchmark_end = out_->benchmark.size() + 1;
    }
    if (next_ > 0) {
      // Total return when the source has an adjusted close (dividends reinvested), else price.
      const double c =
          bench_->adj_close.empty() ? bench_->close[next_ - 1] : bench_->adj_close[next_ - 1];
      if (base_ == 0) base_ = c;
      v = initial_ * c / base_;
    }
    out_->benchmark.push_back(v);
  }
  void OnRejected(const OrderRequest& r, const Status& why, Timestamp at) override {
    out_->rejections.push_back({at, r, why.message()});
  }
  void SetProgress(const std::function<void(uint64_t, uint64_t)>* f, uint64_t total) {
    progress_ = f && *f ? f : nullptr;
    bars_total_ = total;
  }

 private:
  const SimulatedBroker& broker_;
  const BarSeries* bench_;
  double initial_;
  BacktestResult* out_;
  size_t next_ = 0;
  double base_ = 0;
  bool any_covered_ = false;
  const std::function<void(uint64_t, uint64_t)>* progress_ = nullptr;
  uint64_t steps_ = 0, bars_ = 0, bars_total_ = 0;
};

}  // namespace

Result<toml::table> ReadTomlFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(path + ": is a directory, not a config file");
  }
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  // toml++ reports parse errors by exception; they stop here.
  try {
    return toml::parse(ss.str(), path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(path + ":" + std::to_string(e.source().begin.line) + ":" +
                           std::to_string(e.source().begin.column) + ": " +
                           std::string(e.description()));
  }
}

Result<BacktestConfig> ParseBacktestConfig(const toml::table& root, const std::string& base_dir) {
  BacktestConfig c;
  TL_RETURN_IF_ERROR(TomlCheckKeys(
      root, "config", {"strategy", "data", "backtest", "broker", "costs", "risk", "live"}));
  Status err;
  const toml::table* st = Section(root, "strategy", &err);
  TL_RETURN_IF_ERROR(err);
  if (!st) return InvalidArgument("strategy: missing [strategy] table");
  c.strategy = *st;

  if (const toml::table* d = Section(root, "data", &err)) {
    TL_RETURN_IF_ERROR(TomlCheckKeys(*d, "data", {"dir", "symbols", "from", "to", "strict"}));
    TL_ASSIGN_OR_RETURN(c.strict, TomlBool(*d, "data", "strict", false));
    TL_ASSIGN_OR_RETURN(std::string dir, TomlString(*d, "data", "dir", ""));
    if (!dir.empty()) {
      std::filesystem::path p(dir);
      c.data_dir = p.is_absolute() ? dir : (std::filesystem::path(base_dir) / p).string();
    }
    if (const toml::node* s = d->get("symbols")) {
      const toml::array* a = s->as_array();
      if (!a) return InvalidArgument("data.symbols: expected an array of strings");
      for (size_t i = 0; i < a->size(); ++i) {
        auto v = (*a)[i].value<std::string>();
        if (!v)
          return InvalidArgument("data.symbols[" + std::to_string(i) + "]: expected a string");
        c.symbols.push_back(*v);
      }
    }
    for (const char* k : {"from", "to"}) {
      TL_ASSIGN_OR_RETURN(std::string v, TomlString(*d, "data", k, ""));
      if (v.empty()) continue;
      auto date = CivilDate::Parse(v);
      if (!date.ok())
        return InvalidArgument(std::string("data.") + k + ": " + date.status().message());
      (std::string(k) == "from" ? c.from : c.to) = *date;
    }
  }
  TL_RETURN_IF_ERROR(err);

  if (const toml::table* b = Section(root, "backtest", &err)) {
    TL_RETURN_IF_ERROR(TomlCheckKeys(*b, "backtest",
                                     {"initial_cash", "fill_at", "benchmark", "benchmark_file",
                                      "risk_free_rate", "periods_per_year"}));
    TL_ASSIGN_OR_RETURN(c.broker.initial_cash,
                        TomlDecimal(*b, "backtest", "initial_cash", 100000, 1, 1e10));
    TL_ASSIGN_OR_RETURN(std::string fill, TomlString(*b, "backtest", "fill_at", "open"));
    if (fill == "open") {
      c.broker.fill_at = FillAt::kOpen;
    } else if (fill == "close") {
      c.broker.fill_at = FillAt::kClose;
    } else {
      return InvalidArgument("backtest.fill_at: '" + fill + "' is not open or close");
    }
    TL_ASSIGN_OR_RETURN(c.benchmark, TomlString(*b, "backtest", "benchmark", ""));
    TL_ASSIGN_OR_RETURN(std::string bf, TomlString(*b, "backtest", "benchmark_file", ""));
    if (!bf.empty()) {
      std::filesystem::path p(bf);
      c.benchmark_file = p.is_absolute() ? bf : (std::filesystem::path(base_dir) / p).string();
      if (c.benchmark.empty()) {
        return InvalidArgument("backtest.benchmark_file: set backtest.benchmark to its symbol too");
      }
    }
    TL_ASSIGN_OR_RETURN(c.analyzer.risk_free_rate, TomlNumber(*b, "backtest", "risk_free_rate", 0));
    TL_ASSIGN_OR_RETURN(int64_t ppy, TomlInt(*b, "backtest", "periods_per_year", 252));
    if (ppy < 1 || ppy > 1000000) return InvalidArgument("backtest.periods_per_year: must be >= 1");
    c.analyzer.periods_per_year = static_cast<int>(ppy);
  }
  TL_RETURN_IF_ERROR(err);

  if (const toml::table* b = Section(root, "broker", &err)) {
    TL_RETURN_IF_ERROR(TomlCheckKeys(*b, "broker",
                                     {"account", "margin_multiplier", "allow_short", "fractionable",
                                      "shortable", "apply_splits", "apply_dividends"}));
    TL_ASSIGN_OR_RETURN(std::string acct, TomlString(*b, "broker", "account", "cash"));
    if (acct == "cash") {
      c.broker.account.type = AccountType::kCash;
    } else if (acct == "margin") {
      c.broker.account.type = AccountType::kMargin;
    } else {
      return InvalidArgument("broker.account: '" + acct + "' is not cash or margin");
    }
    TL_ASSIGN_OR_RETURN(c.broker.account.margin_multiplier,
                        TomlDecimal(*b, "broker", "margin_multiplier", 2, 1, 4));
    TL_ASSIGN_OR_RETURN(c.broker.account.allow_short, TomlBool(*b, "broker", "allow_short", false));
    if (c.broker.account.allow_short && c.broker.account.type == AccountType::kCash) {
      return InvalidArgument("broker.allow_short: short selling needs account = \"margin\"");
    }
    TL_ASSIGN_OR_RETURN(c.broker.asset.fractionable, TomlBool(*b, "broker", "fractionable", true));
    TL_ASSIGN_OR_RETURN(c.broker.asset.shortable, TomlBool(*b, "broker", "shortable", true));
    TL_ASSIGN_OR_RETURN(c.broker.apply_splits, TomlBool(*b, "broker", "apply_splits", true));
    TL_ASSIGN_OR_RETURN(c.broker.apply_dividends, TomlBool(*b, "broker", "apply_dividends", true));
  }
  TL_RETURN_IF_ERROR(err);
  c.kernel.risk.allow_short = c.broker.account.allow_short;
  // The bars are known in advance: the feed and a data-only alpha can run on another core.
  c.kernel.prepare_ahead = std::thread::hardware_concurrency() > 1;

  if (const toml::table* k = Section(root, "costs", &err)) {
    TL_RETURN_IF_ERROR(TomlCheckKeys(
        *k, "costs",
        {"commission_per_share", "commission_percent", "commission_fixed", "commission_minimum",
         "slippage_fixed", "slippage_percent", "slippage_volume_impact", "max_participation"}));
    TL_ASSIGN_OR_RETURN(c.broker.commission.per_share,
                        TomlDecimal(*k, "costs", "commission_per_share", 0, 0, 100));
    TL_ASSIGN_OR_RETURN(c.broker.commission.percent,
                        TomlDecimal(*k, "costs", "commission_percent", 0, 0, 0.5));
    TL_ASSIGN_OR_RETURN(c.broker.commission.fixed,
                        TomlDecimal(*k, "costs", "commission_fixed", 0, 0, 1e6));
    TL_ASSIGN_OR_RETURN(c.broker.commission.minimum,
                        TomlDecimal(*k, "costs", "commission_minimum", 0, 0, 1e6));
    TL_ASSIGN_OR_RETURN(c.broker.slippage.fixed, TomlNumber(*k, "costs", "slippage_fixed", 0));
    TL_ASSIGN_OR_RETURN(c.broker.slippage.percent, TomlNumber(*k, "costs", "slippage_percent", 0));
    TL_ASSIGN_OR_RETURN(c.broker.slippage.volume_impact,
                        TomlNumber(*k, "costs", "slippage_volume_impact", 0));
    TL_ASSIGN_OR_RETURN(c.broker.max_participation,
                        TomlNumber(*k, "costs", "max_participation", 0));
    for (double v :
         {c.broker.slippage.fixed, c.broker.slippage.percent, c.broker.slippage.volume_impact}) {
      if (v < 0) return InvalidArgument("costs.slippage_*: must be >= 0");
    }
    if (c.broker.max_participation < 0 || c.broker.max_participation > 1) {
      return InvalidArgument("costs.max_participation: must be in [0, 1]");
    }
  }
  TL_RETURN_IF_ERROR(err);

  if (const toml::table* r = Section(root, "risk", &err)) {
    TL_RETURN_IF_ERROR(ParseRiskTable(*r, &c.kernel));
  }
  TL_RETURN_IF_ERROR(err);
  return c;
}

Result<BacktestResult> RunStrategy(Strategy& strategy, const BacktestConfig& config,
                                   const std::vector<const BarSeries*>& traded,
                                   const BarSeries* benchmark) {
  const auto t0 = std::chrono::steady_clock::now();
  // The feed checks the bars' time order as it lays out its steps (one pass over the time
  // columns instead of two); on any failure the full check, in series order, names the
  // first fault as it always did.
  auto check_all = [&]() -> Status {
    for (const BarSeries* s : traded) TL_RETURN_IF_ERROR(s->CheckShape());
    return Internal("bar series check failed without a cause");
  };
  for (const BarSeries* s : traded) {
    if (!s->CheckColumns().ok()) return check_all();
  }
  BacktestResult res;
  res.strategy_name = strategy.name();
  res.traded = traded;
  res.initial_cash = config.broker.initial_cash.ToDouble();
  const Timestamp from =
      config.from ? LocalDateTime{*config.from, 0, 0, 0}.AsUtc() : Timestamp::Min();
  const Timestamp to = config.to
                           ? LocalDateTime{config.to->AddDays(1), 0, 0, 0}.AsUtc() - Duration(1)
                           : Timestamp::Max();
  HistoricalFeed historical(traded, from, to);
  if (!historical.times_increasing()) return check_all();
  GatedFeed feed(historical, config.data_verifier.get());  // waits for verified bars
  SimulatedBroker broker(feed.series(), config.broker);
  SimulatedClock clock(Timestamp::Min());
  if (benchmark) res.benchmark_symbol = benchmark->symbol;
  Recorder recorder(broker, benchmark, res.initial_cash, &res);
  if (config.on_progress) {
    uint64_t total = 0;
    for (const BarSeries* s : traded) {
      const size_t b = to == Timestamp::Max() ? s->size() : s->LowerBound(to + Duration(1));
      total += b - std::min(b, s->LowerBound(from));
    }
    recorder.SetProgress(&config.on_progress, total);
  }
  auto kernel = RunKernel(strategy, feed, broker, clock, config.kernel, &recorder);
  TL_RETURN_IF_ERROR(feed.Finish());  // a corrupt bundle fails here, whatever the run did
  TL_ASSIGN_OR_RETURN(res.kernel, std::move(kernel));
  res.artifacts = strategy.Artifacts();
  if (res.equity.empty()) {
    return InvalidArgument(
        "no bars to trade in the selected range (check data.from/to and symbols)");
  }
  res.final_equity = broker.equity();
  res.final_cash = broker.cash_exact();
  res.trades = broker.TakeTrades();
  res.open_trades = broker.OpenTrades(Timestamp::FromUnixNanos(res.equity.back().time_ns));
  res.orders = broker.TakeOrders();
  res.fills = broker.TakeFills();
  res.totals = broker.totals();
  res.returns = ComputeReturnStats(res.equity, res.initial_cash, config.analyzer);
  res.trade_stats = ComputeTradeStats(res.trades);
  res.exposure = ComputeExposure(res.equity, res.totals.traded_value, res.returns.years);
  if (benchmark && res.benchmark_end > res.benchmark_begin) {
    res.bench = ComputeBenchmark(res.equity, res.benchmark, res.initial_cash, config.analyzer,
                                 res.benchmark_begin, res.benchmark_end);
    if (!res.bench->covers_run) {
      TL_LOG(kWarn, "benchmark covers only part of the run; compared over the overlap")
          .Field("benchmark", benchmark->symbol)
          .Field("from",
                 FormatTimestamp(Timestamp::FromUnixNanos(res.equity[res.benchmark_begin].time_ns)))
          .Field("to", FormatTimestamp(
                           Timestamp::FromUnixNanos(res.equity[res.benchmark_end - 1].time_ns)));
    }
  } else if (benchmark) {
    TL_LOG(kWarn, "benchmark has no data inside the run; no comparison")
        .Field("benchmark", benchmark->symbol);
  }
  res.monthly = MonthlyReturns(ToDaily(res.equity), res.initial_cash);
  res.run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

bool RunPreparesAhead(const BacktestConfig& config) {
  if (!config.kernel.prepare_ahead) return false;
  auto strategy = MakeStrategy(config.strategy);
  return strategy.ok() && (*strategy)->can_prepare();
}

Result<BacktestResult> RunBacktest(const BacktestConfig& config,
                                   const std::vector<const BarSeries*>& all) {
  std::vector<const BarSeries*> traded;
  const BarSeries* bench = nullptr;
  for (const BarSeries* s : all) {
    if (!config.benchmark.empty() && s->symbol == config.benchmark) bench = s;
  }
  if (config.symbols.empty()) {
    for (const BarSeries* s : all) {
      if (s != bench) traded.push_back(s);
    }
  } else {
    for (const std::string& sym : config.symbols) {
      auto it = std::find_if(all.begin(), all.end(),
                             [&](const BarSeries* s) { return s->symbol == sym; });
      if (it == all.end()) return NotFound("data.symbols: no data for symbol '" + sym + "'");
      traded.push_back(*it);
    }
  }
  if (traded.empty()) return InvalidArgument("no symbols to trade (data is empty?)");
  if (!config.benchmark.empty() && !bench) {
    return NotFound("backtest.benchmark: no data for benchmark symbol '" + config.benchmark + "'");
  }
  TL_ASSIGN_OR_RETURN(std::unique_ptr<Strategy> strategy, MakeStrategy(config.strategy));
  return RunStrategy(*strategy, config, traded, bench);
}

}  // namespace tradelet
