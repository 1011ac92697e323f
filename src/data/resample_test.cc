#include "tradelet/data/resample.h"

#include <gtest/gtest.h>

namespace tradelet::data {
namespace {

// Two full sessions of 1-minute bars: price = minute index in the session + 100 * session.
struct Minutes {
  std::vector<MarketSession> sessions = SessionsFor({2024, 1, 8}, {2024, 1, 9}).value();
  BarSeries bars;
  Minutes() {
    bars.symbol = std::string(1, 'M');
    bars.interval = BarInterval::k1Min;
    for (size_t s = 0; s < sessions.size(); ++s) {
      // One pre-market bar that must be dropped.
      bars.Append({sessions[s].open - minutes(5), 1, 1, 1, 1, 1});
      for (int m = 0; m < 390; ++m) {
        const double p = 100.0 * (s + 1) + m;
        bars.Append({sessions[s].open + minutes(m), p, p + 0.5, p - 0.5, p + 0.25, 10});
      }
    }
  }
};

TEST(Resample, FiveMinuteBucketsStartAtTheOpen) {
  Minutes mx;
  ResampleReport rep;
  auto r = Resample(mx.bars, BarInterval::k5Min, mx.sessions, &rep);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 2u * 78);
  EXPECT_EQ(rep.dropped_off_session, 2u);
  EXPECT_EQ(r->interval, BarInterval::k5Min);
  EXPECT_EQ(r->time(0), mx.sessions[0].open);
  EXPECT_EQ(r->time(1), mx.sessions[0].open + minutes(5));
  EXPECT_DOUBLE_EQ(r->open[1], 105);
  EXPECT_DOUBLE_EQ(r->high[1], 109.5);
  EXPECT_DOUBLE_EQ(r->low[1], 104.5);
  EXPECT_DOUBLE_EQ(r->close[1], 109.25);
  EXPECT_DOUBLE_EQ(r->volume[1], 50);
  EXPECT_EQ(r->time(78), mx.sessions[1].open);  // the second session starts a new bucket
  EXPECT_TRUE(r->CheckShape().ok());
}

TEST(Resample, HourlyLastBucketIsHalfAnHourAndDailyIsOneBarPerSession) {
  Minutes mx;
  auto h = Resample(mx.bars, BarInterval::k1Hour, mx.sessions);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 14u);  // 6 full hours + 15:30-16:00, per session
  EXPECT_EQ(h->time(6), mx.sessions[0].open + minutes(360));
  EXPECT_DOUBLE_EQ(h->volume[6], 300);
  auto d = Resample(mx.bars, BarInterval::k1Day, mx.sessions);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ(d->time(1), mx.sessions[1].open);
  EXPECT_DOUBLE_EQ(d->open[0], 100);
  EXPECT_DOUBLE_EQ(d->close[0], 489.25);
  EXPECT_DOUBLE_EQ(d->high[1], 589.5);
  EXPECT_DOUBLE_EQ(d->low[1], 199.5);
  EXPECT_DOUBLE_EQ(d->volume[1], 3900);
}

TEST(Resample, EarlyCloseCutsTheLastBucketAndDropsLaterBars) {
  Minutes mx;
  mx.sessions[0].close = mx.sessions[0].open + minutes(210);  // 13:00 close
  auto h = Resample(mx.bars, BarInterval::k1Hour, mx.sessions);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 4u + 7u);  // 09:30, 10:30, 11:30, 12:30-13:00; then a full session
  EXPECT_DOUBLE_EQ(h->volume[3], 300);
  EXPECT_DOUBLE_EQ(h->close[3], 100 + 209 + 0.25);
}

TEST(Resample, WeeklyAndErrors) {
  const auto ss = SessionsFor({2024, 1, 1}, {2024, 1, 31}).value();
  BarSeries d;
  d.symbol = std::string(1, 'D');
  for (const auto& s : ss) d.Append({s.open, 1, 2, 0.5, 1.5, 1});
  auto w = Resample(d, BarInterval::k1Week, ss);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->size(), 5u);           // weeks of Jan 1, 8, 15, 22, 29
  EXPECT_DOUBLE_EQ(w->volume[0], 4);  // 2024-01-01 is a holiday
  auto mo = Resample(d, BarInterval::k1Month, ss);
  ASSERT_TRUE(mo.ok());
  EXPECT_EQ(mo->size(), 1u);
  EXPECT_FALSE(Resample(d, BarInterval::k5Min, ss).ok());
  EXPECT_FALSE(Resample(d, BarInterval::k1Week, {}).ok());
}

}  // namespace
}  // namespace tradelet::data
