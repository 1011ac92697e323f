// Issue 17 item 7: a corrupt journal stops `tradelet run` with exit 3 and a message naming the
// file and the way out; `tradelet run --rebuild-journal` rebuilds it from the broker's orders
// (the paper exchange over real HTTP), and the runs after it place nothing twice.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../live/e2e_fixture.h"
#include "run_cli.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::live::e2e {
namespace {

using cli_test::Outcome;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(JournalRebuildCli, CorruptJournalStopsTheRunAndIsRebuiltFromTheBroker) {
  const std::string dir = testing::TempDir("journal-rebuild");
  const std::string journal_path = dir + "/journal.sqlite";
  const std::string config_path = dir + "/zz.toml";
  std::ofstream(config_path)
      << "[live]\nstrategy_id = \"zz\"\nsymbols = [\"AAA\", \"BBB\"]\ntimeframe = \"15Min\"\n"
         "lookback = \"3d\"\nmax_staleness = \"5m\"\nclock = \"broker\"\njournal = \""
      << journal_path << "\"\n[strategy]\nname = \"sma_crossover\"\nfast = 1\nslow = 2\n";
  const Timestamp open = T("2024-01-03T14:30:00Z");
  PaperExchange exchange(ZigzagBars({"AAA", "BBB"}), {{}, open});
  PaperServer server(exchange);
  ASSERT_TRUE(server.Start().ok());
  const std::string env = "APCA_API_BASE_URL=" + server.base_url() +
                          " APCA_API_DATA_URL=" + server.base_url() +
                          " APCA_API_KEY_ID=testkey APCA_API_SECRET_KEY=testsecret TZ=UTC ";
  // The binary with the broker's environment, stdout and stderr together.
  auto cli = [&](const std::string& args) -> Outcome {
    const std::string cmd = "env " + env + TRADELET_BIN + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return {-1, "popen failed"};
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int st = pclose(p);
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
  };
  for (int k = 1; k <= 3; ++k) {
    const Timestamp slot = open + std::chrono::minutes(15 * k);
    ASSERT_TRUE(exchange.AdvanceTo(slot).ok());
    Outcome o = cli("run --config " + config_path + " --at " + FormatTimestamp(slot));
    ASSERT_EQ(o.exit_code, 0) << o.out;
  }
  const size_t placed = ExchangeOrders(exchange).size();
  ASSERT_GT(placed, 0u);

  // Garbage over the header: the file is no database any more.
  {
    std::fstream f(journal_path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.good());
    f.seekp(0);
    f << std::string(100, '\x5a');
  }
  const Timestamp slot4 = open + std::chrono::minutes(15 * 4);
  ASSERT_TRUE(exchange.AdvanceTo(slot4).ok());
  Outcome stopped = cli("run --config " + config_path + " --at " + FormatTimestamp(slot4));
  EXPECT_EQ(stopped.exit_code, 3) << stopped.out;  // README: 3 = bad input
  EXPECT_TRUE(Has(stopped.out, journal_path)) << stopped.out;
  EXPECT_TRUE(Has(stopped.out, "corrupt")) << stopped.out;
  EXPECT_TRUE(Has(stopped.out, "--rebuild-journal")) << stopped.out;
  EXPECT_EQ(ExchangeOrders(exchange).size(), placed) << "a run on a corrupt journal traded";

  Outcome rebuilt = cli("run --config " + config_path + " --rebuild-journal");
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.out;
  EXPECT_TRUE(Has(rebuilt.out, "\"orders\":" + std::to_string(placed))) << rebuilt.out;
  EXPECT_TRUE(Has(rebuilt.out, ".before-rebuild-")) << rebuilt.out;
  {
    auto journal = Journal::Open(journal_path);
    ASSERT_TRUE(journal.ok()) << journal.status().ToString();
    auto rows = (*journal)->Orders();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->size(), placed);  // the journal lists the broker's orders
    for (const JournalOrder& r : *rows) {
      EXPECT_EQ(r.state, "adopted") << r.client_order_id;
      EXPECT_EQ(r.client_order_id.rfind("zz-", 0), 0u) << r.client_order_id;
    }
    Status agree = CheckAgreement(**journal, exchange);
    EXPECT_TRUE(agree.ok()) << agree.ToString();
  }
  size_t kept = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    kept += Has(e.path().filename().string(), "journal.sqlite.before-rebuild-");
  }
  EXPECT_GE(kept, 1u) << "the damaged file was not kept";

  // A rerun of a slot already traded places nothing; the next slot trades as usual.
  const Timestamp slot3 = open + std::chrono::minutes(15 * 3);
  Outcome rerun = cli("run --config " + config_path + " --at " + FormatTimestamp(slot3));
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_EQ(ExchangeOrders(exchange).size(), placed) << rerun.out;
  Outcome next = cli("run --config " + config_path + " --at " + FormatTimestamp(slot4));
  EXPECT_EQ(next.exit_code, 0) << next.out;
  EXPECT_GT(ExchangeOrders(exchange).size(), placed);
  EXPECT_EQ(CountDuplicates(exchange), 0);
  auto journal = Journal::Open(journal_path);
  ASSERT_TRUE(journal.ok());
  Status agree = CheckAgreement(**journal, exchange);
  EXPECT_TRUE(agree.ok()) << agree.ToString();
  server.Stop();
}

}  // namespace
}  // namespace tradelet::live::e2e
