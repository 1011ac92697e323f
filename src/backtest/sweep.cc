#include "tradelet/backtest/sweep.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tradelet/strategy/config.h"

namespace tradelet {
namespace {

const std::vector<std::string> kRankKeys = {"sharpe",        "sortino", "cagr",
                                            "total_return",  "calmar",  "max_drawdown",
                                            "profit_factor", "sqn",     "win_rate"};

std::string Label(const toml::node& n) {
  if (auto s = n.value<std::string>(); s && n.is_string()) return *s;
  if (n.is_integer()) return std::to_string(*n.value<int64_t>());
  if (n.is_boolean()) return *n.value<bool>() ? "true" : "false";
  if (n.is_floating_point()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *n.value<double>());
    return buf;
  }
  return "?";
}

// Sets root[a][b]... = value for key "a.b...", creating tables as needed.
Status SetDotted(toml::table& root, const std::string& key, const toml::node& value) {
  toml::table* t = &root;
  size_t start = 0;
  while (true) {
    const size_t dot = key.find('.', start);
    const std::string part =
        key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      value.visit([&](auto&& v) { t->insert_or_assign(part, v); });
      return Status::Ok();
    }
    toml::node* next = t->get(part);
    if (!next) {
      t->insert_or_assign(part, toml::table{});
      next = t->get(part);
    }
    if (!next->is_table())
      return InvalidArgument("grid key '" + key + "': '" + part + "' is not a table");
    t = next->as_table();
    start = dot + 1;
  }
}

double Metric(const SweepRow& r, const std::string& key) {
  if (key == "sharpe") return r.sharpe;
  if (key == "sortino") return r.sortino;
  if (key == "cagr") return r.cagr;
  if (key == "total_return") return r.total_return;
  if (key == "calmar") return r.calmar;
  if (key == "max_drawdown") return -r.max_drawdown;  // smaller is better
  if (key == "profit_factor") return r.profit_factor;
  if (key == "sqn") return r.sqn;
  return r.win_rate;
}

SweepRow RowOf(const BacktestResult& b, const std::string& rank_by) {
  SweepRow r;
  r.total_return = b.returns.total_return;
  r.cagr = b.returns.cagr;
  r.sharpe = b.returns.sharpe;
  r.sortino = b.returns.sortino;
  r.max_drawdown = b.returns.drawdown.max_drawdown;
  r.calmar = b.returns.calmar.value_or(0);
  r.profit_factor = b.trade_stats.profit_factor.value_or(0);
  r.sqn = b.trade_stats.sqn;
  r.win_rate = b.trade_stats.win_rate;
  r.trades = b.trade_stats.count;
  r.final_equity = b.final_equity;
  r.metric = Metric(r, rank_by);
  return r;
}

std::vector<std::vector<size_t>> Combinations(const std::vector<GridAxis>& axes) {
  std::vector<std::vector<size_t>> out{{}};
  for (const GridAxis& a : axes) {
    std::vector<std::vector<size_t>> next;
    for (const auto& prefix : out) {
      for (size_t i = 0; i < a.values.size(); ++i) {
        auto c = prefix;
        c.push_back(i);
        next.push_back(std::move(c));
      }
    }
    out = std::move(next);
  }
  return out;
}

// Runs every combination over [from, to] in parallel; rows in combination order.
std::vector<SweepRow> RunAll(const toml::table& root, const std::string& base_dir,
                             const std::vector<GridAxis>& axes, const SweepOptions& o,
                             const std::vector<const BarSeries*>& data,
                             std::optional<CivilDate> from, std::optional<CivilDate> to,
                             const std::vector<std::vector<size_t>>& combos, int threads) {
  std::vector<SweepRow> rows(combos.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    auto done = [&] {
      if (o.on_run_done) o.on_run_done();
    };
    for (size_t i = next++; i < combos.size(); done(), i = next++) {
      SweepRow& row = rows[i];
      row.combination = i;
      toml::table t = root;
      for (size_t a = 0; a < axes.size(); ++a) {
        row.params.push_back(axes[a].labels[combos[i][a]]);
        Status s = SetDotted(t, axes[a].key, *axes[a].values.get(combos[i][a]));
        if (!s.ok()) row.status = s;
      }
      if (!row.status.ok()) continue;
      auto cfg = ParseBacktestConfig(t, base_dir);
      if (!cfg.ok()) {
        row.status = cfg.status();
        continue;
      }
      if (from) cfg->from = from;
      if (to) cfg->to = to;
      // The sweep's own threads already use the cores.
      if (threads > 1) cfg->kernel.prepare_ahead = false;
      auto res = RunBacktest(*cfg, data);
      if (!res.ok()) {
        row.status = res.status();
        continue;
      }
      std::vector<std::string> params = std::move(row.params);
      row = RowOf(*res, o.rank_by);
      row.combination = i;
      row.params = std::move(params);
    }
  };
  std::vector<std::thread> pool;
  for (int k = 1; k < threads; ++k) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return rows;
}

void Rank(std::vector<SweepRow>& rows) { RankSweepRows(rows); }

}  // namespace

void RankSweepRows(std::vector<SweepRow>& rows) {
  // Grid order first, so a merge of shards ranks exactly as one machine does.
  std::sort(rows.begin(), rows.end(),
            [](const SweepRow& a, const SweepRow& b) { return a.combination < b.combination; });
  std::stable_sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) {
    if (a.status.ok() != b.status.ok()) return a.status.ok();
    return a.metric > b.metric;
  });
}

Result<std::vector<GridAxis>> ParseGrid(const toml::table& file) {
  TL_RETURN_IF_ERROR(TomlCheckKeys(file, "grid file", {"grid", "sweep", "walk_forward"}));
  const toml::table* g = file.get_as<toml::table>("grid");
  if (!g || g->empty()) return InvalidArgument("grid: missing or empty [grid] table");
  std::vector<GridAxis> axes;
  for (const auto& [k, v] : *g) {
    const toml::array* a = v.as_array();
    if (!a || a->empty()) {
      return InvalidArgument("grid.\"" + std::string(k.str()) +
                             "\": expected a non-empty array of values");
    }
    GridAxis axis;
    axis.key = std::string(k.str());
    if (axis.key.rfind("strategy.", 0) != 0 && axis.key.rfind("costs.", 0) != 0 &&
        axis.key.rfind("broker.", 0) != 0 && axis.key.rfind("risk.", 0) != 0 &&
        axis.key.rfind("backtest.", 0) != 0) {
      return InvalidArgument("grid.\"" + axis.key +
                             "\": keys must name a config option, e.g. \"strategy.fast\"");
    }
    axis.values = *a;
    for (const toml::node& n : *a) {
      if (n.is_table() || n.is_array()) {
        return InvalidArgument("grid.\"" + axis.key +
                               "\": values must be numbers, strings or booleans");
      }
      axis.labels.push_back(Label(n));
    }
    axes.push_back(std::move(axis));
  }
  return axes;
}

Result<SweepOptions> ParseSweepOptions(const toml::table& file) {
  SweepOptions o;
  if (const toml::table* s = file.get_as<toml::table>("sweep")) {
    TL_RETURN_IF_ERROR(TomlCheckKeys(*s, "sweep", {"rank_by", "threads"}));
    TL_ASSIGN_OR_RETURN(o.rank_by, TomlString(*s, "sweep", "rank_by", "sharpe"));
    if (std::find(kRankKeys.begin(), kRankKeys.end(), o.rank_by) == kRankKeys.end()) {
      return InvalidArgument("sweep.rank_by: '" + o.rank_by +
                             "' is not one of sharpe, sortino, cagr, total_return, calmar, "
                             "max_drawdown, profit_factor, sqn, win_rate");
    }
    TL_ASSIGN_OR_RETURN(int64_t th, TomlInt(*s, "sweep", "threads", 0));
    if (th < 0 || th > 1024) return InvalidArgument("sweep.threads: must be in [0, 1024]");
    o.threads = static_cast<int>(th);
  }
  if (const toml::table* w = file.get_as<toml::table>("walk_forward")) {
    TL_RETURN_IF_ERROR(TomlCheckKeys(*w, "walk_forward", {"train_days", "test_days", "anchored"}));
    o.walk_forward = true;
    TL_ASSIGN_OR_RETURN(int64_t tr, TomlInt(*w, "walk_forward", "train_days", 730));
    TL_ASSIGN_OR_RETURN(int64_t te, TomlInt(*w, "walk_forward", "test_days", 365));
    if (tr < 1 || te < 1) return InvalidArgument("walk_forward.train_days/test_days: must be >= 1");
    o.train_days = static_cast<int>(tr);
    o.test_days = static_cast<int>(te);
    TL_ASSIGN_OR_RETURN(o.anchored, TomlBool(*w, "walk_forward", "anchored", false));
  }
  return o;
}

Result<SweepResult> RunSweep(const toml::table& root, const std::string& base_dir,
                             const std::vector<GridAxis>& axes, const SweepOptions& o,
                             const std::vector<const BarSeries*>& data) {
  const auto t0 = std::chrono::steady_clock::now();
  SweepResult out;
  out.axes = axes;
  out.threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  TL_ASSIGN_OR_RETURN(BacktestConfig base, ParseBacktestConfig(root, base_dir));
  const auto combos = Combinations(axes);
  out.combinations = combos.size();
  if (o.shard_count < 1 || o.shard_index < 0 || o.shard_index >= o.shard_count) {
    return InvalidArgument("shard " + std::to_string(o.shard_index) + "/" +
                           std::to_string(o.shard_count) + ": want K/N with 0 <= K < N");
  }
  if (o.shard_count > 1 && o.walk_forward) {
    return InvalidArgument("--shard applies to a plain grid sweep, not to walk-forward mode");
  }
  out.shard_index = o.shard_index;
  out.shard_count = o.shard_count;
  if (o.shard_count == 1) {
    out.rows =
        RunAll(root, base_dir, axes, o, data, std::nullopt, std::nullopt, combos, out.threads);
  } else {
    std::vector<std::vector<size_t>> mine;
    std::vector<size_t> index;
    for (size_t i = o.shard_index; i < combos.size(); i += o.shard_count) {
      mine.push_back(combos[i]);
      index.push_back(i);
    }
    out.rows = RunAll(root, base_dir, axes, o, data, std::nullopt, std::nullopt, mine, out.threads);
    for (size_t k = 0; k < out.rows.size(); ++k) out.rows[k].combination = index[k];
  }
  Rank(out.rows);

  if (o.walk_forward) {
    // The data's date span, narrowed by the config's from/to.
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (const BarSeries* s : data) {
      if (s->empty() || s->symbol == base.benchmark) continue;
      first = std::min(first, s->time_ns.front());
      last = std::max(last, s->time_ns.back());
    }
    if (first > last) return InvalidArgument("walk_forward: no bars");
    CivilDate start = LocalDateTime::FromUtc(Timestamp::FromUnixNanos(first)).date;
    CivilDate end = LocalDateTime::FromUtc(Timestamp::FromUnixNanos(last)).date;
    if (base.from && *base.from > start) start = *base.from;
    if (base.to && *base.to < end) end = *base.to;
    double chained = 1;
    for (CivilDate train_from = start;; train_from = train_from.AddDays(o.test_days)) {
      WalkForwardWindow w;
      w.train_from = o.anchored ? start : train_from;
      w.train_to = train_from.AddDays(o.train_days - 1);
      w.test_from = w.train_to.AddDays(1);
      w.test_to = w.test_from.AddDays(o.test_days - 1);
      if (w.test_from > end) break;
      if (w.test_to > end) w.test_to = end;
      auto train =
          RunAll(root, base_dir, axes, o, data, w.train_from, w.train_to, combos, out.threads);
      Rank(train);
      if (train.empty() || !train[0].status.ok()) {
        return InvalidArgument("walk_forward: no combination ran on the training window from " +
                               w.train_from.ToString() +
                               (train.empty() ? "" : ": " + train[0].status.message()));
      }
      w.best_params = train[0].params;
      w.train_metric = train[0].metric;
      // Re-run the winner on the test window (bars before it are warm-up history only).
      const auto it = std::find_if(combos.begin(), combos.end(), [&](const std::vector<size_t>& c) {
        for (size_t a = 0; a < axes.size(); ++a) {
          if (axes[a].labels[c[a]] != w.best_params[a]) return false;
        }
        return true;
      });
      auto test = RunAll(root, base_dir, axes, o, data, w.test_from, w.test_to, {*it}, 1);
      w.test = test[0];
      if (w.test.status.ok()) chained *= 1 + w.test.total_return;
      out.windows.push_back(std::move(w));
    }
    out.oos_total_return = chained - 1;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

Status WriteSweepOutputs(const SweepResult& r, const SweepOptions& o, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable(dir + ": cannot create directory: " + ec.message());
  auto fmt = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::string(std::isfinite(v) ? buf : "");
  };
  std::string head;
  for (const GridAxis& a : r.axes) head += a.key + ",";
  const std::string metrics =
      "total_return,cagr,sharpe,sortino,max_drawdown,calmar,trades,win_rate,profit_factor,sqn,"
      "final_equity";
  auto cells = [&](const SweepRow& row) {
    return fmt(row.total_return) + "," + fmt(row.cagr) + "," + fmt(row.sharpe) + "," +
           fmt(row.sortino) + "," + fmt(row.max_drawdown) + "," + fmt(row.calmar) + "," +
           std::to_string(row.trades) + "," + fmt(row.win_rate) + "," + fmt(row.profit_factor) +
           "," + fmt(row.sqn) + "," + fmt(row.final_equity);
  };
  std::string csv = "rank," + head + metrics + ",error\n";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const SweepRow& row = r.rows[i];
    csv += std::to_string(i + 1) + ",";
    for (const auto& p : row.params) csv += p + ",";
    csv += (row.status.ok() ? cells(row) + ","
                            : std::string(10, ',') + ",\"" + row.status.message() + "\"");
    csv += "\n";
  }
  {
    std::ofstream out(std::filesystem::path(dir) / "sweep.csv");
    out << csv;
    if (!out) return DataLoss(dir + "/sweep.csv: write failed");
  }
  nlohmann::json j;
  j["rank_by"] = o.rank_by;
  j["combinations"] = r.rows.size();
  j["threads"] = r.threads;
  j["seconds"] = r.seconds;
  if (!r.rows.empty() && r.rows[0].status.ok()) {
    nlohmann::json best;
    for (size_t a = 0; a < r.axes.size(); ++a) best[r.axes[a].key] = r.rows[0].params[a];
    j["best"] = best;
    j["best_metric"] = r.rows[0].metric;
  }
  if (o.walk_forward) {
    std::string wf =
        "window,train_from,train_to,test_from,test_to," + head + "train_metric," + metrics + "\n";
    nlohmann::json windows = nlohmann::json::array();
    for (size_t i = 0; i < r.windows.size(); ++i) {
      const WalkForwardWindow& w = r.windows[i];
      wf += std::to_string(i + 1) + "," + w.train_from.ToString() + "," + w.train_to.ToString() +
            "," + w.test_from.ToString() + "," + w.test_to.ToString() + ",";
      for (const auto& p : w.best_params) wf += p + ",";
      wf += fmt(w.train_metric) + "," + cells(w.test) + "\n";
      windows.push_back(
          {{"test_from", w.test_from.ToString()}, {"test_total_return", w.test.total_return}});
    }
    std::ofstream out(std::filesystem::path(dir) / "walk_forward.csv");
    out << wf;
    if (!out) return DataLoss(dir + "/walk_forward.csv: write failed");
    j["walk_forward"] = {{"train_days", o.train_days},
                         {"test_days", o.test_days},
                         {"anchored", o.anchored},
                         {"windows", windows},
                         {"out_of_sample_total_return", r.oos_total_return}};
  }
  std::ofstream out(std::filesystem::path(dir) / "sweep.json");
  out << j.dump(2) << "\n";
  if (!out) return DataLoss(dir + "/sweep.json: write failed");
  return Status::Ok();
}

}  // namespace tradelet
