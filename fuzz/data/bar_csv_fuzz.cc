// Fuzzes the CSV readers of data/: the tokenizer, the bar reader (auto-detected layout and a
// generic bar-end pass), normalisation, validation, the universe reader, and the writer.
// Invariants: no crash or sanitizer report; every series a successful parse returns has all
// its columns the same length; a sorted series survives WriteBarCsv -> ParseBarCsv exactly.
#include <cmath>
#include <cstdint>
#include <cstdlib>
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

bool SameColumn(const std::vector<double>& a, const std::vector<double>& b) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
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
