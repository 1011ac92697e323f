// tradelet data import: normalise CSV files (any layout data/ reads) into the canonical layout,
// one <SYMBOL>.csv per symbol: time (ISO UTC bar start),open,high,low,close,volume
// [,adj_close,dividend,split]. Rows with missing prices are dropped, rows sorted, duplicate
// times dropped (first kept); optionally adjusted and resampled. The files written are what
// `--data DIR` readers (backtest, validate) and the bar cache import read.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "cli_args.h"
#include "command.h"
#include "tradelet/data/adjust.h"
#include "tradelet/data/market_data.h"
#include "tradelet/data/resample.h"
#include "tradelet/data/symbol_path.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data import --input F.csv|DIR [--out DIR] [--layout L] [--columns MAP]\n"
    "                            [--symbol S] [--tz ZONE] [--adjust none|split|full]\n"
    "                            [--interval 5m|15m|30m|1h|1d|1wk|1mo]";

int Usage(const Status& s) {
  ReportStatus("data import", s);
  return kExitUsage;
}

int Run(int argc, char** argv) {
  CLI::App app{std::string(kUsage) +
                   "\n\nReads a CSV file or every *.csv / *.csv.gz in a directory (Alpha Vantage, "
                   "Yahoo, Kaggle, mplfinance, canonical or any OHLCV header), and writes one "
                   "canonical <SYMBOL>.csv per symbol to --out. Prints one line per symbol.",
               "data import"};
  std::string input, out = "data", layout_text = "auto", columns_text, symbol, tz,
                     adjust_text = "none", interval_text;
  app.add_option("--input", input, "CSV file or directory")->required();
  app.add_option("--out", out, "output directory (created; default ./data)");
  app.add_option("--layout", layout_text,
                 "auto, generic, canonical, yahoo, alphavantage-daily, alphavantage-intraday, "
                 "kaggle, mplfinance");
  app.add_option("--columns", columns_text, "column map, e.g. time=Date,close=Last");
  app.add_option("--symbol", symbol, "symbol of a single input file (default: from its name)");
  app.add_option("--tz", tz, "zone of date-times without an offset (default America/New_York)");
  app.add_option("--adjust", adjust_text,
                 "none (prices as in the source), split or full (needs split/dividend columns, "
                 "or adj_close for full)");
  app.add_option("--interval", interval_text, "resample to this interval within NYSE sessions");
  if (auto rc = ParseArgs(app, argc, argv)) return *rc;
  data::LoadOptions lo;
  auto layout = data::ParseCsvLayout(layout_text);
  if (!layout.ok()) return Usage(layout.status());
  lo.csv.layout = *layout;
  if (!columns_text.empty()) {
    auto m = data::ColumnMap::Parse(columns_text);
    if (!m.ok()) return Usage(m.status());
    lo.csv.columns = *m;
  }
  lo.csv.symbol = symbol;
  std::optional<TimeZone> zone;
  if (!tz.empty()) {
    auto z = TimeZone::Load(tz);
    if (!z.ok()) return Usage(z.status());
    zone = *z;
    lo.csv.zone = &*zone;
  }
  std::optional<data::Adjustment> adjust;
  if (adjust_text != "none") {
    auto a = data::ParseAdjustment(adjust_text);
    if (!a.ok()) return Usage(a.status());
    adjust = *a;
  }
  std::optional<BarInterval> interval;
  if (!interval_text.empty()) {
    auto i = ParseBarInterval(interval_text);
    if (!i.ok()) return Usage(i.status());
    interval = *i;
  }

  data::LoadReport rep;
  auto md = data::LoadMarketData(input, lo, &rep);
  if (!md.ok()) return ReportStatus("data import", md.status());
  // Symbols come from file names, file content or --symbol: each becomes <out>/<SYMBOL>.csv, so
  // every one is checked (character set, stays under --out) before anything is written.
  for (const auto& f : rep.files) {
    for (const Symbol& sym : f.symbols) {
      if (auto p = data::SymbolFilePath(out, sym, ".csv"); !p.ok()) {
        return ReportStatus("data import", p.status().WithContext(f.path));
      }
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return ReportStatus("data import", NotFound(out + ": cannot create: " + ec.message()));

  std::printf("%-8s %-22s %8s %8s %-8s %s\n", "symbol", "layout", "rows_in", "rows_out", "interval",
              "file");
  size_t written = 0, rows_out = 0;
  for (const auto& f : rep.files) {
    for (size_t k = 0; k < f.symbols.size(); ++k) {
      const Symbol& sym = f.symbols[k];
      BarSeries s = *md->Find(sym);
      if (adjust) {
        auto a = data::Adjust(s, *adjust);
        if (!a.ok()) return ReportStatus("data import", a.status().WithContext(f.path));
        s = std::move(*a);
      }
      if (interval && *interval != s.interval) {
        const CivilDate from = TimeZone::NewYork().ToLocal(s.time(0)).date;
        const CivilDate to = TimeZone::NewYork().ToLocal(s.time(s.size() - 1)).date;
        auto sessions = data::SessionsFor(from, to);
        if (!sessions.ok()) return ReportStatus("data import", sessions.status().WithContext(sym));
        auto r = data::Resample(s, *interval, *sessions);
        if (!r.ok()) return ReportStatus("data import", r.status().WithContext(f.path));
        s = std::move(*r);
      }
      auto checked = data::SymbolFilePath(out, sym, ".csv");
      if (!checked.ok()) return ReportStatus("data import", checked.status().WithContext(f.path));
      const std::string path = checked->string();
      if (Status st = data::WriteBarCsvFile(s, path); !st.ok()) {
        return ReportStatus("data import", st);
      }
      std::printf("%-8s %-22s %8zu %8zu %-8s %s\n", sym.c_str(),
                  std::string(data::CsvLayoutName(f.layout)).c_str(), f.symbol_rows[k], s.size(),
                  std::string(BarIntervalName(s.interval)).c_str(), path.c_str());
      ++written;
      rows_out += s.size();
    }
  }
  std::fprintf(
      stderr,
      "tradelet data import: %zu files, %zu rows read, %zu symbols, %zu rows written to %s\n",
      rep.files.size(), rep.rows, written, rows_out, out.c_str());
  return kExitOk;
}

}  // namespace

TL_REGISTER_COMMAND("data import", "normalise CSV files into the canonical bar layout", Run);

}  // namespace tradelet::cli
