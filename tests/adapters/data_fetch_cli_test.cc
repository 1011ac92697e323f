// End to end: the `tradelet data fetch` binary against the local replay servers (real sockets,
// recorded Yahoo and Alpaca responses), with and without the bar cache.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "replay_servers.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet {
namespace {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunResult RunCli(const std::string& args, const std::string& env = "") {
  const std::string dir = testing::TempDir("cli");
  const std::string cmd = env + " " + TRADELET_CLI_PATH + " " + args + " >" + dir + "/out 2>" +
                          dir + "/err";
  RunResult r;
  const int st = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.out = Slurp(dir + "/out");
  r.err = Slurp(dir + "/err");
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

size_t CountRequests(const net::LocalHttpServer& server, const std::string& path_prefix) {
  size_t n = 0;
  for (const auto& r : server.requests()) n += r.path.rfind(path_prefix, 0) == 0;
  return n;
}

class DataFetchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TL_REQUIRE_SHARED(yahoo_index, "data/fixtures/yahoo/index.json");
    TL_REQUIRE_SHARED(alpaca_dir, "data/fixtures/alpaca");
    ASSERT_TRUE(yahoo_.Load(yahoo_index.substr(0, yahoo_index.rfind('/'))).ok());
    ASSERT_TRUE(alpaca_.Load(alpaca_dir).ok());
    yahoo_.Install(server_, /*empty_for_unknown=*/true);
    alpaca_.Install(server_, "PKCLITEST", "cli-secret-never-printed");
    ASSERT_TRUE(server_.Start().ok());
  }
  std::string Url() const { return server_.base_url(); }

  testing::YahooReplay yahoo_;
  testing::AlpacaReplay alpaca_;
  net::LocalHttpServer server_;
};

TEST_F(DataFetchCliTest, HelpMentionsUsage) {
  auto r = RunCli("data fetch --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage"), std::string::npos);
  EXPECT_EQ(RunCli("data fetch --source yahoo").exit_code, 2);
}

TEST_F(DataFetchCliTest, YahooToCsvFilesWithEvents) {
  const std::string out = testing::TempDir("fetch-out");
  auto r = RunCli("data fetch --source yahoo --symbols AAPL --interval 1d --start 2020-08-31 "
                  "--end 2020-11-06 --retries 0 --out " + out + " --base-url " + Url());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = Lines(r.out);
  ASSERT_EQ(summary.size(), 2u) << r.out;
  EXPECT_EQ(summary[0], "symbol,source,interval,bars,first,last,fetched_ranges,file");
  EXPECT_EQ(summary[1],
            "AAPL,yahoo,1d,49,2020-08-31T13:30:00Z,2020-11-06T14:30:00Z,1," + out + "/AAPL_1d.csv");
  auto csv = Lines(Slurp(out + "/AAPL_1d.csv"));
  ASSERT_EQ(csv.size(), 50u);
  EXPECT_EQ(csv[0], "time,open,high,low,close,volume,adj_close,dividend,split");
  EXPECT_EQ(csv[1].substr(0, 21), "2020-08-31T13:30:00Z,");
  EXPECT_EQ(csv[1].substr(csv[1].size() - 4), ",0,4");  // the 4:1 split, no dividend
  EXPECT_NE(csv[49].find(",0.205,1"), std::string::npos) << csv[49];
}

TEST_F(DataFetchCliTest, CacheFetchesOnlyTheMissingRange) {
  const std::string cache = testing::TempDir("fetch-cache") + "/bars.sqlite";
  const std::string common = "data fetch --source yahoo --symbols MSFT,NVDA --interval 1d "
                             "--retries 0 --cache " + cache + " --out " +
                             testing::TempDir("fetch-out") + " --base-url " + Url();
  auto first = RunCli(common + " --start 2021-02-01 --end 2022-01-30");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(CountRequests(server_, "/v8/finance/chart/"), 2u);
  auto lines = Lines(first.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].substr(0, 18), "MSFT,yahoo,1d,252,");
  EXPECT_EQ(lines[2].substr(0, 18), "NVDA,yahoo,1d,252,");

  // Same window again: served from the cache, no request at all.
  auto second = RunCli(common + " --start 2021-02-01 --end 2022-01-30");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(CountRequests(server_, "/v8/finance/chart/"), 2u);
  EXPECT_NE(Lines(second.out)[1].find(",252,"), std::string::npos);
  EXPECT_NE(Lines(second.out)[1].find(",0,"), std::string::npos);  // 0 ranges fetched

  // A week earlier: only [2021-01-25, 2021-02-01) is asked for, per symbol.
  auto third = RunCli(common + " --start 2021-01-25 --end 2022-01-30");
  ASSERT_EQ(third.exit_code, 0) << third.err;
  const auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 4u);
  EXPECT_EQ(reqs[2].Param("period1"), "1611532800");  // 2021-01-25
  EXPECT_EQ(reqs[2].Param("period2"), "1612137600");  // 2021-02-01
}

TEST_F(DataFetchCliTest, YahooErrorsMapToExitCodes) {
  auto r = RunCli("data fetch --source yahoo --symbols SI --interval 1d --start 2020-01-01 "
                  "--end 2020-01-02 --retries 0 --base-url " + Url());
  EXPECT_EQ(r.exit_code, 3) << r.err;  // bad input: no such symbol
  EXPECT_NE(r.err.find("No data found, symbol may be delisted"), std::string::npos) << r.err;
  auto bad = RunCli("data fetch --source yahoo --symbols AAPL --interval 7m --start 2020-01-01 "
                    "--end 2020-01-02 --base-url " + Url());
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("unknown interval '7m'"), std::string::npos) << bad.err;
  server_.PushFault(net::Fault::RateLimited(0));
  server_.PushFault(net::Fault::RateLimited(0));
  auto limited = RunCli("data fetch --source yahoo --symbols AAPL --interval 1d --start "
                        "2020-01-01 --end 2020-01-02 --retries 1 --base-url " + Url());
  EXPECT_EQ(limited.exit_code, 4) << limited.err;  // unavailable (rate limited)
  EXPECT_NE(limited.err.find("rate limited"), std::string::npos) << limited.err;
}

TEST_F(DataFetchCliTest, AlpacaWithKeysFromTheEnvironmentToStdout) {
  const std::string env = "APCA_API_KEY_ID=PKCLITEST APCA_API_SECRET_KEY=cli-secret-never-printed "
                          "APCA_API_DATA_URL=" + Url();
  auto r = RunCli("data fetch --source alpaca --symbols AAPL --interval 1Day --start 2022-02-01 "
                  "--end 2022-02-02 --feed sip --adjustment all", env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0], "symbol,time,open,high,low,close,volume,adj_close,dividend,split");
  EXPECT_EQ(lines[1], "AAPL,2022-02-01T14:30:00Z,174,174.84,172.31,174.61,85998033,,0,1");
  EXPECT_EQ(server_.requests()[0].Param("feed"), "sip");
  EXPECT_EQ(server_.requests()[0].Param("adjustment"), "all");
  EXPECT_EQ(server_.requests()[0].Param("end"), "2022-02-02T23:59:59.999999999Z");
  EXPECT_EQ(r.out.find("cli-secret-never-printed"), std::string::npos);
  EXPECT_EQ(r.err.find("cli-secret-never-printed"), std::string::npos);

  auto wrong = RunCli("data fetch --source alpaca --symbols AAPL --interval 1Day --start "
                      "2022-02-01 --end 2022-02-02",
                      "APCA_API_KEY_ID=PKCLITEST APCA_API_SECRET_KEY=wrong-secret-xyz "
                      "APCA_API_DATA_URL=" + Url());
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("unauthorized"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find("wrong-secret-xyz"), std::string::npos);
  auto no_keys = RunCli("data fetch --source alpaca --symbols AAPL --interval 1Day --start "
                        "2022-02-01 --end 2022-02-02",
                        "env -u APCA_API_KEY_ID -u APCA_API_SECRET_KEY -u ALPACAUSER -u ALPACAPW");
  EXPECT_EQ(no_keys.exit_code, 1);
  EXPECT_NE(no_keys.err.find("APCA_API_KEY_ID"), std::string::npos) << no_keys.err;
}

}  // namespace
}  // namespace tradelet
