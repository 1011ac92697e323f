#include "tradelet/data/market_data.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <numeric>

#include "tradelet/data/parallel.h"

namespace tradelet::data {

Status MarketData::Add(BarSeries series) {
  TL_RETURN_IF_ERROR(series.CheckShape());
  return AddShaped(std::move(series));
}

Status MarketData::AddShaped(BarSeries series) {
  // Readers add in symbol order (a bundle always): then the place is the end, found without a
  // search of the map.
  auto at = by_symbol_.end();
  if (!by_symbol_.empty() && !(std::prev(at)->first < series.symbol)) {
    at = by_symbol_.lower_bound(series.symbol);
    if (at != by_symbol_.end() && at->first == series.symbol) {
      return AlreadyExists("symbol '" + series.symbol + "' is already loaded");
    }
  }
  Symbol key = series.symbol;
  by_symbol_.emplace_hint(at, std::move(key), std::move(series));
  return Status::Ok();
}

const BarSeries* MarketData::Find(const Symbol& symbol) const {
  auto it = by_symbol_.find(symbol);
  return it == by_symbol_.end() ? nullptr : &it->second;
}

BarSeries* MarketData::FindMutable(const Symbol& symbol) {
  auto it = by_symbol_.find(symbol);
  return it == by_symbol_.end() ? nullptr : &it->second;
}

std::vector<Symbol> MarketData::symbols() const {
  std::vector<Symbol> out;
  out.reserve(by_symbol_.size());
  for (const auto& [k, v] : by_symbol_) out.push_back(k);
  return out;
}

size_t MarketData::total_bars() const {
  size_t n = 0;
  for (const auto& [k, v] : by_symbol_) n += v.size();
  return n;
}

std::vector<int64_t> MarketData::Timeline() const {
  std::vector<int64_t> all;
  all.reserve(total_bars());
  for (const auto& [k, v] : by_symbol_) all.insert(all.end(), v.time_ns.begin(), v.time_ns.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

MarketData::Cursor::Cursor(const MarketData& md) : timeline_(md.Timeline()) {
  for (const auto& [k, v] : md.by_symbol_) series_.push_back(&v);
  pos_.assign(series_.size(), 0);
}

bool MarketData::Cursor::Next() {
  if (started_) {
    ++step_;
  } else {
    started_ = true;
  }
  if (step_ >= timeline_.size()) return false;
  const int64_t t = timeline_[step_];
  for (size_t k = 0; k < series_.size(); ++k) {
    const auto& ts = series_[k]->time_ns;
    while (pos_[k] < ts.size() && ts[pos_[k]] <= t) ++pos_[k];
  }
  return true;
}

NormalizeReport NormalizeSeries(BarSeries& s) {
  NormalizeReport rep;
  const size_t n = s.size();
  // The usual case, checked without building index lists: every price present, times strictly
  // ascending. Only missing volumes (NaN -> 0) are left to repair.
  bool clean = true;
  for (size_t i = 0; i < n && clean; ++i) {
    clean = !(std::isnan(s.open[i]) || std::isnan(s.high[i]) || std::isnan(s.low[i]) ||
              std::isnan(s.close[i])) &&
            (i == 0 || s.time_ns[i] > s.time_ns[i - 1]);
  }
  if (clean) {
    for (auto& v : s.volume) {
      if (std::isnan(v)) v = 0.0;
    }
    return rep;
  }
  std::vector<size_t> keep;
  keep.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(s.open[i]) || std::isnan(s.high[i]) || std::isnan(s.low[i]) ||
        std::isnan(s.close[i])) {
      ++rep.dropped_missing;
      continue;
    }
    keep.push_back(i);
  }
  bool sorted = true;
  for (size_t j = 1; j < keep.size() && sorted; ++j) {
    sorted = s.time_ns[keep[j]] >= s.time_ns[keep[j - 1]];
  }
  if (!sorted) {
    std::stable_sort(keep.begin(), keep.end(),
                     [&](size_t a, size_t b) { return s.time_ns[a] < s.time_ns[b]; });
    rep.sorted = true;
  }
  std::vector<size_t> uniq;
  uniq.reserve(keep.size());
  for (size_t idx : keep) {
    if (!uniq.empty() && s.time_ns[uniq.back()] == s.time_ns[idx]) {
      ++rep.dropped_duplicates;
      continue;
    }
    uniq.push_back(idx);
  }
  if (uniq.size() != n || rep.sorted) {
    auto gather = [&](auto& col) {
      if (col.empty()) return;
      std::remove_reference_t<decltype(col)> out;
      out.reserve(uniq.size());
      for (size_t idx : uniq) out.push_back(col[idx]);
      col = std::move(out);
    };
    gather(s.time_ns);
    gather(s.open);
    gather(s.high);
    gather(s.low);
    gather(s.close);
    gather(s.volume);
    gather(s.adj_close);
    gather(s.dividend);
    gather(s.split);
  }
  for (auto& v : s.volume) {
    if (std::isnan(v)) v = 0.0;
  }
  return rep;
}

Result<std::vector<std::string>> ListCsvFiles(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return InvalidArgument(path + ": " + ec.message());  // a symlink loop, permission denied
  }
  if (ec || !fs::exists(st)) return NotFound(path + ": no such file or directory");
  if (fs::is_regular_file(st)) return std::vector<std::string>{path};
  if (!fs::is_directory(st)) return InvalidArgument(path + ": not a file or directory");
  std::vector<std::string> files;
  // Non-throwing iteration and entry checks: a *.csv entry that cannot be resolved (a symlink
  // loop, a dangling link) is an error naming it; other entries that are not files are skipped.
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    const std::string name = e.path().filename().string();
    auto ends = [&](std::string_view suf) {
      return name.size() > suf.size() &&
             name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
    };
    if (!(ends(".csv") || ends(".csv.gz") || ends(".CSV"))) continue;
    std::error_code entry_ec;
    const bool regular = e.is_regular_file(entry_ec);
    if (entry_ec) return InvalidArgument(e.path().string() + ": " + entry_ec.message());
    if (regular) files.push_back(e.path().string());
  }
  if (ec) return Unavailable(path + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) return NotFound(path + ": no *.csv or *.csv.gz files");
  return files;
}

Result<MarketData> LoadMarketData(const std::string& path, const LoadOptions& options,
                                  LoadReport* report) {
  TL_ASSIGN_OR_RETURN(std::vector<std::string> files, ListCsvFiles(path));
  // Files are read and normalised in parallel, each into its own slot; the slots are then merged
  // in name order, so the result, the first error and its message are those of a sequential read.
  struct Parsed {
    Result<BarCsvResult> read = InvalidArgument("not read");
    std::vector<size_t> rows;  // per series, before NormalizeSeries
    std::vector<NormalizeReport> normalized;
  };
  std::vector<Parsed> parsed(files.size());
  std::atomic<size_t> first_error{files.size()};
  ParallelFor(files.size(), options.threads, [&](size_t i) {
    if (i > first_error.load(std::memory_order_relaxed)) return;  // cannot change the outcome
    BarCsvOptions o = options.csv;
    o.symbol.clear();
    if (files.size() == 1 && !options.csv.symbol.empty()) o.symbol = options.csv.symbol;
    Parsed& p = parsed[i];
    p.read = ReadBarCsvFile(files[i], o);
    if (!p.read.ok()) {
      size_t cur = first_error.load(std::memory_order_relaxed);
      while (i < cur && !first_error.compare_exchange_weak(cur, i)) {
      }
      return;
    }
    for (BarSeries& s : p.read->series) {
      p.rows.push_back(s.size());
      p.normalized.push_back(NormalizeSeries(s));
    }
  });
  MarketData md;
  std::map<Symbol, std::string> origin;
  LoadReport local;
  LoadReport& rep = report ? *report : local;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    Parsed& p = parsed[i];
    if (!p.read.ok()) return p.read.status();
    BarCsvResult& r = *p.read;
    LoadedFile lf;
    lf.path = file;
    lf.layout = r.info.layout;
    lf.rows = r.info.rows;
    for (size_t k = 0; k < r.series.size(); ++k) {
      BarSeries& s = r.series[k];
      if (s.symbol.empty()) {
        return InvalidArgument(file + ": cannot tell the symbol from the file name");
      }
      if (auto it = origin.find(s.symbol); it != origin.end()) {
        return AlreadyExists("symbol '" + s.symbol + "' appears in both " + it->second + " and " +
                             file);
      }
      origin.emplace(s.symbol, file);
      lf.symbol_rows.push_back(p.rows[k]);
      const NormalizeReport& nr = p.normalized[k];
      lf.normalized.dropped_missing += nr.dropped_missing;
      lf.normalized.dropped_duplicates += nr.dropped_duplicates;
      lf.normalized.sorted |= nr.sorted;
      lf.symbols.push_back(s.symbol);
      TL_RETURN_IF_ERROR(md.Add(std::move(s)).WithContext(file));
    }
    rep.rows += lf.rows;
    rep.files.push_back(std::move(lf));
    p = Parsed{};  // the bars now live in md
  }
  return md;
}

}  // namespace tradelet::data
