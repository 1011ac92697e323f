#include "tradelet/backtest/report.h"

#include <cmath>
#include <filesystem>
#include <system_error>
#include <thread>

#include "report_csv.h"
#include "report_file.h"
#include "tradelet/base/thread_name.h"

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
  using report_internal::ByteBuf;
  using report_internal::WriteFile;
  // Two threads: report.html, equity.csv and summary.json on a second thread, trades.csv and
  // skips.csv on this one; then both format blocks of orders.csv's rows (the largest file,
  // about half of the work) as they are free, and whichever finishes a block writes every
  // block that is ready, in order. An error of the second thread's files is returned before
  // one of this thread's.
  report_internal::OrdersWriter orders(d / "orders.csv", r);
  Status html_status;
  auto html_half = [&] {
    html_status = WriteFile(d / "summary.json", SummaryJson(r).dump(2) + "\n");
    if (html_status.ok()) {
      html_status = report_internal::WriteStreamed(
          d / "equity.csv", [&](ByteBuf& out) { report_internal::EquityCsv(r, out); });
    }
    if (html_status.ok()) html_status = WriteFile(d / "report.html", RenderReportHtml(r));
    orders.FormatBlocks();
  };
  std::thread html;
  try {
    html = std::thread([&] {
      NameThisThread("tl-report");
      html_half();
    });
  } catch (const std::system_error&) {  // no thread to be had: do it here
    html_half();
  }
  auto csvs = [&]() -> Status {
    TL_RETURN_IF_ERROR(report_internal::WriteStreamed(
        d / "trades.csv", [&](ByteBuf& out) { report_internal::TradesCsv(r, out); }));
    ByteBuf skips;
    report_internal::SkipsCsv(r, skips);
    return WriteFile(d / "skips.csv", skips.view());
  };
  Status csv_status = csvs();
  orders.FormatBlocks();
  if (html.joinable()) html.join();
  const Status orders_status = orders.Finish();
  if (csv_status.ok()) csv_status = orders_status;
  TL_RETURN_IF_ERROR(html_status);
  TL_RETURN_IF_ERROR(csv_status);
  for (const auto& [name, content] : r.artifacts.files) {
    TL_RETURN_IF_ERROR(WriteFile(d / name, content));
  }
  return Status::Ok();
}

}  // namespace tradelet
