#include "tradelet/adapters/alpaca/market_data_client.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <set>

#include "tradelet/adapters/alpaca/credentials.h"

namespace tradelet::alpaca {
namespace {

constexpr char kWhat[] = "alpaca bars";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDailyOrLonger(std::string_view timeframe) {
  return timeframe.ends_with("Day") || timeframe.ends_with("Week") || timeframe.ends_with("Month");
}

// Alpaca stamps daily bars at 00:00 New York; tradelet stamps them at the session open.
Timestamp DailyStampToSessionOpen(Timestamp t) {
  const TimeZone& ny = TimeZone::NewYork();
  const LocalDateTime local = ny.ToLocal(t);
  if (local.hour != 0 || local.minute != 0 || local.second != 0 || local.nanos != 0) return t;
  LocalDateTime open;
  open.date = local.date;
  open.hour = 9;
  open.minute = 30;
  return ny.FromLocal(open);
}

}  // namespace

Result<AlpacaDataOptions> AlpacaDataOptionsFromEnvironment() {
  AlpacaDataOptions o;
  if (std::string url = EnvOrEmpty("APCA_API_DATA_URL"); !url.empty()) o.base_url = url;
  TL_ASSIGN_OR_RETURN(AlpacaCredentials keys, AlpacaCredentialsFromEnvironment());
  o.key_id = std::move(keys.key_id);
  o.secret_key = std::move(keys.secret_key);
  return o;
}

Result<std::string> NormalizeTimeframe(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("alpaca timeframe '" + std::string(text) + "': " + why +
                           " (use e.g. 1Min, 5Min, 15Min, 1Hour, 1Day, 1Week, 1Month)");
  };
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 3) return bad("expected a number then a unit");
  const int n = std::atoi(std::string(text.substr(0, i)).c_str());
  const std::string unit = Lower(text.substr(i));
  if (unit == "min" || unit == "t" || unit == "minute") {
    if (n < 1 || n > 59) return bad("minutes must be 1..59");
    return std::to_string(n) + "Min";
  }
  if (unit == "hour" || unit == "h") {
    if (n < 1 || n > 23) return bad("hours must be 1..23");
    return std::to_string(n) + "Hour";
  }
  if (unit == "day" || unit == "d") {
    if (n != 1) return bad("only 1Day exists");
    return std::string("1Day");
  }
  if (unit == "week" || unit == "w") {
    if (n != 1) return bad("only 1Week exists");
    return std::string("1Week");
  }
  if (unit == "month" || unit == "m" || unit == "mo") {
    if (n != 1 && n != 2 && n != 3 && n != 6 && n != 12) return bad("months must be 1, 2, 3, 6 or 12");
    return std::to_string(n) + "Month";
  }
  return bad("unknown unit");
}

std::string TimeframeForInterval(BarInterval interval) {
  switch (interval) {
    case BarInterval::k1Min: return "1Min";
    case BarInterval::k5Min: return "5Min";
    case BarInterval::k15Min: return "15Min";
    case BarInterval::k30Min: return "30Min";
    case BarInterval::k1Hour: return "1Hour";
    case BarInterval::k1Day: return "1Day";
    case BarInterval::k1Week: return "1Week";
    case BarInterval::k1Month: return "1Month";
  }
  return "1Day";
}

std::optional<BarInterval> IntervalForTimeframe(std::string_view tf) {
  for (BarInterval i : {BarInterval::k1Min, BarInterval::k5Min, BarInterval::k15Min,
                        BarInterval::k30Min, BarInterval::k1Hour, BarInterval::k1Day,
                        BarInterval::k1Week, BarInterval::k1Month}) {
    if (TimeframeForInterval(i) == tf) return i;
  }
  return std::nullopt;
}

AlpacaMarketDataClient::AlpacaMarketDataClient(net::HttpClient& http, AlpacaDataOptions options)
    : http_(http), options_(std::move(options)) {}

Result<std::string> AlpacaMarketDataClient::BarsUrl(const BarsRequest& req,
                                                    const std::string& page_token) const {
  if (req.symbols.empty()) return InvalidArgument("alpaca bars: no symbols");
  for (const auto& s : req.symbols) {
    if (s.empty() || s.find(',') != std::string::npos) {
      return InvalidArgument("alpaca bars: bad symbol '" + s + "'");
    }
  }
  if (req.single_symbol_endpoint && req.symbols.size() != 1) {
    return InvalidArgument("alpaca bars: the single-symbol endpoint takes exactly one symbol");
  }
  TL_ASSIGN_OR_RETURN(std::string timeframe, NormalizeTimeframe(req.timeframe));
  static const std::set<std::string> kFeeds = {"iex", "sip", "otc", "boats", "overnight"};
  static const std::set<std::string> kAdjustments = {"raw", "split", "dividend", "all"};
  if (!kFeeds.count(req.feed)) {
    return InvalidArgument("alpaca bars: unknown feed '" + req.feed +
                           "' (use iex, sip, otc, boats or overnight)");
  }
  if (!kAdjustments.count(req.adjustment)) {
    return InvalidArgument("alpaca bars: unknown adjustment '" + req.adjustment +
                           "' (use raw, split, dividend or all)");
  }
  if (req.limit < 1 || req.limit > 10000) {
    return InvalidArgument("alpaca bars: limit must be 1..10000, got " + std::to_string(req.limit));
  }
  if (req.sort != "asc" && req.sort != "desc") {
    return InvalidArgument("alpaca bars: sort must be asc or desc");
  }
  if (req.start && req.end && *req.end < *req.start) {
    return InvalidArgument("alpaca bars: end " + FormatTimestamp(*req.end) + " is before start " +
                           FormatTimestamp(*req.start));
  }
  std::vector<std::pair<std::string, std::string>> q;
  std::string path;
  if (req.single_symbol_endpoint) {
    path = "/v2/stocks/" + net::UrlEncode(req.symbols[0]) + "/bars";
  } else {
    path = "/v2/stocks/bars";
    std::string joined;
    for (const auto& s : req.symbols) joined += (joined.empty() ? "" : ",") + s;
    q.emplace_back("symbols", joined);
  }
  q.emplace_back("timeframe", timeframe);
  if (req.start) q.emplace_back("start", FormatTimestamp(*req.start));
  if (req.end) q.emplace_back("end", FormatTimestamp(*req.end));
  q.emplace_back("limit", std::to_string(req.limit));
  q.emplace_back("adjustment", req.adjustment);
  q.emplace_back("feed", req.feed);
  q.emplace_back("sort", req.sort);
  if (!req.asof.empty()) q.emplace_back("asof", req.asof);
  if (!page_token.empty()) q.emplace_back("page_token", page_token);
  return net::TrimTrailingSlash(options_.base_url) + path + net::QueryString(q);
}

Result<BarsResult> AlpacaMarketDataClient::GetBars(const BarsRequest& req) {
  if (options_.key_id.empty() || options_.secret_key.empty()) {
    return Unauthenticated("alpaca bars: no API keys configured");
  }
  BarsResult out;
  TL_ASSIGN_OR_RETURN(out.timeframe, NormalizeTimeframe(req.timeframe));
  const auto interval = IntervalForTimeframe(out.timeframe);
  out.interval_mapped = interval.has_value();

  std::map<std::string, std::vector<AlpacaBar>> all;
  for (const auto& s : req.symbols) all[s];
  std::string token;
  std::set<std::string> seen_tokens;
  for (;;) {
    if (out.pages >= options_.max_pages) {
      return ResourceExhausted("alpaca bars: more than " + std::to_string(options_.max_pages) +
                               " pages; narrow the request");
    }
    TL_ASSIGN_OR_RETURN(std::string url, BarsUrl(req, token));
    net::HttpRequest r;
    r.url = url;
    r.timeout = options_.timeout;
    r.headers = {{"APCA-API-KEY-ID", options_.key_id},
                 {"APCA-API-SECRET-KEY", options_.secret_key},
                 {"Accept", "application/json"}};
    auto resp = http_.Send(r);
    if (!resp.ok()) return resp.status().WithContext(kWhat);
    if (resp->status != 200) return AlpacaErrorToStatus(resp->status, resp->body, kWhat);
    auto page = ParseBarsPage(resp->body);
    if (!page.ok()) {
      return page.status().WithContext("page " + std::to_string(out.pages + 1));
    }
    ++out.pages;
    for (auto& [sym, bars] : page->bars) {
      auto& dst = all[sym];
      dst.insert(dst.end(), bars.begin(), bars.end());
    }
    if (!page->next_page_token) break;
    token = *page->next_page_token;
    if (!seen_tokens.insert(token).second) {
      return DataLoss("alpaca bars: the server repeated page token '" + token.substr(0, 32) +
                      "' (pagination loop)");
    }
  }

  const bool daily = IsDailyOrLonger(out.timeframe);
  for (auto& [sym, bars] : all) {
    if (daily) {
      for (auto& b : bars) b.time = DailyStampToSessionOpen(b.time);
    }
    std::stable_sort(bars.begin(), bars.end(),
                     [](const AlpacaBar& a, const AlpacaBar& b) { return a.time < b.time; });
    BarSeries s;
    s.symbol = sym;
    if (interval) s.interval = *interval;
    s.Reserve(bars.size());
    std::vector<double>& vw = out.vwap[sym];
    for (size_t i = 0; i < bars.size(); ++i) {
      const AlpacaBar& b = bars[i];
      if (i > 0 && b.time == bars[i - 1].time) continue;  // a bar repeated across pages
      s.Append(Bar{b.time, b.open, b.high, b.low, b.close, b.volume});
      vw.push_back(b.vwap.value_or(std::nan("")));
    }
    TL_RETURN_IF_ERROR(s.CheckShape());
    out.series.emplace(sym, std::move(s));
  }
  return out;
}

}  // namespace tradelet::alpaca
