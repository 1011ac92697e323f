// The fleet scheduler on a simulated clock: ten strategies over four years (2025-2028, more
// than a thousand NYSE trading days), with a fake process launcher. Every launch is compared
// with the schedule computed independently: a brute-force walk over every UTC minute of the
// period, matching each strategy's wall-clock rule written out by hand (not parsed from the
// expression), the DST policy (a skipped wall time never fires, a repeated one fires at its
// first occurrence) and the hand-typed NYSE holiday/early-close tables.
#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <map>

#include "fake_launcher.h"
#include "schedule/fake_calendar_for_test.h"
#include "tradelet/base/log.h"
#include "tradelet/schedule/scheduler.h"

namespace tradelet::schedule {
namespace {

using testing::FakeBehaviour;
using testing::FakeLauncher;
using testing::TableCalendar;

Timestamp T(const char* iso) { return ParseTimestamp(iso).value(); }

constexpr char kFleet[] = R"toml(
[defaults]
timeout = "5m"
kill_grace = "10s"
max_lateness = "2m"
memory_limit = "256MiB"

[[strategy]]
name = "ny-quarter"
config = "ny.toml"
schedule = "cron(0/15 9-15 ? * MON-FRI *)"
timezone = "America/New_York"
skip_holidays = true
stop_at_early_close = true

[[strategy]]
name = "blog-utc"
config = "blog.toml"
schedule = "0/15 13-21 ? * MON-FRI *"

[[strategy]]
name = "crasher"
config = "c.toml"
schedule = "cron(30 9 ? * MON-FRI *)"
timezone = "America/New_York"
skip_holidays = true

[[strategy]]
name = "hanger"
config = "h.toml"
schedule = "cron(0/30 10-15 ? * MON-FRI *)"
timezone = "America/New_York"
skip_holidays = true

[[strategy]]
name = "leaker"
config = "l.toml"
schedule = "*/10 9-16 * * 1-5"
timezone = "America/New_York"
memory_limit = "64MiB"

[[strategy]]
name = "failer"
config = "f.toml"
schedule = "cron(55 15 ? * MON-FRI *)"
timezone = "America/New_York"
skip_holidays = true
stop_at_early_close = true

[[strategy]]
name = "weekly-2am"
config = "w.toml"
schedule = "cron(0 2 ? * SUN *)"
timezone = "America/New_York"

[[strategy]]
name = "daily-0130"
config = "d.toml"
schedule = "30 1 * * *"
timezone = "America/New_York"

[[strategy]]
name = "month-end"
config = "m.toml"
schedule = "cron(0 12 L * ? *)"

[[strategy]]
name = "first-monday"
config = "fm.toml"
schedule = "cron(0 10 ? * 2#1 *)"
timezone = "America/New_York"
skip_holidays = true
)toml";

bool IsWeekday(const CivilDate& d) {
  const auto w = d.weekday();
  return w != tradelet::Weekday::kSaturday && w != tradelet::Weekday::kSunday;
}

struct Rule {
  bool ny;  // wall clock in New York (else UTC)
  bool skip_holidays;
  bool stop_at_early_close;
  std::function<bool(const LocalDateTime&)> match;
};

std::map<std::string, Rule> Rules() {
  std::map<std::string, Rule> r;
  r["ny-quarter"] = {true, true, true, [](const LocalDateTime& l) {
                       return IsWeekday(l.date) && l.hour >= 9 && l.hour <= 15 &&
                              l.minute % 15 == 0;
                     }};
  r["blog-utc"] = {false, false, false, [](const LocalDateTime& l) {
                     return IsWeekday(l.date) && l.hour >= 13 && l.hour <= 21 && l.minute % 15 == 0;
                   }};
  r["crasher"] = {true, true, false, [](const LocalDateTime& l) {
                    return IsWeekday(l.date) && l.hour == 9 && l.minute == 30;
                  }};
  r["hanger"] = {true, true, false, [](const LocalDateTime& l) {
                   return IsWeekday(l.date) && l.hour >= 10 && l.hour <= 15 && l.minute % 30 == 0;
                 }};
  r["leaker"] = {true, false, false, [](const LocalDateTime& l) {
                   return IsWeekday(l.date) && l.hour >= 9 && l.hour <= 16 && l.minute % 10 == 0;
                 }};
  r["failer"] = {true, true, true, [](const LocalDateTime& l) {
                   return IsWeekday(l.date) && l.hour == 15 && l.minute == 55;
                 }};
  r["weekly-2am"] = {true, false, false, [](const LocalDateTime& l) {
                       return l.date.weekday() == tradelet::Weekday::kSunday && l.hour == 2 &&
                              l.minute == 0;
                     }};
  r["daily-0130"] = {true, false, false,
                     [](const LocalDateTime& l) { return l.hour == 1 && l.minute == 30; }};
  r["month-end"] = {false, false, false, [](const LocalDateTime& l) {
                      return l.date.AddDays(1).day == 1 && l.hour == 12 && l.minute == 0;
                    }};
  r["first-monday"] = {true, true, false, [](const LocalDateTime& l) {
                         return l.date.weekday() == tradelet::Weekday::kMonday && l.date.day <= 7 &&
                                l.hour == 10 && l.minute == 0;
                       }};
  return r;
}

// Brute force over every minute in [from, to).
std::map<std::string, std::vector<Timestamp>> Expected(const TableCalendar& cal, Timestamp from,
                                                       Timestamp to) {
  const std::map<std::string, Rule> rules = Rules();
  std::map<std::string, std::vector<Timestamp>> out;
  const TimeZone& ny = TimeZone::NewYork();
  for (Timestamp t = from; t < to; t += minutes(1)) {
    const LocalDateTime utc = LocalDateTime::FromUtc(t);
    const LocalDateTime nyl = ny.ToLocal(t);
    // The second pass through a repeated New York hour shows a wall time seen an hour ago.
    const bool ny_repeat = ny.ToLocal(t - hours(1)) == nyl;
    const bool holiday = cal.IsHoliday(nyl.date);
    const bool after_early_close = cal.IsEarlyClose(nyl.date) && nyl.hour >= 13;
    for (const auto& [name, rule] : rules) {
      if (rule.ny && ny_repeat) continue;
      if (!rule.match(rule.ny ? nyl : utc)) continue;
      if (rule.skip_holidays && holiday) continue;
      if (rule.stop_at_early_close && after_early_close) continue;
      out[name].push_back(t);
    }
  }
  return out;
}

FakeBehaviour Behave(const RunRequest& r, int n) {
  FakeBehaviour b;
  if (r.strategy == "crasher") {
    b.duration = seconds(2);
    b.outcome.kind = RunOutcome::Kind::kSignaled;
    b.outcome.signal = SIGSEGV;
  } else if (r.strategy == "hanger") {
    b.hangs = true;
    b.ignores_sigterm = n % 2 == 1;  // every other run needs SIGKILL
  } else if (r.strategy == "leaker") {
    // What hitting RLIMIT_AS looks like from outside: allocation fails, the run aborts.
    b.duration = seconds(20);
    b.outcome.kind = RunOutcome::Kind::kSignaled;
    b.outcome.signal = SIGABRT;
    b.outcome.max_rss_kb = r.memory_limit_bytes / 1024;
  } else if (r.strategy == "failer") {
    b.duration = seconds(10);
    b.outcome.exit_code = 3;
  }
  return b;
}

class FleetSimTest : public ::testing::Test {
 protected:
  void SetUp() override { Logger::SetLevel(LogLevel::kOff); }
  void TearDown() override { Logger::SetLevel(LogLevel::kInfo); }
};

TEST_F(FleetSimTest, TenStrategiesOverAThousandTradingDays) {
  const TableCalendar cal = TableCalendar::Nyse2025To2028();
  const Timestamp from = T("2025-01-01T00:00:00Z"), to = T("2028-12-30T00:00:00Z");
  int trading_days = 0;
  for (CivilDate d{2025, 1, 1}; d < CivilDate{2028, 12, 30}; d = d.AddDays(1)) {
    trading_days += cal.SessionOn(d).has_value();
  }
  ASSERT_GE(trading_days, 1000);

  Result<FleetConfig> fleet = ParseFleetConfig(kFleet, "/fleet/sim.toml");
  ASSERT_TRUE(fleet.ok()) << fleet.status().ToString();
  ASSERT_EQ(fleet->strategies.size(), 10u);
  fleet->state_file.clear();  // in memory: the restart test covers the file
  fleet->log_dir.clear();
  fleet->tradelet = "/usr/bin/tradelet";

  SimulatedClock clock(from);
  FakeLauncher launcher(clock, Behave);
  FleetScheduler sched(*fleet, clock, launcher, &cal);
  std::map<std::string, std::vector<std::string>> results;
  sched.set_event_listener([&](const SchedulerEvent& e) {
    if (e.kind == SchedulerEvent::Kind::kFinished) results[e.strategy].push_back(e.detail);
    if (e.kind == SchedulerEvent::Kind::kSkipped)
      ADD_FAILURE() << e.strategy << " skipped " << e.detail;
  });
  ASSERT_TRUE(sched.Start().ok());
  sched.Run(to, hours(24 * 365));

  const auto expected = Expected(cal, from, to);
  std::map<std::string, std::vector<Timestamp>> got;
  int64_t late = 0;
  for (const auto& l : launcher.launches()) {
    got[l.strategy].push_back(l.slot);
    late += l.at != l.slot;
  }
  int64_t checked = 0;
  for (const auto& [name, want] : expected) {
    EXPECT_EQ(got[name].size(), want.size()) << name;
    const size_t n = std::min(got[name].size(), want.size());
    for (size_t i = 0; i < n; ++i) {
      if (got[name][i] != want[i]) {
        ADD_FAILURE() << name << " fire #" << i << ": got " << FormatTimestamp(got[name][i])
                      << ", expected " << FormatTimestamp(want[i]);
        break;
      }
      ++checked;
    }
  }
  EXPECT_EQ(late, 0) << "launches that did not start exactly at their slot";
  EXPECT_EQ(expected.size(), 10u);

  // Outcomes are contained and reported per strategy.
  std::map<std::string, StrategyState> st;
  for (const StrategyState& s : sched.states()) st[s.name] = s;
  EXPECT_EQ(st["crasher"].failures, st["crasher"].runs);
  EXPECT_EQ(st["crasher"].last_result, "signal 11 (SIGSEGV)");
  EXPECT_EQ(st["hanger"].failures, st["hanger"].runs);
  int sigterm = 0, sigkill = 0;
  for (const std::string& r : results["hanger"]) {
    sigterm += r == "timeout after 5m (signal 15 (SIGTERM))";
    sigkill += r == "timeout after 5m (signal 9 (SIGKILL))";
  }
  EXPECT_EQ(sigterm + sigkill, static_cast<int>(results["hanger"].size()));
  EXPECT_GT(sigkill, 0);
  EXPECT_EQ(st["leaker"].failures, st["leaker"].runs);
  EXPECT_EQ(st["leaker"].last_result, "signal 6 (SIGABRT), peak memory 64 MiB");
  EXPECT_EQ(st["failer"].last_result, "exit 3");
  EXPECT_EQ(st["failer"].failures, st["failer"].runs);
  for (const char* ok :
       {"ny-quarter", "blog-utc", "weekly-2am", "daily-0130", "month-end", "first-monday"}) {
    EXPECT_EQ(st[ok].failures, 0) << ok;
    EXPECT_EQ(st[ok].last_result, "exit 0") << ok;
    EXPECT_GT(st[ok].runs, 0) << ok;
  }
  for (const auto& [name, s] : st) {
    EXPECT_EQ(s.skipped_overlap + s.skipped_stale + s.missed, 0) << name;
    EXPECT_FALSE(s.running) << name;
  }
  // The memory limit reaches the launcher per strategy.
  for (const auto& l : launcher.launches()) {
    EXPECT_EQ(l.memory_limit_bytes, l.strategy == "leaker" ? 64LL << 20 : 256LL << 20);
  }
  // Spot checks of the expected schedule itself (DST, holidays, early closes).
  auto has = [&](const std::string& n, const char* iso) {
    const auto& v = expected.at(n);
    return std::find(v.begin(), v.end(), T(iso)) != v.end();
  };
  EXPECT_FALSE(has("weekly-2am", "2026-03-08T07:00:00Z"));  // 02:00 skipped by DST
  EXPECT_TRUE(has("weekly-2am", "2026-03-15T06:00:00Z"));
  EXPECT_TRUE(has("daily-0130", "2026-11-01T05:30:00Z"));  // first 01:30 only
  EXPECT_FALSE(has("daily-0130", "2026-11-01T06:30:00Z"));
  EXPECT_FALSE(has("ny-quarter", "2026-11-27T18:00:00Z"));  // 13:00 early close
  EXPECT_TRUE(has("ny-quarter", "2026-11-27T17:45:00Z"));
  EXPECT_FALSE(has("first-monday", "2026-09-07T14:00:00Z"));  // Labor Day
  EXPECT_TRUE(has("blog-utc", "2026-04-03T13:00:00Z"));       // no filter: fires on Good Friday
  EXPECT_FALSE(has("crasher", "2026-04-03T13:30:00Z"));
  std::printf("fleet sim: %d trading days, %zu strategies, %lld fire times checked, %zu launches\n",
              trading_days, expected.size(), static_cast<long long>(checked),
              launcher.launches().size());
}

}  // namespace
}  // namespace tradelet::schedule
