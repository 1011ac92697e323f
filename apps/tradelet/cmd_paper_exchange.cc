// tradelet paper-exchange: a local Alpaca-compatible paper broker (docs/live.md)
#include <CLI/CLI.hpp>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli_args.h"
#include "command.h"
#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/paper/paper_data.h"
#include "tradelet/paper/paper_server.h"

namespace tradelet::cli {
namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

int Run(int argc, char** argv) {
  CLI::App app(
      "Serve the Alpaca Trading API v2 subset and the Market Data bars endpoints on "
      "127.0.0.1, backed by the backtester's simulated broker and replayed bars (a CSV "
      "directory, or the deterministic sample market). Admin endpoints inject faults and move "
      "the exchange clock (see docs/live.md).\n"
      "usage: tradelet paper-exchange [--port P] [--data DIR] [--seed N]",
      "tradelet paper-exchange");
  int port = 0;
  std::string host = "127.0.0.1", data_dir, start_text, last_text = "2025-12-31",
              interval_text = "15m";
  uint64_t seed = 20240601;
  int symbols = 5, sessions = 5;
  double cash = 100000;
  app.add_option("--port", port, "TCP port (0 = any free port; printed on start)");
  app.add_option("--host", host, "address to bind (default 127.0.0.1)");
  app.add_option("--data", data_dir,
                 "directory of CSV bar files to replay (default: sample market)");
  app.add_option("--seed", seed, "sample market seed");
  app.add_option("--symbols", symbols, "sample market: number of stocks (plus SPY)");
  app.add_option("--sessions", sessions, "sample market: intraday sessions to replay");
  app.add_option("--last-session", last_text, "sample market: last session date (YYYY-MM-DD)");
  app.add_option("--interval", interval_text, "sample market bar size: 1m, 5m, 15m, 30m, 1h");
  app.add_option("--start", start_text,
                 "exchange clock start (RFC 3339; default: the open of the last replayed session)");
  app.add_option("--cash", cash, "initial cash");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  if (port < 0 || port > 65535) {
    return ReportStatus("paper-exchange",
                        InvalidArgument("--port " + std::to_string(port) +
                                        ": not a TCP port (0..65535; 0 = any free port)"));
  }
  if (!std::isfinite(cash) || cash <= 0 || cash > 1e12) {
    return ReportStatus("paper-exchange",
                        InvalidArgument("--cash: expected a positive amount up to 1e12, got " +
                                        std::to_string(cash)));
  }
  if (symbols < 0 || symbols > 500) {
    return ReportStatus("paper-exchange", InvalidArgument("--symbols: 0..500"));
  }
  Result<std::vector<BarSeries>> bars = InvalidArgument("no data");
  std::vector<std::string> skipped;
  if (!data_dir.empty()) {
    bars = live::LoadPaperBarsFromDir(data_dir, &skipped);
    for (const auto& k : skipped) {
      std::fprintf(stderr, "tradelet paper-exchange: skipped %s\n", k.c_str());
    }
  } else {
    auto last = CivilDate::Parse(last_text);
    if (!last.ok())
      return ReportStatus("paper-exchange", last.status().WithContext("--last-session"));
    auto interval = ParseBarInterval(interval_text);
    if (!interval.ok())
      return ReportStatus("paper-exchange", interval.status().WithContext("--interval"));
    bars = live::SamplePaperBars(seed, symbols, sessions, *last, *interval);
  }
  if (!bars.ok()) return ReportStatus("paper-exchange", bars.status());
  live::PaperExchangeOptions options;
  options.broker.initial_cash = Money::FromDouble(cash);
  if (!start_text.empty()) {
    auto t = ParseTimestamp(start_text);
    if (!t.ok()) return ReportStatus("paper-exchange", t.status().WithContext("--start"));
    options.start = *t;
  } else {
    Timestamp last_bar;
    for (const auto& s : *bars) {
      if (!s.empty() && s.time(s.size() - 1) > last_bar) last_bar = s.time(s.size() - 1);
    }
    auto session = NyseCalendar::Get().SessionContainingOrNext(last_bar);
    options.start = session.ok() && session->open <= last_bar ? session->open : last_bar;
  }
  live::PaperExchange exchange(std::move(*bars), options);
  live::PaperServerOptions sopts;
  sopts.host = host;
  sopts.port = port;
  live::PaperServer server(exchange, sopts);
  if (Status s = server.Start(); !s.ok()) return ReportStatus("paper-exchange", s);
  std::printf("{\"base_url\":\"%s\",\"now\":\"%s\",\"symbols\":%zu}\n", server.base_url().c_str(),
              FormatTimestamp(exchange.now()).c_str(), exchange.symbols().size());
  std::fflush(stdout);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.Stop();
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("paper-exchange", "a local Alpaca-compatible paper broker", Run);

}  // namespace tradelet::cli
