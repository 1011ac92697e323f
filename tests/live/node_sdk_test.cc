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

TEST(AlpacaJsSdk, AccountClockOrdersBracketPositions) {
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
  const auto orders = ExchangeOrders(exchange);
  ASSERT_TRUE(orders.count("sdk-market-1"));
  ASSERT_TRUE(orders.count("sdk-bracket-1"));
  EXPECT_EQ(j["market"]["id"], orders.at("sdk-market-1").order.id);
  EXPECT_EQ(j["bracket"]["orderClass"], "bracket");
  EXPECT_EQ(j["bracket"]["legs"], 2);
  EXPECT_EQ(j["byId"]["id"], j["market"]["id"]);
  EXPECT_EQ(j["byId"]["symbol"], "AAA");
  EXPECT_EQ(j["byClientId"]["id"], orders.at("sdk-bracket-1").order.id);
  EXPECT_EQ(j["listed"].size(), 2u);  // nested: legs under their parent
  EXPECT_EQ(j["canceledStatus"], "canceled");
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
