// Bar bundles (*.tlb): a directory of CSV files parsed once, normalised, validated and stored
// as columns in one binary file that later runs memory-map instead of parsing the CSV again.
//
// Layout (little-endian; docs/data.md):
//   header (64 bytes): magic "TLBUNDLE", format version, offsets and sizes of the metadata and
//     the payload, the metadata's checksum and the header's own checksum;
//   metadata: the source (directory as given and absolute), every source file (path as given,
//     size, mtime, layout, rows, symbols, NormalizeSeries counts) and every series (symbol,
//     interval, bars, optional columns, payload offset and size, payload checksum, and the
//     reason data::ValidateRows excludes it, or "");
//   payload: per series, its columns one after the other (time_ns, open, high, low, close,
//     volume, then adj_close, dividend, split when present), 8 bytes per value, 64-byte aligned.
// Every checksum is verified when a bundle is opened: a truncated or corrupt file is a
// kDataLoss error naming the bundle and the part that is wrong, never a crash.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/data/market_data.h"

namespace tradelet::data {

inline constexpr uint32_t kBundleVersion = 1;

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
};

// Opens (mmap), verifies and loads a bundle. Errors: kNotFound / kInvalidArgument when it cannot
// be opened, kDataLoss when it is truncated or corrupt or not a bundle, kFailedPrecondition
// when stale or of another format version.
Result<Bundle> ReadBundle(const std::string& path, const BundleReadOptions& options = {});
// The same over bytes in memory (no stale check); `name` names them in errors. For the fuzzer.
Result<Bundle> ParseBundle(std::span<const uint8_t> bytes, const std::string& name,
                           size_t threads = 1);

// True when `path` names a bundle: a regular file ending in .tlb, or starting with the magic.
bool IsBundlePath(const std::string& path);

// The 64-bit checksum the format uses (a 4-lane multiply-rotate hash over 8-byte words).
uint64_t BundleChecksum(std::span<const uint8_t> bytes);

}  // namespace tradelet::data
