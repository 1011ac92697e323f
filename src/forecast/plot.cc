// The forecast page (tradelet forecast --plot, the demo): history, yhat with its interval band,
// trend and changepoints in one chart, then one panel per component the model has (trend, its
// enabled seasonalities, holidays, extra regressors), drawn by uPlot inlined into the page (see
// cmake/report_assets.cmake and plot_charts.js): hover values, zoom, and a row-index time axis
// without gaps for nights and weekends.
#include "tradelet/forecast/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tradelet/base/html.h"
#include "tradelet/report_assets.h"

namespace tradelet::forecast {
namespace {

// Rows beyond this are thinned (every k-th) so a page stays light; the CSV has every row.
constexpr size_t kMaxRows = 8000;

// A JSON string for text that goes inside <script> ("</" written as "<\/").
std::string JsonString(const std::string& s) {
  std::string o = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c == '/' && i > 0 && s[i - 1] == '<') {
      o += "\\/";
    } else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof(b), "\\u%04x", c);
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

void AppendNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char b[32];
  std::snprintf(b, sizeof(b), "%.8g", v);
  out += b;
}

// values[k] at the rows `at[k]` of a column of `rows` entries (null elsewhere), as JSON.
std::string Column(size_t rows, const std::vector<size_t>& at, const std::vector<double>& values,
                   const std::vector<size_t>& keep) {
  std::vector<double> col(rows, NAN);
  for (size_t k = 0; k < at.size() && k < values.size(); ++k) col[at[k]] = values[k];
  std::string s = "[";
  for (size_t i = 0; i < keep.size(); ++i) {
    if (i) s += ',';
    AppendNumber(s, col[keep[i]]);
  }
  return s + "]";
}

// Whether a component gets a panel: those Prophet's plot_components shows (the model's enabled
// seasonalities, holidays, extra regressors), and only if it is not zero everywhere.
bool HasPanel(const std::string& name, const std::vector<std::string>& seasonalities,
              const std::vector<double>& v) {
  const bool shown =
      name == "holidays" || name == "extra_regressors_additive" ||
      name == "extra_regressors_multiplicative" ||
      std::find(seasonalities.begin(), seasonalities.end(), name) != seasonalities.end();
  if (!shown) return false;
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x) && x != 0; });
}

constexpr char kScript[] = R"JS(<script>
(function(){
"use strict";
try{
  var D=JSON.parse(document.getElementById("plot-data").textContent);var drawn=0;
  var s=[{label:"history",color:"#000",points:true,size:3,values:D.y},
         {label:"yhat",color:"#0072B2",width:1.5,values:D.yhat},
         {label:"trend",color:"#d62728",width:1.2,values:D.trend}];
  var bands=null;
  if(D.upper&&D.lower){
    s.push({label:"yhat_upper",color:"rgba(0,114,178,0.35)",width:0.5,values:D.upper});
    s.push({label:"yhat_lower",color:"rgba(0,114,178,0.35)",width:0.5,values:D.lower});
    bands=[[4,5,"rgba(0,114,178,0.2)"]];
  }
  var cps=D.changepoints.map(function(ms){return TLCharts.rowAt(D.ts,ms);}).filter(function(r){return r<D.ts.length;});
  if(TLCharts.chart(document.getElementById("forecast"),{ts:D.ts,series:s,bands:bands,vlines:cps,height:420,sync:"forecast"}))drawn++;
  var host=document.getElementById("components");
  D.components.forEach(function(c){var d=document.createElement("div");d.className="panel";
    var h=document.createElement("h4");h.textContent=c.name;d.appendChild(h);host.appendChild(d);
    if(TLCharts.chart(d,{ts:D.ts,series:[{label:c.name,color:"#0072B2",width:1.2,values:c.values}],height:200,sync:"forecast"}))drawn++;});
  document.body.setAttribute("data-charts",String(drawn));
}catch(e){var p=document.createElement("p");p.className="render-error";
  p.textContent="The charts could not be drawn: "+e;document.body.insertBefore(p,document.body.firstChild);}
})();
</script>
)JS";

}  // namespace

std::string PlotHtml(const Prophet& model, const Forecast& fc, const std::string& title) {
  const Frame& hist = model.history();
  // Rows: every history and forecast time, ascending; x is the row index.
  std::vector<int64_t> ms;
  for (Timestamp t : hist.ds) ms.push_back(t.unix_nanos() / 1'000'000);
  for (Timestamp t : fc.ds) ms.push_back(t.unix_nanos() / 1'000'000);
  std::sort(ms.begin(), ms.end());
  ms.erase(std::unique(ms.begin(), ms.end()), ms.end());
  auto row_of = [&](const std::vector<Timestamp>& ds) {
    std::vector<size_t> at;
    at.reserve(ds.size());
    for (Timestamp t : ds) {
      at.push_back(static_cast<size_t>(
          std::lower_bound(ms.begin(), ms.end(), t.unix_nanos() / 1'000'000) - ms.begin()));
    }
    return at;
  };
  const std::vector<size_t> hist_rows = row_of(hist.ds), fc_rows = row_of(fc.ds);
  std::vector<size_t> keep;
  const size_t stride = std::max<size_t>(1, (ms.size() + kMaxRows - 1) / kMaxRows);
  for (size_t i = 0; i < ms.size(); i += stride) keep.push_back(i);
  if (!ms.empty() && keep.back() != ms.size() - 1) keep.push_back(ms.size() - 1);

  std::string d = "{\"ts\":[";
  for (size_t i = 0; i < keep.size(); ++i) {
    if (i) d += ',';
    d += std::to_string(ms[keep[i]]);
  }
  d += "],\"y\":" + Column(ms.size(), hist_rows, hist.y, keep);
  d += ",\"yhat\":" + Column(ms.size(), fc_rows, fc.Get("yhat"), keep);
  d += ",\"trend\":" + Column(ms.size(), fc_rows, fc.Get("trend"), keep);
  const auto* lo = fc.Find("yhat_lower");
  const auto* hi = fc.Find("yhat_upper");
  if (lo && hi) {
    d += ",\"lower\":" + Column(ms.size(), fc_rows, *lo, keep);
    d += ",\"upper\":" + Column(ms.size(), fc_rows, *hi, keep);
  }
  d += ",\"changepoints\":[";
  bool first = true;
  for (Timestamp c : model.ChangepointTimes()) {
    if (!first) d += ',';
    first = false;
    d += std::to_string(c.unix_nanos() / 1'000'000);
  }
  d += "],\"components\":[{\"name\":\"trend\",\"values\":" +
       Column(ms.size(), fc_rows, fc.Get("trend"), keep) + "}";
  const std::vector<std::string> seasonalities = model.SeasonalityNames();
  for (const auto& name : model.ComponentNames()) {
    const auto* v = fc.Find(name);
    if (!v || !HasPanel(name, seasonalities, *v)) continue;
    d += ",{\"name\":" + JsonString(name) + ",\"values\":" + Column(ms.size(), fc_rows, *v, keep) +
         "}";
  }
  d += "]}";

  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
         HtmlEscape(title) +
         "</title><style>body{font-family:system-ui,sans-serif;margin:20px;max-width:1200px}"
         ".hint{color:#555;font-size:13px}h4{margin:14px 0 2px}.render-error{color:#c0392b}"
         "</style>\n" +
         report_assets::ChartHead() + "</head><body>\n<h2>" + HtmlEscape(title) +
         "</h2>\n<p class=\"hint\">black: history; blue: yhat and its interval band; red: trend; "
         "dashed red: changepoints. Hover for values, drag to zoom, double-click to zoom out; "
         "the time axis skips nights, weekends and holidays.</p>\n"
         "<div id=\"forecast\"></div>\n<h3>Components</h3>\n<div id=\"components\"></div>\n"
         "<script id=\"plot-data\" type=\"application/json\">" +
         d + "</script>\n" + kScript + "</body></html>\n";
}

}  // namespace tradelet::forecast
