// Writing bars as CSV (the generic layout the reader auto-detects).
#include <charconv>
#include <cmath>
#include <fstream>

#include "tradelet/data/bar_csv.h"

namespace tradelet::data {
namespace {

void AppendNumber(std::string& out, double v) {
  if (std::isnan(v)) return;
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, p);
}

}  // namespace

void WriteBarCsv(const BarSeries& s, std::string& out) {
  const bool adj = !s.adj_close.empty(), div = !s.dividend.empty(), spl = !s.split.empty();
  out += "time,open,high,low,close,volume";
  if (adj) out += ",adj_close";
  if (div) out += ",dividend";
  if (spl) out += ",split";
  out += '\n';
  out.reserve(out.size() + s.size() * 80);
  for (size_t i = 0; i < s.size(); ++i) {
    out += FormatTimestamp(s.time(i));
    for (const auto* c : {&s.open, &s.high, &s.low, &s.close, &s.volume}) {
      out += ',';
      AppendNumber(out, (*c)[i]);
    }
    if (adj) (out += ','), AppendNumber(out, s.adj_close[i]);
    if (div) (out += ','), AppendNumber(out, s.dividend[i]);
    if (spl) (out += ','), AppendNumber(out, s.split[i]);
    out += '\n';
  }
}

Status WriteBarCsvFile(const BarSeries& s, const std::string& path) {
  std::string text;
  WriteBarCsv(s, text);
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return NotFound(path + ": cannot create");
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    return DataLoss(path + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return DataLoss(path + ": rename failed");
  return Status::Ok();
}

}  // namespace tradelet::data
