#include "tradelet/adapters/yahoo/chart_client.h"

#include <algorithm>
#include <cctype>

#include "tradelet/base/log.h"

namespace tradelet::yahoo {
namespace {

constexpr Duration kDay = std::chrono::hours(24);

// Keeps bars with start <= time < end (every column, and the events on them).
void FilterWindow(ChartData* data, std::optional<Timestamp> start, std::optional<Timestamp> end) {
  BarSeries& b = data->bars;
  const size_t lo = start ? b.LowerBound(*start) : 0;
  const size_t hi = end ? b.LowerBound(*end) : b.size();
  if (lo == 0 && hi == b.size()) return;
  auto cut = [&](Column<double>& col) {
    if (col.empty()) return;
    col.erase(col.begin() + static_cast<std::ptrdiff_t>(hi), col.end());
    col.erase(col.begin(), col.begin() + static_cast<std::ptrdiff_t>(lo));
  };
  b.time_ns.erase(b.time_ns.begin() + static_cast<std::ptrdiff_t>(hi), b.time_ns.end());
  b.time_ns.erase(b.time_ns.begin(), b.time_ns.begin() + static_cast<std::ptrdiff_t>(lo));
  for (auto* col : {&b.open, &b.high, &b.low, &b.close, &b.volume, &b.adj_close, &b.dividend,
                    &b.split}) {
    cut(*col);
  }
  auto outside = [&](Timestamp t) { return (start && t < *start) || (end && t >= *end); };
  std::erase_if(data->dividends, [&](const Dividend& d) { return outside(d.time); });
  std::erase_if(data->splits, [&](const Split& s) { return outside(s.time); });
}

// Appends `part` after `into` (part's bars all later than into's, except a repeated boundary bar).
void Merge(ChartData* into, ChartData&& part) {
  BarSeries& a = into->bars;
  BarSeries& b = part.bars;
  // adj_close is all-or-nothing per chunk; if chunks disagree the column cannot be trusted.
  const bool keep_adj = (a.empty() || !a.adj_close.empty()) && (b.empty() || !b.adj_close.empty());
  if (!keep_adj) a.adj_close.clear();
  const size_t first = a.empty() ? 0 : b.LowerBound(Timestamp::FromUnixNanos(a.time_ns.back() + 1));
  for (size_t i = first; i < b.size(); ++i) {
    a.time_ns.push_back(b.time_ns[i]);
    a.open.push_back(b.open[i]);
    a.high.push_back(b.high[i]);
    a.low.push_back(b.low[i]);
    a.close.push_back(b.close[i]);
    a.volume.push_back(b.volume[i]);
    if (keep_adj && !b.adj_close.empty()) a.adj_close.push_back(b.adj_close[i]);
    a.dividend.push_back(b.dividend.empty() ? 0.0 : b.dividend[i]);
    a.split.push_back(b.split.empty() ? 1.0 : b.split[i]);
  }
  if (a.adj_close.size() != a.size()) a.adj_close.clear();
  for (auto& d : part.dividends) {
    if (into->dividends.empty() || d.time > into->dividends.back().time) into->dividends.push_back(d);
  }
  for (auto& s : part.splits) {
    if (into->splits.empty() || s.time > into->splits.back().time) into->splits.push_back(s);
  }
  into->null_rows += part.null_rows;
  into->partial_null_rows += part.partial_null_rows;
  into->unmapped_events += part.unmapped_events;
}

bool LooksLikeHtml(std::string_view body) {
  return body.find("<html") != std::string_view::npos ||
         body.find("<HTML") != std::string_view::npos || body.find('<') == 0;
}

}  // namespace

Result<IntervalLimits> LimitsForInterval(std::string_view interval) {
  if (interval == "1m") return IntervalLimits{30 * kDay, 7 * kDay};
  if (interval == "2m" || interval == "5m" || interval == "15m" || interval == "30m" ||
      interval == "90m") {
    return IntervalLimits{60 * kDay, 60 * kDay};
  }
  if (interval == "60m" || interval == "1h") return IntervalLimits{730 * kDay, 730 * kDay};
  if (interval == "1d" || interval == "5d" || interval == "1wk" || interval == "1mo" ||
      interval == "3mo") {
    return IntervalLimits{};
  }
  return InvalidArgument("yahoo chart: unknown interval '" + std::string(interval) +
                         "' (use 1m 2m 5m 15m 30m 60m 90m 1h 1d 5d 1wk 1mo 3mo)");
}

YahooChartClient::YahooChartClient(net::HttpClient& http, const Clock& clock,
                                   YahooClientOptions options)
    : http_(http), clock_(clock), options_(std::move(options)) {}

std::string YahooChartClient::ChartUrl(const ChartRequest& req) const {
  std::vector<std::pair<std::string, std::string>> q;
  q.emplace_back("interval", req.interval);
  q.emplace_back("includePrePost", req.include_pre_post ? "true" : "false");
  if (req.events) q.emplace_back("events", "div,splits");
  if (!req.range.empty()) {
    q.emplace_back("range", req.range);
  } else {
    if (req.start) q.emplace_back("period1", std::to_string(req.start->unix_seconds()));
    if (req.end) {
      // period2 is exclusive and in whole seconds: round a fractional end up so nothing before
      // it is lost (FilterWindow trims the rest).
      const int64_t ns = req.end->unix_nanos();
      const int64_t s = req.end->unix_seconds() + (ns % 1'000'000'000 != 0 ? 1 : 0);
      q.emplace_back("period2", std::to_string(s));
    }
  }
  return net::TrimTrailingSlash(options_.base_url) + "/v8/finance/chart/" +
         net::UrlEncode(req.symbol) + net::QueryString(q);
}

Result<net::HttpResponse> YahooChartClient::Get(const std::string& url) {
  net::HttpRequest r;
  r.url = url;
  r.timeout = options_.timeout;
  r.headers = {{"User-Agent", options_.user_agent}, {"Accept", "application/json,text/plain,*/*"}};
  ++requests_sent_;
  return http_.Send(r);
}

Result<std::string> YahooChartClient::Crumb(bool refresh) {
  std::lock_guard<std::mutex> lock(crumb_mu_);
  if (!refresh && !crumb_.empty()) return crumb_;
  crumb_.clear();
  // The cookie page answers 404 on purpose; only its Set-Cookie matters.
  auto cookie = Get(options_.cookie_url);
  if (!cookie.ok()) return cookie.status().WithContext("yahoo cookie");
  TL_ASSIGN_OR_RETURN(net::HttpResponse resp, Get(options_.crumb_url));
  std::string body = resp.body;
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
  if (resp.status == 429 || body.find("Too Many Requests") != std::string::npos) {
    return ResourceExhausted("yahoo crumb: rate limited (HTTP " + std::to_string(resp.status) +
                             ")");
  }
  if (!resp.ok()) return net::HttpStatusToStatus(resp.status, "yahoo crumb", net::BodyExcerpt(body));
  if (body.empty() || LooksLikeHtml(body) || body.size() > 64) {
    return Unavailable("yahoo crumb: no crumb in the response (empty or an HTML page)");
  }
  crumb_ = body;
  return crumb_;
}

Result<ChartData> YahooChartClient::FetchChart(const ChartRequest& req) {
  const std::string what = "yahoo chart " + req.symbol;
  if (req.symbol.empty()) return InvalidArgument("yahoo chart: empty symbol");
  TL_RETURN_IF_ERROR(LimitsForInterval(req.interval));
  if (!req.range.empty() && (req.start || req.end)) {
    return InvalidArgument(what + ": give either a range or start/end, not both");
  }
  if (req.start && req.end && *req.end < *req.start) {
    return InvalidArgument(what + ": end " + FormatTimestamp(*req.end) + " is before start " +
                           FormatTimestamp(*req.start));
  }
  const std::string url = ChartUrl(req);
  Result<net::HttpResponse> resp = Status(StatusCode::kInternal, "unset");
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string full = url;
    if (options_.use_crumb) {
      auto crumb = Crumb(/*refresh=*/attempt > 0);
      if (!crumb.ok()) return crumb.status().WithContext(what);
      full += "&crumb=" + net::UrlEncode(*crumb);
    }
    resp = Get(full);
    if (!resp.ok()) return resp.status().WithContext(what);
    // A stale crumb or cookie: get new ones and try once more (yfinance does the same).
    const bool auth = resp->status == 401 || resp->status == 403;
    if (!(options_.use_crumb && auth)) break;
    TL_LOG(kWarn, "yahoo crumb rejected; refreshing").Field("status", resp->status);
  }
  if (resp->status != 200) return ChartErrorToStatus(resp->status, resp->body).WithContext(req.symbol);
  ChartParseOptions popt;
  popt.keep_null_rows = options_.keep_null_rows;
  auto data = ParseChartJson(resp->body, popt);
  if (!data.ok()) return data.status().WithContext(req.symbol);
  if (data->bars.symbol.empty()) data->bars.symbol = req.symbol;
  if (req.range.empty()) FilterWindow(&*data, req.start, req.end);
  return data;
}

Result<ChartData> YahooChartClient::FetchHistory(const ChartRequest& req) {
  if (!req.range.empty()) return FetchChart(req);
  const std::string what = "yahoo chart " + req.symbol;
  if (!req.start || !req.end) return InvalidArgument(what + ": start and end are required");
  TL_ASSIGN_OR_RETURN(IntervalLimits limits, LimitsForInterval(req.interval));
  if (options_.enforce_history_limits && limits.max_lookback) {
    const Timestamp earliest = clock_.Now() - *limits.max_lookback;
    if (*req.start < earliest) {
      return OutOfRange(what + ": Yahoo keeps " + req.interval + " bars only for the last " +
                        std::to_string(*limits.max_lookback / kDay) + " days; start " +
                        FormatTimestamp(*req.start) + " is before " + FormatTimestamp(earliest));
    }
  }
  ChartData merged;
  bool first = true;
  Timestamp s = *req.start;
  do {
    ChartRequest piece = req;
    piece.start = s;
    piece.end = limits.max_per_request ? std::min(*req.end, s + *limits.max_per_request) : *req.end;
    TL_ASSIGN_OR_RETURN(ChartData part, FetchChart(piece));
    if (first) {
      merged = std::move(part);
      first = false;
    } else {
      Merge(&merged, std::move(part));
    }
    s = *piece.end;
  } while (s < *req.end);
  if (merged.bars.symbol.empty()) merged.bars.symbol = req.symbol;
  TL_RETURN_IF_ERROR(merged.bars.CheckShape());
  return merged;
}

}  // namespace tradelet::yahoo
