#include "tradelet/paper/paper_exchange.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <tuple>

#include "tradelet/adapters/alpaca/bars_json.h"
#include "tradelet/adapters/alpaca/trading_client.h"
#include "tradelet/adapters/alpaca/trading_json.h"
#include "tradelet/net/https_client.h"
#include "tradelet/paper/paper_server.h"

namespace tradelet::live {
namespace {

Timestamp T(const char* s) { return *ParseTimestamp(s); }

// Two symbols, 15-minute bars over 2024-01-02 and 2024-01-03 (09:30-16:00 New York = 14:30-21:00
// UTC), prices rising by 0.1 per bar from 100 and 50.
std::vector<BarSeries> Bars() {
  std::vector<BarSeries> out;
  for (auto [sym, base] : {std::pair{"AAA", 100.0}, std::pair{"BBB", 50.0}}) {
    BarSeries s;
    s.symbol = sym;
    s.interval = BarInterval::k15Min;
    double p = base;
    for (const char* day : {"2024-01-02T14:30:00Z", "2024-01-03T14:30:00Z"}) {
      for (int i = 0; i < 26; ++i) {
        const Timestamp t = T(day) + std::chrono::minutes(15 * i);
        s.Append(Bar{t, p, p + 0.5, p - 0.5, p + 0.1, 10000});
        p += 0.1;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

PaperResponse Call(PaperExchange& ex, const char* method, const std::string& path,
                   const std::string& body = "", std::multimap<std::string, std::string> q = {}) {
  return ex.Handle(PaperRequest{method, path, std::move(q), body});
}

TEST(PaperExchange, OrderLifecycleFillsOnlyOnLaterBars) {
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  auto clock = alpaca::ParseClockJson(Call(ex, "GET", "/v2/clock").body);
  ASSERT_TRUE(clock.ok());
  EXPECT_TRUE(clock->is_open);
  EXPECT_EQ(clock->next_close, T("2024-01-02T21:00:00Z"));

  const std::string body =
      R"({"symbol":"AAA","qty":"10","side":"buy","type":"market","time_in_force":"day",
          "client_order_id":"c1"})";
  PaperResponse r = Call(ex, "POST", "/v2/orders", body);
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = alpaca::ParseOrderJson(r.body);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(IsOpen(o->order.status));
  // Same client id again: Alpaca's 422.
  PaperResponse dup = Call(ex, "POST", "/v2/orders", body);
  EXPECT_EQ(dup.status, 422);
  EXPECT_NE(dup.body.find("client_order_id must be unique"), std::string::npos);
  EXPECT_EQ(Call(ex, "GET", "/v2/positions/AAA").status, 404);

  // The bar 15:00-15:15 closes at 15:15: the order fills at its open (bar index 2: 100.2).
  ASSERT_TRUE(ex.AdvanceTo(T("2024-01-02T15:15:00Z")).ok());
  auto filled = alpaca::ParseOrderJson(
      Call(ex, "GET", "/v2/orders:by_client_order_id", "", {{"client_order_id", "c1"}}).body);
  ASSERT_TRUE(filled.ok());
  EXPECT_EQ(filled->order.status, OrderStatus::kFilled);
  EXPECT_EQ(filled->order.filled_avg_price, *Decimal::Parse("100.2"));
  auto pos = alpaca::ParsePositionJson(Call(ex, "GET", "/v2/positions/AAA").body);
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(pos->qty, Decimal::FromInt(10));
  EXPECT_FALSE(ex.AdvanceTo(T("2024-01-02T15:00:00Z")).ok());  // never backwards
}

TEST(PaperExchange, BracketLegsRulesAndCancel) {
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  PaperResponse r = Call(ex, "POST", "/v2/orders",
                         R"({"symbol":"AAA","qty":"5","side":"buy","type":"limit",
                             "limit_price":"90","time_in_force":"gtc","order_class":"bracket",
                             "take_profit":{"limit_price":"120"},
                             "stop_loss":{"stop_price":"80"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = alpaca::ParseOrderJson(r.body);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->order.order_class, OrderClass::kBracket);
  ASSERT_EQ(o->legs.size(), 2u);
  EXPECT_EQ(o->legs[0].order.limit_price, Decimal::FromInt(120));
  // The same rules as the backtest: sub-penny prices are refused.
  PaperResponse bad = Call(ex, "POST", "/v2/orders",
                           R"({"symbol":"AAA","qty":"1","side":"buy","type":"limit",
                               "limit_price":"90.123","time_in_force":"day"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("limit_price"), std::string::npos) << bad.body;
  EXPECT_EQ(Call(ex, "DELETE", "/v2/orders/" + o->order.id).status, 204);
  auto after = alpaca::ParseOrderJson(Call(ex, "GET", "/v2/orders/" + o->order.id).body);
  EXPECT_EQ(after->order.status, OrderStatus::kCanceled);
  EXPECT_EQ(Call(ex, "DELETE", "/v2/orders/" + o->order.id).status, 422);
  EXPECT_EQ(Call(ex, "DELETE", "/v2/orders/nope").status, 404);
}

TEST(PaperExchange, BarsOnlyUpToTheClock) {
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  PaperResponse r =
      Call(ex, "GET", "/v2/stocks/bars", "", {{"symbols", "AAA,BBB"}, {"timeframe", "15Min"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto parsed = alpaca::ParseBarsPage(r.body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  // 14:30 and 14:45 bars have closed by 15:00; the 15:00 bar has not.
  EXPECT_EQ(parsed->bars.at("AAA").size(), 2u);
  EXPECT_EQ(
      Call(ex, "GET", "/v2/stocks/bars", "", {{"symbols", "AAA"}, {"timeframe", "1Day"}}).status,
      422);
}

TEST(PaperExchange, DailyBarsAreStampedMidnightNewYorkAndServedOnceTheSessionIsOver) {
  // A daily file as the CSV reader stamps it: at the 09:30 open (2024-01-02 .. 01-04, EST),
  // with an adjusted close at half the close (a 2:1 split after the file's end).
  BarSeries s;
  s.symbol = "AAA";
  s.interval = BarInterval::k1Day;
  for (int d = 0; d < 3; ++d) {
    const double c = 100 + d;
    s.Append(
        Bar{T("2024-01-02T14:30:00Z") + std::chrono::hours(24 * d), c - 1, c + 2, c - 2, c, 1000});
  }
  s.adj_close = {50.0, 50.5, 51.0};
  // 00:00:01 New York on 01-04: the 01-02 and 01-03 sessions are over, 01-04's has not begun.
  PaperExchange ex({s}, {{}, T("2024-01-04T05:00:01Z")});
  auto page = [&](const char* adjustment) {
    PaperResponse r = Call(ex, "GET", "/v2/stocks/bars", "",
                           {{"symbols", "AAA"}, {"timeframe", "1Day"}, {"adjustment", adjustment}});
    EXPECT_EQ(r.status, 200) << r.body;
    return alpaca::ParseBarsPage(r.body).value().bars["AAA"];
  };
  auto raw = page("raw");
  ASSERT_EQ(raw.size(), 2u);
  EXPECT_EQ(raw[0].time, T("2024-01-02T05:00:00Z"));  // 00:00 New York (EST)
  EXPECT_EQ(raw[1].time, T("2024-01-03T05:00:00Z"));
  EXPECT_EQ(raw[1].close, 101.0);
  auto adjusted = page("all");
  ASSERT_EQ(adjusted.size(), 2u);
  EXPECT_EQ(adjusted[1].close, 50.5);
  EXPECT_DOUBLE_EQ(adjusted[1].open, 100.0 * 0.5);
  EXPECT_EQ(Call(ex, "GET", "/v2/stocks/bars", "",
                 {{"symbols", "AAA"}, {"timeframe", "1Day"}, {"adjustment", "split"}})
                .status,
            422);
  // 01-04's bar is served from the next midnight, not during its session.
  ASSERT_TRUE(ex.AdvanceTo(T("2024-01-04T20:59:00Z")).ok());
  EXPECT_EQ(page("raw").size(), 2u);
  ASSERT_TRUE(ex.AdvanceTo(T("2024-01-05T05:00:00Z")).ok());
  EXPECT_EQ(page("raw").size(), 3u);
}

TEST(PaperExchange, AFiveMinuteSeriesDoesNotDelayTheOneMinuteBars) {
  // AAA: 1-minute bars from 09:30 New York; UGA: 5-minute bars. At 09:45:00 every AAA bar up
  // to the one starting 09:44 has closed, and UGA's bars starting 09:30, 09:35 and 09:40.
  std::vector<BarSeries> bars(2);
  bars[0].symbol = "AAA";
  bars[0].interval = BarInterval::k1Min;
  for (int i = 0; i < 60; ++i) {
    bars[0].Append(Bar{T("2024-01-02T14:30:00Z") + std::chrono::minutes(i), 10, 11, 9, 10, 100});
  }
  bars[1].symbol = "UGA";
  bars[1].interval = BarInterval::k5Min;
  for (int i = 0; i < 12; ++i) {
    bars[1].Append(
        Bar{T("2024-01-02T14:30:00Z") + std::chrono::minutes(5 * i), 20, 21, 19, 20, 100});
  }
  for (auto [at, minute_bars, five_bars] :
       {std::tuple{"2024-01-02T14:45:00Z", 15u, 3u}, std::tuple{"2024-01-02T14:47:00Z", 17u, 3u}}) {
    PaperExchange ex(bars, {{}, T(at)});
    auto one = alpaca::ParseBarsPage(
        Call(ex, "GET", "/v2/stocks/bars", "", {{"symbols", "AAA"}, {"timeframe", "1Min"}}).body);
    auto five = alpaca::ParseBarsPage(
        Call(ex, "GET", "/v2/stocks/bars", "", {{"symbols", "UGA"}, {"timeframe", "5Min"}}).body);
    ASSERT_TRUE(one.ok() && five.ok());
    EXPECT_EQ(one->bars.at("AAA").size(), minute_bars) << at;
    EXPECT_EQ(five->bars.at("UGA").size(), five_bars) << at;
  }
}

// /v3/clock, Alpaca's multi-market clock (the JS SDK v4's clock()): the phase of the NYSE day
// and when it ends, at the exchange's clock or at ?time=.
TEST(PaperExchange, ClockV3PhasesOfTheDay) {
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  auto clock = [&](std::multimap<std::string, std::string> q) {
    PaperResponse r = Call(ex, "GET", "/v3/clock", "", std::move(q));
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["clocks"].size(), 1u);
    return j["clocks"][0];
  };
  auto core = clock({});
  EXPECT_EQ(core["market"]["acronym"], "NYSE");
  EXPECT_EQ(core["market"]["mic"], "XNYS");
  EXPECT_EQ(core["market"]["timezone"], "America/New_York");
  EXPECT_EQ(core["timestamp"], "2024-01-02T10:00:00-05:00");
  EXPECT_EQ(core["is_market_day"], true);
  EXPECT_EQ(core["phase"], "core");
  EXPECT_EQ(core["phase_until"], "2024-01-02T16:00:00-05:00");
  EXPECT_EQ(core["next_market_open"], "2024-01-03T09:30:00-05:00");
  EXPECT_EQ(core["next_market_close"], "2024-01-02T16:00:00-05:00");
  auto pre = clock({{"time", "2024-01-02T12:00:00Z"}, {"markets", "NYSE"}});
  EXPECT_EQ(pre["phase"], "pre");
  EXPECT_EQ(pre["phase_until"], "2024-01-02T09:30:00-05:00");
  EXPECT_EQ(pre["next_market_open"], "2024-01-02T09:30:00-05:00");
  auto post = clock({{"time", "2024-01-02T22:00:00Z"}});
  EXPECT_EQ(post["phase"], "post");
  EXPECT_EQ(post["phase_until"], "2024-01-02T20:00:00-05:00");
  EXPECT_EQ(post["next_market_close"], "2024-01-03T16:00:00-05:00");
  // Friday night to Monday: closed over the weekend (and MLK day 2024-01-15).
  auto weekend = clock({{"time", "2024-01-13T15:00:00Z"}, {"markets", "XNYS"}});
  EXPECT_EQ(weekend["is_market_day"], false);
  EXPECT_EQ(weekend["phase"], "closed");
  EXPECT_EQ(weekend["phase_until"], "2024-01-16T04:00:00-05:00");
  EXPECT_EQ(weekend["next_market_open"], "2024-01-16T09:30:00-05:00");
  auto night = clock({{"time", "2024-01-03T06:00:00Z"}});
  EXPECT_EQ(night["phase"], "closed");
  EXPECT_EQ(night["is_market_day"], true);
  EXPECT_EQ(night["phase_until"], "2024-01-03T04:00:00-05:00");
  PaperResponse bad = Call(ex, "GET", "/v3/clock", "", {{"markets", "LSE"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("unknown market 'LSE'"), std::string::npos);
  EXPECT_EQ(Call(ex, "GET", "/v3/clock", "", {{"time", "yesterday"}}).status, 422);
}

TEST(PaperExchange, CalendarV3HasThePhasesOfEachSession) {
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  PaperResponse r =
      Call(ex, "GET", "/v3/calendar/NYSE", "", {{"start", "2024-11-27"}, {"end", "2024-12-02"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["market"]["mic"], "XNYS");
  // Thanksgiving is closed, the Friday after closes at 13:00.
  ASSERT_EQ(j["calendar"].size(), 3u) << r.body;
  EXPECT_EQ(j["calendar"][1]["date"], "2024-11-29");
  EXPECT_EQ(j["calendar"][1]["pre_start"], "2024-11-29T04:00:00-05:00");
  EXPECT_EQ(j["calendar"][1]["core_start"], "2024-11-29T09:30:00-05:00");
  EXPECT_EQ(j["calendar"][1]["core_end"], "2024-11-29T13:00:00-05:00");
  EXPECT_EQ(j["calendar"][1]["post_end"], "2024-11-29T20:00:00-05:00");
  EXPECT_EQ(Call(ex, "GET", "/v3/calendar/LSE").status, 404);
}

// Alpaca's last_equity is the equity at the previous close: the start of the trading day the
// live side's max_daily_loss_fraction measures the day's loss from.
TEST(PaperExchange, LastEquityIsThePreviousDaysCloseEquity) {
  const std::vector<BarSeries> bars = Bars();
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  auto account = [&] {
    auto a = alpaca::ParseAccountJson(Call(ex, "GET", "/v2/account").body);
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a : alpaca::TradingAccount();
  };
  const alpaca::TradingAccount start = account();
  EXPECT_EQ(start.last_equity, start.equity);  // nothing traded yet
  ASSERT_EQ(
      Call(ex, "POST", "/v2/orders",
           R"({"symbol":"AAA","qty":"10","side":"buy","type":"market","time_in_force":"day"})")
          .status,
      200);
  // Day 1, 15:00 New York (bar 21 closed): the day started before the buy, so last_equity is
  // still the opening equity while equity follows the marks.
  ASSERT_TRUE(ex.AdvanceTo(T("2024-01-02T20:00:00Z")).ok());
  const alpaca::TradingAccount day1 = account();
  EXPECT_EQ(day1.last_equity, start.equity);
  EXPECT_NEAR(day1.equity.ToDouble(), day1.cash.ToDouble() + 10 * bars[0].close[21], 0.006);
  // Day 2 before the open: last_equity is the cash plus the shares at day 1's last close.
  ASSERT_TRUE(ex.AdvanceTo(T("2024-01-03T13:00:00Z")).ok());
  const alpaca::TradingAccount before_open = account();
  const double close1 = day1.cash.ToDouble() + 10 * bars[0].close[25];
  EXPECT_NEAR(before_open.last_equity.ToDouble(), close1, 0.006);
  EXPECT_EQ(before_open.last_equity, before_open.equity);
  // Day 2, 10:15 New York: equity moved with the day's bars, last_equity did not.
  ASSERT_TRUE(ex.AdvanceTo(T("2024-01-03T15:15:00Z")).ok());
  const alpaca::TradingAccount day2 = account();
  EXPECT_EQ(day2.last_equity, before_open.last_equity);
  EXPECT_NEAR(day2.equity.ToDouble(), day2.cash.ToDouble() + 10 * bars[0].close[28], 0.006);
  EXPECT_NE(day2.equity, day2.last_equity);
}

TEST(PaperServer, RealHttpWithOurClientAndFaults) {
  PaperExchange ex(Bars(), {{}, T("2024-01-02T15:00:00Z")});
  PaperServer server(ex);
  ASSERT_TRUE(server.Start().ok());
  net::HttpsClient client;
  alpaca::AlpacaTradingClient c(client, {server.base_url(), "k", "s", std::chrono::seconds(5)});
  auto acct = c.GetAccount();
  ASSERT_TRUE(acct.ok()) << acct.status().ToString();
  EXPECT_EQ(acct->cash, Decimal::FromInt(100000));
  alpaca::AlpacaTradingClient nokeys(client, {server.base_url(), "", "", std::chrono::seconds(5)});
  EXPECT_EQ(nokeys.GetAccount().status().code(), StatusCode::kUnauthenticated);

  OrderRequest req;
  req.symbol = "BBB";
  req.qty = Decimal::FromInt(3);
  req.client_order_id = "drop-me";
  PaperFault drop;
  drop.kind = PaperFault::Kind::kDropAfter;
  drop.method = "POST";
  drop.path_prefix = "/v2/orders";
  server.PushFault(drop);
  auto lost = c.CreateOrder(req);
  EXPECT_FALSE(lost.ok());  // the answer never came...
  auto found = c.GetOrderByClientId("drop-me");
  ASSERT_TRUE(found.ok()) << found.status().ToString();  // ...but the order exists
  PaperFault rate;
  rate.kind = PaperFault::Kind::kStatus;
  rate.status = 429;
  server.PushFault(rate);
  EXPECT_EQ(c.GetClock().status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(c.GetClock().ok());
  auto cancel_all = c.CancelAllOrders();
  ASSERT_TRUE(cancel_all.ok()) << cancel_all.status().ToString();
  EXPECT_EQ(cancel_all->size(), 1u);
  server.Stop();
}

}  // namespace
}  // namespace tradelet::live
