// tradelet data fetch: download bars from Yahoo or Alpaca, optionally through the SQLite bar cache
// (fetching only what is missing), and write them as CSV.
//
// Output (scriptable): with --out, one CSV per symbol in DIR and a summary CSV on stdout
// (symbol,source,interval,bars,first,last,fetched_ranges,file); without --out, the bars
// themselves as one CSV on stdout (symbol,time,open,high,low,close,volume,adj_close,dividend,split)
// and the summary on stderr. Times are bar starts in UTC (RFC 3339). Errors go to stderr with the
// exit codes of ReportStatus.
#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "command.h"
#include "tradelet/adapters/alpaca/market_data_client.h"
#include "tradelet/adapters/yahoo/chart_client.h"
#include "tradelet/base/clock.h"
#include "tradelet/base/log.h"
#include "tradelet/base/progress.h"
#include "tradelet/data/bar_cache.h"
#include "tradelet/data/symbol_path.h"
#include "tradelet/net/https_client.h"
#include "tradelet/net/retry.h"

namespace tradelet::cli {
namespace {

constexpr char kUsage[] =
    "usage: tradelet data fetch --source yahoo|alpaca --symbols S,... --interval I --start D "
    "--end D [--cache F] [--out DIR] [options]\n\n"
    "Downloads bars. --start/--end are dates (YYYY-MM-DD; --end is inclusive) or RFC 3339 "
    "times (--end exclusive). Yahoo intervals: 1m 2m 5m 15m 30m 60m 90m 1h 1d 5d 1wk 1mo 3mo; "
    "Alpaca timeframes: 1Min 5Min 15Min 1Hour 1Day, N[Min|Hour], 1Week, N Month (1m/5m/1h/1d "
    "also work). Alpaca keys come from APCA_API_KEY_ID/APCA_API_SECRET_KEY (or "
    "ALPACAUSER/ALPACAPW) and the base URL from APCA_API_DATA_URL.";

struct Args {
  std::string source, symbols, interval, start, end, cache, out, base_url, now;
  std::string feed = "iex";
  std::string adjustment = "raw";
  bool include_pre_post = false;
  bool crumb = false;
  bool no_progress = false;
  double timeout_s = 30;
  int retries = 4;
};

std::vector<std::string> SplitSymbols(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    while (!item.empty() && item.back() == ' ') item.pop_back();
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// A bare date means midnight UTC; as an end it means "through that day", so add a day.
Result<Timestamp> ParseBound(const std::string& text, bool is_end, const char* flag) {
  if (text.size() == 10) {
    auto d = CivilDate::Parse(text);
    if (!d.ok()) return InvalidArgument(std::string(flag) + ": " + d.status().message());
    LocalDateTime t;
    t.date = is_end ? d->AddDays(1) : *d;
    return t.AsUtc();
  }
  auto t = ParseTimestamp(text);
  if (!t.ok()) return InvalidArgument(std::string(flag) + ": " + t.status().message());
  return *t;
}

void AppendNumber(std::string* out, double v) {
  if (std::isnan(v)) return;  // empty field
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, p);
}

std::string BarsCsv(const BarSeries& b, bool with_symbol) {
  std::string out;
  out.reserve(b.size() * 96 + 80);
  if (with_symbol) out += "symbol,";
  out += "time,open,high,low,close,volume,adj_close,dividend,split\n";
  for (size_t i = 0; i < b.size(); ++i) {
    if (with_symbol) out += b.symbol + ",";
    out += FormatTimestamp(b.time(i));
    for (const Column<double>* col : {&b.open, &b.high, &b.low, &b.close, &b.volume}) {
      out += ',';
      AppendNumber(&out, (*col)[i]);
    }
    out += ',';
    if (!b.adj_close.empty()) AppendNumber(&out, b.adj_close[i]);
    out += ',';
    AppendNumber(&out, b.dividend.empty() ? 0.0 : b.dividend[i]);
    out += ',';
    AppendNumber(&out, b.split.empty() ? 1.0 : b.split[i]);
    out += '\n';
  }
  return out;
}

// One source behind a common "fetch this symbol in this range" call.
class Source {
 public:
  virtual ~Source() = default;
  virtual Result<BarSeries> Fetch(const std::string& symbol, data::TimeRange range) = 0;
  virtual std::string CacheSource() const = 0;      // key part: "yahoo", "alpaca-iex"
  virtual std::string CacheAdjustment() const = 0;  // key part: what the closes are adjusted for
  virtual std::optional<BarInterval> interval() const = 0;
  virtual std::string interval_name() const = 0;
};

class YahooSource final : public Source {
 public:
  // Retries wait on `sleep_clock`; history limits are judged against `now_clock`.
  static Result<std::unique_ptr<YahooSource>> Make(const Args& a, Clock& sleep_clock,
                                                   const Clock& now_clock) {
    auto s = std::unique_ptr<YahooSource>(new YahooSource(a, sleep_clock));
    if (yahoo::LimitsForInterval(a.interval).ok()) {
      s->interval_name_ = a.interval;
    } else if (auto iv = ParseBarInterval(a.interval); iv.ok()) {
      s->interval_name_ = *iv == BarInterval::k1Hour ? "60m" : std::string(BarIntervalName(*iv));
    } else {
      return yahoo::LimitsForInterval(a.interval).status();
    }
    s->interval_ = yahoo::YahooGranularityToInterval(s->interval_name_);
    yahoo::YahooClientOptions o;
    if (!a.base_url.empty()) o.base_url = a.base_url;
    o.use_crumb = a.crumb;
    o.timeout = std::chrono::milliseconds(static_cast<int64_t>(a.timeout_s * 1000));
    s->client_ = std::make_unique<yahoo::YahooChartClient>(*s->retry_, now_clock, o);
    return s;
  }
  Result<BarSeries> Fetch(const std::string& symbol, data::TimeRange r) override {
    yahoo::ChartRequest req;
    req.symbol = symbol;
    req.interval = interval_name_;
    req.start = r.start;
    req.end = r.end;
    req.include_pre_post = include_pre_post_;
    TL_ASSIGN_OR_RETURN(yahoo::ChartData d, client_->FetchHistory(req));
    if (d.null_rows > 0) {
      TL_LOG(kInfo, "yahoo null rows dropped").Field("symbol", symbol).Field("rows", d.null_rows);
    }
    return std::move(d.bars);
  }
  // Yahoo's close is split-adjusted; adj_close adds dividends.
  std::string CacheSource() const override { return "yahoo"; }
  std::string CacheAdjustment() const override {
    return include_pre_post_ ? "split+prepost" : "split";
  }
  std::optional<BarInterval> interval() const override { return interval_; }
  std::string interval_name() const override { return interval_name_; }

 private:
  YahooSource(const Args& a, Clock& clock)
      : include_pre_post_(a.include_pre_post),
        http_(net::HttpsClientOptions{.enable_cookies = a.crumb}),
        breaker_("yahoo", clock) {
    net::RetryPolicy p;
    p.max_attempts = a.retries + 1;
    retry_ = std::make_unique<net::RetryingHttpClient>(http_, clock, p, &breaker_);
  }
  bool include_pre_post_;
  std::string interval_name_;
  std::optional<BarInterval> interval_;
  net::HttpsClient http_;
  net::CircuitBreaker breaker_;
  std::unique_ptr<net::RetryingHttpClient> retry_;
  std::unique_ptr<yahoo::YahooChartClient> client_;
};

class AlpacaSource final : public Source {
 public:
  static Result<std::unique_ptr<AlpacaSource>> Make(const Args& a, Clock& clock) {
    auto s = std::unique_ptr<AlpacaSource>(new AlpacaSource(a, clock));
    if (auto iv = ParseBarInterval(a.interval); iv.ok()) {
      s->timeframe_ = alpaca::TimeframeForInterval(*iv);
    } else {
      TL_ASSIGN_OR_RETURN(s->timeframe_, alpaca::NormalizeTimeframe(a.interval));
    }
    TL_ASSIGN_OR_RETURN(alpaca::AlpacaDataOptions o, alpaca::AlpacaDataOptionsFromEnvironment());
    if (!a.base_url.empty()) o.base_url = a.base_url;
    o.timeout = std::chrono::milliseconds(static_cast<int64_t>(a.timeout_s * 1000));
    s->client_ = std::make_unique<alpaca::AlpacaMarketDataClient>(*s->retry_, o);
    return s;
  }
  Result<BarSeries> Fetch(const std::string& symbol, data::TimeRange r) override {
    alpaca::BarsRequest req;
    req.symbols = {symbol};
    req.timeframe = timeframe_;
    req.start = r.start;
    // Alpaca's end is inclusive; ours is exclusive.
    req.end = r.end - Duration(1);
    req.feed = feed_;
    req.adjustment = adjustment_;
    TL_ASSIGN_OR_RETURN(alpaca::BarsResult res, client_->GetBars(req));
    BarSeries s = std::move(res.series[symbol]);
    s.symbol = symbol;
    return s;
  }
  std::string CacheSource() const override { return "alpaca-" + feed_; }
  std::string CacheAdjustment() const override { return adjustment_; }
  std::optional<BarInterval> interval() const override {
    return alpaca::IntervalForTimeframe(timeframe_);
  }
  std::string interval_name() const override { return timeframe_; }

 private:
  AlpacaSource(const Args& a, Clock& clock) : feed_(a.feed), adjustment_(a.adjustment) {
    net::RetryPolicy p;
    p.max_attempts = a.retries + 1;
    retry_ = std::make_unique<net::RetryingHttpClient>(http_, clock, p);
  }
  std::string feed_, adjustment_, timeframe_;
  net::HttpsClient http_;
  std::unique_ptr<net::RetryingHttpClient> retry_;
  std::unique_ptr<alpaca::AlpacaMarketDataClient> client_;
};

Status RunFetch(const Args& a) {
  const auto symbols = SplitSymbols(a.symbols);
  if (symbols.empty()) return InvalidArgument("--symbols: no symbols given");
  TL_ASSIGN_OR_RETURN(Timestamp start, ParseBound(a.start, false, "--start"));
  TL_ASSIGN_OR_RETURN(Timestamp end, ParseBound(a.end, true, "--end"));
  if (end <= start) return InvalidArgument("--end must be after --start");
  if (a.timeout_s <= 0) return InvalidArgument("--timeout must be positive");
  if (a.retries < 0 || a.retries > 20) return InvalidArgument("--retries must be 0..20");

  // The reference time for Yahoo's history limits and the cache's "complete" mark: the real
  // clock, or --now (replays of old recordings). Retries always wait in real time.
  Clock& clock = RealClock::Get();
  std::unique_ptr<SimulatedClock> fixed;
  if (!a.now.empty()) {
    auto now = ParseTimestamp(a.now);
    if (!now.ok()) return InvalidArgument("--now: " + now.status().message());
    fixed = std::make_unique<SimulatedClock>(*now);
  }
  const Clock& now_clock = fixed ? static_cast<const Clock&>(*fixed) : clock;

  std::unique_ptr<Source> source;
  if (a.source == "yahoo") {
    TL_ASSIGN_OR_RETURN(source, YahooSource::Make(a, clock, now_clock));
  } else if (a.source == "alpaca") {
    TL_ASSIGN_OR_RETURN(source, AlpacaSource::Make(a, clock));
  } else {
    return InvalidArgument("--source must be yahoo or alpaca, got '" + a.source + "'");
  }

  std::unique_ptr<data::BarCache> cache;
  if (!a.cache.empty()) {
    if (!source->interval()) {
      return InvalidArgument("--cache: interval " + source->interval_name() +
                             " has no tradelet bar interval to key the cache by");
    }
    TL_ASSIGN_OR_RETURN(cache, data::BarCache::Open(a.cache));
  }
  if (!a.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(a.out, ec);
    if (ec) return Unavailable("--out: cannot create " + a.out + ": " + ec.message());
  }

  std::string summary = "symbol,source,interval,bars,first,last,fetched_ranges,file\n";
  std::string all_csv;
  const Duration lag =
      (source->interval() ? BarIntervalDuration(*source->interval()) : std::chrono::hours(24)) +
      std::chrono::minutes(15);
  auto progress = Progress::ForStderr(
      {.label = "data fetch", .unit = "symbols", .total = static_cast<int64_t>(symbols.size())},
      a.no_progress);
  for (const auto& symbol : symbols) {
    progress->Add(0);  // drawn before the first (slow) request too
    const data::TimeRange want{start, end};
    BarSeries bars;
    int fetched = 0;
    if (cache) {
      data::BarKey key{symbol, *source->interval(), source->CacheSource(),
                       source->CacheAdjustment()};
      data::RefreshStats stats;
      auto fetch = [&](data::TimeRange r) { return source->Fetch(symbol, r); };
      auto got = data::RefreshBars(*cache, key, want, fetch, now_clock.Now() - lag, &stats);
      if (!got.ok()) return got.status().WithContext(symbol);
      bars = std::move(got).value();
      fetched = stats.fetches;
    } else {
      auto got = source->Fetch(symbol, want);
      if (!got.ok()) return got.status().WithContext(symbol);
      bars = std::move(got).value();
      fetched = 1;
    }
    bars.symbol = symbol;
    std::string file;
    if (!a.out.empty()) {
      std::string safe = symbol;
      for (char& c : safe) {
        if (c == '/' || c == '\\' || c == ' ') c = '_';
      }
      const std::filesystem::path out_file =
          std::filesystem::path(a.out) / (safe + "_" + source->interval_name() + ".csv");
      if (safe.empty() || safe.front() == '.' || !data::PathIsUnder(out_file, a.out)) {
        return InvalidArgument("symbol '" + symbol + "' cannot be a file name under --out");
      }
      file = out_file.string();
      std::ofstream f(file, std::ios::binary);
      f << BarsCsv(bars, false);
      if (!f.good()) return Unavailable("cannot write " + file);
    } else {
      std::string csv = BarsCsv(bars, true);
      if (!all_csv.empty()) csv.erase(0, csv.find('\n') + 1);  // one header
      all_csv += csv;
    }
    summary += symbol + "," + a.source + "," + source->interval_name() + "," +
               std::to_string(bars.size()) + "," +
               (bars.empty() ? "" : FormatTimestamp(bars.time(0))) + "," +
               (bars.empty() ? "" : FormatTimestamp(bars.time(bars.size() - 1))) + "," +
               std::to_string(fetched) + "," + file + "\n";
    progress->Add();
  }
  progress->Finish();
  if (!a.out.empty()) {
    std::fputs(summary.c_str(), stdout);
  } else {
    std::fputs(all_csv.c_str(), stdout);
    std::fputs(summary.c_str(), stderr);
  }
  return Status::Ok();
}

int Run(int argc, char** argv) {
  Args a;
  CLI::App app(kUsage, "tradelet data fetch");
  app.add_option("--source", a.source, "yahoo or alpaca")->required();
  app.add_option("--symbols", a.symbols, "comma-separated symbols in the source's spelling")
      ->required();
  app.add_option("--interval", a.interval, "bar interval / timeframe")->required();
  app.add_option("--start", a.start, "first day (YYYY-MM-DD) or time (RFC 3339)")->required();
  app.add_option("--end", a.end, "last day (inclusive) or time (exclusive)")->required();
  app.add_option("--cache", a.cache, "SQLite bar cache: fetch only what it lacks");
  app.add_option("--out", a.out, "write SYMBOL_INTERVAL.csv files here");
  app.add_option("--base-url", a.base_url, "override the API base URL (tests, proxies)");
  app.add_option("--feed", a.feed, "alpaca: iex | sip | otc (default iex)");
  app.add_option("--adjustment", a.adjustment,
                 "alpaca: raw | split | dividend | all (default raw)");
  app.add_flag("--include-prepost", a.include_pre_post, "yahoo: include pre/post-market bars");
  app.add_flag("--crumb", a.crumb, "yahoo: use the cookie + crumb flow");
  app.add_option("--timeout", a.timeout_s, "seconds per HTTP request (default 30)");
  app.add_option("--retries", a.retries,
                 "retries per request on 429/5xx/network errors (default 4)");
  app.add_flag("--no-progress", a.no_progress,
               "no progress line on a terminal (also TRADELET_PROGRESS=0)");
  app.add_option("--now", a.now, "reference time for history limits and cache completeness");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    const std::string usage(kUsage);
    std::fprintf(stderr, "tradelet data fetch: %s\n%s\n", e.what(),
                 usage.substr(0, usage.find('\n')).c_str());
    return kExitUsage;
  }
  return ReportStatus("data fetch", RunFetch(a));
}

}  // namespace

TL_REGISTER_COMMAND("data fetch", "download bars from Yahoo or Alpaca into the cache", Run);

}  // namespace tradelet::cli
