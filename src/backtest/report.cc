#include "tradelet/backtest/report.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include "report_format.h"

namespace tradelet {
namespace {

nlohmann::json Num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
nlohmann::json Opt(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json ReturnsJson(const ReturnStats& s) {
  return {
      {"total_return", Num(s.total_return)},
      {"cagr", Num(s.cagr)},
      {"volatility", Num(s.volatility)},
      {"sharpe", Num(s.sharpe)},
      {"sortino", Num(s.sortino)},
      {"calmar", Opt(s.calmar)},
      {"years", Num(s.years)},
      {"max_drawdown", Num(s.drawdown.max_drawdown)},
      {"max_drawdown_money", Num(s.drawdown.max_drawdown_money)},
      {"max_drawdown_peak", s.drawdown.peak_time_ns
                                ? FormatTimestamp(Timestamp::FromUnixNanos(s.drawdown.peak_time_ns))
                                : ""},
      {"max_drawdown_trough", s.drawdown.trough_time_ns ? FormatTimestamp(Timestamp::FromUnixNanos(
                                                              s.drawdown.trough_time_ns))
                                                        : ""},
      {"max_drawdown_duration_days", Num(s.drawdown.max_duration_days)},
      {"max_drawdown_duration_bars", s.drawdown.max_duration_steps}};
}

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Unavailable(path.string() + ": cannot open for writing");
  out << text;
  out.close();
  if (!out) return DataLoss(path.string() + ": write failed");
  return Status::Ok();
}

std::string Csv(const std::string& s) {
  std::string q;
  report_internal::AppendCsv(q, s);
  return q;
}

// The CSV writers append every field into one buffer (report_format.h gives the same bytes as
// Decimal::ToString, FormatTimestamp and %.10g): a run over 504 symbols writes ~140k rows.
using report_internal::AppendCsv;
using report_internal::AppendDecimal;
using report_internal::AppendG10;

void AppendOptDec(std::string& s, const std::optional<Decimal>& d) {
  if (d) AppendDecimal(s, *d);
}

std::string TradesCsv(const BacktestResult& r) {
  std::string s =
      "symbol,side,entry_time,exit_time,qty,entry_price,exit_price,pnl,return,commission,"
      "bars_held,status\n";
  s.reserve(s.size() + (r.trades.size() + r.open_trades.size()) * 112);
  report_internal::TimestampFormatter entry_time, exit_time;
  auto row = [&](const TradeRecord& t) {
    const double ret = t.entry_value.IsZero() ? 0 : t.pnl.ToDouble() / t.entry_value.ToDouble();
    AppendCsv(s, t.symbol);
    s += t.is_long ? ",long," : ",short,";
    entry_time.Append(s, t.entry_time);
    s += ',';
    exit_time.Append(s, t.exit_time);
    s += ',';
    AppendDecimal(s, t.qty);
    s += ',';
    AppendDecimal(s, t.entry_price.Round(4));
    s += ',';
    AppendDecimal(s, t.exit_price.Round(4));
    s += ',';
    AppendDecimal(s, t.pnl);
    s += ',';
    AppendG10(s, ret);
    s += ',';
    AppendDecimal(s, t.commission);
    s += ',';
    char buf[24];
    s.append(buf, std::to_chars(buf, buf + sizeof buf, t.bars_held).ptr);
    s += t.closed ? ",closed\n" : ",open\n";
  };
  for (const auto& t : r.trades) row(t);
  for (const auto& t : r.open_trades) row(t);
  return s;
}

std::string OrdersCsv(const BacktestResult& r) {
  std::string s =
      "id,client_order_id,parent_id,created_at,symbol,side,type,time_in_force,order_class,qty,"
      "notional,limit_price,stop_price,trail_price,trail_percent,status,filled_qty,"
      "filled_avg_price,filled_at,reason\n";
  s.reserve(s.size() + r.orders.size() * 120 + r.rejections.size() * 100);
  report_internal::TimestampFormatter created, filled;
  for (const Order& o : r.orders) {
    s += o.id;
    s += ',';
    AppendCsv(s, o.client_order_id);
    s += ',';
    s += o.parent_id;
    s += ',';
    created.Append(s, o.created_at);
    s += ',';
    AppendCsv(s, o.symbol);
    s += ',';
    s += OrderSideName(o.side);
    s += ',';
    s += OrderTypeName(o.type);
    s += ',';
    s += TimeInForceName(o.time_in_force);
    s += ',';
    s += OrderClassName(o.order_class);
    s += ',';
    AppendDecimal(s, o.qty);
    s += ',';
    AppendOptDec(s, o.notional);
    s += ',';
    AppendOptDec(s, o.limit_price);
    s += ',';
    AppendOptDec(s, o.stop_price);
    s += ',';
    AppendOptDec(s, o.trail_price);
    s += ',';
    AppendOptDec(s, o.trail_percent);
    s += ',';
    s += OrderStatusName(o.status);
    s += ',';
    AppendDecimal(s, o.filled_qty);
    s += ',';
    if (!o.filled_qty.IsZero()) AppendDecimal(s, o.filled_avg_price.Round(4));
    s += ',';
    if (o.filled_at) filled.Append(s, *o.filled_at);
    s += ',';
    AppendCsv(s, o.reason);
    s += '\n';
  }
  for (const Rejection& x : r.rejections) {
    s += ",,," + FormatTimestamp(x.time) + "," + Csv(x.request.symbol) + "," +
         std::string(OrderSideName(x.request.side)) + "," +
         std::string(OrderTypeName(x.request.type)) + "," +
         std::string(TimeInForceName(x.request.time_in_force)) + "," +
         std::string(OrderClassName(x.request.order_class)) + "," + x.request.qty.ToString() +
         ",,,,,,rejected,0,,," + Csv(x.reason) + "\n";
  }
  return s;
}

std::string EquityCsv(const BacktestResult& r) {
  std::string s = "time,equity,cash,gross_exposure,drawdown";
  const bool bench = r.benchmark.size() == r.equity.size() && !r.benchmark.empty();
  if (bench) s += ",benchmark";
  s += "\n";
  s.reserve(s.size() + r.equity.size() * 96);
  report_internal::TimestampFormatter time;
  double peak = r.initial_cash;
  for (size_t i = 0; i < r.equity.size(); ++i) {
    const EquityPoint& p = r.equity[i];
    peak = std::max(peak, p.equity);
    time.Append(s, Timestamp::FromUnixNanos(p.time_ns));
    s += ',';
    AppendG10(s, p.equity);
    s += ',';
    AppendG10(s, p.cash);
    s += ',';
    AppendG10(s, p.gross);
    s += ',';
    AppendG10(s, peak > 0 ? 1 - p.equity / peak : 0);
    if (bench) {
      s += ',';
      AppendG10(s, r.benchmark[i]);
    }
    s += '\n';
  }
  return s;
}

}  // namespace

nlohmann::json SummaryJson(const BacktestResult& r) {
  nlohmann::json j;
  j["strategy"] = r.strategy_name;
  j["start"] =
      r.equity.empty() ? "" : FormatTimestamp(Timestamp::FromUnixNanos(r.equity.front().time_ns));
  j["end"] =
      r.equity.empty() ? "" : FormatTimestamp(Timestamp::FromUnixNanos(r.equity.back().time_ns));
  j["symbols"] = r.traded.size();
  j["bars"] = r.kernel.bars;
  j["steps"] = r.kernel.steps;
  j["initial_cash"] = r.initial_cash;
  j["final_equity"] = Num(r.final_equity);
  j["final_cash"] = r.final_cash.ToString();
  j["returns"] = ReturnsJson(r.returns);
  const TradeStats& t = r.trade_stats;
  j["trades"] = {{"count", t.count},
                 {"wins", t.wins},
                 {"losses", t.losses},
                 {"win_rate", Num(t.win_rate)},
                 {"gross_profit", Num(t.gross_profit)},
                 {"gross_loss", Num(t.gross_loss)},
                 {"profit_factor", Opt(t.profit_factor)},
                 {"avg_win", Num(t.avg_win)},
                 {"avg_loss", Num(t.avg_loss)},
                 {"expectancy", Num(t.expectancy)},
                 {"sqn", Num(t.sqn)},
                 {"best", Num(t.best)},
                 {"worst", Num(t.worst)},
                 {"avg_bars_held", Num(t.avg_bars_held)},
                 {"open_at_end", r.open_trades.size()}};
  j["exposure"] = {{"time_in_market", Num(r.exposure.time_in_market)},
                   {"avg_gross_exposure", Num(r.exposure.avg_gross_exposure)},
                   {"turnover_per_year", Num(r.exposure.turnover)}};
  j["costs"] = {{"commission", r.totals.commission.ToString()},
                {"dividends", r.totals.dividends.ToString()},
                {"traded_value", Num(r.totals.traded_value)},
                {"fills", r.totals.fills}};
  j["orders"] = {{"accepted", r.kernel.orders_accepted},
                 {"rejected", r.kernel.orders_rejected},
                 {"cancel_requests", r.kernel.cancels}};
  if (r.bench) {
    j["benchmark"] = ReturnsJson(r.bench->returns);
    j["benchmark"]["symbol"] = r.benchmark_symbol;
    j["benchmark"]["beta"] = Num(r.bench->beta);
    j["benchmark"]["alpha"] = Num(r.bench->alpha);
    j["benchmark"]["correlation"] = Num(r.bench->correlation);
    j["benchmark"]["excess_return"] = Num(r.bench->excess_return);
    // Where the benchmark has data; every benchmark number is over this window only.
    j["benchmark"]["covers_run"] = r.bench->covers_run;
    j["benchmark"]["compared_from"] =
        FormatTimestamp(Timestamp::FromUnixNanos(r.equity[r.bench->begin].time_ns));
    j["benchmark"]["compared_to"] =
        FormatTimestamp(Timestamp::FromUnixNanos(r.equity[r.bench->end - 1].time_ns));
    j["benchmark"]["strategy_total_return"] = Num(r.bench->strategy_total_return);
  }
  if (!r.skipped.empty()) {
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& k : r.skipped) {
      skipped.push_back({{"symbol", k.symbol}, {"source", k.source}, {"reason", k.reason}});
    }
    j["skipped"] = std::move(skipped);
  }
  j["run_seconds"] = r.run_seconds;
  return j;
}

Status WriteBacktestOutputs(const BacktestResult& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable(dir + ": cannot create directory: " + ec.message());
  const std::filesystem::path d(dir);
  // Two threads, each with about half the work: report.html, equity.csv and summary.json on a
  // second thread; trades.csv, orders.csv and skips.csv on this one. An error of the second
  // thread's files is returned before one of this thread's.
  Status html_status;
  auto html_half = [&] {
    html_status = WriteFile(d / "summary.json", SummaryJson(r).dump(2) + "\n");
    if (html_status.ok()) html_status = WriteFile(d / "equity.csv", EquityCsv(r));
    if (html_status.ok()) html_status = WriteFile(d / "report.html", RenderReportHtml(r));
  };
  std::thread html;
  try {
    html = std::thread(html_half);
  } catch (const std::system_error&) {  // no thread to be had: do it here
    html_half();
  }
  auto csvs = [&]() -> Status {
    TL_RETURN_IF_ERROR(WriteFile(d / "trades.csv", TradesCsv(r)));
    TL_RETURN_IF_ERROR(WriteFile(d / "orders.csv", OrdersCsv(r)));
    std::string skips = "symbol,source,reason\n";
    for (const auto& k : r.skipped) {
      skips += Csv(k.symbol) + "," + Csv(k.source) + "," + Csv(k.reason) + "\n";
    }
    return WriteFile(d / "skips.csv", skips);
  };
  const Status csv_status = csvs();
  if (html.joinable()) html.join();
  TL_RETURN_IF_ERROR(html_status);
  TL_RETURN_IF_ERROR(csv_status);
  for (const auto& [name, content] : r.artifacts.files) {
    TL_RETURN_IF_ERROR(WriteFile(d / name, content));
  }
  return Status::Ok();
}

}  // namespace tradelet
