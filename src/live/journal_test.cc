#include "tradelet/live/journal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tradelet/base/log.h"
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
    ASSERT_TRUE((*j)->RecordExchange(*run, Timestamp(), "GET", "/v2/x", "key=SUPERSECRETKEY99",
                                     200, "echo SUPERSECRETKEY99").ok());
  }
  // Read the raw file contents back with SQLite itself: the secret must not be anywhere.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT path||request_body||response_body FROM exchanges", -1,
                               &st, nullptr), SQLITE_OK);
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

}  // namespace
}  // namespace tradelet::live
