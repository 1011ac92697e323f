// Prophet trend: the run's decision log as decisions.csv / skips.csv, a JSON summary and an
// HTML section that draws the forecast band at every decision.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tradelet/base/html.h"
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

// The reason's kind: the text before the first ':' ("fit did not converge: ..." -> "fit did
// not converge").
std::string ReasonKind(const std::string& reason) { return reason.substr(0, reason.find(':')); }

}  // namespace

std::string DecisionsCsv(const std::vector<TrendDecision>& log, const TimeZone& tz) {
  std::string out = "time,symbol,last,yhat_lower,yhat,yhat_upper,action,target\n";
  for (const TrendDecision& d : log) {
    if (d.action == "skip") continue;
    out += FormatTimestamp(d.time, tz) + "," + CsvField(d.symbol) + "," + Num(d.last) + "," +
           Num(d.yhat_lower) + "," + Num(d.yhat) + "," + Num(d.yhat_upper) + "," + d.action + "," +
           (d.target ? FormatTimestamp(*d.target, tz) : std::string()) + "\n";
  }
  return out;
}

std::string SkipsCsv(const std::vector<TrendDecision>& log, const TimeZone& tz) {
  std::string out = "time,symbol,reason\n";
  for (const TrendDecision& d : log) {
    if (d.action != "skip") continue;
    out += FormatTimestamp(d.time, tz) + "," + CsvField(d.symbol) + "," + CsvField(d.reason) + "\n";
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
  std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    return trades[a] > trades[b];
  });
  if (names.size() > max_symbols) names.resize(max_symbols);
  std::string h =
      "<h2>Prophet trend: forecast band at each decision</h2><p>Grey band: yhat_lower..yhat_upper "
      "of the step the rule reads; blue line: yhat; black dots: last price; green dots: buy, "
      "red dots: sell. One point per decision, in time order.</p>";
  if (!skips.empty()) {
    h += "<p>Skipped symbol-decisions by reason:";
    for (const auto& [kind, n] : skips)
      h += " " + HtmlEscape(kind) + " = " + std::to_string(n) + ";";
    h += " (details in skips.csv)</p>";
  }
  // One chart per symbol, drawn by the report page's chart helper (uPlot, inlined by
  // report_html.cc): x is the decision's row, hover shows its values.
  for (const std::string& name : names) {
    const auto& v = by[name];
    nlohmann::json d = {{"ts", nlohmann::json::array()},  {"last", nlohmann::json::array()},
                        {"lo", nlohmann::json::array()},  {"yhat", nlohmann::json::array()},
                        {"hi", nlohmann::json::array()},  {"buy", nlohmann::json::array()},
                        {"sell", nlohmann::json::array()}};
    for (const TrendDecision* x : v) {
      d["ts"].push_back(x->time.unix_nanos() / 1'000'000);
      d["last"].push_back(x->last);
      d["lo"].push_back(x->yhat_lower);
      d["yhat"].push_back(x->yhat);
      d["hi"].push_back(x->yhat_upper);
      d["buy"].push_back(x->action == "buy" ? nlohmann::json(x->last) : nlohmann::json());
      d["sell"].push_back(x->action == "sell" ? nlohmann::json(x->last) : nlohmann::json());
    }
    h += "<h3>" + HtmlEscape(name) + " (" + std::to_string(v.size()) + " decisions, " +
         std::to_string(trades[name]) + " signals)</h3><div class=\"chart tl-bands\"></div>" +
         "<script type=\"application/json\" class=\"tl-bands-data\">" +
         d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "</script>";
  }
  h += R"JS(<script>
(function(){
if(!window.TLCharts)return;
var hosts=document.querySelectorAll(".tl-bands"),data=document.querySelectorAll(".tl-bands-data"),drawn=0;
for(var i=0;i<hosts.length;i++){var D=JSON.parse(data[i].textContent);
  if(TLCharts.chart(hosts[i],{ts:D.ts,height:180,bands:[[3,4,"rgba(150,150,150,0.3)"]],series:[
    {label:"last",color:"#000",points:true,size:4,values:D.last},{label:"yhat",color:"#36c",width:1.2,values:D.yhat},
    {label:"yhat_upper",color:"#aaa",width:0.5,values:D.hi},{label:"yhat_lower",color:"#aaa",width:0.5,values:D.lo},
    {label:"buy",color:"#2a2",points:true,size:9,values:D.buy},{label:"sell",color:"#d22",points:true,size:9,values:D.sell}]}))drawn++;}
document.body.setAttribute("data-charts",String(Number(document.body.getAttribute("data-charts")||0)+drawn));
})();
</script>
)JS";
  return h;
}

StrategyArtifacts ProphetTrendStrategy::Artifacts() const {
  StrategyArtifacts a;
  const TimeZone& tz = TimeZone::NewYork();
  const std::vector<TrendDecision> log = decisions();
  a.files.emplace_back("decisions.csv", DecisionsCsv(log, tz));
  a.files.emplace_back("skips.csv", SkipsCsv(log, tz));
  nlohmann::json j;
  std::map<std::string, int> actions, skips;
  for (const TrendDecision& d : log) {
    ++actions[d.action];
    if (d.action == "skip") ++skips[ReasonKind(d.reason)];
  }
  const ProphetTrendStats st = stats();
  j["fits"] = st.fits;
  j["fit_seconds"] = st.fit_seconds;
  j["fits_per_second"] = st.fit_seconds > 0 ? st.fits / st.fit_seconds : 0.0;
  j["actions"] = actions;
  j["skips"] = skips;
  a.files.emplace_back("prophet_trend.json", j.dump(2) + "\n");
  a.report_html = DecisionBandsHtml(log, 30);
  return a;
}

}  // namespace tradelet
