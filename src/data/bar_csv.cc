#include "tradelet/data/bar_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <unordered_map>

#include "data/bar_csv_columns.h"
#include "data/bar_csv_plain.h"
#include "data/csv_read.h"
#include "data/parse_util.h"
#include "tradelet/data/csv.h"
#include "tradelet/data/universe.h"

namespace tradelet::data {
using namespace csv_internal;
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The whole field in ScanDecimal's form.
bool FastDecimal(std::string_view s, double* out) {
  const char* const end = s.data() + s.size();
  const char* const stop = internal::ScanDecimal(s.data(), end, out);
  return stop != nullptr && stop == end;
}

// '\n' bytes in s. Counted in blocks of up to 255 bytes into a byte-wide counter, which the
// compiler turns into byte compares and subtracts 16 at a time (std::count widens every byte
// to a 64-bit counter, several times slower; this pass runs over every file).
size_t CountLineFeeds(std::string_view s) {
  size_t n = 0;
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    const size_t k = std::min<size_t>(left, 255);
    uint8_t block = 0;
    for (size_t i = 0; i < k; ++i) block += p[i] == '\n';
    n += block;
    p += k;
    left -= k;
  }
  return n;
}

// Per-series accumulator: the series plus whether every time was a bare date.
struct Building {
  BarSeries s;
  bool all_dates = true;
};

BarInterval IntervalFromSpacing(int64_t ns) {
  const int64_t m = ns / 60'000'000'000LL;
  if (m <= 1) return BarInterval::k1Min;
  if (m <= 5) return BarInterval::k5Min;
  if (m <= 15) return BarInterval::k15Min;
  if (m <= 30) return BarInterval::k30Min;
  if (m <= 60) return BarInterval::k1Hour;
  if (m <= 60 * 24 * 4) return BarInterval::k1Day;
  if (m <= 60 * 24 * 10) return BarInterval::k1Week;
  return BarInterval::k1Month;
}

// The spacings between consecutive ascending bars: the most common (over the first 2000 gaps)
// and the smallest (over all). A gap of over 292 years does not fit int64 ns; it is neither.
struct Spacing {
  int64_t typical = 0;  // 0: no gap
  int64_t closest = INT64_MAX;
};
Spacing Spacings(std::span<const int64_t> t) {
  Spacing out;
  std::vector<int64_t> d;
  for (size_t i = 1; i < t.size(); ++i) {
    int64_t gap = 0;
    if (t[i] <= t[i - 1] || __builtin_sub_overflow(t[i], t[i - 1], &gap)) continue;
    out.closest = std::min(out.closest, gap);
    if (d.size() < 2000) d.push_back(gap);
  }
  if (d.empty()) return out;
  std::sort(d.begin(), d.end());
  size_t best_n = 0;
  for (size_t i = 0; i < d.size();) {
    size_t j = i;
    while (j < d.size() && d[j] == d[i]) ++j;
    if (j - i > best_n) {
      best_n = j - i;
      out.typical = d[i];
    }
    i = j;
  }
  return out;
}

template <typename C>
void ReverseColumn(C& v) {
  std::reverse(v.begin(), v.end());
}

void ReverseSeries(BarSeries& s) {
  ReverseColumn(s.time_ns);
  for (auto* c :
       {&s.open, &s.high, &s.low, &s.close, &s.volume, &s.adj_close, &s.dividend, &s.split}) {
    ReverseColumn(*c);
  }
}

void FinishSeries(Building& b, bool times_are_bar_end, BarCsvInfo& info) {
  BarSeries& s = b.s;
  const size_t n = s.size();
  if (n >= 2) {
    bool descending = true;
    for (size_t i = 1; i < n && descending; ++i) descending = s.time_ns[i] < s.time_ns[i - 1];
    if (descending) {
      ReverseSeries(s);
      info.reversed = true;
    }
  }
  if (b.all_dates && n > 0) {
    s.interval = BarInterval::k1Day;
    return;
  }
  const Spacing spacing = Spacings(s.time_ns);
  s.interval = spacing.typical > 0 ? IntervalFromSpacing(spacing.typical) : BarInterval::k1Min;
  // Intraday bars do not overlap, so no bar is longer than the closest pair's spacing. The
  // typical spacing alone misreads sparse 1-minute bars (an illiquid name's UGA_1min.csv is
  // spaced 1 to 12+ minutes apart, most often 2, which rounds up to 5 minutes): read as
  // 5-minute bars stamped at their end, each would start before the previous one ended, and
  // orders would fill on bars that started before the order was placed. Daily and longer bars
  // keep their interval (their stamps may move an hour with daylight saving time).
  while (s.interval < BarInterval::k1Day && s.interval != BarInterval::k1Min &&
         BarIntervalDuration(s.interval).count() > spacing.closest) {
    s.interval = static_cast<BarInterval>(static_cast<int>(s.interval) - 1);
  }
  if (times_are_bar_end) {
    const int64_t shift = BarIntervalDuration(s.interval).count();
    for (auto& t : s.time_ns) t -= shift;
  }
}

}  // namespace

Result<BarCsvResult> ParseBarCsv(std::string_view text, std::string_view source,
                                 const BarCsvOptions& options) {
  CsvCursor cur(text, std::string(source));
  if (!cur.Next()) {
    TL_RETURN_IF_ERROR(cur.status());
    return InvalidArgument(std::string(source) + ": empty file (no header row)");
  }
  const std::vector<std::string_view> header(cur.fields().begin(), cur.fields().end());
  const size_t ncols = header.size();
  BarCsvResult result;
  result.info.layout = options.layout == CsvLayout::kAuto ? DetectLayout(header) : options.layout;
  const bool bar_end =
      options.times_are_bar_end || result.info.layout == CsvLayout::kAlphaVantageIntraday;

  // Resolve columns: explicit map first, then aliases (first matching header wins).
  std::vector<std::string> norm;
  for (auto h : header) norm.push_back(NormName(h));
  int col[kNumCols];
  for (int c = 0; c < kNumCols; ++c) {
    col[c] = -1;
    const ColumnMap::Ref& r = RefOf(options.columns, c);
    if (r.index >= 0) {
      if (static_cast<size_t>(r.index) >= ncols) {
        return InvalidArgument(std::string(source) + ": column map: " + kColNames[c] +
                               " = column " + std::to_string(r.index) + " but the header has " +
                               std::to_string(ncols) + " columns (0-based)");
      }
      col[c] = r.index;
      continue;
    }
    if (!r.name.empty()) {
      const std::string want = NormName(r.name);
      for (size_t i = 0; i < ncols; ++i) {
        if (norm[i] == want) {
          col[c] = static_cast<int>(i);
          break;
        }
      }
      if (col[c] < 0) {
        return InvalidArgument(std::string(source) + ": column map: no column named '" + r.name +
                               "' for " + kColNames[c]);
      }
      continue;
    }
    for (std::string_view alias : Aliases()[c]) {
      for (size_t i = 0; i < ncols && col[c] < 0; ++i) {
        if (norm[i] == alias) {
          // A column already claimed by an explicit mapping is not reused.
          bool taken = false;
          for (int o = 0; o < c; ++o) taken |= col[o] == static_cast<int>(i);
          if (!taken) col[c] = static_cast<int>(i);
        }
      }
      if (col[c] >= 0) break;
    }
  }
  for (int c : {kTime, kOpen, kHigh, kLow, kClose}) {
    if (col[c] < 0) {
      std::string h;
      for (auto x : header) h += (h.empty() ? "" : ",") + std::string(x);
      return InvalidArgument(std::string(source) + ":1: no '" + kColNames[c] +
                             "' column in header '" + h + "' (name it, or map it with --columns " +
                             kColNames[c] + "=NAME)");
    }
  }

  // A column read by name must be the only one with that name: which of two "close" columns
  // holds the prices is a guess, so it is an error naming the column.
  for (int c = 0; c < kNumCols; ++c) {
    if (col[c] < 0 || RefOf(options.columns, c).index >= 0) continue;  // chosen by position
    for (size_t i = 0; i < ncols; ++i) {
      if (static_cast<int>(i) != col[c] && norm[i] == norm[col[c]] && !norm[i].empty()) {
        return InvalidArgument(
            std::string(source) + ":1: duplicate column '" + std::string(header[i]).substr(0, 64) +
            "' (columns " + std::to_string(std::min<int>(col[c], static_cast<int>(i)) + 1) +
            " and " + std::to_string(std::max<int>(col[c], static_cast<int>(i)) + 1) + ")");
      }
    }
  }
  // Separate date and time-of-day columns (Backtrader's Date,Time,...): when the time column
  // found is literally "time" and a "date" column exists too, read date + " " + time.
  int tod_col = -1;
  if (!options.columns.time.set() && norm[col[kTime]] == "time") {
    for (size_t i = 0; i < ncols; ++i) {
      if (norm[i] == "date") {
        tod_col = col[kTime];
        col[kTime] = static_cast<int>(i);
        break;
      }
    }
  }
  std::string datetime_buf;

  const bool has_vol = col[kVolume] >= 0, has_adj = col[kAdj] >= 0, has_div = col[kDiv] >= 0,
             has_split = col[kSplit] >= 0, has_sym = col[kSym] >= 0;
  std::vector<Building> builds;
  std::unordered_map<std::string, size_t> by_symbol;
  auto new_series = [&](std::string symbol) -> Building& {
    builds.emplace_back();
    BarSeries& s = builds.back().s;
    s.symbol = std::move(symbol);
    return builds.back();
  };
  Building* current = nullptr;
  std::string last_symbol;
  if (!has_sym) {
    current = &new_series(options.symbol);
    // Reserve exactly: the line breaks left bound the rows from above (blank and comment lines
    // only make it a little generous). Growing by doubling instead leaves up to 2x slack, and a
    // backtest keeps these columns for its whole life; counting is a memchr pass, cheap next to
    // parsing.
    const std::string_view rest = text.substr(std::min(text.size(), cur.offset()));
    const size_t est = CountLineFeeds(rest) + (rest.empty() || rest.back() == '\n' ? 0 : 1);
    BarSeries& s = current->s;
    s.Reserve(est);
    if (has_adj) s.adj_close.reserve(est);
    if (has_div) s.dividend.reserve(est);
    if (has_split) s.split.reserve(est);
  }

  internal::TimeFieldParser time_parser(options.zone);
  const double kNeutral[kNumCols] = {0, 0, 0, 0, 0, 0, 0, 0.0, 1.0, 0};
  // Plain records of single-symbol files (nearly all of them) take the one-pass path; it needs
  // each field to feed at most one column.
  std::optional<PlainRowParser> plain;
  if (!has_sym && tod_col < 0) {
    std::vector<int> dest(ncols, -1);
    bool one_each = true;
    for (int c = kTime; c <= kSplit; ++c) {
      if (col[c] < 0) continue;
      one_each &= dest[col[c]] < 0;
      dest[col[c]] = c;
    }
    if (one_each) plain.emplace(std::move(dest), ',');
  }
  auto plain_record = [&] {
    std::string_view time_text;
    double v[kNumCols];
    size_t end = 0;
    internal::ParsedTime pt;
    if (!plain->Parse(text, cur.offset(), &time_text, v, &end) ||
        !time_parser.Parse(time_text, &pt) || (has_split && v[kSplit] < 0)) {
      return false;  // the general path reads it again and says what is wrong
    }
    BarSeries& s = current->s;
    current->all_dates &= pt.date_only;
    s.time_ns.push_back(pt.ns);
    s.open.push_back(v[kOpen]);
    s.high.push_back(v[kHigh]);
    s.low.push_back(v[kLow]);
    s.close.push_back(v[kClose]);
    s.volume.push_back(has_vol ? v[kVolume] : 0.0);
    if (has_adj) s.adj_close.push_back(v[kAdj]);
    if (has_div) s.dividend.push_back(v[kDiv]);
    if (has_split) s.split.push_back(v[kSplit] == 0.0 ? 1.0 : v[kSplit]);  // as below
    ++result.info.rows;
    cur.EndPlainRecord(end);
    return true;
  };
  for (;;) {
    if (plain) {
      if (!cur.SkipBlankLines()) break;
      if (plain_record()) continue;
    }
    if (!cur.Next()) break;
    const auto f = cur.fields();
    if (f.size() != ncols) {
      return cur.LineError("expected " + std::to_string(ncols) +
                           " fields (as in the header), got " + std::to_string(f.size()));
    }
    if (has_sym) {
      const std::string_view sym = TrimSpaces(f[col[kSym]]);
      if (sym.empty()) return cur.FieldError(header[col[kSym]], col[kSym], "empty symbol");
      if (current == nullptr || sym != last_symbol) {
        last_symbol.assign(sym);
        auto [it, inserted] = by_symbol.emplace(last_symbol, builds.size());
        if (inserted) new_series(NormalizeSymbol(last_symbol));
        current = &builds[it->second];
      }
    }
    internal::ParsedTime pt;
    std::string_view time_text = f[col[kTime]];
    if (tod_col >= 0 && !TrimSpaces(f[tod_col]).empty()) {
      datetime_buf.assign(TrimSpaces(time_text));
      datetime_buf += ' ';
      datetime_buf += TrimSpaces(f[tod_col]);
      time_text = datetime_buf;
    }
    if (!time_parser.Parse(time_text, &pt)) {
      return cur.FieldError(header[col[kTime]], col[kTime],
                            time_text.empty()
                                ? std::string("empty time")
                                : "not a date or time: '" + std::string(time_text) + "'");
    }
    BarSeries& s = current->s;
    current->all_dates &= pt.date_only;
    s.time_ns.push_back(pt.ns);
    bool missing = false;
    auto num = [&](int c, Column<double>& dst) -> Status {
      double v;
      if (FastDecimal(f[col[c]], &v)) {
        dst.push_back(v);
        return Status::Ok();
      }
      switch (internal::ParseNumber(f[col[c]], &v)) {
        case internal::NumberParse::kOk:
          dst.push_back(v);
          return Status::Ok();
        case internal::NumberParse::kMissing:
          missing = true;
          dst.push_back(kNaN);
          return Status::Ok();
        case internal::NumberParse::kBad:
          break;
      }
      return cur.FieldError(header[col[c]], col[c],
                            "not a number: '" + std::string(f[col[c]]) + "'");
    };
    TL_RETURN_IF_ERROR(num(kOpen, s.open));
    TL_RETURN_IF_ERROR(num(kHigh, s.high));
    TL_RETURN_IF_ERROR(num(kLow, s.low));
    TL_RETURN_IF_ERROR(num(kClose, s.close));
    if (has_vol) {
      TL_RETURN_IF_ERROR(num(kVolume, s.volume));
    } else {
      s.volume.push_back(0.0);
    }
    const bool price_missing = missing;
    if (has_adj) TL_RETURN_IF_ERROR(num(kAdj, s.adj_close));
    // Corporate-action columns: blank means "none" (neutral), not missing data.
    for (int c : {kDiv, kSplit}) {
      if (!(c == kDiv ? has_div : has_split)) continue;
      auto& dst = c == kDiv ? s.dividend : s.split;
      double v;
      const auto r = FastDecimal(f[col[c]], &v) ? internal::NumberParse::kOk
                                                : internal::ParseNumber(f[col[c]], &v);
      if (r == internal::NumberParse::kBad) {
        return cur.FieldError(header[col[c]], col[c],
                              "not a number: '" + std::string(f[col[c]]) + "'");
      }
      if (r == internal::NumberParse::kMissing) v = kNeutral[c];
      if (c == kSplit && v == 0.0) v = 1.0;  // yfinance writes 0 for "no split"
      if (c == kSplit && v < 0) {
        return cur.FieldError(header[col[c]], col[c], "negative split ratio");
      }
      dst.push_back(v);
    }
    if (price_missing || missing) ++result.info.rows_with_missing;
    ++result.info.rows;
  }
  TL_RETURN_IF_ERROR(cur.status());
  for (Building& b : builds) {
    FinishSeries(b, bar_end, result.info);
    result.series.push_back(std::move(b.s));
  }
  return result;
}

Result<BarCsvResult> ReadBarCsvFile(const std::string& path, BarCsvOptions options) {
  // Per-thread buffers, reused from file to file (a loader reads hundreds per thread); one
  // grown by an unusually large file is let go afterwards.
  thread_local std::string raw, inflated;
  if (options.symbol.empty()) options.symbol = SymbolFromFileName(path);
  auto text = internal::ReadFileMaybeGzipInto(path, &raw, &inflated);
  Result<BarCsvResult> r = text.ok() ? ParseBarCsv(*text, path, options) : text.status();
  constexpr size_t kKeepBytes = size_t{16} << 20;
  for (std::string* b : {&raw, &inflated}) {
    if (b->capacity() > kKeepBytes) std::string().swap(*b);
  }
  return r;
}

}  // namespace tradelet::data
