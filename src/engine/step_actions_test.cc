#include "step_actions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "tradelet/engine/historical_feed.h"

namespace tradelet::kernel_internal {
namespace {

// Daily series of `bars` days starting `start` days in, skipping days at random when `gaps`
// (so the feed's general path steps it), with the dividend/split columns when asked for.
BarSeries Series(int start, int bars, bool gaps, bool dividend, bool split, uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution skip(0.2);
  BarSeries s;
  s.symbol = "S" + std::to_string(seed);
  for (int i = start; i < start + bars; ++i) {
    if (gaps && skip(rng)) continue;
    s.Append(Bar{Timestamp::FromUnixSeconds(1600000000 + 86400 * int64_t{i}), 10, 11, 9, 10, 1e5});
  }
  const size_t n = s.size();
  if (dividend) s.dividend.assign(n, 0.0);
  if (split) s.split.assign(n, 1.0);
  return s;
}

// The broker's test of a bar (SimulatedBroker::ScanActions), bar by bar.
bool HasAction(const BarSeries& s, uint32_t b) {
  const double d = s.dividend.empty() ? 0 : s.dividend[b];
  const double r = s.split.empty() ? 1.0 : s.split[b];
  return d != 0 || r != 1.0;
}

std::string Listed(const MarketStep& step) {
  std::ostringstream o;
  for (const MarketStep::Action& a : step.actions) {
    o << a.symbol << "@" << a.bar << " " << a.dividend << " " << a.split << ";";
  }
  return o.str();
}

std::string Expected(const std::vector<BarSeries>& m, const MarketStep& step) {
  std::ostringstream o;
  for (size_t k = 0; k < step.symbols.size(); ++k) {
    const uint32_t s = step.symbols[k], b = step.bar_index[k];
    if (!HasAction(m[s], b)) continue;
    o << s << "@" << b << " " << (m[s].dividend.empty() ? 0 : m[s].dividend[b]) << " "
      << (m[s].split.empty() ? 1.0 : m[s].split[b]) << ";";
  }
  return o.str();
}

// Steps a feed over `m` from `from`, listing every step, and checks each list against the
// bar-by-bar test. Returns how many actions were listed.
size_t CheckFeed(const std::vector<BarSeries>& m, Timestamp from) {
  std::vector<const BarSeries*> ptrs;
  for (const BarSeries& s : m) ptrs.push_back(&s);
  HistoricalFeed feed(ptrs, from);
  StepActions lister(feed.series());
  MarketStep step;
  size_t listed = 0;
  while (feed.Next(&step)) {
    lister.List(&step);
    EXPECT_TRUE(step.actions_listed);
    EXPECT_EQ(Listed(step), Expected(m, step)) << "step at " << step.decision_time.unix_nanos();
    listed += step.actions.size();
    feed.Reveal(step);
  }
  return listed;
}

TEST(StepActions, ListsEveryActionOfTheStepsBarsAsTheBrokersScan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<BarSeries> m;
  // 0: quarterly dividends over several scanned stretches (1024 bars), one on the first bar,
  // others on both sides of the stretches' edges.
  m.push_back(Series(0, 2600, false, true, true, 1));
  for (size_t b = 0; b < m[0].size(); b += 63) m[0].dividend[b] = 0.25;
  for (size_t b : {1023, 1024, 2047, 2048, 2049}) m[0].dividend[b] = 0.5;
  m[0].split[300] = 2.0;
  m[0].split[1024] = 3.0;
  // 1: gaps (the feed's general path), actions on bars next to each other and on the last bar.
  m.push_back(Series(5, 400, true, true, true, 2));
  const size_t n1 = m[1].size();
  m[1].dividend[10] = m[1].dividend[11] = 0.1;
  m[1].split[11] = 0.5;
  m[1].dividend[n1 - 1] = 0.3;
  m[1].split[200] = nan;      // NaN counts (the broker's test lists it too)
  m[1].dividend[201] = -0.0;  // -0 does not
  // 2: a dividend column only; 3: a split column only; 4: neither (never looked at).
  m.push_back(Series(100, 300, false, true, false, 3));
  m[2].dividend[64] = m[2].dividend[65 + 64] = 1.0;
  m.push_back(Series(30, 300, true, false, true, 4));
  m[3].split[0] = 3.0;
  m[3].split[150] = 1.5;
  m.push_back(Series(0, 300, false, false, false, 5));
  // 5: an action on every bar.
  m.push_back(Series(50, 200, false, true, false, 6));
  for (double& d : m[5].dividend) d = 0.01;

  size_t expected = 0;
  for (size_t s = 0; s < m.size(); ++s) {
    for (uint32_t b = 0; b < m[s].size(); ++b) expected += HasAction(m[s], b);
  }
  EXPECT_EQ(CheckFeed(m, Timestamp::Min()), expected);
  // Starting mid-way: the first look at each symbol is at a later bar, past actions unlisted.
  const size_t later = CheckFeed(m, Timestamp::FromUnixSeconds(1600000000 + 86400 * 1100));
  EXPECT_GT(later, 0u);
  EXPECT_LT(later, expected);
}

TEST(StepActions, ASkippedBarIsNotListedLater) {
  // A step that skips a symbol's action bar (its next bar comes instead) lists nothing for it,
  // as the broker, which applies an action only at its own bar.
  std::vector<BarSeries> m;
  m.push_back(Series(0, 10, false, true, false, 7));
  m[0].dividend[4] = 0.5;
  m[0].dividend[9] = 0.7;
  StepActions lister({&m[0]});
  MarketStep step;
  step.symbols = {0};
  for (uint32_t b : {0u, 1u, 5u, 6u, 9u}) {
    step.bar_index = {b};
    lister.List(&step);
    if (b == 9) {
      EXPECT_EQ(Listed(step), "0@9 0.7 1;");
    } else {
      EXPECT_EQ(Listed(step), "") << b;
    }
  }
}

}  // namespace
}  // namespace tradelet::kernel_internal
