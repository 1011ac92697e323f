// Internal: the bundle's byte layout (see tradelet/data/bundle.h) and bounds-checked readers.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/data/bundle.h"
#include "tradelet/model/bar_series.h"

namespace tradelet::data::bundle_internal {

static_assert(std::endian::native == std::endian::little, "bundles are little-endian");

inline constexpr char kMagic[8] = {'T', 'L', 'B', 'U', 'N', 'D', 'L', 'E'};
inline constexpr size_t kHeaderSize = 64;
inline constexpr size_t kAlign = 64;
inline constexpr size_t kBaseColumns = 6;  // time_ns, open, high, low, close, volume
enum ColumnMask : uint8_t { kAdjClose = 1, kDividend = 2, kSplit = 4 };

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t header_size;
  uint64_t meta_offset, meta_size;
  uint64_t payload_offset, payload_size;
  uint64_t meta_checksum;
  uint64_t header_checksum;  // of the 56 bytes before it
};
static_assert(sizeof(Header) == kHeaderSize);

inline size_t ColumnCount(uint8_t mask) {
  return kBaseColumns + std::popcount(static_cast<unsigned>(mask & 7));
}

inline Status DataLossError(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }

// Checksums fold the checksums of columns (or column slices), in payload order.
inline uint64_t FoldChecksum(uint64_t h, uint64_t column) {
  h ^= column + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xC2B2AE3D27D4EB4FULL;
}
// BundleChecksum computed with tables only (no CRC instruction): the same values on any CPU.
// With `ascending`, also what TimesChecksum tells.
uint64_t PortableChecksum(std::span<const uint8_t> bytes, bool* ascending = nullptr);
// BundleChecksum of a time column, and in the same pass whether its int64 values strictly
// ascend: *ascending true proves they do; false means they may not (the caller checks exactly;
// a first value of INT64_MIN, or bytes that are not whole words, also give false).
uint64_t TimesChecksum(std::span<const uint8_t> bytes, bool* ascending);
inline uint64_t ColumnChecksum(const void* p, size_t values) {
  return BundleChecksum({static_cast<const uint8_t*>(p), values * 8});
}

// Which of a series' columns (indices in payload order) are "ahead" columns (read before the
// run reaches a bar: time_ns, dividend, split) and which are price columns (checked by block).
struct ColumnPlan {
  uint8_t ahead[3] = {}, price[6] = {};
  size_t ahead_count = 0, price_count = 0;
};
ColumnPlan PlanColumns(uint8_t mask);
// The series' ahead columns' checksum; `series` points at its first payload byte. Sets
// *times_ascending as TimesChecksum does for its times.
uint64_t AheadChecksum(const uint8_t* series, uint64_t bars, uint8_t mask, bool* times_ascending);
// Starts fetching bars [first, first + count) of its price columns into the cache.
void PrefetchBlock(const uint8_t* series, uint64_t bars, uint8_t mask, uint64_t first,
                   uint64_t count);
// The checksum of bars [first, first + count) of its price columns.
uint64_t BlockChecksum(const uint8_t* series, uint64_t bars, uint8_t mask, uint64_t first,
                       uint64_t count);
// Whether the series' first `blocks` blocks of `block_bars` bars all have the checksums
// `expected` (BlockChecksum's), computed a run of blocks at a time column by column: each
// column is read in one sequential sweep instead of a slice per block.
bool BlocksMatch(const uint8_t* series, uint64_t bars, uint8_t mask, uint32_t block_bars,
                 uint64_t blocks, const uint64_t* expected);

// Appends little-endian values and length-prefixed strings.
class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void I64(int64_t v) { Raw(&v, 8); }
  void Str(const std::string& s) {
    U32(static_cast<uint32_t>(s.size()));
    Raw(s.data(), s.size());
  }
  void Raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  std::vector<uint8_t>& bytes() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

// Reads what ByteWriter wrote; every read checks the bytes left and fails with kDataLoss
// naming `what` instead of reading past the end.
class ByteReader {
 public:
  ByteReader(std::span<const uint8_t> bytes, std::string name)
      : bytes_(bytes), name_(std::move(name)) {}
  Status U8(uint8_t* v, const char* what) { return Raw(v, 1, what); }
  Status U32(uint32_t* v, const char* what) { return Raw(v, 4, what); }
  Status U64(uint64_t* v, const char* what) { return Raw(v, 8, what); }
  Status I64(int64_t* v, const char* what) { return Raw(v, 8, what); }
  Status Str(std::string* s, const char* what) {
    uint32_t n = 0;
    TL_RETURN_IF_ERROR(U32(&n, what));
    if (n > bytes_.size() - pos_) return Truncated(what);
    s->assign(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return Status::Ok();
  }
  // A count of records of at least `min_bytes` each: more than the bytes left is corrupt.
  Status Count(uint32_t* n, size_t min_bytes, const char* what) {
    TL_RETURN_IF_ERROR(U32(n, what));
    if (static_cast<uint64_t>(*n) * min_bytes > bytes_.size() - pos_) return Truncated(what);
    return Status::Ok();
  }
  // `n` 64-bit words appended to *out.
  Status Words(std::vector<uint64_t>* out, uint64_t n, const char* what) {
    if (n > (bytes_.size() - pos_) / 8) return Truncated(what);
    const size_t at = out->size();
    out->resize(at + n);
    if (n) std::memcpy(out->data() + at, bytes_.data() + pos_, n * 8);
    pos_ += n * 8;
    return Status::Ok();
  }
  bool done() const { return pos_ == bytes_.size(); }
  Status Corrupt(const std::string& what) const {
    return DataLossError(name_ + ": corrupt bundle: " + what);
  }

 private:
  Status Raw(void* v, size_t n, const char* what) {
    if (n > bytes_.size() - pos_) return Truncated(what);
    std::memcpy(v, bytes_.data() + pos_, n);
    pos_ += n;
    return Status::Ok();
  }
  Status Truncated(const char* what) const {
    return DataLossError(name_ + ": corrupt bundle: metadata ends inside " + what);
  }
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  std::string name_;
};

struct SeriesEntry {
  Symbol symbol;
  uint8_t interval = 0, mask = 0;
  uint64_t bars = 0, offset = 0;
  uint64_t ahead_checksum = 0;
  uint64_t first_block = 0;  // its block checksums start at Parsed::blocks[first_block]
  std::string reason;
  uint32_t file = 0;
};

struct Parsed {
  Bundle bundle;  // everything but the series
  uint32_t block_bars = 0;
  std::vector<SeriesEntry> series;
  std::vector<uint64_t> blocks;  // every series' block checksums, series after series
  std::span<const uint8_t> payload;
};

inline uint64_t BlockCount(uint64_t bars, uint32_t block_bars) {
  return (bars + block_bars - 1) / block_bars;
}

// The header and metadata of a bundle, checked (bundle_read.cc); the series are not loaded yet.
Result<Parsed> ParseMeta(std::span<const uint8_t> bytes, const std::string& name);
// Verifies every series and puts it into p.bundle.market (threads: 0 = one per core): its
// columns view the payload in place when `keep` is the handle that keeps the payload's bytes
// alive (a mapping), else they are copies. With `defer` (needs `keep`) only the ahead columns
// and the padding are verified here; the price blocks go to p.bundle.verifier.
// `alongside`, when given, is a check that runs on the calling thread while the other threads
// start verifying (ParallelFor's caller_first); its error wins over any the series have, as if
// it had run first, and no series is added then.
Status LoadSeries(Parsed& p, const std::string& name, size_t threads,
                  const std::shared_ptr<const void>& keep, bool defer = false,
                  const std::function<Status()>& alongside = nullptr);

}  // namespace tradelet::data::bundle_internal
