// The same slot run three times with random faults at every request (drop before handling,
// drop after accepting = response lost, 429, 500, timeout), then a clean settling run: zero
// duplicate orders, nothing lost, journal and broker agree. TRADELET_FAULT_SCHEDULES sets the
// number of schedules (the default suite runs 100, the soak label 1000).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <thread>

#include "e2e_fixture.h"

namespace tradelet::live::e2e {
namespace {

struct Tally {
  int schedules = 0, faults = 0, runs = 0, duplicates = 0, disagreements = 0, missing = 0;
  std::map<std::string, int> kinds;
};

void RunSchedule(uint64_t seed, Tally& tally) {
  std::mt19937_64 rng(seed);
  const std::vector<std::string> symbols = {"AAA", "BBB"};
  // An odd bar of 2024-01-03 closes at the slot: the strategy wants to buy 10 of each.
  const int k = 1 + 2 * static_cast<int>(rng() % 12);  // 1, 3, ..., 23 (bars index odd)
  const Timestamp slot = T("2024-01-03T14:30:00Z") + std::chrono::minutes(15 * (k + 1));
  ASSERT_EQ(ExpectedTarget(slot), 10);
  Harness h(symbols, slot, ":memory:", std::chrono::milliseconds(100));
  const LiveConfig config = ZigzagConfig(symbols);
  bool delayed = false;
  for (int run = 0; run < 3; ++run) {
    for (int i = 0; i < 40; ++i) {
      PaperFault f;
      const int r = static_cast<int>(rng() % 100);
      std::string kind;
      if (r < 50) {
        f.kind = PaperFault::Kind::kDelay;  // zero delay: this request passes untouched
        kind = "none";
      } else if (r < 60) {
        f.kind = PaperFault::Kind::kDropBefore;
        kind = "drop_before";
      } else if (r < 72) {
        f.kind = PaperFault::Kind::kDropAfter;
        kind = "drop_after_accept";
      } else if (r < 84) {
        f.kind = PaperFault::Kind::kStatus;
        f.status = 429;
        kind = "429";
      } else if (r < 96) {
        f.kind = PaperFault::Kind::kStatus;
        f.status = 500;
        kind = "500";
      } else {
        f.kind = PaperFault::Kind::kDelay;
        f.delay = std::chrono::milliseconds(160);  // longer than the client's 100 ms timeout
        kind = "timeout";
        delayed = true;
      }
      h.server.PushFault(f);
      if (kind != "none") ++tally.kinds[kind];
    }
    const size_t before = h.server.faults_applied();
    auto rep = h.RunSlot(slot, config);
    ASSERT_TRUE(rep.ok()) << rep.status().ToString();
    ++tally.runs;
    tally.faults += static_cast<int>(h.server.faults_applied() - before);
    h.server.ClearFaults();
    tally.duplicates += CountDuplicates(h.exchange);
  }
  // Let requests that were delayed past their client's timeout land, then settle.
  if (delayed) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto settle = h.RunSlot(slot, config);
  ASSERT_TRUE(settle.ok());
  tally.duplicates += CountDuplicates(h.exchange);
  Status agree = CheckAgreement(*h.journal, h.exchange);
  if (!agree.ok()) {
    ++tally.disagreements;
    ADD_FAILURE() << "seed " << seed << ": " << agree.ToString();
  }
  // Nothing lost: exactly one buy per symbol for the slot, and it fills on the next bar.
  auto orders = ExchangeOrders(h.exchange);
  int buys = 0;
  for (auto& [cid, o] : orders) buys += o.order.side == OrderSide::kBuy;
  if (buys != static_cast<int>(symbols.size())) {
    ++tally.missing;
    ADD_FAILURE() << "seed " << seed << ": " << buys << " buy orders";
  }
  ASSERT_TRUE(h.exchange.AdvanceTo(slot + std::chrono::minutes(15)).ok());
  auto pos = alpaca::ParsePositionsJson(h.exchange.Handle({"GET", "/v2/positions", {}, ""}).body);
  ASSERT_TRUE(pos.ok());
  for (const auto& p : *pos) {
    EXPECT_EQ(p.qty, Decimal::FromInt(10)) << "seed " << seed;
  }
  EXPECT_EQ(pos->size(), symbols.size()) << "seed " << seed;
  ++tally.schedules;
}

TEST(FaultSchedules, RandomFaultsAtEveryRequestNeverDuplicate) {
  int n = 100;
  if (const char* env = std::getenv("TRADELET_FAULT_SCHEDULES")) n = std::atoi(env);
  Tally tally;
  for (int s = 0; s < n; ++s) {
    RunSchedule(1000 + s, tally);
    if (HasFatalFailure()) break;
  }
  EXPECT_EQ(tally.schedules, n);
  EXPECT_EQ(tally.duplicates, 0);
  EXPECT_EQ(tally.disagreements, 0);
  EXPECT_EQ(tally.missing, 0);
  std::printf("fault schedules: %d, runs: %d, requests under the schedule: %d, duplicates: %d, "
              "journal/broker disagreements: %d, lost orders: %d\n",
              tally.schedules, tally.runs, tally.faults, tally.duplicates, tally.disagreements,
              tally.missing);
  for (auto& [k, c] : tally.kinds) std::printf("  fault %s queued: %d\n", k.c_str(), c);
  for (const char* k : {"drop_before", "drop_after_accept", "429", "500", "timeout"}) {
    EXPECT_GT(tally.kinds[k], 0) << k;
  }
}

}  // namespace
}  // namespace tradelet::live::e2e
