// WriteBundle: a directory of CSV files -> one *.tlb (layout in tradelet/data/bundle.h).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "bundle_format.h"
#include "tradelet/data/parallel.h"
#include "tradelet/data/validate.h"

namespace tradelet::data {
namespace {

using namespace bundle_internal;

Result<BundleSource> StatSource(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return InvalidArgument(path + ": cannot stat");
  return BundleSource{path, static_cast<uint64_t>(st.st_size),
                      static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::vector<const Column<double>*> OptionalColumns(const BarSeries& s, uint8_t* mask) {
  std::vector<const Column<double>*> cols;
  *mask = 0;
  const std::pair<const Column<double>*, uint8_t> optional[] = {
      {&s.adj_close, kAdjClose}, {&s.dividend, kDividend}, {&s.split, kSplit}};
  for (const auto& [col, bit] : optional) {
    if (col->empty()) continue;
    *mask = static_cast<uint8_t>(*mask | bit);
    cols.push_back(col);
  }
  return cols;
}

Status WriteAll(std::FILE* f, const void* p, size_t n, const std::string& path) {
  if (n && std::fwrite(p, 1, n, f) != n) return Unavailable(path + ": write failed");
  return Status::Ok();
}

}  // namespace

Result<BundleWriteReport> WriteBundle(const std::string& data_path, const std::string& out,
                                      const LoadOptions& options) {
  LoadReport load;
  TL_ASSIGN_OR_RETURN(MarketData md, LoadMarketData(data_path, options, &load));
  const std::vector<Symbol> symbols = md.symbols();
  std::map<Symbol, std::string> file_of;
  std::map<Symbol, uint32_t> file_index;
  for (size_t i = 0; i < load.files.size(); ++i) {
    for (const Symbol& s : load.files[i].symbols) {
      file_of[s] = load.files[i].path;
      file_index[s] = static_cast<uint32_t>(i);
    }
  }
  // The validation every backtest would repeat, done once here (in parallel: it is per series).
  std::vector<std::string> reasons(symbols.size());
  ParallelFor(symbols.size(), options.threads, [&](size_t k) {
    reasons[k] = ValidateRows(*md.Find(symbols[k]), file_of[symbols[k]]).reason();
  });

  BundleWriteReport rep;
  ByteWriter meta;
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(data_path, ec);
  meta.Str(data_path);
  meta.Str(ec ? data_path : abs.lexically_normal().string());
  meta.U32(static_cast<uint32_t>(load.files.size()));
  for (const LoadedFile& lf : load.files) {
    TL_ASSIGN_OR_RETURN(BundleSource src, StatSource(lf.path));
    meta.Str(lf.path);
    meta.U64(src.size);
    meta.I64(src.mtime_ns);
    meta.U8(static_cast<uint8_t>(lf.layout));
    meta.U64(lf.rows);
    meta.U64(lf.normalized.dropped_missing);
    meta.U64(lf.normalized.dropped_duplicates);
    meta.U8(lf.normalized.sorted ? 1 : 0);
    meta.U32(static_cast<uint32_t>(lf.symbols.size()));
    for (size_t k = 0; k < lf.symbols.size(); ++k) {
      meta.Str(lf.symbols[k]);
      meta.U64(k < lf.symbol_rows.size() ? lf.symbol_rows[k] : 0);
    }
  }
  meta.U32(kBundleBlockBars);
  meta.U32(static_cast<uint32_t>(symbols.size()));
  uint64_t offset = 0;
  for (size_t k = 0; k < symbols.size(); ++k) {
    const BarSeries& s = *md.Find(symbols[k]);
    uint8_t mask = 0;
    const auto extra = OptionalColumns(s, &mask);
    // The columns in payload order, then their checksums as the reader computes them.
    std::vector<const void*> cols = {s.time_ns.data(), s.open.data(),  s.high.data(),
                                     s.low.data(),     s.close.data(), s.volume.data()};
    for (const auto* c : extra) cols.push_back(c->data());
    const ColumnPlan plan = PlanColumns(mask);
    const size_t n = s.size();
    uint64_t ahead = 0;
    for (size_t c = 0; c < plan.ahead_count; ++c) {
      ahead = FoldChecksum(ahead, ColumnChecksum(cols[plan.ahead[c]], n));
    }
    meta.Str(s.symbol);
    meta.U8(static_cast<uint8_t>(s.interval));
    meta.U64(n);
    meta.U8(mask);
    meta.U64(offset);
    meta.U64(ahead);
    for (size_t first = 0; first < n; first += kBundleBlockBars) {
      const size_t count = std::min<size_t>(kBundleBlockBars, n - first);
      uint64_t block = 0;
      for (size_t c = 0; c < plan.price_count; ++c) {
        const double* col = static_cast<const double*>(cols[plan.price[c]]);
        block = FoldChecksum(block, ColumnChecksum(col + first, count));
      }
      meta.U64(block);
    }
    meta.Str(reasons[k]);
    meta.U32(file_index.count(s.symbol) ? file_index[s.symbol] : 0);
    offset += (s.size() * 8 * ColumnCount(mask) + kAlign - 1) / kAlign * kAlign;
    rep.bars += s.size();
    rep.invalid += !reasons[k].empty();
  }
  Header h{};
  std::memcpy(h.magic, kMagic, 8);
  h.version = kBundleVersion;
  h.header_size = kHeaderSize;
  h.meta_offset = kHeaderSize;
  h.meta_size = meta.bytes().size();
  h.payload_offset = (kHeaderSize + h.meta_size + kAlign - 1) / kAlign * kAlign;
  h.payload_size = offset;
  h.meta_checksum = BundleChecksum(meta.bytes());
  h.header_checksum = BundleChecksum({reinterpret_cast<const uint8_t*>(&h), kHeaderSize - 8});

  // A temporary file renamed into place: a reader never sees half a bundle.
  const std::string tmp = out + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return InvalidArgument(out + ": cannot create " + tmp);
  // Written in 2 MB pieces at 2 MB offsets: the kernel then keeps the file in 2 MB page-cache
  // folios, which a reader's mapping maps whole (one fault and one page-table entry per 2 MB
  // instead of one per 4 kB: touching the 173 MB of the S&P bundle went from ~40 ms to ~1 ms of
  // kernel time here, and unmapping it at exit likewise). stdio writes a full buffer at once and
  // passes a longer request straight through in whole multiples of it, so offsets stay aligned.
  // (glibc ignores the size unless given the buffer; it must outlive the stream.)
  constexpr size_t kPiece = size_t{2} << 20;
  const auto buffer = std::make_unique<char[]>(kPiece);
  std::setvbuf(f, buffer.get(), _IOFBF, kPiece);
  static const uint8_t kZeros[kAlign] = {};
  Status st = WriteAll(f, &h, kHeaderSize, out);
  if (st.ok()) st = WriteAll(f, meta.bytes().data(), h.meta_size, out);
  if (st.ok()) st = WriteAll(f, kZeros, h.payload_offset - kHeaderSize - h.meta_size, out);
  for (size_t k = 0; k < symbols.size() && st.ok(); ++k) {
    const BarSeries& s = *md.Find(symbols[k]);
    uint8_t mask = 0;
    const auto extra = OptionalColumns(s, &mask);
    const size_t n = s.size();
    st = WriteAll(f, s.time_ns.data(), n * 8, out);
    for (const auto* c : {&s.open, &s.high, &s.low, &s.close, &s.volume}) {
      if (st.ok()) st = WriteAll(f, c->data(), n * 8, out);
    }
    for (const auto* c : extra) {
      if (st.ok()) st = WriteAll(f, c->data(), n * 8, out);
    }
    const size_t used = n * 8 * ColumnCount(mask);
    if (st.ok()) st = WriteAll(f, kZeros, (kAlign - used % kAlign) % kAlign, out);
  }
  if (std::fclose(f) != 0 && st.ok()) st = Unavailable(out + ": write failed");
  if (st.ok() && std::rename(tmp.c_str(), out.c_str()) != 0) {
    st = InvalidArgument(out + ": cannot rename " + tmp + " into place");
  }
  if (!st.ok()) {
    std::remove(tmp.c_str());
    return st;
  }
  rep.files = load.files.size();
  rep.symbols = symbols.size();
  rep.bytes = h.payload_offset + h.payload_size;
  return rep;
}

}  // namespace tradelet::data
