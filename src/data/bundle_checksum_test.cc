// The bundle checksum: the CRC instruction and the table code agree, a value is pinned (a change
// is a format change: bump kBundleVersion), and every single-bit flip changes it.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#include "bundle_format.h"
#include "tradelet/data/bundle.h"

namespace tradelet::data {
namespace {

std::vector<uint8_t> Bytes(size_t n) {
  std::vector<uint8_t> v(n);
  uint64_t x = 0x243F6A8885A308D3ULL;
  for (auto& b : v) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    b = static_cast<uint8_t>(x >> 56);
  }
  return v;
}

TEST(BundleChecksum, InstructionAndTablesAgree) {
  const std::vector<uint8_t> v = Bytes(1100);
  for (size_t at = 0; at < 8; ++at) {
    for (size_t n = 0; n + at <= 300; ++n) {
      const std::span<const uint8_t> s(v.data() + at, n);
      ASSERT_EQ(BundleChecksum(s), bundle_internal::PortableChecksum(s)) << at << " " << n;
    }
  }
  const std::span<const uint8_t> all(v);
  EXPECT_EQ(BundleChecksum(all), bundle_internal::PortableChecksum(all));
}

TEST(BundleChecksum, PinnedValues) {
  // Bundles written by one build are read by another: these values are the format.
  EXPECT_EQ(BundleChecksum({}), 0x5fd498c26dd80351ULL);
  const std::vector<uint8_t> v = Bytes(1000);
  EXPECT_EQ(BundleChecksum(v), 0xd4df956012ece633ULL);
  EXPECT_EQ(BundleChecksum(std::span<const uint8_t>(v).first(61)), 0xec5e4ec57d5067daULL);
}

TEST(BundleChecksum, EveryBitFlipAndLengthChangesIt) {
  std::vector<uint8_t> v = Bytes(203);  // stripes, tail words and tail bytes
  const uint64_t h = BundleChecksum(v);
  for (size_t i = 0; i < v.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      v[i] ^= static_cast<uint8_t>(1u << bit);
      ASSERT_NE(BundleChecksum(v), h) << "byte " << i << " bit " << bit;
      v[i] ^= static_cast<uint8_t>(1u << bit);
    }
  }
  // Trailing zero bytes are told apart by the length; so are swapped words of one lane pair.
  std::vector<uint8_t> z(40, 0);
  EXPECT_NE(BundleChecksum(std::span<const uint8_t>(z).first(33)),
            BundleChecksum(std::span<const uint8_t>(z).first(34)));
  std::vector<uint8_t> swapped = v;
  std::swap_ranges(swapped.begin(), swapped.begin() + 8, swapped.begin() + 8);
  EXPECT_NE(BundleChecksum(swapped), h);
}

std::span<const uint8_t> AsBytes(const std::vector<int64_t>& t) {
  return {reinterpret_cast<const uint8_t*>(t.data()), t.size() * 8};
}

TEST(BundleChecksum, TimesChecksumChecksAndTellsTheOrder) {
  for (size_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 130}) {  // stripes and tail words
    std::vector<int64_t> t(n);
    for (size_t i = 0; i < n; ++i) t[i] = -500 + static_cast<int64_t>(i) * 86'400'000'000'000;
    bool up = false, up_table = false;
    EXPECT_EQ(bundle_internal::TimesChecksum(AsBytes(t), &up), BundleChecksum(AsBytes(t))) << n;
    EXPECT_EQ(bundle_internal::PortableChecksum(AsBytes(t), &up_table), BundleChecksum(AsBytes(t)));
    EXPECT_TRUE(up) << n;
    EXPECT_TRUE(up_table) << n;
    // Every adjacent pair out of order, or equal, is seen (inside a stripe, across stripes,
    // in the tail words).
    for (size_t i = 1; i < n; ++i) {
      for (const bool equal : {false, true}) {
        std::vector<int64_t> bad = t;
        if (equal) {
          bad[i] = bad[i - 1];
        } else {
          std::swap(bad[i], bad[i - 1]);
        }
        EXPECT_EQ(bundle_internal::TimesChecksum(AsBytes(bad), &up), BundleChecksum(AsBytes(bad)));
        EXPECT_FALSE(up) << n << " " << i << " " << equal;
        bundle_internal::PortableChecksum(AsBytes(bad), &up_table);
        EXPECT_FALSE(up_table) << n << " " << i << " " << equal;
      }
    }
  }
  // Not proven (the caller then checks exactly): a first time of INT64_MIN, a ragged length.
  bool up = true;
  const std::vector<int64_t> lowest = {INT64_MIN, 0};
  bundle_internal::TimesChecksum(AsBytes(lowest), &up);
  EXPECT_FALSE(up);
  const std::vector<int64_t> fine = {1, 2};
  bundle_internal::TimesChecksum(AsBytes(fine).first(12), &up);
  EXPECT_FALSE(up);
}

TEST(BundleChecksum, BlocksMatchIsBlockChecksumColumnByColumn) {
  using namespace bundle_internal;  // NOLINT: the reader's internals under test
  // Series of 1..300 bars with each column set, blocks of 7 and 128 bars (runs of 64 blocks
  // and a partial one): BlocksMatch accepts exactly BlockChecksum's values, checks only the
  // first `blocks`, and catches one flipped bit in any price column of any of them.
  for (uint8_t mask : {uint8_t{0}, uint8_t{1}, uint8_t{7}}) {
    for (uint32_t block_bars : {7u, 128u}) {
      for (uint64_t bars : {uint64_t{1}, uint64_t{7}, uint64_t{300}, uint64_t{64 * 7 + 3}}) {
        const size_t columns = ColumnCount(mask);
        std::vector<uint8_t> series = Bytes(bars * 8 * columns);
        const uint64_t blocks = (bars + block_bars - 1) / block_bars;
        std::vector<uint64_t> want;
        for (uint64_t b = 0; b < blocks; ++b) {
          const uint64_t first = b * block_bars;
          want.push_back(BlockChecksum(series.data(), bars, mask, first,
                                       std::min<uint64_t>(block_bars, bars - first)));
        }
        ASSERT_TRUE(BlocksMatch(series.data(), bars, mask, block_bars, blocks, want.data()));
        const ColumnPlan plan = PlanColumns(mask);
        for (uint64_t b = 0; b < blocks; ++b) {
          for (size_t k = 0; k < plan.price_count; ++k) {
            const uint64_t bar = std::min<uint64_t>(b * block_bars + 3, bars - 1);
            uint8_t& byte = series[(plan.price[k] * bars + bar) * 8 + 5];
            byte ^= 0x04;
            EXPECT_FALSE(BlocksMatch(series.data(), bars, mask, block_bars, blocks, want.data()))
                << int{mask} << " " << block_bars << " " << bars << " block " << b << " col " << k;
            // Only the blocks before it checked: it goes unseen.
            EXPECT_TRUE(BlocksMatch(series.data(), bars, mask, block_bars, b, want.data()));
            byte ^= 0x04;
          }
        }
        // The ahead columns (times, dividends, splits) are not the blocks' business.
        series[3] ^= 1;
        EXPECT_TRUE(BlocksMatch(series.data(), bars, mask, block_bars, blocks, want.data()));
      }
    }
  }
}

}  // namespace
}  // namespace tradelet::data
