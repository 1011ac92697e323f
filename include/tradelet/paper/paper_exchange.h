// PaperExchange: a local stand-in for Alpaca, speaking the Trading API v2 subset tradelet uses
// (account, clock, calendar, assets, positions, orders incl. brackets/OCO/OTO/trailing, by
// client id, replace, cancel, cancel all, close positions) and the Market Data v2 bars endpoints,
// backed by the backtester's SimulatedBroker (so the order rules are engine/broker_rules.h, the
// same as a backtest) and by replayed bars.
//
// Time is the exchange's own clock: it starts at `start` and moves only by AdvanceTo. Moving it
// feeds every bar that has CLOSED by then to the simulated broker (fills happen against bars that
// start after an order was accepted) and makes the bar visible on the bars endpoint; a bar that
// has not closed is never served. So a test can step through a day slot by slot.
//
// The account's last_equity is the equity at the end of the previous New York date (Alpaca: the
// previous trading day's close), updated when the clock or the replayed bars enter a new date.
//
// Handle() is the whole protocol as a pure function of (method, path, query, body); the HTTP
// server (paper_server.h) adds transport, auth and fault injection around it.
// Thread-safety: Handle/AdvanceTo/accessors lock one mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tradelet/adapters/alpaca/trading_types.h"
#include "tradelet/backtest/sim_broker.h"
#include "tradelet/engine/historical_feed.h"

namespace tradelet::live {

struct PaperRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded, without the query
  std::multimap<std::string, std::string> params;
  std::string body;
  std::optional<std::string> Param(const std::string& name) const;
};

struct PaperResponse {
  int status = 200;
  std::string body;
};

struct PaperExchangeOptions {
  SimBrokerConfig broker;
  // The exchange clock's first instant; bars that closed by then are history already.
  Timestamp start;
};

class PaperExchange {
 public:
  // REQUIRES: every series passes CheckShape, symbols distinct.
  PaperExchange(std::vector<BarSeries> series, PaperExchangeOptions options);

  PaperResponse Handle(const PaperRequest& request);

  // Moves the clock forward to `t` (never backward) and replays the bars that closed by then.
  Status AdvanceTo(Timestamp t);
  Timestamp now() const;

  // Every order the exchange ever accepted (legs included), for tests.
  std::vector<alpaca::TradingOrder> AllOrders() const;
  std::vector<std::string> symbols() const;

 private:
  PaperResponse Route(const PaperRequest& r);
  PaperResponse CreateOrder(const std::string& body);
  PaperResponse ListOrders(const PaperRequest& r);
  PaperResponse Replace(const std::string& id, const std::string& body);
  PaperResponse CancelOne(const std::string& id);
  PaperResponse CancelAll();
  PaperResponse ClosePosition(const std::string& symbol, const PaperRequest& r);
  PaperResponse CloseAll(const PaperRequest& r);
  PaperResponse Account();
  PaperResponse Clock();
  PaperResponse ClockV3(const PaperRequest& r);
  PaperResponse Calendar(const PaperRequest& r);
  PaperResponse CalendarV3(const std::string& market, const PaperRequest& r);
  PaperResponse Assets(const std::string& symbol);
  PaperResponse Positions(const std::string& symbol);
  PaperResponse Bars(const PaperRequest& r, const std::string& single_symbol);

  alpaca::TradingOrder View(const Order& o, bool nested) const;
  std::vector<alpaca::TradingPosition> OpenPositions() const;
  double LastClose(size_t sym) const;
  Result<std::string> Submit(OrderRequest request);
  void Advance(Timestamp t);
  // Entering New York date `day` (days since 1970) for the first time: the equity now, all the
  // earlier days' bars replayed, is the new day's start equity.
  void RollDay(int64_t day);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<BarSeries>> series_;
  std::map<std::string, size_t> index_;
  PaperExchangeOptions options_;
  std::unique_ptr<SimulatedBroker> broker_;
  std::unique_ptr<HistoricalFeed> feed_;
  std::optional<MarketStep> pending_;
  Timestamp now_;
  // Replace bookkeeping the simulated broker has no notion of.
  std::map<std::string, std::string> replaced_by_, replaces_;
  uint64_t generated_ids_ = 0;
  // Alpaca's last_equity: the equity at the close of the previous New York date, so the live
  // side's max_daily_loss_fraction has a day start to measure the loss from.
  int64_t day_ = INT64_MIN;
  Money day_start_equity_;
};

}  // namespace tradelet::live
