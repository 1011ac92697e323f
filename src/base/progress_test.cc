#include "tradelet/base/progress.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tradelet {
namespace {

struct Capture {
  std::vector<std::string> writes;
  Progress::Writer writer() {
    return [this](std::string_view s) { writes.emplace_back(s); };
  }
};

TEST(ProgressFormat, DoneTotalPercentRateEta) {
  // 120 of 480 in 10 s: 12 runs/s, 360 left -> 30 s.
  EXPECT_EQ(Progress::Format("sweep", "runs", 120, 480, 10.0),
            "sweep: 120/480 runs 25% 12 runs/s ETA 0:30");
  EXPECT_EQ(Progress::Format("fetch", "", 1, 4, 0.5), "fetch: 1/4 25% 2.0/s ETA 0:02");
  // Large rates get a suffix, long ETAs hours.
  EXPECT_EQ(Progress::Format("bt", "bars", 2'500'000, 100'000'000, 2.0),
            "bt: 2500000/100000000 bars 2% 1.2M bars/s ETA 1:18");
  EXPECT_EQ(Progress::Format("cv", "cutoffs", 1, 10000, 1.0),
            "cv: 1/10000 cutoffs 0% 1.0 cutoffs/s ETA 2:46:39");
}

TEST(ProgressFormat, UnknownTotalAndNothingDone) {
  EXPECT_EQ(Progress::Format("walk-forward", "runs", 30, 0, 3.0),
            "walk-forward: 30 runs 10 runs/s 0:03 elapsed");
  EXPECT_EQ(Progress::Format("loading data", "", 0, 0, 65.0), "loading data: 1:05 elapsed");
  // Done: no ETA, the elapsed time instead.
  EXPECT_EQ(Progress::Format("sweep", "runs", 4, 4, 2.0),
            "sweep: 4/4 runs 100% 2.0 runs/s 0:02 elapsed");
}

TEST(Progress, ThrottledToTenPerSecondAndClearedAtTheEnd) {
  SimulatedClock clock(Timestamp::FromUnixSeconds(1000));
  Capture out;
  {
    Progress p({.label = "sweep", .unit = "runs", .total = 100}, clock, out.writer());
    ASSERT_TRUE(p.active());
    p.Add();  // the first update draws at once
    ASSERT_EQ(out.writes.size(), 1u);
    EXPECT_EQ(out.writes[0], "\rsweep: 1/100 runs 1% 0:00 elapsed\033[K\r");
    // 50 updates 10 ms apart = 0.5 s: about 5 draws, never more than one per 100 ms.
    for (int i = 0; i < 50; ++i) {
      clock.Advance(std::chrono::milliseconds(10));
      p.Add();
    }
    EXPECT_EQ(out.writes.size(), 6u);
    EXPECT_EQ(out.writes.back(), "\rsweep: 51/100 runs 51% 102 runs/s ETA 0:00\033[K\r");
    for (const auto& w : out.writes) {
      EXPECT_EQ(w.front(), '\r');
      EXPECT_EQ(w.find('\n'), std::string::npos) << "one line, redrawn in place";
    }
    // Clear erases the line for other output; the next update draws again at once.
    p.Clear();
    EXPECT_EQ(out.writes.back(), "\r\033[K");
    p.Add();
    EXPECT_EQ(out.writes.back(), "\rsweep: 52/100 runs 52% 104 runs/s ETA 0:00\033[K\r");
    p.Finish();
    EXPECT_EQ(out.writes.back(), "\r\033[K");
    const size_t n = out.writes.size();
    p.Add();
    p.Finish();
    EXPECT_EQ(out.writes.size(), n) << "nothing after Finish";
  }
}

TEST(Progress, DelayKeepsQuickWorkSilent) {
  SimulatedClock clock(Timestamp::FromUnixSeconds(0));
  Capture out;
  {
    Progress p({.label = "backtest", .delay = std::chrono::seconds(2)}, clock, out.writer());
    p.Add();
    clock.Advance(std::chrono::milliseconds(1500));
    p.Add();
  }  // the destructor finishes: nothing drawn, so nothing to clear
  EXPECT_TRUE(out.writes.empty());
  {
    Progress p({.label = "backtest", .delay = std::chrono::seconds(2)}, clock, out.writer());
    clock.Advance(std::chrono::seconds(3));
    p.SetLabel("backtest: running");
  }
  ASSERT_EQ(out.writes.size(), 2u);
  EXPECT_EQ(out.writes[0], "\rbacktest: running: 0:03 elapsed\033[K\r");
  EXPECT_EQ(out.writes[1], "\r\033[K");
}

TEST(Progress, DoneAndTotalTogetherInOneDraw) {
  SimulatedClock clock(Timestamp::FromUnixSeconds(0));
  Capture out;
  Progress p({.label = "forecast cv", .unit = "cutoffs"}, clock, out.writer());
  clock.Advance(std::chrono::seconds(2));
  p.Set(1, 12);  // a total learnt with the first result: drawn with it, not as 0/12 first
  ASSERT_EQ(out.writes.size(), 1u);
  EXPECT_EQ(out.writes[0], "\rforecast cv: 1/12 cutoffs 8% 0.5 cutoffs/s ETA 0:22\033[K\r");
}

TEST(Progress, TickerRedrawsWhileTheWorkIsSilentAndPhasesRestartTheRate) {
  SimulatedClock clock(Timestamp::FromUnixSeconds(0));
  std::mutex mu;
  std::vector<std::string> writes;
  auto count = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return writes.size();
  };
  auto wait_for_writes = [&](size_t n) {  // the ticker runs on real time
    for (int i = 0; i < 400 && count() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return count();
  };
  ProgressOptions o{.label = "backtest: loading data", .unit = "bars"};
  o.tick = std::chrono::milliseconds(2);
  Progress p(o, clock, [&](std::string_view s) {
    std::lock_guard<std::mutex> lock(mu);
    writes.emplace_back(s);
  });
  clock.Advance(std::chrono::seconds(3));  // no update: only the ticker can draw
  ASSERT_GE(wait_for_writes(1), 1u);
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(writes[0], "\rbacktest: loading data: 0:03 elapsed\033[K\r");
  }
  // Cleared: the ticker keeps quiet until the next update.
  p.Clear();
  const size_t cleared = count();
  clock.Advance(std::chrono::seconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(count(), cleared);
  // A phase measures its rate from its own start: 4 s of loading do not count.
  p.Phase("backtest");
  clock.Advance(std::chrono::seconds(2));
  p.Set(500, 1000);
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(writes.back(), "\rbacktest: 500/1000 bars 50% 250 bars/s ETA 0:02\033[K\r");
  }
  p.Finish();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(writes.back(), "\r\033[K");
}

TEST(Progress, InactiveWhenDisabledOrNotATerminal) {
  Progress idle;
  EXPECT_FALSE(idle.active());
  idle.Add();
  idle.Finish();
  EXPECT_FALSE(Progress::Wanted(-1, false));  // not a terminal
  EXPECT_FALSE(Progress::ForStderr({.label = "x"}, /*disabled=*/true)->active());
  ::setenv("TRADELET_PROGRESS", "0", 1);
  EXPECT_FALSE(Progress::ForStderr({.label = "x"}, false)->active());
  ::unsetenv("TRADELET_PROGRESS");
}

}  // namespace
}  // namespace tradelet
