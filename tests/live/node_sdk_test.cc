// Compatibility with a client nobody here wrote: Alpaca's official JavaScript SDK
// (@alpacahq/alpaca-trade-api, tests/node) drives the paper exchange over HTTP; what the SDK
// saw is checked against the exchange's own state. Skips when node or the package is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "e2e_fixture.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::live::e2e {
namespace {

constexpr char kNodeDir[] = TRADELET_SOURCE_DIR "/tests/node";

TEST(AlpacaJsSdk, ClockAccountAssetsCalendarBarsOrdersPositions) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node is not installed";
  if (!std::filesystem::exists(std::string(kNodeDir) +
                               "/node_modules/@alpacahq/alpaca-trade-api/package.json")) {
    GTEST_SKIP() << "@alpacahq/alpaca-trade-api is not installed (npm ci in tests/node)";
  }
  PaperExchange exchange(ZigzagBars({"AAA", "BBB"}), {{}, T("2024-01-03T15:00:00Z")});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  const std::string out = testing::TempDir("sdk") + "/sdk.json";
  const std::string cmd = "cd " + std::string(kNodeDir) + " && node alpaca_sdk_paper_exchange.mjs " +
                          server.base_url() + " " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str());

  EXPECT_EQ(j["account"]["cash"], "100000");
  EXPECT_EQ(j["account"]["status"], "ACTIVE");
  EXPECT_TRUE(j["clock"]["isOpen"].get<bool>());
  // GET /v3/clock (SDK v4's clock()): Wednesday 2024-01-03 10:00 New York, the core session.
  ASSERT_EQ(j["clockV3"].size(), 1u);
  EXPECT_EQ(j["clockV3"][0]["acronym"], "NYSE");
  EXPECT_EQ(j["clockV3"][0]["mic"], "XNYS");
  EXPECT_EQ(j["clockV3"][0]["isMarketDay"], true);
  EXPECT_EQ(j["clockV3"][0]["phase"], "core");
  EXPECT_EQ(j["clockV3"][0]["timestamp"], "2024-01-03T15:00:00.000Z");
  EXPECT_EQ(j["clockV3"][0]["phaseUntil"], "2024-01-03T21:00:00.000Z");
  EXPECT_EQ(j["clockV3"][0]["nextMarketOpen"], "2024-01-04T14:30:00.000Z");
  EXPECT_EQ(j["clockV3"][0]["nextMarketClose"], "2024-01-03T21:00:00.000Z");
  EXPECT_EQ(j["clockV3Pre"]["phase"], "pre");
  EXPECT_EQ(j["clockV3Pre"]["phaseUntil"], "2024-01-04T14:30:00.000Z");
  EXPECT_EQ(j["assets"], nlohmann::json::array({"AAA", "BBB"}));
  EXPECT_EQ(j["asset"]["symbol"], "BBB");
  EXPECT_EQ(j["asset"]["tradable"], true);
  // 2024-01-12..17: Friday, then Martin Luther King Day (closed), Tuesday, Wednesday.
  EXPECT_EQ(j["calendar"], nlohmann::json::array({"2024-01-12", "2024-01-16", "2024-01-17"}));
  ASSERT_EQ(j["calendarV3"].size(), 3u);
  EXPECT_EQ(j["calendarV3"][1]["date"], "2024-01-16");
  EXPECT_EQ(j["calendarV3"][1]["coreStart"], "2024-01-16T14:30:00.000Z");
  EXPECT_EQ(j["calendarV3"][1]["coreEnd"], "2024-01-16T21:00:00.000Z");
  // Bars that closed by 15:00 on 2024-01-03: 26 on the 2nd, 14:30 and 14:45 on the 3rd; 56
  // rows at 10 a page. The first AAA bar closes at base 50 - 1 (ZigzagBars).
  EXPECT_EQ(j["barPages"], 6);
  for (const char* sym : {"AAA", "BBB"}) {
    ASSERT_EQ(j["bars"][sym].size(), 28u) << sym;
    EXPECT_EQ(j["bars"][sym][0]["t"], "2024-01-02T14:30:00.000Z");
    EXPECT_EQ(j["bars"][sym][27]["t"], "2024-01-03T14:45:00.000Z");
  }
  EXPECT_EQ(j["bars"]["AAA"][0]["c"], 49.0);
  EXPECT_EQ(j["bars"]["BBB"][0]["c"], 99.0);
  const auto orders = ExchangeOrders(exchange);
  ASSERT_TRUE(orders.count("sdk-market-1"));
  ASSERT_TRUE(orders.count("sdk-bracket-1"));
  EXPECT_EQ(j["market"]["id"], orders.at("sdk-market-1").order.id);
  EXPECT_EQ(j["bracket"]["orderClass"], "bracket");
  EXPECT_EQ(j["bracket"]["legs"], 2);
  EXPECT_EQ(j["byId"]["id"], j["market"]["id"]);
  EXPECT_EQ(j["byId"]["symbol"], "AAA");
  EXPECT_EQ(j["byClientId"]["id"], orders.at("sdk-bracket-1").order.id);
  ASSERT_EQ(j["byClientId"]["legs"].size(), 2u);
  EXPECT_EQ(j["byClientId"]["legs"][0]["type"], "limit");
  EXPECT_EQ(j["byClientId"]["legs"][0]["limitPrice"], "60");
  EXPECT_EQ(j["byClientId"]["legs"][1]["type"], "stop");
  EXPECT_EQ(j["byClientId"]["legs"][1]["stopPrice"], "30");
  EXPECT_EQ(j["listed"].size(), 2u);  // nested: legs under their parent
  EXPECT_EQ(j["openListed"], nlohmann::json::array({"sdk-bracket-1", "sdk-market-1"}));
  EXPECT_EQ(j["canceledStatus"], "canceled");
  EXPECT_EQ(j["canceledLegs"], nlohmann::json::array({"canceled", "canceled"}));
  EXPECT_EQ(j["duplicate"], 422);
  ASSERT_EQ(j["positions"].size(), 1u);
  EXPECT_EQ(j["positions"][0]["symbol"], "AAA");
  EXPECT_EQ(j["positions"][0]["qty"], "5");
  EXPECT_EQ(j["position"]["qty"], "5");
  // The exchange agrees: 2 parents (+2 legs) accepted, the bracket group cancelled.
  EXPECT_EQ(exchange.AllOrders().size(), 4u);
  server.Stop();
}

}  // namespace
}  // namespace tradelet::live::e2e
