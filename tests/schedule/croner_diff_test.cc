// Differential test: classic five-field crontab fire times against croner (npm), an independent
// implementation, over thousands of generated expressions and instants in UTC and
// America/New_York. Skips when node or the package is absent (scripts/setup installs both).
//
// DST policy differs on purpose: croner follows Vixie cron (a fixed-time job in a skipped hour
// runs after the gap, interval jobs run twice in a repeated hour) while tradelet follows
// EventBridge Scheduler (skipped times do not run, repeated times run once). Fire times within
// 3 hours of a New York DST transition are therefore left out of this comparison; the policy
// itself is checked by hand-worked cases in src/schedule/expression_test.cc and by the
// brute-force fleet simulation in fleet_sim_test.cc.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tradelet/schedule/expression.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::schedule {
namespace {

constexpr char kNodeDir[] = TRADELET_SOURCE_DIR "/tests/node";

int Uniform(std::mt19937_64& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

// One field: values in [lo, hi]; `star_steps` allows */s (not in the day fields, where Vixie
// and croner disagree on what counts as '*'); `names` maps values to names when non-null.
std::string Field(std::mt19937_64& rng, int lo, int hi, bool star_steps, const char* const* names,
                  int star_weight) {
  auto value = [&](int v) {
    if (names != nullptr && names[v - lo] != nullptr && Uniform(rng, 0, 2) == 0) {
      return std::string(names[v - lo]);
    }
    return std::to_string(v);
  };
  auto item = [&]() -> std::string {
    switch (Uniform(rng, 0, 3)) {
      case 0:
        return value(Uniform(rng, lo, hi));
      case 1: {
        int a = Uniform(rng, lo, hi - 1), b = Uniform(rng, a + 1, hi);
        return value(a) + "-" + value(b);
      }
      case 2: {
        int a = Uniform(rng, lo, hi - 1), b = Uniform(rng, a + 1, hi);
        return std::to_string(a) + "-" + std::to_string(b) + "/" +
               std::to_string(Uniform(rng, 1, std::max(1, (b - a))));
      }
      default:
        return value(Uniform(rng, lo, hi));
    }
  };
  const int r = Uniform(rng, 0, 9);
  if (r < star_weight) return "*";
  if (star_steps && r == star_weight) {
    std::string s = "*/";
    s += std::to_string(Uniform(rng, 2, (hi - lo) / 2 + 1));
    return s;
  }
  if (r >= 8) {
    std::string s = item();
    const int n = Uniform(rng, 1, 2);
    for (int i = 0; i < n; ++i) {
      s += ',';
      s += item();
    }
    return s;
  }
  return item();
}

std::string Expression(std::mt19937_64& rng) {
  static const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                        "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const char* const kDays[] = {"SUN", "MON", "TUE",  "WED", "THU",
                                      "FRI", "SAT", nullptr};  // 7 has no name: SUN is 0 (Vixie)
  return Field(rng, 0, 59, true, nullptr, 2) + " " + Field(rng, 0, 23, true, nullptr, 3) + " " +
         Field(rng, 1, 31, false, nullptr, 5) + " " + Field(rng, 1, 12, true, kMonths, 5) + " " +
         Field(rng, 0, 7, false, kDays, 5);
}

// New York DST transitions 2000-2045 from the US rules (independent of TimeZone).
std::vector<Timestamp> NewYorkTransitions() {
  std::vector<Timestamp> out;
  for (int y = 2000; y <= 2045; ++y) {
    CivilDate spring, fall;
    if (y >= 2007) {
      spring = NthWeekdayOfMonth(y, 3, Weekday::kSunday, 2);
      fall = NthWeekdayOfMonth(y, 11, Weekday::kSunday, 1);
    } else {
      spring = NthWeekdayOfMonth(y, 4, Weekday::kSunday, 1);
      fall = NthWeekdayOfMonth(y, 10, Weekday::kSunday, -1);
    }
    out.push_back(LocalDateTime{spring, 7}.AsUtc());  // 02:00 EST
    out.push_back(LocalDateTime{fall, 6}.AsUtc());    // 02:00 EDT
  }
  return out;
}

bool NearTransition(const std::vector<Timestamp>& transitions, Timestamp t) {
  for (Timestamp x : transitions) {
    if (t >= x - hours(3) && t <= x + hours(3)) return true;
  }
  return false;
}

std::vector<int64_t> ParseList(const std::string& s) {
  std::vector<int64_t> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(std::stoll(item));
  }
  return out;
}

struct Case {
  std::string expr;
  std::string zone;
  int64_t from_ms;
};

TEST(CronerDiffTest, ClassicExpressionsMatchCroner) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node is not installed";
  const std::string pkg = std::string(kNodeDir) + "/node_modules/croner/package.json";
  if (!std::ifstream(pkg).good()) {
    GTEST_SKIP() << "croner is not installed (run scripts/setup, or npm ci in tests/node)";
  }
  constexpr int kExpressions = 3000;
  constexpr int kInstantsPerZone = 2;
  constexpr int kCount = 5;
  std::mt19937_64 rng(20261129);
  std::vector<Case> cases;
  const int64_t lo_ms = ParseTimestamp("2000-01-01T00:00:00Z")->unix_millis();
  const int64_t hi_ms = ParseTimestamp("2040-01-01T00:00:00Z")->unix_millis();
  for (int i = 0; i < kExpressions; ++i) {
    const std::string e = Expression(rng);
    for (const char* zone : {"UTC", "America/New_York"}) {
      for (int k = 0; k < kInstantsPerZone; ++k) {
        int64_t ms = std::uniform_int_distribution<int64_t>(lo_ms, hi_ms)(rng);
        if (k == 0) ms -= ms % 60000;  // on a minute boundary, often a fire time itself
        cases.push_back({e, zone, ms});
      }
    }
  }
  const std::string dir = testing::TempDir();
  const std::string in = dir + "/croner_in.tsv", out = dir + "/croner_out.tsv";
  {
    std::ofstream f(in);
    for (const Case& c : cases)
      f << c.expr << '\t' << c.zone << '\t' << c.from_ms << '\t' << kCount << '\n';
  }
  const std::string cmd =
      "node " + std::string(kNodeDir) + "/croner_fire_times.mjs " + in + " " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream res(out);
  const std::vector<Timestamp> transitions = NewYorkTransitions();
  int compared = 0, excluded = 0, mismatches = 0, errors = 0;
  std::string line;
  for (const Case& c : cases) {
    ASSERT_TRUE(std::getline(res, line)) << "croner output is short";
    Result<Schedule> s = Schedule::Parse(c.expr);
    if (line.rfind("error:", 0) == 0 || !s.ok()) {
      ++errors;
      ADD_FAILURE() << c.expr << ": tradelet " << (s.ok() ? "accepts" : s.status().message())
                    << "; croner " << line;
      continue;
    }
    const TimeZone zone = TimeZone::Load(c.zone).value();
    const bool ny = c.zone != "UTC";
    const size_t tab = line.find('\t');
    const std::vector<int64_t> theirs[2] = {ParseList(line.substr(5, tab - 5)),
                                            ParseList(line.substr(tab + 6))};
    for (int dir_i = 0; dir_i < 2; ++dir_i) {
      std::vector<int64_t> a, b;
      Timestamp t = Timestamp::FromUnixMillis(c.from_ms);
      for (int i = 0; i < kCount; ++i) {
        auto n = dir_i == 0 ? s->Next(t, zone) : s->Previous(t, zone);
        if (!n) break;
        t = *n;
        if (ny && NearTransition(transitions, t)) continue;
        a.push_back(t.unix_millis());
      }
      for (int64_t ms : theirs[dir_i]) {
        if (ny && NearTransition(transitions, Timestamp::FromUnixMillis(ms))) continue;
        b.push_back(ms);
      }
      excluded += 2 * kCount - static_cast<int>(a.size() + b.size());
      const size_t n = std::min(a.size(), b.size());
      for (size_t i = 0; i < n; ++i) {
        ++compared;
        if (a[i] != b[i] && ++mismatches <= 20) {
          ADD_FAILURE() << (dir_i == 0 ? "next" : "previous") << " #" << i << " of '" << c.expr
                        << "' in " << c.zone << " from "
                        << FormatTimestamp(Timestamp::FromUnixMillis(c.from_ms)) << ": tradelet "
                        << FormatTimestamp(Timestamp::FromUnixMillis(a[i])) << ", croner "
                        << FormatTimestamp(Timestamp::FromUnixMillis(b[i]));
          break;
        }
      }
    }
  }
  std::printf(
      "croner diff: %d expressions, %zu (expression, zone, instant) cases, %d fire times "
      "compared, %d mismatches, %d parse disagreements, %d near-DST fire times left out\n",
      kExpressions, cases.size(), compared, mismatches, errors, excluded);
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(compared, 100000);
}

}  // namespace
}  // namespace tradelet::schedule
