// ParseBundle / ReadBundle: a *.tlb back into MarketData, every byte checked before it is used.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "bundle_format.h"
#include "tradelet/data/parallel.h"

namespace tradelet::data {
namespace bundle_internal {

namespace {

Status ParseFiles(ByteReader& r, Bundle& b) {
  uint32_t nfiles = 0;
  TL_RETURN_IF_ERROR(r.Count(&nfiles, 4 + 8 + 8 + 1 + 8 * 4 + 1 + 4, "the file count"));
  for (uint32_t i = 0; i < nfiles; ++i) {
    BundleSource src;
    LoadedFile lf;
    uint8_t layout = 0, sorted = 0;
    uint64_t rows = 0, missing = 0, dups = 0;
    TL_RETURN_IF_ERROR(r.Str(&src.path, "a file name"));
    TL_RETURN_IF_ERROR(r.U64(&src.size, "a file size"));
    TL_RETURN_IF_ERROR(r.I64(&src.mtime_ns, "a file time"));
    TL_RETURN_IF_ERROR(r.U8(&layout, "a file layout"));
    TL_RETURN_IF_ERROR(r.U64(&rows, "a file's rows"));
    TL_RETURN_IF_ERROR(r.U64(&missing, "a file's dropped rows"));
    TL_RETURN_IF_ERROR(r.U64(&dups, "a file's duplicate rows"));
    TL_RETURN_IF_ERROR(r.U8(&sorted, "a file's sorted flag"));
    if (layout > static_cast<uint8_t>(CsvLayout::kMplfinance) || sorted > 1) {
      return r.Corrupt("file " + src.path.substr(0, 200) + ": bad layout or flag");
    }
    lf.path = src.path;
    lf.layout = static_cast<CsvLayout>(layout);
    lf.rows = rows;
    lf.normalized = {missing, dups, sorted == 1};
    uint32_t nsym = 0;
    TL_RETURN_IF_ERROR(r.Count(&nsym, 12, "a file's symbol count"));
    for (uint32_t k = 0; k < nsym; ++k) {
      Symbol s;
      uint64_t srows = 0;
      TL_RETURN_IF_ERROR(r.Str(&s, "a file's symbol"));
      TL_RETURN_IF_ERROR(r.U64(&srows, "a symbol's rows"));
      if (!b.file_of.try_emplace(s, lf.path).second) {
        return r.Corrupt("symbol " + s.substr(0, 64) + " listed twice");
      }
      lf.symbols.push_back(std::move(s));
      lf.symbol_rows.push_back(srows);
    }
    b.report.rows += lf.rows;
    b.report.files.push_back(std::move(lf));
    b.files.push_back(std::move(src));
  }
  return Status::Ok();
}

Status ParseSeries(ByteReader& r, uint64_t payload_size, Parsed& p) {
  TL_RETURN_IF_ERROR(r.U32(&p.block_bars, "the block length"));
  if (p.block_bars == 0 || p.block_bars > (1u << 24)) {
    return r.Corrupt("block length " + std::to_string(p.block_bars) + " bars");
  }
  uint32_t n = 0;
  TL_RETURN_IF_ERROR(r.Count(&n, 4 + 1 + 8 + 1 + 8 + 8 + 4 + 4, "the series count"));
  if (n != p.bundle.file_of.size()) {
    return r.Corrupt(std::to_string(n) + " series for " + std::to_string(p.bundle.file_of.size()) +
                     " symbols in the files");
  }
  p.series.reserve(n);
  uint64_t next = 0;  // series are packed in order: the payload holds nothing else
  for (uint32_t k = 0; k < n; ++k) {
    SeriesEntry e;
    TL_RETURN_IF_ERROR(r.Str(&e.symbol, "a series symbol"));
    TL_RETURN_IF_ERROR(r.U8(&e.interval, "a series interval"));
    TL_RETURN_IF_ERROR(r.U64(&e.bars, "a series length"));
    TL_RETURN_IF_ERROR(r.U8(&e.mask, "a series' columns"));
    TL_RETURN_IF_ERROR(r.U64(&e.offset, "a series offset"));
    TL_RETURN_IF_ERROR(r.U64(&e.ahead_checksum, "a series checksum"));
    // Built only for an error message: most loads need none.
    auto who = [&] { return "series " + e.symbol.substr(0, 64); };
    const uint64_t width = 8 * ColumnCount(e.mask);
    if (e.mask > 7 || e.offset != next || e.offset > payload_size ||
        e.bars > (payload_size - e.offset) / width) {
      return r.Corrupt(who() + ": its " + std::to_string(e.bars) + " bars lie outside the payload");
    }
    e.first_block = p.blocks.size();
    TL_RETURN_IF_ERROR(r.Words(&p.blocks, BlockCount(e.bars, p.block_bars), "block checksums"));
    TL_RETURN_IF_ERROR(r.Str(&e.reason, "a validation reason"));
    TL_RETURN_IF_ERROR(r.U32(&e.file, "a series' file"));
    if (k > 0 && !(p.series.back().symbol < e.symbol)) return r.Corrupt(who() + ": out of order");
    if (e.interval > static_cast<uint8_t>(BarInterval::k1Month) || e.mask > 7) {
      return r.Corrupt(who() + ": bad interval or column set");
    }
    const auto file = p.bundle.file_of.find(e.symbol);
    if (e.file >= p.bundle.report.files.size() || file == p.bundle.file_of.end() ||
        file->second != p.bundle.report.files[e.file].path) {
      return r.Corrupt(who() + ": not in its file's symbol list");
    }
    next = std::min<uint64_t>(payload_size,
                              (e.offset + e.bars * width + kAlign - 1) / kAlign * kAlign);
    // The series come in symbol order (checked above): each goes at the end of the map.
    p.bundle.invalid.emplace_hint(p.bundle.invalid.end(), e.symbol, e.reason);
    p.series.push_back(std::move(e));
  }
  if (!r.done()) return r.Corrupt("bytes after the series table");
  if (next != payload_size) return r.Corrupt("payload bytes that belong to no series");
  return Status::Ok();
}

// One column: a view of the payload in place when `keep` holds the mapping (and it is
// aligned), else a copy.
template <typename T>
void TakeColumn(const uint8_t* src, size_t n, const std::shared_ptr<const void>& keep,
                Column<T>* out) {
  if (reinterpret_cast<uintptr_t>(src) % alignof(T) == 0) {
    const T* p = reinterpret_cast<const T*>(src);
    if (keep) {
      *out = Column<T>::View(p, n, keep);
    } else {
      out->assign(p, p + n);
    }
  } else {
    std::vector<T> v(n);
    if (n > 0) std::memcpy(v.data(), src, n * sizeof(T));  // data() may be null when n == 0
    *out = std::move(v);
  }
}

// The series' columns (views or copies) into `s`; `at` is its first payload byte.
void TakeSeries(const SeriesEntry& e, const uint8_t* at, const std::shared_ptr<const void>& keep,
                BarSeries& s) {
  s.symbol = e.symbol;
  s.interval = static_cast<BarInterval>(e.interval);
  const size_t n = e.bars;
  TakeColumn(at, n, keep, &s.time_ns);
  at += n * 8;
  for (auto* c : {&s.open, &s.high, &s.low, &s.close, &s.volume}) {
    TakeColumn(at, n, keep, c);
    at += n * 8;
  }
  const std::pair<Column<double>*, uint8_t> optional[] = {
      {&s.adj_close, kAdjClose}, {&s.dividend, kDividend}, {&s.split, kSplit}};
  for (const auto& [col, bit] : optional) {
    if (!(e.mask & bit)) continue;
    TakeColumn(at, n, keep, col);
    at += n * 8;
  }
}

// The ahead columns and the zero padding after the series (so no payload byte goes unchecked).
// *times_ascending: see TimesChecksum.
bool AheadOk(const Parsed& p, const SeriesEntry& e, bool* times_ascending) {
  const uint8_t* at = p.payload.data() + e.offset;
  if (AheadChecksum(at, e.bars, e.mask, times_ascending) != e.ahead_checksum) return false;
  const uint64_t used_end = e.offset + e.bars * 8 * ColumnCount(e.mask);
  const uint64_t pad_end =
      std::min<uint64_t>(p.payload.size(), (used_end + kAlign - 1) / kAlign * kAlign);
  for (uint64_t i = used_end; i < pad_end; ++i) {
    if (p.payload[i] != 0) return false;
  }
  return true;
}

bool BlockOk(const Parsed& p, const SeriesEntry& e, uint64_t block) {
  const uint64_t first = block * p.block_bars;
  const uint64_t count = std::min<uint64_t>(p.block_bars, e.bars - first);
  return BlockChecksum(p.payload.data() + e.offset, e.bars, e.mask, first, count) ==
         p.blocks[e.first_block + block];
}

Status CorruptSeries(const std::string& name, const SeriesEntry& e) {
  return DataLossError(name + ": corrupt bundle: series " + e.symbol.substr(0, 64) +
                       ": payload checksum mismatch (or non-zero padding)");
}

}  // namespace

Result<Parsed> ParseMeta(std::span<const uint8_t> bytes, const std::string& name) {
  if (bytes.size() < kHeaderSize) {
    return DataLossError(name + ": not a bundle, or truncated: " + std::to_string(bytes.size()) +
                         " bytes, the header alone has 64");
  }
  Header h;
  std::memcpy(&h, bytes.data(), kHeaderSize);
  if (std::memcmp(h.magic, kMagic, 8) != 0) {
    return DataLossError(name + ": not a tradelet bundle (no TLBUNDLE magic)");
  }
  // The version before the header checksum: another version may checksum differently (format
  // 2 did), and its header would otherwise read as corrupt instead of as one to rebuild.
  if (h.version != kBundleVersion) {
    return InvalidArgument(name + ": bundle format version " + std::to_string(h.version) +
                           ", this tradelet reads version " + std::to_string(kBundleVersion) +
                           "; rebuild it with tradelet data bundle --data DIR --out " + name);
  }
  if (h.header_checksum != BundleChecksum(bytes.first(kHeaderSize - 8))) {
    return DataLossError(name + ": corrupt bundle: header checksum mismatch");
  }
  const uint64_t size = bytes.size();
  if (h.header_size != kHeaderSize || h.meta_offset != kHeaderSize ||
      h.meta_size > size - kHeaderSize || h.payload_offset % kAlign != 0 ||
      h.payload_offset < kHeaderSize + h.meta_size || h.payload_offset > size ||
      h.payload_size != size - h.payload_offset) {
    return DataLossError(name + ": truncated or corrupt bundle: " + std::to_string(size) +
                         " bytes, the header describes " +
                         std::to_string(h.payload_offset + h.payload_size));
  }
  const auto meta = bytes.subspan(h.meta_offset, h.meta_size);
  for (uint64_t i = kHeaderSize + h.meta_size; i < h.payload_offset; ++i) {
    if (bytes[i] != 0) return DataLossError(name + ": corrupt bundle: non-zero padding");
  }
  if (h.meta_checksum != BundleChecksum(meta)) {
    return DataLossError(name + ": corrupt bundle: metadata checksum mismatch");
  }
  Parsed p;
  ByteReader r(meta, name);
  TL_RETURN_IF_ERROR(r.Str(&p.bundle.source, "the source path"));
  TL_RETURN_IF_ERROR(r.Str(&p.bundle.source_abs, "the source path"));
  TL_RETURN_IF_ERROR(ParseFiles(r, p.bundle));
  TL_RETURN_IF_ERROR(ParseSeries(r, h.payload_size, p));
  p.payload = bytes.subspan(h.payload_offset, h.payload_size);
  return p;
}

Status LoadSeries(Parsed& p, const std::string& name, size_t threads,
                  const std::shared_ptr<const void>& keep, bool defer,
                  const std::function<Status()>& alongside) {
  defer = defer && keep;
  std::vector<BarSeries> out(p.series.size());
  std::vector<char> bad(p.series.size(), 0);
  std::vector<Status> shape(p.series.size());
  auto verify = [&](size_t k) {
    const SeriesEntry& e = p.series[k];
    bool ascending = false;
    bad[k] = !AheadOk(p, e, &ascending);
    // Deferred, the first block is checked here all the same: every series' first bars are
    // needed at once when the run starts, the later ones as it gets to them.
    const uint64_t nb = defer ? std::min<uint64_t>(1, BlockCount(e.bars, p.block_bars))
                              : BlockCount(e.bars, p.block_bars);
    if (!bad[k]) {
      bad[k] = !BlocksMatch(p.payload.data() + e.offset, e.bars, e.mask, p.block_bars, nb,
                            p.blocks.data() + e.first_block);
    }
    if (bad[k]) return;
    TakeSeries(e, p.payload.data() + e.offset, keep, out[k]);
    // The times were checked for order as they were checksummed; only a series not proven
    // in order is walked again, by CheckShape itself (its verdict and message).
    shape[k] = ascending ? out[k].CheckColumns() : out[k].CheckShape();
  };
  Status first;  // alongside's verdict
  // Series are handed out one at a time (ParallelFor), so the threads finish together.
  ParallelFor(p.series.size(), threads, verify,
              alongside ? std::function<void()>([&] { first = alongside(); }) : nullptr);
  TL_RETURN_IF_ERROR(first);
  for (size_t k = 0; k < out.size(); ++k) {
    if (bad[k]) return CorruptSeries(name, p.series[k]);
    auto who = [&] {
      return name + ": corrupt bundle: series " + p.series[k].symbol.substr(0, 64);
    };
    if (!shape[k].ok()) return DataLossError(who() + ": " + shape[k].message());
    if (Status st = p.bundle.market.AddShaped(std::move(out[k])); !st.ok()) {
      return DataLossError(who() + ": " + st.message());
    }
  }
  if (!defer) return Status::Ok();
  // The rest of the blocks go to the verifier. Every bar before the earliest second block's
  // first bar lies in a first block, checked above (the times too, so they may be read).
  int64_t verified_before = INT64_MAX;
  for (const SeriesEntry& e : p.series) {
    if (e.bars <= p.block_bars) continue;
    int64_t t;
    std::memcpy(&t, p.payload.data() + e.offset + p.block_bars * 8, 8);
    verified_before = std::min(verified_before, t);
  }
  // The verifier keeps what it reads alive: the mapping, and the table of series and checksums.
  auto table = std::make_shared<Parsed>();
  table->block_bars = p.block_bars;
  table->series = std::move(p.series);
  table->blocks = std::move(p.blocks);
  table->payload = p.payload;
  // Block b of series k, with the time of its first bar (the times are verified).
  auto block = [table](uint32_t k, uint64_t b) {
    const SeriesEntry& e = table->series[k];
    int64_t t;
    std::memcpy(&t, table->payload.data() + e.offset + b * table->block_bars * 8, 8);
    return BundleVerifier::Block{t, k, static_cast<uint32_t>(b)};
  };
  // Each series' second block (its first one is checked above).
  auto heads = [table, block] {
    std::vector<BundleVerifier::Block> blocks;
    blocks.reserve(table->series.size());
    for (uint32_t k = 0; k < table->series.size(); ++k) {
      if (BlockCount(table->series[k].bars, table->block_bars) > 1) blocks.push_back(block(k, 1));
    }
    return blocks;
  };
  auto after = [table, block](const BundleVerifier::Block& b, BundleVerifier::Block* next) {
    if (b.index + uint64_t{1} >= BlockCount(table->series[b.series].bars, table->block_bars)) {
      return false;
    }
    *next = block(b.series, b.index + uint64_t{1});
    return true;
  };
  p.bundle.verifier = std::make_shared<BundleVerifier>(
      verified_before, std::move(heads), std::move(after),
      [table, keep](const BundleVerifier::Block& b, const BundleVerifier::Block* next) {
        // The next block lies elsewhere (another series, 6 other places): fetch it meanwhile.
        if (next) {
          const SeriesEntry& n = table->series[next->series];
          const uint64_t first = uint64_t{next->index} * table->block_bars;
          PrefetchBlock(table->payload.data() + n.offset, n.bars, n.mask, first,
                        std::min<uint64_t>(table->block_bars, n.bars - first));
        }
        return BlockOk(*table, table->series[b.series], b.index);
      },
      [table, name](uint32_t s) { return CorruptSeries(name, table->series[s]); });
  return Status::Ok();
}

}  // namespace bundle_internal

Result<Bundle> ParseBundle(std::span<const uint8_t> bytes, const std::string& name,
                           size_t threads) {
  TL_ASSIGN_OR_RETURN(bundle_internal::Parsed p, bundle_internal::ParseMeta(bytes, name));
  TL_RETURN_IF_ERROR(bundle_internal::LoadSeries(p, name, threads, nullptr));
  return std::move(p.bundle);
}

}  // namespace tradelet::data
