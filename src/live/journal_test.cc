#include "tradelet/live/journal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "tradelet/base/log.h"
#include "tradelet/live/client_order_id.h"
#include "tradelet/live/journal_rebuild.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::live {
namespace {

TEST(Journal, RunsIntentsOutcomesAndReopen) {
  const std::string path = testing::TempDir("journal") + "/j.sqlite";
  const Timestamp slot = *ParseTimestamp("2026-07-14T13:45:00Z");
  {
    auto j = Journal::Open(path);
    ASSERT_TRUE(j.ok()) << j.status().ToString();
    auto run = (*j)->BeginRun("s1", slot, false, slot);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(*run, "s1@2026-07-14T13:45:00Z#1");
    JournalOrder o;
    o.client_order_id = "cid-1";
    o.run_id = *run;
    o.slot = slot;
    o.symbol = "SPY";
    o.side = "buy";
    o.qty = "10";
    o.request_json = "{}";
    ASSERT_TRUE((*j)->RecordIntent(o).ok());
    ASSERT_TRUE((*j)->RecordIntent(o).ok());  // a rerun re-records: still one row
    ASSERT_TRUE((*j)->RecordOutcome("cid-1", "placed", "o-1", "", slot).ok());
    ASSERT_TRUE((*j)->RecordExchange(*run, slot, "POST", "/v2/orders", "{}", 200, "{}").ok());
    ASSERT_TRUE((*j)->FinishRun(*run, "ok", "{}", slot).ok());
  }
  auto j = Journal::Open(path);
  ASSERT_TRUE(j.ok());
  auto run2 = (*j)->BeginRun("s1", slot, false, slot);
  EXPECT_EQ(*run2, "s1@2026-07-14T13:45:00Z#2");
  auto orders = (*j)->Orders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ((*orders)[0].state, "placed");
  EXPECT_EQ((*orders)[0].broker_order_id, "o-1");
  EXPECT_EQ(*(*j)->CountRows("exchanges"), 1);
  EXPECT_FALSE((*j)->CountRows("sqlite_master; DROP TABLE runs").ok());
}

TEST(Journal, SecretsAreRedacted) {
  Logger::RegisterSecret("SUPERSECRETKEY99");
  const std::string path = testing::TempDir("journal") + "/s.sqlite";
  {
    auto j = Journal::Open(path);
    ASSERT_TRUE(j.ok());
    auto run = (*j)->BeginRun("s1", Timestamp(), true, Timestamp());
    ASSERT_TRUE((*j)->RecordExchange(*run, Timestamp(), "GET", "/v2/x", "key=SUPERSECRETKEY99", 200,
                                     "echo SUPERSECRETKEY99")
                    .ok());
  }
  // Read the raw file contents back with SQLite itself: the secret must not be anywhere.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT path||request_body||response_body FROM exchanges", -1,
                               &st, nullptr),
            SQLITE_OK);
  int rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
    const std::string text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    EXPECT_EQ(text.find("SUPERSECRETKEY99"), std::string::npos) << text;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(rows, 1);
}

TEST(Journal, UnwritablePathIsAnError) {
  auto j = Journal::Open("/nonexistent-dir/x/j.sqlite");
  EXPECT_FALSE(j.ok());
}

TEST(Journal, CorruptFileIsDataLossNamingTheFileAndTheWayOut) {
  const std::string dir = testing::TempDir("journal-corrupt");
  // Not a database at all.
  const std::string junk = dir + "/junk.sqlite";
  std::ofstream(junk) << std::string(4096, 'x');
  auto a = Journal::Open(junk);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kDataLoss) << a.status().ToString();
  EXPECT_NE(a.status().message().find(junk), std::string::npos) << a.status().ToString();
  EXPECT_NE(a.status().message().find("--rebuild-journal"), std::string::npos);
  // A valid header with a damaged page behind it: found by the check on open.
  const std::string torn = dir + "/torn.sqlite";
  {
    auto j = Journal::Open(torn);
    ASSERT_TRUE(j.ok());
    const Timestamp slot = *ParseTimestamp("2026-07-14T13:45:00Z");
    for (int i = 0; i < 30; ++i) {
      auto run = (*j)->BeginRun("s" + std::to_string(i), slot, false, slot);
      ASSERT_TRUE(run.ok());
      ASSERT_TRUE((*j)->RecordDecision(*run, "SPY", std::string(3000, 'd')).ok());
    }
  }
  const auto size = std::filesystem::file_size(torn);
  ASSERT_GT(size, 3u * 4096);
  {
    std::fstream f(torn, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    f << std::string(4096, '\xa5');
  }
  auto b = Journal::Open(torn);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kDataLoss) << b.status().ToString();
  EXPECT_NE(b.status().message().find(torn), std::string::npos) << b.status().ToString();
  // A healthy file still opens, and so does a new one.
  EXPECT_TRUE(Journal::Open(dir + "/fresh.sqlite").ok());
}

TEST(JournalRebuild, KeepsOnlyThisStrategysClientOrderIds) {
  const Timestamp slot = *ParseTimestamp("2026-07-14T13:45:00Z");
  const std::string mine = MakeClientOrderId("zz", slot, "AAA", OrderSide::kBuy, 0);
  ASSERT_EQ(ClientOrderIdSlot("zz", mine), slot) << mine;
  // Long strategy and symbol: the shortened, hashed form still gives its slot back.
  const std::string longer = "a-strategy-with-a-long-name";
  const std::string hashed = MakeClientOrderId(longer, slot, "VERYLONGSYMBOL", OrderSide::kSell, 1);
  ASSERT_EQ(ClientOrderIdSlot(longer, hashed), slot) << hashed;
  EXPECT_FALSE(ClientOrderIdSlot("zz", MakeClientOrderId("zzz", slot, "AAA", OrderSide::kBuy, 0)));
  EXPECT_FALSE(ClientOrderIdSlot("zz", MakeClientOrderId("zz-x", slot, "AAA", OrderSide::kBuy, 0)));
  EXPECT_FALSE(ClientOrderIdSlot("zz", "zz-20261399T9999Z-AAA-b-0"));             // no such slot
  EXPECT_FALSE(ClientOrderIdSlot("zz", "c2a8f2e4-0b7e-4f8e-9d5f-3a6f1c2e9b7d"));  // a leg's uuid
  EXPECT_FALSE(ClientOrderIdSlot("zz", ""));
}

}  // namespace
}  // namespace tradelet::live
