#include "tradelet/data/bar_cache.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

const Timestamp kT0 = Timestamp::FromUnixSeconds(1'700'000'000);

Timestamp Min(int m) { return kT0 + minutes(m); }

// One bar per minute in [from, to), close = minute index.
BarSeries Minutes(int from, int to) {
  BarSeries s;
  s.symbol = "AAPL";
  s.interval = BarInterval::k1Min;
  for (int m = from; m < to; ++m) s.Append(Bar{Min(m), m + 0.5, m + 1.0, m + 0.0, m + 0.25, 100.0 * m});
  return s;
}

const BarKey kKey{"AAPL", BarInterval::k1Min, "yahoo", "split"};

std::unique_ptr<BarCache> OpenTemp() {
  auto c = BarCache::Open(testing::TempDir() + "/cache.sqlite");
  TL_CHECK(c.ok());
  return std::move(c).value();
}

TEST(BarCache, StoreReadRoundTripWithOptionalColumnsAndNaN) {
  auto cache = OpenTemp();
  BarSeries s = Minutes(0, 5);
  s.adj_close = {1, 2, 3, 4, 5};
  s.dividend = {0, 0, 0.5, 0, 0};
  s.split = {1, 1, 1, 4, 1};
  s.low[1] = std::nan("");
  ASSERT_TRUE(cache->Store(kKey, s, {Min(0), Min(5)}).ok());
  auto r = cache->Read(kKey, {Min(0), Min(100)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->bars.time_ns, s.time_ns);
  EXPECT_EQ(r->bars.close, s.close);
  EXPECT_EQ(r->bars.adj_close, s.adj_close);
  EXPECT_EQ(r->bars.dividend, s.dividend);
  EXPECT_EQ(r->bars.split, s.split);
  EXPECT_TRUE(std::isnan(r->bars.low[1]));
  ASSERT_EQ(r->coverage.size(), 1u);
  EXPECT_EQ(r->coverage[0], (TimeRange{Min(0), Min(5)}));
  // Range bounds are half-open.
  EXPECT_EQ(cache->Read(kKey, {Min(1), Min(3)})->bars.size(), 2u);
  // Without adjusted closes the column comes back empty, not as NaNs.
  BarKey raw = kKey;
  raw.adjustment = "raw";
  ASSERT_TRUE(cache->Store(raw, Minutes(0, 3), {Min(0), Min(3)}).ok());
  EXPECT_TRUE(cache->Read(raw, {Min(0), Min(3)})->bars.adj_close.empty());
  EXPECT_EQ(cache->Keys()->size(), 2u);
  EXPECT_TRUE(cache->CheckIntegrity().ok());
}

TEST(BarCache, KeysAreIsolated) {
  auto cache = OpenTemp();
  ASSERT_TRUE(cache->Store(kKey, Minutes(0, 3), {Min(0), Min(3)}).ok());
  for (BarKey other : {BarKey{"MSFT", BarInterval::k1Min, "yahoo", "split"},
                       BarKey{"AAPL", BarInterval::k5Min, "yahoo", "split"},
                       BarKey{"AAPL", BarInterval::k1Min, "alpaca-iex", "split"},
                       BarKey{"AAPL", BarInterval::k1Min, "yahoo", "all"}}) {
    EXPECT_TRUE(cache->Read(other, {Min(0), Min(3)})->bars.empty());
    EXPECT_EQ(cache->Missing(other, {Min(0), Min(3)})->size(), 1u);
  }
}

TEST(BarCache, MissingRangesAndCoverageMerging) {
  auto cache = OpenTemp();
  ASSERT_TRUE(cache->Store(kKey, Minutes(10, 20), {Min(10), Min(20)}).ok());
  ASSERT_TRUE(cache->Store(kKey, Minutes(30, 40), {Min(30), Min(40)}).ok());
  auto gaps = cache->Missing(kKey, {Min(0), Min(50)});
  ASSERT_TRUE(gaps.ok());
  EXPECT_EQ(*gaps, (std::vector<TimeRange>{{Min(0), Min(10)}, {Min(20), Min(30)}, {Min(40), Min(50)}}));
  EXPECT_TRUE(cache->Missing(kKey, {Min(12), Min(18)})->empty());
  EXPECT_EQ(*cache->Missing(kKey, {Min(15), Min(35)}), (std::vector<TimeRange>{{Min(20), Min(30)}}));
  // Filling the hole merges three ranges into one (touching ranges merge too).
  ASSERT_TRUE(cache->Store(kKey, Minutes(20, 30), {Min(20), Min(30)}).ok());
  auto r = cache->Read(kKey, {Min(0), Min(50)});
  EXPECT_EQ(r->coverage, (std::vector<TimeRange>{{Min(10), Min(40)}}));
  EXPECT_EQ(r->bars.size(), 30u);
  // An empty fetch (a weekend) still counts as covered.
  ASSERT_TRUE(cache->Store(kKey, BarSeries{}, {Min(40), Min(45)}).ok());
  EXPECT_EQ(*cache->Missing(kKey, {Min(0), Min(50)}),
            (std::vector<TimeRange>{{Min(0), Min(10)}, {Min(45), Min(50)}}));
  EXPECT_TRUE(cache->CheckIntegrity().ok());
}

TEST(BarCache, RejectsBarsBeforeTheCoveredRange) {
  auto cache = OpenTemp();
  Status s = cache->Store(kKey, Minutes(0, 5), {Min(2), Min(5)});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(cache->Read(kKey, {Min(0), Min(5)})->bars.empty());  // nothing half-written
}

TEST(BarCache, RefreshFetchesOnlyWhatIsMissing) {
  auto cache = OpenTemp();
  std::vector<TimeRange> asked;
  auto source = [&](TimeRange r) -> Result<BarSeries> {
    asked.push_back(r);
    // The source returns one minute either side of what was asked, like a sloppy API.
    const int from = static_cast<int>((r.start - kT0) / minutes(1)) - 1;
    const int to = static_cast<int>((r.end - kT0) / minutes(1)) + 1;
    return Minutes(std::max(0, from), to);
  };
  RefreshStats stats;
  auto first = RefreshBars(*cache, kKey, {Min(0), Min(60)}, source, Timestamp::Max(), &stats);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->size(), 60u);
  EXPECT_EQ(stats.fetches, 1);
  // Same window again: no fetch at all.
  RefreshStats again;
  auto second = RefreshBars(*cache, kKey, {Min(0), Min(60)}, source, Timestamp::Max(), &again);
  EXPECT_EQ(again.fetches, 0);
  EXPECT_EQ(second->close, first->close);
  // Extended both ways: only the two new edges are fetched.
  RefreshStats grow;
  auto third = RefreshBars(*cache, kKey, {Min(-0), Min(90)}, source, Timestamp::Max(), &grow);
  EXPECT_EQ(grow.fetched, (std::vector<TimeRange>{{Min(60), Min(90)}}));
  EXPECT_EQ(third->size(), 90u);
  // Data after `complete_before` is stored but asked for again next time.
  RefreshStats live;
  ASSERT_TRUE(RefreshBars(*cache, kKey, {Min(0), Min(100)}, source, Min(95), &live).ok());
  EXPECT_EQ(live.fetched, (std::vector<TimeRange>{{Min(90), Min(100)}}));
  RefreshStats live2;
  auto fourth = RefreshBars(*cache, kKey, {Min(0), Min(100)}, source, Min(95), &live2);
  EXPECT_EQ(live2.fetched, (std::vector<TimeRange>{{Min(95), Min(100)}}));
  EXPECT_EQ(fourth->size(), 100u);
  // A failing source leaves the cache as it was.
  auto broken = [](TimeRange) -> Result<BarSeries> { return Unavailable("down"); };
  EXPECT_EQ(RefreshBars(*cache, kKey, {Min(0), Min(200)}, broken).status().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(cache->Read(kKey, {Min(0), Min(300)})->bars.size(), 100u);
}

TEST(BarCache, ReopenKeepsDataAndRejectsForeignFiles) {
  const std::string dir = testing::TempDir();
  {
    auto c = BarCache::Open(dir + "/a.sqlite");
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->Store(kKey, Minutes(0, 3), {Min(0), Min(3)}).ok());
  }
  auto ro = BarCache::Open(dir + "/a.sqlite", {.read_only = true});
  ASSERT_TRUE(ro.ok()) << ro.status().ToString();
  EXPECT_EQ((*ro)->Read(kKey, {Min(0), Min(3)})->bars.size(), 3u);
  EXPECT_FALSE((*ro)->Store(kKey, Minutes(3, 4), {Min(3), Min(4)}).ok());
  FILE* f = std::fopen((dir + "/junk.sqlite").c_str(), "w");
  std::fputs("this is not a database, just text that is long enough to have a header......", f);
  std::fclose(f);
  auto junk = BarCache::Open(dir + "/junk.sqlite");
  EXPECT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("junk.sqlite"), std::string::npos) << junk.status().ToString();
}

}  // namespace
}  // namespace tradelet::data
