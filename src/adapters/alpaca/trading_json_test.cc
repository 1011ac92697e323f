#include "tradelet/adapters/alpaca/trading_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tradelet/calendar/nyse_calendar.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::alpaca {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Timestamp T(const char* s) { return *ParseTimestamp(s); }
Decimal D(const char* s) { return *Decimal::Parse(s); }

TEST(TradingJsonFixtures, EveryTradingFixtureParses) {
  TL_REQUIRE_SHARED(dir, "data/fixtures/alpaca");
  struct Case {
    const char* file;
    const char* kind;
  };
  const Case cases[] = {
      {"alpaca-py/trading/test_get_account__1_GET_v2_account.json", "account"},
      {"alpaca-py/trading/test_get_all_assets__1_GET_v2_assets.json", "assets"},
      {"alpaca-py/trading/test_get_all_assets_params__1_GET_v2_assets.json", "assets"},
      {"alpaca-py/trading/test_get_asset__1_GET_v2_assets_symbol.json", "asset"},
      {"alpaca-py/trading/test_market_order__1_POST_v2_orders.json", "order"},
      {"alpaca-py/trading/test_limit_order__1_POST_v2_orders.json", "order"},
      {"alpaca-py/trading/test_order_position_intent__1_POST_v2_orders.json", "order"},
      {"alpaca-py/trading/test_order_position_intent__2_POST_v2_orders.json", "order"},
      {"alpaca-py/trading/test_get_orders__1_GET_v2_orders.json", "orders"},
      {"alpaca-py/trading/test_get_order_by_id__1_GET_v2_orders_order_id.json", "order"},
      {"alpaca-py/trading/test_get_order_by_client_id__1_GET_v2_orders_by_client_order_id.json",
       "order"},
      {"alpaca-py/trading/test_replace_order__1_PATCH_v2_orders_order_id.json", "order"},
      {"alpaca-py/trading/test_cancel_orders__1_DELETE_v2_orders.json", "multi_id"},
      {"alpaca-py/trading/test_get_all_positions__1_GET_v2_positions.json", "positions"},
      {"alpaca-py/trading/test_close_all_positions__1_DELETE_v2_positions.json", "multi_symbol"},
      {"alpaca-py/trading/test_close_position_with_qty__1_DELETE_v2_positions_asset_id.json",
       "order"},
      {"alpaca-py/trading/test_close_position_with_percentage__1_DELETE_v2_positions_asset_id.json",
       "order"},
      {"alpaca-trade-api-python/test_api__1_GET_v1_account.json", "account"},
      {"alpaca-trade-api-python/test_api__2_GET_v1_assets.json", "assets"},
      {"alpaca-trade-api-python/test_api__3_GET_v1_assets_asset_id.json", "asset"},
      {"alpaca-trade-api-python/test_orders__1_GET_v1_orders.json", "orders"},
      {"alpaca-trade-api-python/test_orders__2_POST_v1_orders.json", "order"},
      {"alpaca-trade-api-python/test_orders__3_GET_v1_orders_by_client_order_id.json", "order"},
      {"alpaca-trade-api-python/test_orders__4_GET_v1_orders_order_id.json", "order"},
      {"alpaca-trade-api-python/test_positions__1_GET_v1_positions.json", "positions"},
      {"alpaca-trade-api-python/test_positions__2_GET_v1_positions_asset_id.json", "position"},
      {"alpaca-trade-api-python/test_chronos__1_GET_v1_clock.json", "clock"},
      {"alpaca-trade-api-python/test_chronos__2_GET_v1_calendar.json", "calendar"},
      {"alpaca-trade-api-python/test_errors__4_POST_v2_orders.json", "order"},
      {"alpaca-docs/order-v2.example.json", "order"},
      {"alpaca-docs/position.example.json", "position"},
      {"alpaca-docs/clock.example.json", "clock"},
      {"alpaca-docs/account-v2.example.json", "account"},
      {"recorded/v2_orders_empty_2021-01-06.json", "orders"},
      {"recorded/v2_account_paper_2021-01-06.json", "account"},
      {"recorded/v2_calendar_full_1970-2029_recorded_2021-01-06.json", "calendar"},
  };
  int parsed = 0;
  for (const Case& c : cases) {
    const std::string body = Slurp(dir + "/" + c.file);
    ASSERT_FALSE(body.empty()) << c.file;
    const std::string kind = c.kind;
    Status s;
    if (kind == "account") s = ParseAccountJson(body).status();
    else if (kind == "assets") s = ParseAssetsJson(body).status();
    else if (kind == "asset") s = ParseAssetJson(body).status();
    else if (kind == "order") s = ParseOrderJson(body).status();
    else if (kind == "orders") s = ParseOrdersJson(body).status();
    else if (kind == "positions") s = ParsePositionsJson(body).status();
    else if (kind == "position") s = ParsePositionJson(body).status();
    else if (kind == "clock") s = ParseClockJson(body).status();
    else if (kind == "calendar") s = ParseCalendarJson(body).status();
    else if (kind == "multi_id") s = ParseMultiStatusJson(body, "id").status();
    else if (kind == "multi_symbol") s = ParseMultiStatusJson(body, "symbol").status();
    EXPECT_TRUE(s.ok()) << c.file << ": " << s.ToString();
    parsed += s.ok();
  }
  EXPECT_EQ(parsed, static_cast<int>(std::size(cases)));
  std::printf("trading fixtures parsed: %d\n", parsed);
}

TEST(TradingJsonFixtures, MarketOrderValues) {
  TL_REQUIRE_SHARED(dir, "data/fixtures/alpaca/alpaca-py/trading");
  auto o = ParseOrderJson(Slurp(dir + "/test_market_order__1_POST_v2_orders.json"));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->order.id, "61e69015-8549-4bfd-b9c3-01e75843f47d");
  EXPECT_EQ(o->order.qty, Decimal::FromInt(1));  // a JSON number in this fixture
  EXPECT_EQ(o->order.status, OrderStatus::kAccepted);
  EXPECT_EQ(o->order.type, OrderType::kMarket);
  EXPECT_EQ(o->order.created_at, T("2021-03-16T18:38:01.942282Z"));
  EXPECT_FALSE(o->order.notional.has_value());
  EXPECT_EQ(o->position_intent, "buy_to_open");
}

TEST(TradingJsonFixtures, PositionsAndMultiStatus) {
  TL_REQUIRE_SHARED(dir, "data/fixtures/alpaca/alpaca-py/trading");
  auto ps = ParsePositionsJson(Slurp(dir + "/test_get_all_positions__1_GET_v2_positions.json"));
  ASSERT_TRUE(ps.ok()) << ps.status().ToString();
  ASSERT_EQ(ps->size(), 1u);
  EXPECT_EQ((*ps)[0].symbol, "AAPL");
  EXPECT_EQ((*ps)[0].qty, Decimal::FromInt(5));
  EXPECT_EQ((*ps)[0].avg_entry_price, Decimal::FromInt(100));
  auto ms = ParseMultiStatusJson(
      Slurp(dir + "/test_close_all_positions__1_DELETE_v2_positions.json"), "symbol");
  ASSERT_TRUE(ms.ok()) << ms.status().ToString();
  ASSERT_GE(ms->size(), 3u);
  EXPECT_EQ((*ms)[0].status, 200);
  ASSERT_TRUE((*ms)[0].order.has_value());
  EXPECT_EQ((*ms)[0].order->order.order_class, OrderClass::kSimple);  // "" in the payload
  EXPECT_EQ((*ms)[0].order->order.qty, D("0.0283"));
  EXPECT_EQ((*ms)[1].status, 403);
  EXPECT_EQ((*ms)[1].error_code, 40310000);
  EXPECT_NE((*ms)[1].error_message.find("insufficient qty"), std::string::npos);
}

TEST(TradingJsonFixtures, ClockWithNineFractionalDigits) {
  TL_REQUIRE_SHARED(dir, "data/fixtures/alpaca/alpaca-docs");
  auto c = ParseClockJson(Slurp(dir + "/clock.example.json"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->is_open);
  EXPECT_EQ(c->timestamp, T("2022-04-28T18:07:04.451420928Z"));
  EXPECT_EQ(c->next_close, T("2022-04-28T20:00:00Z"));
}

// The recorded 1970-2029 calendar against tradelet's own NYSE calendar (built from the rules,
// not from this file): every session date and its open/close instant must agree.
TEST(TradingJsonFixtures, RecordedCalendarMatchesNyseCalendar) {
  TL_REQUIRE_SHARED(dir, "data/fixtures/alpaca/recorded");
  auto days = ParseCalendarJson(Slurp(dir + "/v2_calendar_full_1970-2029_recorded_2021-01-06.json"));
  ASSERT_TRUE(days.ok()) << days.status().ToString();
  const NyseCalendar& cal = NyseCalendar::Get();
  int compared = 0, mismatched = 0;
  for (const CalendarDay& d : *days) {
    if (d.date < CivilDate{2000, 1, 1} || d.date > CivilDate{2020, 12, 31}) continue;
    auto s = cal.SessionOn(d.date);
    ++compared;
    if (!s.ok() || s->open != d.open || s->close != d.close) {
      ++mismatched;
      if (mismatched < 5) ADD_FAILURE() << "calendar mismatch on " << d.date.ToString();
    }
  }
  auto expected = cal.SessionsBetween({2000, 1, 1}, {2020, 12, 31});
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(compared, static_cast<int>(expected->size()));
  EXPECT_EQ(mismatched, 0);
}

TEST(TradingJson, TolerantOrder) {
  // Decimals as numbers, nulls, unknown enum values, "" order class, 0 fractional digits,
  // nested legs.
  const char* body = R"({"id":"p","client_order_id":"c","symbol":"SPY","qty":10,
    "filled_qty":"2.5","filled_avg_price":500.25,"limit_price":null,"type":"warp",
    "side":"buy","time_in_force":"gtc","order_class":"bracket","status":"brand_new",
    "created_at":"2024-01-02T15:00:00-05:00","extra_field":{"x":1},
    "legs":[{"id":"tp","symbol":"SPY","qty":"10","type":"limit","limit_price":"510",
             "side":"sell","time_in_force":"gtc","status":"held","order_class":"bracket",
             "created_at":"2024-01-02T20:00:00.1Z"}]})";
  auto o = ParseOrderJson(body);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->order.qty, Decimal::FromInt(10));
  EXPECT_EQ(o->order.filled_qty, D("2.5"));
  EXPECT_EQ(o->order.filled_avg_price, D("500.25"));
  EXPECT_EQ(o->order.status, OrderStatus::kUnknown);
  EXPECT_EQ(o->status_text, "brand_new");
  ASSERT_EQ(o->unknown_values.size(), 2u);
  EXPECT_EQ(o->unknown_values[0], "type=warp");
  EXPECT_EQ(o->order.created_at, T("2024-01-02T20:00:00Z"));
  ASSERT_EQ(o->legs.size(), 1u);
  EXPECT_EQ(o->legs[0].order.status, OrderStatus::kHeld);
  EXPECT_EQ(o->legs[0].order.parent_id, "p");
  EXPECT_EQ(o->order.leg_ids, std::vector<std::string>{"tp"});
}

TEST(TradingJson, ErrorsNameTheJsonPath) {
  auto o = ParseOrderJson(R"({"id":"p","legs":[{"id":"a","limit_price":{"x":1}}]})");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("order.legs[0].limit_price"), std::string::npos)
      << o.status().message();
  auto a = ParseAccountJson(R"({"cash":"12x"})");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("account.cash"), std::string::npos) << a.status().message();
  auto c = ParseCalendarJson(R"([{"date":"2024-01-02","open":"09:30","close":"16:00"},
                                 {"date":"2024-01-03","open":"9h30","close":"16:00"}])");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("calendar[1].open"), std::string::npos);
  EXPECT_FALSE(ParseOrdersJson("{}").ok());
  EXPECT_FALSE(ParseClockJson(R"({"is_open":true})").ok());
}

TEST(TradingJson, OrderRequestRoundTripWithEveryField) {
  OrderRequest r;
  r.symbol = "SPY";
  r.side = OrderSide::kSell;
  r.type = OrderType::kLimit;
  r.time_in_force = TimeInForce::kGtc;
  r.qty = Decimal::FromInt(100);
  r.limit_price = D("500.1");
  r.order_class = OrderClass::kBracket;
  r.take_profit = TakeProfitLeg{D("490")};
  r.stop_loss = StopLossLeg{D("505"), D("505.5")};
  r.client_order_id = "s1-20240102T1500-SPY-s-0";
  const std::string json = OrderRequestToJson(r);
  // Decimals go out as strings (what Alpaca recommends).
  EXPECT_NE(json.find(R"("limit_price":"500.1")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("stop_loss":{"limit_price":"505.5","stop_price":"505"})"),
            std::string::npos) << json;
  auto back = ParseOrderRequestJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->symbol, "SPY");
  EXPECT_EQ(back->side, OrderSide::kSell);
  EXPECT_EQ(back->order_class, OrderClass::kBracket);
  EXPECT_EQ(back->take_profit->limit_price, D("490"));
  EXPECT_EQ(*back->stop_loss->limit_price, D("505.5"));
  EXPECT_EQ(back->client_order_id, r.client_order_id);

  OrderRequest trail;
  trail.symbol = "AAPL";
  trail.type = OrderType::kTrailingStop;
  trail.side = OrderSide::kSell;
  trail.qty = Decimal::FromInt(3);
  trail.trail_percent = D("1.5");
  auto t2 = ParseOrderRequestJson(OrderRequestToJson(trail));
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(*t2->trail_percent, D("1.5"));
  EXPECT_FALSE(t2->trail_price.has_value());
  EXPECT_FALSE(ParseOrderRequestJson(R"({"symbol":"X","side":"hold","type":"market","time_in_force":"day"})").ok());
}

TEST(TradingJson, OrderWriterReadsBack) {
  TradingOrder t;
  t.order.id = "o-1";
  t.order.client_order_id = "c";
  t.order.symbol = "SPY";
  t.order.qty = D("2");
  t.order.filled_qty = D("2");
  t.order.filled_avg_price = D("401.23");
  t.order.status = OrderStatus::kFilled;
  t.order.created_at = T("2024-01-02T15:00:00.123456789Z");
  t.order.updated_at = t.order.created_at;
  TradingOrder leg = t;
  leg.order.id = "o-2";
  leg.order.status = OrderStatus::kHeld;
  t.legs.push_back(leg);
  auto back = ParseOrderJson(OrderToJson(t));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->order.created_at, t.order.created_at);
  EXPECT_EQ(back->order.filled_avg_price, D("401.23"));
  EXPECT_EQ(back->order.status, OrderStatus::kFilled);
  ASSERT_EQ(back->legs.size(), 1u);
  EXPECT_EQ(back->legs[0].order.status, OrderStatus::kHeld);
}

}  // namespace
}  // namespace tradelet::alpaca
