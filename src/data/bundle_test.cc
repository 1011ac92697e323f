#include "tradelet/data/bundle.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "tradelet/data/parallel.h"
#include "tradelet/data/validate.h"
#include "tradelet/testing/shared_data.h"

namespace tradelet::data {
namespace {

namespace fs = std::filesystem;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}
std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Three symbols: AAA is clean; BBB has adjusted close / dividend / split columns, a duplicate
// and an unsorted row; CCC has a non-positive price (ValidateRows excludes it).
std::string MakeSource() {
  const std::string dir = testing::TempDir("bundle-src");
  WriteFile(dir + "/AAA.csv",
            "time,open,high,low,close,volume\n"
            "2024-01-02,10,11,9,10.5,1000\n2024-01-03,10.5,12,10,11.25,1200\n"
            "2024-01-04,11,11.5,10.1,10.2,900\n");
  WriteFile(dir + "/BBB.csv",
            "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,"
            "split_coefficient\n"
            "2024-01-03,20,21,19,20.5,20.1,500,0.0,1.0\n"
            "2024-01-02,19,20,18,19.5,19.1,400,0.25,1.0\n"
            "2024-01-02,19,20,18,19.5,19.1,400,0.25,1.0\n"
            "2024-01-04,20,22,20,21,20.6,600,0.0,2.0\n");
  WriteFile(dir + "/CCC.csv",
            "time,open,high,low,close,volume\n2024-01-02,5,6,4,5.5,10\n2024-01-03,5,6,-1,5,10\n");
  return dir;
}

void ExpectSameMarket(const MarketData& a, const MarketData& b) {
  ASSERT_EQ(a.symbols(), b.symbols());
  for (const Symbol& s : a.symbols()) {
    const BarSeries &x = *a.Find(s), &y = *b.Find(s);
    EXPECT_EQ(x.interval, y.interval) << s;
    EXPECT_EQ(x.time_ns, y.time_ns) << s;
    for (auto col :
         {&BarSeries::open, &BarSeries::high, &BarSeries::low, &BarSeries::close,
          &BarSeries::volume, &BarSeries::adj_close, &BarSeries::dividend, &BarSeries::split}) {
      ASSERT_EQ((x.*col).size(), (y.*col).size()) << s;
      if ((x.*col).empty()) continue;  // memcmp must not see the null data() of an empty column
      EXPECT_EQ(0, std::memcmp((x.*col).data(), (y.*col).data(), (x.*col).size() * 8)) << s;
    }
  }
}

TEST(Bundle, RoundTripMatchesTheCsvLoadAndStoresValidation) {
  const std::string src = MakeSource();
  const std::string out = testing::TempDir("bundle-out") + "/m.tlb";
  auto rep = WriteBundle(src, out);
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_EQ(rep->files, 3u);
  EXPECT_EQ(rep->symbols, 3u);
  EXPECT_EQ(rep->bars, 3u + 3u + 2u);
  EXPECT_EQ(rep->invalid, 1u);
  EXPECT_TRUE(IsBundlePath(out));
  EXPECT_FALSE(IsBundlePath(src + "/AAA.csv"));

  LoadReport csv_report;
  auto csv = LoadMarketData(src, {}, &csv_report);
  ASSERT_TRUE(csv.ok());
  auto b = ReadBundle(out);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ExpectSameMarket(*csv, b->market);
  EXPECT_EQ(b->source, src);
  ASSERT_EQ(b->report.files.size(), 3u);
  EXPECT_EQ(b->report.rows, csv_report.rows);
  const LoadedFile& bbb = b->report.files[1];
  EXPECT_EQ(bbb.path, src + "/BBB.csv");
  EXPECT_EQ(bbb.layout, csv_report.files[1].layout);
  EXPECT_EQ(bbb.symbol_rows, (std::vector<size_t>{4}));
  EXPECT_EQ(bbb.normalized.dropped_duplicates, 1u);
  EXPECT_TRUE(bbb.normalized.sorted);
  EXPECT_EQ(b->files[0].size, fs::file_size(src + "/AAA.csv"));
  EXPECT_EQ(b->file_of.at("CCC"), src + "/CCC.csv");
  // The stored verdicts are ValidateRows' on the loaded series: CCC excluded, others kept.
  EXPECT_EQ(b->invalid.at("AAA"), "");
  EXPECT_EQ(b->invalid.at("BBB"), "");
  EXPECT_EQ(b->invalid.at("CCC"), ValidateRows(*csv->Find("CCC"), src + "/CCC.csv").reason());
  EXPECT_NE(b->invalid.at("CCC"), "");
  EXPECT_EQ(b->market.Find("BBB")->split, (std::vector<double>{1.0, 1.0, 2.0}));
  // Read from the file, the columns view the mapping in place (no copy); they stay valid when
  // the Bundle that mapped them is gone.
  const BarSeries* bbb_series = b->market.Find("BBB");
  EXPECT_TRUE(bbb_series->close.is_view());
  EXPECT_TRUE(bbb_series->time_ns.is_view());
  EXPECT_TRUE(bbb_series->split.is_view());
  MarketData kept = std::move(b->market);
  b = Result<Bundle>(InvalidArgument("released"));
  EXPECT_EQ(kept.Find("BBB")->split, (std::vector<double>{1.0, 1.0, 2.0}));
  ExpectSameMarket(*csv, kept);
  // From bytes in memory (the fuzzer's entry) the columns are copies: the bytes are not kept.
  std::ifstream in(out, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  auto parsed = ParseBundle(bytes, "m.tlb");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_FALSE(parsed->market.Find("BBB")->close.is_view());
  ExpectSameMarket(*csv, parsed->market);
}

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
  for (size_t threads : {size_t{0}, size_t{1}, size_t{3}, size_t{64}}) {
    std::vector<std::atomic<int>> hits(100);
    ParallelFor(hits.size(), threads, [&](size_t i) { hits[i].fetch_add(1); });
    for (size_t i = 0; i < hits.size(); ++i) ASSERT_EQ(hits[i].load(), 1) << i << " " << threads;
  }
  EXPECT_EQ(LoadThreads(8, 3), 3u);
  EXPECT_EQ(LoadThreads(2, 0), 1u);
  ParallelFor(0, 4, [](size_t) { std::abort(); });  // nothing to do: fn never runs
}

TEST(ParallelFor, CallerFirstOverlapsTheOtherThreads) {
  // Two threads: the caller's task waits for the other thread's first index, so it returns
  // only if they overlap; then the caller takes indices too, and each still runs once.
  std::vector<std::atomic<int>> hits(64);
  std::atomic<size_t> done{0};
  int first_runs = 0;
  bool overlapped = false;
  ParallelFor(
      hits.size(), 2,
      [&](size_t i) {
        hits[i].fetch_add(1);
        done.fetch_add(1);
      },
      [&] {
        ++first_runs;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (done.load() == 0 && std::chrono::steady_clock::now() < until) {
          std::this_thread::yield();
        }
        overlapped = done.load() > 0;
      });
  EXPECT_EQ(first_runs, 1);
  EXPECT_TRUE(overlapped);
  for (size_t i = 0; i < hits.size(); ++i) ASSERT_EQ(hits[i].load(), 1) << i;
  // One thread: the task runs first, then every index; with nothing to do it still runs.
  size_t seen = 99;
  done = 0;
  ParallelFor(
      5, 1, [&](size_t) { done.fetch_add(1); }, [&] { seen = done.load(); });
  EXPECT_EQ(seen, 0u);
  EXPECT_EQ(done.load(), 5u);
  ParallelFor(
      0, 4, [](size_t) { std::abort(); }, [&] { seen = 7; });
  EXPECT_EQ(seen, 7u);
}

TEST(Bundle, ParallelLoadIsTheSequentialLoad) {
  const std::string src = MakeSource();
  LoadOptions one, many;
  one.threads = 1;
  many.threads = 8;
  LoadReport r1, r8;
  auto a = LoadMarketData(src, one, &r1);
  auto b = LoadMarketData(src, many, &r8);
  ASSERT_TRUE(a.ok() && b.ok());
  ExpectSameMarket(*a, *b);
  ASSERT_EQ(r1.files.size(), r8.files.size());
  for (size_t i = 0; i < r1.files.size(); ++i) EXPECT_EQ(r1.files[i].path, r8.files[i].path);
  // Two bad files: every thread count reports the first one in name order, with its line.
  WriteFile(src + "/ABC.csv", "time,open,high,low,close,volume\n2024-01-02,1,2,0.5,oops,3\n");
  WriteFile(src + "/ZZZ.csv", "time,open,high,low,close,volume\n2024-01-02,1,2,0.5,x,3\n");
  auto e1 = LoadMarketData(src, one);
  auto e8 = LoadMarketData(src, many);
  ASSERT_FALSE(e1.ok());
  EXPECT_EQ(e1.status().ToString(), e8.status().ToString());
  EXPECT_NE(e1.status().message().find("ABC.csv"), std::string::npos) << e1.status().ToString();
  EXPECT_NE(e1.status().message().find(":2"), std::string::npos) << e1.status().ToString();
}

TEST(Bundle, CorruptOrTruncatedIsDataLossNeverACrash) {
  const std::string out = testing::TempDir("bundle-bad") + "/m.tlb";
  ASSERT_TRUE(WriteBundle(MakeSource(), out).ok());
  const std::string good = ReadAll(out);
  auto parse = [](const std::string& bytes) {
    return ParseBundle({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, "b.tlb");
  };
  ASSERT_TRUE(parse(good).ok());
  for (size_t cut : {size_t{0}, size_t{10}, size_t{63}, size_t{64}, size_t{100}, good.size() / 2,
                     good.size() - 1}) {
    auto r = parse(good.substr(0, cut));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << cut << r.status().ToString();
    EXPECT_NE(r.status().message().find("b.tlb"), std::string::npos);
  }
  // One flipped byte anywhere is caught: header, metadata, or a series' payload.
  for (size_t at : {size_t{3}, size_t{20}, size_t{70}, good.size() - 200, good.size() - 9}) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    auto r = parse(bad);
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << at << r.status().ToString();
  }
  uint64_t payload_offset = 0;
  std::memcpy(&payload_offset, good.data() + 32, 8);
  std::string flipped = good;
  flipped[payload_offset + 9] = static_cast<char>(flipped[payload_offset + 9] ^ 1);
  EXPECT_NE(parse(flipped).status().message().find("checksum"), std::string::npos);
  EXPECT_NE(parse("not a bundle at all, just some text that is long enough to hold a header ok")
                .status()
                .message()
                .find("not a tradelet bundle"),
            std::string::npos);
  // Through the file reader too.
  WriteFile(out, good.substr(0, good.size() - 64));
  EXPECT_EQ(ReadBundle(out).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ReadBundle(out + ".missing").status().code(), StatusCode::kNotFound);
}

// One symbol of 300 daily bars from 2024-01-01 (three blocks of 128 bars) plus AAA..CCC.
std::string MakeLongSource() {
  const std::string dir = MakeSource();
  std::string text = "time,open,high,low,close,volume\n";
  for (int i = 0; i < 300; ++i) {
    const int64_t ns = (int64_t{19723} + i) * 86400 * 1'000'000'000;  // 2024-01-01 + i days
    text += FormatTimestamp(Timestamp::FromUnixNanos(ns)).substr(0, 10) + ",10,11,9,10.5,100\n";
  }
  WriteFile(dir + "/LONG.csv", text);
  return dir;
}

// Flips one bit of the byte `at` of `path`.
void FlipByte(const std::string& path, uint64_t at) {
  std::string bytes = ReadAll(path);
  bytes[at] = static_cast<char>(bytes[at] ^ 0x10);
  WriteFile(path, bytes);
}

// Where LONG's column `column` (payload order) holds bar `bar`: the series are in symbol order,
// each 64-byte aligned; AAA 3 bars x 6 columns, BBB 3 x 9, CCC 2 x 6.
uint64_t LongByte(const std::string& path, size_t column, size_t bar) {
  const std::string bytes = ReadAll(path);
  uint64_t payload = 0;
  std::memcpy(&payload, bytes.data() + 32, 8);
  const uint64_t long_at = payload + 192 + 256 + 128;  // 144, 216 and 96 bytes, padded
  return long_at + (column * 300 + bar) * 8 + 3;
}

TEST(Bundle, DeferredVerificationChecksThePricesInTimeOrder) {
  const std::string src = MakeLongSource();
  const std::string out = testing::TempDir("bundle-defer") + "/m.tlb";
  ASSERT_TRUE(WriteBundle(src, out).ok());
  BundleReadOptions defer;
  defer.defer_verification = true;
  auto full = ReadBundle(out);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->verifier, nullptr);
  auto lazy = ReadBundle(out, defer);
  ASSERT_TRUE(lazy.ok()) << lazy.status().ToString();
  ASSERT_NE(lazy->verifier, nullptr);
  EXPECT_TRUE(lazy->verifier->WaitAll().ok());
  EXPECT_EQ(lazy->verifier->watermark(), INT64_MAX);
  ExpectSameMarket(full->market, lazy->market);
  ASSERT_EQ(lazy->market.Find("LONG")->size(), 300u);

  // A flipped close of LONG's bar 200 (its second block, bars 128..255): the eager read fails
  // naming LONG; the deferred one loads, verifies everything before bar 128 and stops there.
  FlipByte(out, LongByte(out, 4, 200));
  auto eager = ReadBundle(out);
  ASSERT_FALSE(eager.ok());
  EXPECT_EQ(eager.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(eager.status().message().find("series LONG"), std::string::npos);
  auto bad = ReadBundle(out, defer);
  ASSERT_TRUE(bad.ok()) << bad.status().ToString();
  const int64_t bar128 = bad->market.Find("LONG")->time_ns[128];
  EXPECT_TRUE(bad->verifier->WaitBefore(bar128).ok());
  const Status late = bad->verifier->WaitBefore(bar128 + 1);
  EXPECT_EQ(late.code(), StatusCode::kDataLoss) << late.ToString();
  EXPECT_NE(late.message().find("series LONG"), std::string::npos) << late.ToString();
  EXPECT_NE(late.message().find("m.tlb"), std::string::npos) << late.ToString();
  EXPECT_EQ(bad->verifier->WaitAll().code(), StatusCode::kDataLoss);
  EXPECT_EQ(bad->verifier->watermark(), bar128);

  // A flipped time (an ahead column, read before any bar is reached) fails the read itself.
  ASSERT_TRUE(WriteBundle(src, out).ok());
  FlipByte(out, LongByte(out, 0, 250));
  auto bad_time = ReadBundle(out, defer);
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.status().message().find("series LONG"), std::string::npos);
}

// The verifier merges the series' blocks: it checks them by start time, then series, starting
// from each series' first block left, and its watermark is always the next block's start.
TEST(BundleVerifier, ChecksBlocksInTimeOrderAcrossSeries) {
  using Block = BundleVerifier::Block;
  // Start times per series (ascending within a series); series 2 starts with a tie.
  const std::vector<std::vector<int64_t>> starts = {
      {10, 40, 41, 90}, {5, 6, 7, 100, 200}, {10, 11}, {}, {1000}};
  std::vector<Block> seen;
  std::vector<int64_t> watermarks;
  BundleVerifier* self = nullptr;
  std::atomic<bool> ready{false};
  BundleVerifier v(
      0,
      [&] {
        std::vector<Block> heads;
        for (auto k = static_cast<uint32_t>(starts.size()); k-- > 0;) {  // any order
          if (!starts[k].empty()) heads.push_back({starts[k][0], k, 0});
        }
        return heads;
      },
      [&](const Block& b, Block* next) {
        if (b.index + 1 >= starts[b.series].size()) return false;
        *next = {starts[b.series][b.index + 1], b.series, b.index + 1};
        return true;
      },
      [&](const Block& b, const Block* next) {
        while (!ready.load()) std::this_thread::yield();
        watermarks.push_back(self->watermark());
        seen.push_back(b);
        if (next) {
          EXPECT_LE(b.first_ns, next->first_ns);
        }
        return true;
      },
      [](uint32_t) { return Status::Ok(); });
  self = &v;
  ready.store(true);
  ASSERT_TRUE(v.WaitAll().ok());
  std::vector<Block> want;
  for (uint32_t k = 0; k < starts.size(); ++k) {
    for (uint32_t i = 0; i < starts[k].size(); ++i) want.push_back({starts[k][i], k, i});
  }
  std::sort(want.begin(), want.end(), [](const Block& a, const Block& b) {
    return a.first_ns != b.first_ns ? a.first_ns < b.first_ns : a.series < b.series;
  });
  ASSERT_EQ(seen.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(seen[i].first_ns, want[i].first_ns) << i;
    EXPECT_EQ(seen[i].series, want[i].series) << i;
    EXPECT_EQ(seen[i].index, want[i].index) << i;
    // Before block i is checked, every bar before its start is verified (and no later one).
    EXPECT_EQ(watermarks[i], i == 0 ? 0 : want[i].first_ns) << i;
  }
  EXPECT_EQ(v.watermark(), INT64_MAX);
}

TEST(Bundle, OldFormatVersionAsksToRebuild) {
  const std::string out = testing::TempDir("bundle-v1") + "/m.tlb";
  ASSERT_TRUE(WriteBundle(MakeSource(), out).ok());
  std::string bytes = ReadAll(out);
  const uint32_t v1 = 1;
  std::memcpy(bytes.data() + 8, &v1, 4);
  const uint64_t head = BundleChecksum({reinterpret_cast<const uint8_t*>(bytes.data()), 56});
  std::memcpy(bytes.data() + 56, &head, 8);
  WriteFile(out, bytes);
  auto r = ReadBundle(out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("version 1"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("rebuild it"), std::string::npos) << r.status().ToString();
}

TEST(Bundle, Format2BundleAsksToRebuild) {
  // A real format-2 bundle (the old fuzz seed): its header checksum is of the old kind, so the
  // version must be read before the checksum, or it would be reported as corrupt.
  const std::string v2 = TRADELET_SOURCE_DIR "/src/data/testdata/format2_three_files.tlb";
  ASSERT_TRUE(fs::exists(v2)) << v2;
  auto r = ReadBundle(v2, {.check_stale = false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(r.status().message().find("version 2, this tradelet reads version 3"),
            std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find("rebuild it with tradelet data bundle"), std::string::npos)
      << r.status().ToString();
  // Its header alone is enough to tell.
  const std::string head = ReadAll(v2).substr(0, 64);
  auto parsed = ParseBundle({reinterpret_cast<const uint8_t*>(head.data()), head.size()}, "v2");
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << parsed.status().ToString();
}

TEST(Bundle, ChangedSourceMakesItStale) {
  const std::string src = MakeSource();
  const std::string out = testing::TempDir("bundle-stale") + "/m.tlb";
  ASSERT_TRUE(WriteBundle(src, out).ok());
  ASSERT_TRUE(ReadBundle(out).ok());
  WriteFile(src + "/AAA.csv", ReadAll(src + "/AAA.csv") + "2024-01-05,10,11,9,10,5\n");
  auto r = ReadBundle(out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("stale"), std::string::npos);
  EXPECT_NE(r.status().message().find("AAA.csv"), std::string::npos) << r.status().ToString();
  BundleReadOptions no_check;
  no_check.check_stale = false;
  EXPECT_TRUE(ReadBundle(out, no_check).ok());
  // A new file is stale too; a source that is gone is not checked.
  ASSERT_TRUE(WriteBundle(src, out).ok());
  WriteFile(src + "/DDD.csv", "time,open,high,low,close,volume\n2024-01-02,1,2,0.5,1,3\n");
  EXPECT_NE(ReadBundle(out).status().message().find("now has 4 CSV files"), std::string::npos);
  fs::remove_all(src);
  EXPECT_TRUE(ReadBundle(out).ok());
}

// The stale error ReadBundle gives for `out`, written from `source` (as given): `why` is the
// reason, with the changed file named by the path ListCsvFiles gives it.
std::string StaleMessage(const std::string& out, const std::string& source,
                         const std::string& why) {
  return out + ": stale bundle: " + why + "; rebuild it with tradelet data bundle --data " +
         source + " --out " + out;
}

TEST(Bundle, StaleSourceIsFoundWhileTheSeriesAreVerified) {
  // The source is compared while the series are verified: every verdict and message is the one
  // of a comparison ahead of the verification, for any number of threads, deferred or not.
  for (const bool trailing_slash : {false, true}) {
    const std::string src = MakeLongSource();
    const std::string given = trailing_slash ? src + "/" : src;
    const std::string out = testing::TempDir("bundle-stale-par") + "/m.tlb";
    ASSERT_TRUE(WriteBundle(given, out).ok());
    auto read_all_ways = [&](const std::string& want) {
      for (size_t threads : {size_t{1}, size_t{2}, size_t{8}}) {
        for (bool defer : {false, true}) {
          auto r = ReadBundle(out, {.threads = threads, .defer_verification = defer});
          if (want.empty()) {
            EXPECT_TRUE(r.ok()) << r.status().ToString();
            continue;
          }
          ASSERT_FALSE(r.ok()) << want;
          EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
          EXPECT_EQ(r.status().message(), want) << threads << " threads, defer " << defer;
        }
      }
    };
    read_all_ways("");
    // The paths in the messages are ListCsvFiles': the absolute folder joined with the name.
    auto listed = ListCsvFiles(fs::absolute(given).lexically_normal().string());
    ASSERT_TRUE(listed.ok());
    const std::string aaa = (*listed)[0];
    ASSERT_EQ(fs::path(aaa).filename(), "AAA.csv");
    const uint64_t size = fs::file_size(src + "/AAA.csv");
    WriteFile(src + "/AAA.csv", ReadAll(src + "/AAA.csv") + "2024-01-05,10,11,9,10,5\n");
    read_all_ways(StaleMessage(out, given,
                               aaa + " changed after the bundle was written (size " +
                                   std::to_string(size) + " -> " + std::to_string(size + 24) +
                                   ", or its modification time)"));
    // Stale and corrupt: the stale error, every time (it used to be found before any series).
    FlipByte(out, LongByte(out, 2, 290));
    for (int i = 0; i < 10; ++i) {
      read_all_ways(StaleMessage(out, given,
                                 aaa + " changed after the bundle was written (size " +
                                     std::to_string(size) + " -> " + std::to_string(size + 24) +
                                     ", or its modification time)"));
    }
    // Only corrupt: the corruption.
    BundleReadOptions no_check;
    no_check.check_stale = false;
    EXPECT_EQ(ReadBundle(out, no_check).status().code(), StatusCode::kDataLoss);
  }
}

TEST(Bundle, StaleCheckListsTheSourceAsListCsvFiles) {
  const std::string src = MakeSource();
  const std::string out = testing::TempDir("bundle-stale-list") + "/m.tlb";
  const std::string abs = fs::absolute(src).lexically_normal().string();
  // A link to a CSV file is one (its target's size and time), a folder named *.csv is not,
  // other names are not looked at.
  const std::string elsewhere = testing::TempDir("bundle-stale-target");
  WriteFile(elsewhere + "/DDD.csv", "time,open,high,low,close,volume\n2024-01-02,1,2,0.5,1,3\n");
  fs::create_symlink(elsewhere + "/DDD.csv", src + "/DDD.csv");
  fs::create_directory(src + "/EEE.csv");
  WriteFile(src + "/notes.txt", "not data");
  ASSERT_TRUE(WriteBundle(src, out).ok());
  auto r = ReadBundle(out);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->market.symbols().size(), 4u);
  // The link's target changes: stale, named by the link.
  WriteFile(elsewhere + "/DDD.csv", ReadAll(elsewhere + "/DDD.csv") + "2024-01-03,1,2,0.5,1,3\n");
  EXPECT_NE(ReadBundle(out).status().message().find(abs + "/DDD.csv changed after"),
            std::string::npos)
      << ReadBundle(out).status().ToString();
  // A dangling link named *.csv: the source cannot be listed (ListCsvFiles fails on it).
  ASSERT_TRUE(WriteBundle(src, out).ok());
  fs::create_symlink(elsewhere + "/gone.csv", src + "/FFF.csv");
  EXPECT_EQ(ReadBundle(out).status().message(),
            StaleMessage(out, src, "its source " + abs + " cannot be listed"));
  fs::remove(src + "/FFF.csv");
  ASSERT_TRUE(ReadBundle(out).ok());
  // A file renamed: as many files, another name.
  fs::rename(src + "/CCC.csv", src + "/CCD.csv");
  EXPECT_EQ(ReadBundle(out).status().message(),
            StaleMessage(out, src,
                         "its source files differ (" + abs + "/CCD.csv where the bundle has " +
                             src + "/CCC.csv)"));
  // No CSV file left: cannot be listed.
  for (const char* f : {"AAA.csv", "BBB.csv", "CCD.csv", "DDD.csv"}) fs::remove(src + "/" + f);
  EXPECT_EQ(ReadBundle(out).status().message(),
            StaleMessage(out, src, "its source " + abs + " cannot be listed"));
  // A bundle of one CSV file: that file is its source, compared as before.
  const std::string one = src + "/AAA.csv";
  WriteFile(one, "time,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,1000\n");
  ASSERT_TRUE(WriteBundle(one, out).ok());
  ASSERT_TRUE(ReadBundle(out).ok()) << ReadBundle(out).status().ToString();
  WriteFile(one, ReadAll(one) + "2024-01-03,10,11,9,10.5,1000\n");
  EXPECT_NE(ReadBundle(out).status().message().find("AAA.csv changed after"), std::string::npos)
      << ReadBundle(out).status().ToString();
}

TEST(Bundle, RealDailyFilesRoundTrip) {
  TL_REQUIRE_SHARED(dir, "data/daily/sp500_alphavantage_1999-2021/per_ticker_gz");
  // A slice of the 504 files keeps this fast; the whole set runs in the backtest test.
  const std::string src = testing::TempDir("bundle-real");
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (n++ >= 12) break;
    fs::create_symlink(e.path(), src + "/" + e.path().filename().string());
  }
  const std::string out = testing::TempDir("bundle-real-out") + "/r.tlb";
  ASSERT_TRUE(WriteBundle(src, out).ok());
  auto csv = LoadMarketData(src);
  auto b = ReadBundle(out);
  ASSERT_TRUE(csv.ok() && b.ok()) << b.status().ToString();
  ExpectSameMarket(*csv, b->market);
}

}  // namespace
}  // namespace tradelet::data
