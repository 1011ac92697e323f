// A strategy's own book on a shared account (job_book.h): attribution by client order id, the
// book from fills, min(book, account), unattributed holdings, the cash rule, and the config keys.
#include "live/job_book.h"

#include <gtest/gtest.h>

#include "tradelet/live/client_order_id.h"

namespace tradelet::live {
namespace {

Decimal D(const char* s) { return Decimal::Parse(s).value(); }
Timestamp T(const char* s) { return *ParseTimestamp(s); }

constexpr char kConfig[] = R"(
[live]
strategy_id = "pt-a"
symbols = ["AAPL"]
book = "strategy"
account_share = 0.5
[strategy]
name = "sma_crossover"
fast = 2
slow = 5
)";

alpaca::TradingOrder Filled(const std::string& id, const std::string& cid, const std::string& sym,
                            OrderSide side, const char* qty, const char* price, const char* at) {
  alpaca::TradingOrder o;
  o.order.id = id;
  o.order.client_order_id = cid;
  o.order.symbol = sym;
  o.order.side = side;
  o.order.qty = D(qty);
  o.order.filled_qty = D(qty);
  o.order.filled_avg_price = D(price);
  o.order.filled_at = T(at);
  o.order.status = OrderStatus::kFilled;
  return o;
}

alpaca::TradingPosition Held(const std::string& sym, const char* qty, const char* price) {
  alpaca::TradingPosition p;
  p.symbol = sym;
  p.qty = D(qty);
  p.current_price = D(price);
  return p;
}

TEST(JobBook, ClientOrderIdAttribution) {
  EXPECT_EQ(StrategyOfClientOrderId("pt-a-20190213T1445Z-AAPL-b-0"), "pt-a");
  EXPECT_EQ(StrategyOfClientOrderId("manual-aapl-1"), "");
  EXPECT_TRUE(IsOwnClientOrderId("pt-a", "pt-a-20190213T1445Z-AAPL-b-0"));
  // "pt" is a prefix of "pt-a" but the slot must follow the whole id.
  EXPECT_FALSE(IsOwnClientOrderId("pt", "pt-a-20190213T1445Z-AAPL-b-0"));
  EXPECT_FALSE(IsOwnClientOrderId("pt-a", "pt-ab-20190213T1445Z-AAPL-b-0"));
  // The hashed form of a long id keeps 8 characters: ours only when the journal says so.
  const std::string hashed =
      MakeClientOrderId("variant-long", T("2019-02-13T14:45:00Z"), "BRK.B", OrderSide::kBuy, 0);
  const std::set<std::string> journaled = {hashed};
  EXPECT_FALSE(IsOwnClientOrderId("variant-long", hashed));
  EXPECT_TRUE(IsOwnClientOrderId("variant-long", hashed, &journaled));
  const std::set<std::string> none;
  EXPECT_FALSE(IsOwnClientOrderId("variant-other", hashed, &none));
}

TEST(JobBook, BookFromOwnFillsAndTheRestUnattributed) {
  auto c = ParseLiveConfig(kConfig, "s.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Timestamp slot = T("2019-02-13T16:00:00Z");
  BookInput in;
  using S = OrderSide;
  // pt-a: AAPL 4 @ 100 then 2 @ 106 (avg 102); SPY 5 @ 270, its take-profit leg sold 2 @ 280.
  in.orders.push_back(Filled("1", "pt-a-20190213T1445Z-AAPL-b-0", "AAPL", S::kBuy, "4", "100",
                             "2019-02-13T14:46:00Z"));
  in.orders.push_back(Filled("2", "pt-a-20190213T1500Z-AAPL-b-0", "AAPL", S::kBuy, "2", "106",
                             "2019-02-13T15:01:00Z"));
  auto spy = Filled("3", "pt-a-20190213T1445Z-SPY-b-0", "SPY", S::kBuy, "5", "270",
                    "2019-02-13T14:46:00Z");
  spy.legs.push_back(Filled("3a", "leg-uuid", "SPY", S::kSell, "2", "280", "2019-02-13T15:10:00Z"));
  in.orders.push_back(spy);
  // pt-b (another strategy), an order placed by hand, and this slot's earlier attempt of pt-a.
  in.orders.push_back(Filled("4", "pt-b-20190213T1445Z-AAPL-b-0", "AAPL", S::kBuy, "3", "110",
                             "2019-02-13T14:46:00Z"));
  in.orders.push_back(Filled("5", "manual-1", "AAPL", S::kBuy, "3", "101", "2019-02-13T14:50:00Z"));
  in.orders.push_back(Filled("6", "pt-a-20190213T1600Z-MSFT-b-0", "MSFT", S::kBuy, "1", "100",
                             "2019-02-13T16:00:02Z"));
  // The account: AAPL 4 + 2 + 3 + 3; SPY 1 (2 of pt-a's 3 sold outside); MSFT 1 (the attempt)
  // + 5 with no order at all; TSLA 2 with no order.
  in.positions = {Held("AAPL", "12", "105"), Held("SPY", "1", "275"), Held("MSFT", "6", "100"),
                  Held("TSLA", "2", "300")};
  in.account.cash = D("10000");
  in.journaled = {"pt-a-20190213T1445Z-AAPL-b-0", "pt-a-20190213T1500Z-AAPL-b-0",
                  "pt-a-20190213T1445Z-SPY-b-0"};

  const BookResult b = ComputeBook(in, *c, slot);
  ASSERT_EQ(b.positions.size(), 2u);
  EXPECT_EQ(b.positions.at("AAPL").first, D("6"));
  EXPECT_EQ(b.positions.at("AAPL").second, D("102"));
  EXPECT_EQ(b.positions.at("SPY").first, D("1"));  // min(book 3, account 1)
  EXPECT_EQ(b.positions.at("SPY").second, D("270"));
  EXPECT_EQ(b.own_order_ids, (std::set<std::string>{"1", "2", "3", "3a"}));
  bool said_sold_outside = false;
  for (const auto& w : b.warnings) said_sold_outside |= w.starts_with("SPY: the account holds 1");
  EXPECT_TRUE(said_sold_outside);

  std::map<std::string, std::string> un;
  for (const auto& u : b.unattributed) un[u.symbol + " " + u.qty] = u.reason;
  ASSERT_EQ(b.unattributed.size(), 4u) << b.json;
  EXPECT_EQ(b.unattributed[0].symbol, "AAPL");
  EXPECT_EQ(b.unattributed[0].reason, "other strategy: pt-b");
  EXPECT_EQ(b.unattributed[1].symbol, "AAPL");
  EXPECT_EQ(b.unattributed[1].qty, "3");
  EXPECT_NE(b.unattributed[1].reason.find("orders without a tradelet client_order_id"),
            std::string::npos);
  EXPECT_NE(un["MSFT 5"].find("no order at the broker"), std::string::npos);  // 1 = the attempt
  EXPECT_NE(un["TSLA 2"].find("no order at the broker"), std::string::npos);

  // tradelet cash = 10000 + (400 + 212 + 1350 - 560) + 330 + 100 = 11832; pt-a's half minus its
  // own net spend (1402): 4514. Equity adds 6 x 105 + 1 x 275.
  EXPECT_EQ(b.account.cash, D("4514"));
  EXPECT_EQ(b.account.long_value, D("905"));
  // Nothing was bought before the day: the day started with pt-a's half of the cash.
  EXPECT_EQ(b.last_equity, D("5916"));
}

TEST(JobBook, DayStartIsTheBooksPreviousClose) {
  auto c = ParseLiveConfig(kConfig, "s.toml");
  ASSERT_TRUE(c.ok());
  BookInput in;
  // Bought 10 @ 100 yesterday, sold 4 @ 110 today; yesterday's close 105, now 112.
  in.orders.push_back(Filled("1", "pt-a-20190212T1500Z-AAPL-b-0", "AAPL", OrderSide::kBuy, "10",
                             "100", "2019-02-12T15:01:00Z"));
  in.orders.push_back(Filled("2", "pt-a-20190213T1500Z-AAPL-s-0", "AAPL", OrderSide::kSell, "4",
                             "110", "2019-02-13T15:01:00Z"));
  auto p = Held("AAPL", "6", "112");
  p.lastday_price = D("105");
  in.positions = {p};
  in.account.cash = D("10000");
  const BookResult b = ComputeBook(in, *c, T("2019-02-13T16:00:00Z"));
  EXPECT_EQ(b.positions.at("AAPL").first, D("6"));
  EXPECT_EQ(b.positions.at("AAPL").second, D("100"));  // a sell keeps the average cost
  // tradelet cash 10000 + 1000 - 440 = 10560, half 5280; spent 560 net: cash 4720.
  EXPECT_EQ(b.account.cash, D("4720"));
  EXPECT_EQ(b.account.long_value, D("672"));
  // Yesterday's close: 5280 - 1000 + 10 x 105.
  EXPECT_EQ(b.last_equity, D("5330"));
}

TEST(JobBook, CashNeverAboveTheAccounts) {
  auto c = ParseLiveConfig(kConfig, "s.toml");
  ASSERT_TRUE(c.ok());
  BookInput in;
  // pt-b spent 9000 of a 10000 account: pt-a's half (5000) is more than the 1000 left.
  in.orders.push_back(Filled("1", "pt-b-20190213T1445Z-AAPL-b-0", "AAPL", OrderSide::kBuy, "90",
                             "100", "2019-02-13T14:46:00Z"));
  in.positions = {Held("AAPL", "90", "100")};
  in.account.cash = D("1000");
  const BookResult b = ComputeBook(in, *c, T("2019-02-13T16:00:00Z"));
  EXPECT_EQ(b.account.cash, D("1000"));
  EXPECT_TRUE(b.positions.empty());
  ASSERT_EQ(b.unattributed.size(), 1u);
  EXPECT_EQ(b.unattributed[0].reason, "other strategy: pt-b");
}

TEST(JobBook, ConfigKeysAreChecked) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string text = kConfig;
    text.replace(text.find(from), from.size(), to);
    return ParseLiveConfig(text, "s.toml");
  };
  auto ok = ParseLiveConfig(kConfig, "s.toml");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->own_book);
  EXPECT_DOUBLE_EQ(ok->account_share, 0.5);
  for (const char* bad : {"account_share = 0", "account_share = 1.5", "account_share = -0.1",
                          "account_share = \"half\""}) {
    auto r = with("account_share = 0.5", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("live.account_share"), std::string::npos) << bad;
  }
  EXPECT_TRUE(with("account_share = 0.5", "account_share = 1").ok());
  auto no_book = with("book = \"strategy\"", "book = \"account\"");
  ASSERT_FALSE(no_book.ok());
  EXPECT_NE(no_book.status().message().find("live.account_share"), std::string::npos);
  auto bad_book = with("book = \"strategy\"", "book = \"mine\"");
  ASSERT_FALSE(bad_book.ok());
  EXPECT_NE(bad_book.status().message().find("live.book"), std::string::npos);
  for (const char* bad : {"strategy_id = \"pt.a\"", "strategy_id = \"pt a\"",
                          "strategy_id = \"variant-seventeen\""}) {
    auto r = with("strategy_id = \"pt-a\"", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("live.strategy_id"), std::string::npos) << bad;
  }
  // Without the keys: the whole account is the strategy's, as before.
  auto plain = with("book = \"strategy\"\naccount_share = 0.5\n", "");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_FALSE(plain->own_book);
  EXPECT_DOUBLE_EQ(plain->account_share, 1.0);
}

}  // namespace
}  // namespace tradelet::live
