// Prophet trend: the run's decision log as decisions.csv / skips.csv, a JSON summary and an
// HTML section that draws the forecast band at every decision.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "tradelet/strategy/prophet_trend.h"

namespace tradelet {
namespace {

std::string Num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

// The reason's kind: the text before the first ':' ("fit did not converge: ..." -> "fit did
// not converge").
std::string ReasonKind(const std::string& reason) {
  return reason.substr(0, reason.find(':'));
}

}  // namespace

std::string DecisionsCsv(const std::vector<TrendDecision>& log, const TimeZone& tz) {
  std::string out = "time,symbol,last,yhat_lower,yhat,yhat_upper,action,target\n";
  for (const TrendDecision& d : log) {
    if (d.action == "skip") continue;
    out += FormatTimestamp(d.time, tz) + "," + CsvField(d.symbol) + "," + Num(d.last) + "," +
           Num(d.yhat_lower) + "," + Num(d.yhat) + "," + Num(d.yhat_upper) + "," + d.action +
           "," + (d.target ? FormatTimestamp(*d.target, tz) : std::string()) + "\n";
  }
  return out;
}

std::string SkipsCsv(const std::vector<TrendDecision>& log, const TimeZone& tz) {
  std::string out = "time,symbol,reason\n";
  for (const TrendDecision& d : log) {
    if (d.action != "skip") continue;
    out += FormatTimestamp(d.time, tz) + "," + CsvField(d.symbol) + "," + CsvField(d.reason) +
           "\n";
  }
  return out;
}

std::string DecisionBandsHtml(const std::vector<TrendDecision>& log, size_t max_symbols) {
  std::map<std::string, std::vector<const TrendDecision*>> by;
  std::map<std::string, int> trades;
  std::map<std::string, int> skips;
  for (const TrendDecision& d : log) {
    if (d.action == "skip") {
      ++skips[ReasonKind(d.reason)];
      continue;
    }
    by[d.symbol].push_back(&d);
    trades[d.symbol] += d.action != "hold";
  }
  std::vector<std::string> names;
  for (const auto& [name, v] : by) names.push_back(name);
  // Symbols with the most buy/sell signals first.
  std::stable_sort(names.begin(), names.end(),
                   [&](const std::string& a, const std::string& b) { return trades[a] > trades[b]; });
  if (names.size() > max_symbols) names.resize(max_symbols);
  std::string h =
      "<h2>Prophet trend: forecast band at each decision</h2><p>Grey band: yhat_lower..yhat_upper "
      "of the step the rule reads; blue line: yhat; black dots: last price; green &#9650; buy, "
      "red &#9660; sell. One point per decision, in time order.</p>";
  if (!skips.empty()) {
    h += "<p>Skipped symbol-decisions by reason:";
    for (const auto& [kind, n] : skips) h += " " + HtmlEscape(kind) + " = " + std::to_string(n) + ";";
    h += " (details in skips.csv)</p>";
  }
  constexpr double kW = 760, kH = 150, kPad = 6;
  for (const std::string& name : names) {
    const auto& v = by[name];
    double lo = 1e300, hi = -1e300;
    for (const TrendDecision* d : v) {
      for (double x : {d->last, d->yhat_lower, d->yhat_upper}) {
        if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
      }
    }
    if (!(hi > lo)) hi = lo + 1;
    const size_t n = v.size();
    auto X = [&](size_t i) { return kPad + (n > 1 ? (kW - 2 * kPad) * i / (n - 1.0) : kW / 2); };
    auto Y = [&](double y) { return kPad + (kH - 2 * kPad) * (hi - y) / (hi - lo); };
    char buf[96];
    std::string band, mid, dots, marks;
    for (size_t i = 0; i < n; ++i) {
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(i), Y(v[i]->yhat_upper));
      band += buf;
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(i), Y(v[i]->yhat));
      mid += buf;
      std::snprintf(buf, sizeof buf, "<circle cx='%.1f' cy='%.1f' r='1.5'/>", X(i), Y(v[i]->last));
      dots += buf;
      if (v[i]->action == "buy" || v[i]->action == "sell") {
        const bool buy = v[i]->action == "buy";
        const double x = X(i), y = Y(v[i]->last) + (buy ? 9 : -9);
        std::snprintf(buf, sizeof buf, "<path d='M%.1f %.1fl-4 %dh8z' fill='%s'/>", x, y,
                      buy ? 6 : -6, buy ? "#2a2" : "#d22");
        marks += buf;
      }
    }
    for (size_t i = n; i-- > 0;) {
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(i), Y(v[i]->yhat_lower));
      band += buf;
    }
    h += "<h3>" + HtmlEscape(name) + " (" + std::to_string(n) + " decisions, " +
         std::to_string(trades[name]) + " signals)</h3><svg width='760' height='150' " +
         "style='background:#fafafa'><polygon points='" + band +
         "' fill='#ccc' stroke='none'/><polyline points='" + mid +
         "' fill='none' stroke='#36c' stroke-width='1'/>" + dots + marks + "</svg>";
  }
  return h;
}

StrategyArtifacts ProphetTrendStrategy::Artifacts() const {
  StrategyArtifacts a;
  const TimeZone& tz = TimeZone::NewYork();
  a.files.emplace_back("decisions.csv", DecisionsCsv(state_->log, tz));
  a.files.emplace_back("skips.csv", SkipsCsv(state_->log, tz));
  nlohmann::json j;
  std::map<std::string, int> actions, skips;
  for (const TrendDecision& d : state_->log) {
    ++actions[d.action];
    if (d.action == "skip") ++skips[ReasonKind(d.reason)];
  }
  j["fits"] = state_->fits;
  j["fit_seconds"] = state_->fit_seconds;
  j["fits_per_second"] = state_->fit_seconds > 0 ? state_->fits / state_->fit_seconds : 0.0;
  j["actions"] = actions;
  j["skips"] = skips;
  a.files.emplace_back("prophet_trend.json", j.dump(2) + "\n");
  a.report_html = DecisionBandsHtml(state_->log, 30);
  return a;
}

}  // namespace tradelet
