// Bar bundles (*.tlb): a directory of CSV files parsed once, normalised, validated and stored
// as columns in one binary file that later runs memory-map instead of parsing the CSV again.
//
// Layout (little-endian; docs/data.md), format version 3 (2 had another checksum):
//   header (64 bytes): magic "TLBUNDLE", format version, offsets and sizes of the metadata and
//     the payload, the metadata's checksum and the header's own checksum;
//   metadata: the source (directory as given and absolute), every source file (path as given,
//     size, mtime, layout, rows, symbols, NormalizeSeries counts), the block length in bars, and
//     every series (symbol, interval, bars, optional columns, payload offset, the checksum of
//     its "ahead" columns, one checksum per block of its price columns, and the reason
//     data::ValidateRows excludes it, or "");
//   payload: per series, its columns one after the other (time_ns, open, high, low, close,
//     volume, then adj_close, dividend, split when present), 8 bytes per value, 64-byte aligned.
// The ahead columns (time_ns, dividend, split) are the ones a backtest reads before it reaches
// a bar (times to order the steps, corporate actions listed ahead); the price columns (open,
// high, low, close, volume, adj_close) are checked per block of bars, so they can be verified
// in time order while a backtest runs (BundleVerifier).
// Every checksum is verified before a byte it covers is used: a truncated or corrupt file is a
// kDataLoss error naming the bundle and the part that is wrong, never a crash.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/data/market_data.h"

namespace tradelet::data {

inline constexpr uint32_t kBundleVersion = 3;
// Bars per checksummed block of the price columns (WriteBundle's; the reader takes the file's).
inline constexpr uint32_t kBundleBlockBars = 128;

class BundleVerifier;

// One source file as it was when the bundle was written.
struct BundleSource {
  std::string path;  // as LoadMarketData listed it (the --data path as given + file name)
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

struct Bundle {
  std::string source;               // the --data path as given when the bundle was written
  std::string source_abs;           // the same, absolute: where the stale check looks
  std::vector<BundleSource> files;  // name order, as LoadMarketData reads them
  LoadReport report;                // what LoadMarketData reported for the source
  MarketData market;                // the normalised series
  // Per symbol: the reason data::ValidateRows(series, its file) excludes it, "" when it passes.
  std::map<Symbol, std::string> invalid;
  std::map<Symbol, std::string> file_of;  // symbol -> its source file (path as given)
  // Set only by ReadBundle with defer_verification: the price columns are still being
  // verified (see BundleVerifier); until it says so, no bar may be read past its watermark.
  std::shared_ptr<BundleVerifier> verifier;
};

// What WriteBundle did.
struct BundleWriteReport {
  size_t files = 0, symbols = 0, bars = 0, invalid = 0;
  uint64_t bytes = 0;
};

// Reads every CSV file of `data_path` (LoadMarketData with `options`), validates each series
// (ValidateRows) and writes the bundle to `out` (through a temporary file renamed into place).
Result<BundleWriteReport> WriteBundle(const std::string& data_path, const std::string& out,
                                      const LoadOptions& options = {});

struct BundleReadOptions {
  // Compare the source files with the ones recorded (names, sizes, mtimes) when the source
  // directory still exists: a difference is a kFailedPrecondition error ("stale bundle").
  // When the source is gone the bundle is used as it is.
  bool check_stale = true;
  size_t threads = 0;  // threads verifying and copying the series (0 = one per core)
  // Verify only the ahead columns (times, dividends, splits) before returning and leave the
  // price columns to a background thread (Bundle::verifier), oldest bars first. For a caller
  // that gates every read on the verifier (the backtest's GatedFeed); others leave it false.
  bool defer_verification = false;
};

// Opens (mmap), verifies and loads a bundle. Errors: kNotFound / kInvalidArgument when it cannot
// be opened, kDataLoss when it is truncated or corrupt or not a bundle, kFailedPrecondition
// when stale or of another format version.
Result<Bundle> ReadBundle(const std::string& path, const BundleReadOptions& options = {});
// The same over bytes in memory (no stale check); `name` names them in errors. For the fuzzer.
Result<Bundle> ParseBundle(std::span<const uint8_t> bytes, const std::string& name,
                           size_t threads = 1);

// Verifies the price columns of a loaded bundle on its own thread, block by block in the order
// of the blocks' first bar times, and publishes a watermark: every bar that starts before it is
// verified. A corrupt block stops it there, with the kDataLoss error naming the series.
class BundleVerifier {
 public:
  struct Block {
    int64_t first_ns;  // start time of the block's first bar
    uint32_t series, index;
  };
  // Starts the thread. Every bar starting before `verified_before` is verified already (it is
  // the first bar time of the earliest block left). On the thread, `heads()` gives each series'
  // first block left (in any order; a series with none left is not listed) and
  // `after(block, &next)` the next block of the same series (false after its last): a series'
  // blocks are in time order, and the thread merges the series as it goes, so it starts on the
  // earliest block at once instead of listing and sorting all of them first.
  // `check(block, next)` is true when that block's checksum matches (`next` is the block
  // checked after it, or null: check may start fetching its bytes); `error(series)` is the
  // error for a corrupt one.
  BundleVerifier(int64_t verified_before, std::function<std::vector<Block>()> heads,
                 std::function<bool(const Block& block, Block* next)> after,
                 std::function<bool(const Block& block, const Block* next)> check,
                 std::function<Status(uint32_t)> error);
  ~BundleVerifier();  // stops early and joins
  BundleVerifier(const BundleVerifier&) = delete;
  BundleVerifier& operator=(const BundleVerifier&) = delete;

  // Every bar that starts before this time (UTC ns) is verified; INT64_MAX when all are.
  int64_t watermark() const;
  // Waits until every bar starting before `t_ns` is verified: OK, or the kDataLoss error when
  // a block holding such a bar is corrupt. One thread at a time (the run's).
  Status WaitBefore(int64_t t_ns);
  // Waits until the whole bundle is verified (or the first corrupt block is found).
  Status WaitAll();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// True when `path` names a bundle: a regular file ending in .tlb, or starting with the magic.
bool IsBundlePath(const std::string& path);

// The 64-bit checksum the format uses (four CRC32C lanes over 8-byte words, folded; see
// bundle_checksum.cc). Format 3; format 2 used a multiply-rotate hash.
uint64_t BundleChecksum(std::span<const uint8_t> bytes);

}  // namespace tradelet::data
