// CSV writer for the sample market. Formatting is hand-rolled with std::to_chars because the
// default market is ~1.3 million daily and ~1 million minute rows.
#include "tradelet/sample/sample_csv.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace tradelet::sample {
namespace {

void AppendFixed(std::string* out, double v, int decimals) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  out->append(buf, r.ptr);
}

void AppendInt(std::string* out, int64_t v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void Append2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

// "YYYY-MM-DDTHH:MM:SSZ" for whole-second instants (the generator's bars all are); other
// instants fall back to the general formatter.
void AppendIsoUtc(std::string* out, int64_t unix_nanos) {
  if (unix_nanos % 1'000'000'000 != 0 || unix_nanos < 0) {
    out->append(FormatTimestamp(Timestamp::FromUnixNanos(unix_nanos)));
    return;
  }
  const int64_t secs = unix_nanos / 1'000'000'000;
  const CivilDate d = CivilDate::FromDays(secs / 86400);
  const int64_t sod = secs % 86400;
  char buf[21];
  if (d.year < 0 || d.year > 9999) {
    out->append(FormatTimestamp(Timestamp::FromUnixNanos(unix_nanos)));
    return;
  }
  Append2(buf, d.year / 100);
  Append2(buf + 2, d.year % 100);
  buf[4] = '-';
  Append2(buf + 5, d.month);
  buf[7] = '-';
  Append2(buf + 8, d.day);
  buf[10] = 'T';
  Append2(buf + 11, static_cast<int>(sod / 3600));
  buf[13] = ':';
  Append2(buf + 14, static_cast<int>(sod / 60 % 60));
  buf[16] = ':';
  Append2(buf + 17, static_cast<int>(sod % 60));
  buf[19] = 'Z';
  out->append(buf, 20);
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Unavailable("cannot open " + path + " for writing");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return DataLoss("failed writing " + path);
  return Status::Ok();
}

// RFC 4180 quoting when a field holds a comma, quote or newline.
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

std::string BarSeriesCsv(const BarSeries& s, bool with_adjustments) {
  std::string out;
  out.reserve(s.size() * (with_adjustments ? 96 : 72) + 64);
  out += with_adjustments ? "time,open,high,low,close,volume,adj_close,dividend,split\n"
                          : "time,open,high,low,close,volume\n";
  for (size_t i = 0; i < s.size(); ++i) {
    AppendIsoUtc(&out, s.time_ns[i]);
    for (const auto* col : {&s.open, &s.high, &s.low, &s.close}) {
      out += ',';
      AppendFixed(&out, (*col)[i], 2);
    }
    out += ',';
    AppendInt(&out, static_cast<int64_t>(s.volume[i]));
    if (with_adjustments) {
      out += ',';
      AppendFixed(&out, s.adj_close[i], 6);
      out += ',';
      AppendFixed(&out, s.dividend[i], 2);
      out += ',';
      // Split ratios are 2, 3, ... or 0.1: the shortest exact representation.
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, s.split[i]);
      out.append(buf, r.ptr);
    }
    out += '\n';
  }
  return out;
}

Status WriteBarSeriesCsv(const BarSeries& series, const std::string& path, bool with_adjustments) {
  TL_RETURN_IF_ERROR(series.CheckShape().WithContext(path));
  if (with_adjustments &&
      (series.adj_close.size() != series.size() || series.dividend.size() != series.size() ||
       series.split.size() != series.size())) {
    return InvalidArgument(path + ": series " + series.symbol +
                           " lacks adj_close/dividend/split columns");
  }
  return WriteFile(path, BarSeriesCsv(series, with_adjustments));
}

Status WriteUniverseCsv(const SampleMarket& market, const std::string& path) {
  std::string out = "Symbol,Security,GICS Sector\n";
  for (const SecurityInfo& s : market.securities) {
    if (s.is_benchmark) continue;
    out += CsvField(s.symbol) + "," + CsvField(s.name) + "," + CsvField(s.sector) + "\n";
  }
  return WriteFile(path, out);
}

Status WriteSampleMarketCsv(const SampleMarket& market, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "daily", ec);
  if (ec) return Unavailable("cannot create " + dir + "/daily: " + ec.message());
  const bool has_minutes = std::any_of(market.minute.begin(), market.minute.end(),
                                       [](const BarSeries& s) { return !s.empty(); });
  if (has_minutes) {
    fs::create_directories(fs::path(dir) / "1m", ec);
    if (ec) return Unavailable("cannot create " + dir + "/1m: " + ec.message());
  }
  TL_RETURN_IF_ERROR(WriteUniverseCsv(market, (fs::path(dir) / "universe.csv").string()));
  for (size_t i = 0; i < market.securities.size(); ++i) {
    const std::string& sym = market.securities[i].symbol;
    TL_RETURN_IF_ERROR(WriteBarSeriesCsv(
        market.daily[i], (fs::path(dir) / "daily" / (sym + ".csv")).string(), true));
    if (has_minutes) {
      TL_RETURN_IF_ERROR(WriteBarSeriesCsv(
          market.minute[i], (fs::path(dir) / "1m" / (sym + ".csv")).string(), false));
    }
  }
  return Status::Ok();
}

}  // namespace tradelet::sample
