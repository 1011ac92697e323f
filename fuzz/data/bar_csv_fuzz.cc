// Fuzzes the CSV readers of data/: gzip inflation, the tokenizer, the bar reader (auto-detected
// layout and a generic bar-end pass), normalisation, validation, the universe reader, and the
// writer. Invariants: no crash or sanitizer report; gzip input that both libdeflate (the reader)
// and zlib inflate gives the same text; every series a successful parse returns has all its
// columns the same length; a sorted series survives WriteBarCsv -> ParseBarCsv exactly.
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "tradelet/data/bar_csv.h"
#include "tradelet/data/csv.h"
#include "tradelet/data/market_data.h"
#include "tradelet/data/universe.h"
#include "tradelet/data/validate.h"

namespace {

using namespace tradelet;
using namespace tradelet::data;

bool SameColumn(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) return false;
    if (!std::isnan(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

void CheckSeries(const BarSeries& s) {
  const size_t n = s.size();
  for (const auto* c : {&s.open, &s.high, &s.low, &s.close, &s.volume}) {
    if (c->size() != n) std::abort();
  }
  for (const auto* c : {&s.adj_close, &s.dividend, &s.split}) {
    if (!c->empty() && c->size() != n) std::abort();
  }
}

void RoundTrip(const BarSeries& s) {
  if (!s.CheckShape().ok() || s.size() < 1) return;
  std::string text;
  WriteBarCsv(s, text);
  auto back = ParseBarCsv(text, "roundtrip", {.symbol = "X"});
  if (!back.ok() || back->series.size() != 1) std::abort();
  const BarSeries& b = back->series[0];
  if (b.time_ns != s.time_ns) std::abort();
  if (!SameColumn(b.open, s.open) || !SameColumn(b.high, s.high) || !SameColumn(b.low, s.low) ||
      !SameColumn(b.close, s.close) || !SameColumn(b.volume, s.volume) ||
      !SameColumn(b.adj_close, s.adj_close) || !SameColumn(b.dividend, s.dividend) ||
      !SameColumn(b.split, s.split)) {
    std::abort();
  }
}

// zlib's streaming inflate over every gzip member: the reference for GunzipBytes.
bool ZlibGunzip(std::string_view in, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[16384];
  bool ok = true;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      if (inflateReset(&zs) != Z_OK) {
        ok = false;
        break;
      }
      continue;
    }
    if (rc != Z_OK || (zs.avail_in == 0 && zs.avail_out != 0)) {
      ok = false;
      break;
    }
  }
  inflateEnd(&zs);
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string inflated;
  if (IsGzip(text)) {
    auto g = GunzipBytes(text, "fuzz.gz");
    std::string want;
    const bool zlib_ok = ZlibGunzip(text, &want);
    if (g.ok() && zlib_ok && *g != want) std::abort();
    if (!g.ok() && g.status().message().find("fuzz.gz") == std::string::npos) std::abort();
    if (g.ok()) {
      inflated = std::move(*g);
      text = inflated;
    }
  }
  {
    CsvCursor cur(text, "fuzz");
    size_t fields = 0;
    while (cur.Next()) fields += cur.size();
    (void)fields;
  }
  for (int pass = 0; pass < 2; ++pass) {
    BarCsvOptions o;
    o.symbol = "X";
    if (pass == 1) {
      o.layout = CsvLayout::kGeneric;
      o.times_are_bar_end = true;
    }
    auto r = ParseBarCsv(text, "fuzz", o);
    if (!r.ok()) {
      if (r.status().message().empty()) std::abort();
      continue;
    }
    for (BarSeries& s : r->series) {
      CheckSeries(s);
      ValidationOptions vo;
      vo.as_of = Timestamp::FromUnixSeconds(1'700'000'000);
      (void)ValidateSeries(s, vo, "fuzz");
      NormalizeSeries(s);
      CheckSeries(s);
      if (!s.CheckShape().ok()) std::abort();  // normalised series are always loadable
      if (pass == 0) RoundTrip(s);
    }
  }
  (void)ParseUniverseCsv(text, "fuzz", SymbolSource::kYahoo);
  return 0;
}
