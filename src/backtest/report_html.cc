// report.html: one self-contained page. The data is embedded as JSON and drawn as inline SVG
// by inline JavaScript, so the file opens offline with no CDN. When every chart is drawn the
// script writes a marker into the DOM (#render-status, data-rendered on <body>) that the
// headless-browser test checks.
#include <algorithm>
#include <cmath>
#include <map>

#include "tradelet/backtest/report.h"

namespace tradelet {
namespace {

constexpr size_t kMaxCurvePoints = 2500;
constexpr size_t kMaxSymbolCharts = 12;
constexpr size_t kMaxSymbolPoints = 1500;
constexpr size_t kMaxTradeRows = 1000;

double Ms(int64_t ns) { return std::floor(static_cast<double>(ns) / 1e6); }

// Keeps every k-th point (and the last) so curves stay small; extremes matter less than shape
// at report resolution, and the CSVs hold every point.
std::vector<size_t> Sample(size_t n, size_t max) {
  std::vector<size_t> idx;
  if (n == 0) return idx;
  const size_t step = std::max<size_t>(1, (n + max - 1) / max);
  for (size_t i = 0; i < n; i += step) idx.push_back(i);
  if (idx.back() != n - 1) idx.push_back(n - 1);
  return idx;
}

constexpr char kPage[] = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>tradelet backtest report</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:12px}td,th{padding:3px 7px;border:1px solid #e3e3e3;text-align:right}
th{background:#f5f5f5}.kv td:first-child{text-align:left;color:#555}
.grid{display:flex;flex-wrap:wrap;gap:24px}.chart{margin:8px 0}
svg text{font-size:10px;fill:#555}.legend span{margin-right:14px;font-size:12px}
.scroll{max-height:420px;overflow:auto}
</style></head><body>
<h1 id="title">Backtest report</h1>
<div id="render-status">rendering</div>
<div class="grid"><table class="kv" id="summary"></table><table class="kv" id="summary2"></table></div>
<h2>Equity vs benchmark</h2><div class="legend" id="eq-legend"></div><div id="equity" class="chart"></div>
<h2>Drawdown</h2><div id="drawdown" class="chart"></div>
<h2>Monthly returns (%)</h2><div id="monthly"></div>
<h2>Per-symbol prices with entries (&#9650;) and exits (&#9660;)</h2><div id="symbols"></div>
<h2>Trades</h2><div class="scroll"><table id="trades"></table></div>
<script id="report-data" type="application/json">__DATA__</script>
<script>
(function(){
"use strict";
var NS="http://www.w3.org/2000/svg";
function el(tag,attrs,parent){var e=document.createElementNS(NS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(parent)parent.appendChild(e);return e;}
function fmtDate(ms){return new Date(ms).toISOString().slice(0,10);}
function pct(v){return v==null?"n/a":(100*v).toFixed(2)+"%";}
function num(v,d){return v==null?"n/a":Number(v).toFixed(d==null?2:d);}
// Draws line series [{color,pts:[[x,y],...],fill}] into a new SVG; returns the SVG.
function chart(host,series,opts){
  var W=opts.width||1100,H=opts.height||260,L=64,R=10,T=10,B=24;
  var xs=[],ys=[];series.forEach(function(s){s.pts.forEach(function(p){xs.push(p[0]);ys.push(p[1]);});});
  if(!xs.length)return null;
  var x0=Math.min.apply(null,xs),x1=Math.max.apply(null,xs),y0=Math.min.apply(null,ys),y1=Math.max.apply(null,ys);
  if(opts.zeroTop){y1=0;}if(x1===x0)x1=x0+1;if(y1===y0){y1=y0+1;}
  var svg=el("svg",{width:W,height:H,viewBox:"0 0 "+W+" "+H,"class":"plot"},host);
  function X(x){return L+(x-x0)/(x1-x0)*(W-L-R);}function Y(y){return T+(y1-y)/(y1-y0)*(H-T-B);}
  el("rect",{x:L,y:T,width:W-L-R,height:H-T-B,fill:"#fff",stroke:"#ccc"},svg);
  for(var i=0;i<=4;i++){var yv=y0+(y1-y0)*i/4;var yy=Y(yv);
    el("line",{x1:L,x2:W-R,y1:yy,y2:yy,stroke:"#eee"},svg);
    var t=el("text",{x:L-4,y:yy+3,"text-anchor":"end"},svg);t.textContent=opts.pct?(100*yv).toFixed(1)+"%":yv.toFixed(yv>=100?0:2);}
  for(var j=0;j<=5;j++){var xv=x0+(x1-x0)*j/5;var tx=el("text",{x:X(xv),y:H-6,"text-anchor":"middle"},svg);tx.textContent=fmtDate(xv);}
  series.forEach(function(s){
    if(!s.pts.length)return;
    if(s.markers){s.pts.forEach(function(p){var cx=X(p[0]),cy=Y(p[1]);var up=s.markers==="up";
      el("path",{d:up?"M"+cx+","+(cy-6)+"l5,9h-10z":"M"+cx+","+(cy+6)+"l5,-9h-10z",fill:s.color,"class":"marker"},svg);});return;}
    var d="";s.pts.forEach(function(p,k){d+=(k?"L":"M")+X(p[0]).toFixed(1)+","+Y(p[1]).toFixed(1);});
    if(s.fill){d+="L"+X(s.pts[s.pts.length-1][0]).toFixed(1)+","+Y(0).toFixed(1)+"L"+X(s.pts[0][0]).toFixed(1)+","+Y(0).toFixed(1)+"Z";
      el("path",{d:d,fill:s.fill,stroke:s.color,"stroke-width":1,"class":"series"},svg);}
    else el("path",{d:d,fill:"none",stroke:s.color,"stroke-width":1.3,"class":"series"},svg);
  });
  return svg;
}
function kv(id,rows){var t=document.getElementById(id);rows.forEach(function(r){var tr=document.createElement("tr");
  var a=document.createElement("td");a.textContent=r[0];var b=document.createElement("td");b.textContent=r[1];tr.appendChild(a);tr.appendChild(b);t.appendChild(tr);});}
function run(){
  var D=JSON.parse(document.getElementById("report-data").textContent);var S=D.summary;var drawn=0;
  document.getElementById("title").textContent="Backtest: "+S.strategy+" ("+S.start.slice(0,10)+" to "+S.end.slice(0,10)+")";
  var R=S.returns,T=S.trades,B=S.benchmark;
  kv("summary",[["Initial cash",num(S.initial_cash)],["Final equity",num(S.final_equity)],["Total return",pct(R.total_return)],
    ["CAGR",pct(R.cagr)],["Volatility (ann.)",pct(R.volatility)],["Sharpe",num(R.sharpe)],["Sortino",num(R.sortino)],
    ["Calmar",num(R.calmar)],["Max drawdown",pct(R.max_drawdown)],["Max DD duration (days)",num(R.max_drawdown_duration_days,0)],
    ["Time in market",pct(S.exposure.time_in_market)],["Turnover / year",num(S.exposure.turnover_per_year)]]);
  kv("summary2",[["Trades",T.count],["Win rate",pct(T.win_rate)],["Profit factor",num(T.profit_factor)],["Avg win",num(T.avg_win)],
    ["Avg loss",num(T.avg_loss)],["Expectancy",num(T.expectancy)],["SQN",num(T.sqn)],["Commission",S.costs.commission],
    ["Dividends",S.costs.dividends],["Benchmark",B?B.symbol+" "+pct(B.total_return)+(B.covers_run?"":" ("+B.compared_from.slice(0,10)+" to "+B.compared_to.slice(0,10)+" only; strategy "+pct(B.strategy_total_return)+" over the same dates)"):"none"],
    ["Benchmark CAGR",B?pct(B.cagr):"n/a"],["Beta / alpha",B?num(B.beta)+" / "+pct(B.alpha):"n/a"]]);
  var eq=D.equity.map(function(p){return[p[0],p[1]];});
  var series=[{color:"#1f5fbf",pts:eq}];var leg="<span style='color:#1f5fbf'>&#9632; strategy</span>";
  if(D.equity.length&&D.equity[0][2]!=null){series.push({color:"#999",pts:D.equity.map(function(p){return[p[0],p[2]];})});
    leg+="<span style='color:#999'>&#9632; "+(B?B.symbol:"benchmark")+" buy-and-hold</span>";}
  document.getElementById("eq-legend").innerHTML=leg;
  if(chart(document.getElementById("equity"),series,{}))drawn++;
  if(chart(document.getElementById("drawdown"),[{color:"#c0392b",fill:"rgba(192,57,43,0.25)",pts:D.equity.map(function(p){return[p[0],-p[3]];})}],{pct:true,zeroTop:true}))drawn++;
  // Monthly table: years x months, plus the compounded year.
  var years={};D.monthly.forEach(function(m){(years[m[0]]=years[m[0]]||{})[m[1]]=m[2];});
  var h="<table><tr><th>Year</th>";for(var m=1;m<=12;m++)h+="<th>"+m+"</th>";h+="<th>Year</th></tr>";
  Object.keys(years).sort().forEach(function(y){var c=1;h+="<tr><th>"+y+"</th>";
    for(var m=1;m<=12;m++){var v=years[y][m];if(v==null){h+="<td></td>";continue;}c*=1+v;
      var col=v>=0?"rgba(39,174,96,"+Math.min(0.8,Math.abs(v)*8)+")":"rgba(192,57,43,"+Math.min(0.8,Math.abs(v)*8)+")";
      h+="<td style='background:"+col+"'>"+(100*v).toFixed(1)+"</td>";}
    h+="<td><b>"+(100*(c-1)).toFixed(1)+"</b></td></tr>";});
  document.getElementById("monthly").innerHTML=h+"</table>";
  var host=document.getElementById("symbols");
  D.symbols.forEach(function(s){var d=document.createElement("div");d.className="chart";
    var cap=document.createElement("div");cap.textContent=s.symbol+" ("+s.entries.length+" entries, "+s.exits.length+" exits)";d.appendChild(cap);host.appendChild(d);
    if(chart(d,[{color:"#333",pts:s.prices},{color:"#27ae60",markers:"up",pts:s.entries},{color:"#c0392b",markers:"down",pts:s.exits}],{height:200}))drawn++;});
  var th="<tr><th>Symbol</th><th>Side</th><th>Entry</th><th>Exit</th><th>Qty</th><th>Entry px</th><th>Exit px</th><th>P&amp;L</th><th>Return</th><th>Bars</th></tr>";
  D.trades.forEach(function(t){th+="<tr><td>"+t[0]+"</td><td>"+t[1]+"</td><td>"+t[2]+"</td><td>"+t[3]+"</td><td>"+t[4]+"</td><td>"+t[5]+"</td><td>"+t[6]+"</td><td>"+t[7]+"</td><td>"+pct(t[8])+"</td><td>"+t[9]+"</td></tr>";});
  document.getElementById("trades").innerHTML=th;
  var st=document.getElementById("render-status");st.textContent="rendered "+drawn+" charts";
  document.body.setAttribute("data-rendered",String(drawn));
}
try{run();}catch(e){document.getElementById("render-status").textContent="render-error: "+e;}
})();
</script></body></html>
)HTML";

}  // namespace

std::string RenderReportHtml(const BacktestResult& r) {
  nlohmann::json d;
  d["summary"] = SummaryJson(r);
  // Equity: [time_ms, equity, benchmark|null, drawdown]
  nlohmann::json eq = nlohmann::json::array();
  std::vector<double> dd(r.equity.size());
  double peak = r.initial_cash;
  for (size_t i = 0; i < r.equity.size(); ++i) {
    peak = std::max(peak, r.equity[i].equity);
    dd[i] = peak > 0 ? 1 - r.equity[i].equity / peak : 0;
  }
  const bool bench = r.benchmark.size() == r.equity.size() && !r.benchmark.empty();
  for (size_t i : Sample(r.equity.size(), kMaxCurvePoints)) {
    eq.push_back({Ms(r.equity[i].time_ns), r.equity[i].equity,
                  bench ? nlohmann::json(r.benchmark[i]) : nlohmann::json(), dd[i]});
  }
  d["equity"] = eq;
  nlohmann::json monthly = nlohmann::json::array();
  for (const MonthlyReturn& m : r.monthly) monthly.push_back({m.year, m.month, m.ret});
  d["monthly"] = monthly;

  // Per-symbol charts for the most traded symbols, with fills as entry/exit markers.
  std::map<std::string, int> fills_per_symbol;
  for (const Fill& f : r.fills) ++fills_per_symbol[f.symbol];
  std::vector<const BarSeries*> chosen;
  for (const BarSeries* s : r.traded) {
    if (fills_per_symbol.count(s->symbol)) chosen.push_back(s);
  }
  std::stable_sort(chosen.begin(), chosen.end(), [&](const BarSeries* a, const BarSeries* b) {
    return fills_per_symbol[a->symbol] > fills_per_symbol[b->symbol];
  });
  if (chosen.size() > kMaxSymbolCharts) chosen.resize(kMaxSymbolCharts);
  const int64_t t_begin = r.equity.empty() ? 0 : r.equity.front().time_ns;
  const int64_t t_end = r.equity.empty() ? 0 : r.equity.back().time_ns;
  // Entry = a fill that grows the position's size; exit = one that shrinks it.
  std::map<std::string, double> pos;
  std::map<std::string, nlohmann::json> entries, exits;
  for (const Fill& f : r.fills) {
    double& p = pos[f.symbol];
    const double q = f.side == OrderSide::kBuy ? f.qty.ToDouble() : -f.qty.ToDouble();
    const bool entry = std::fabs(p + q) > std::fabs(p);
    p += q;
    auto& dst = entry ? entries[f.symbol] : exits[f.symbol];
    if (dst.is_null()) dst = nlohmann::json::array();
    dst.push_back({Ms(f.time.unix_nanos()), f.price.ToDouble()});
  }
  nlohmann::json syms = nlohmann::json::array();
  for (const BarSeries* s : chosen) {
    const size_t a = s->LowerBound(Timestamp::FromUnixNanos(t_begin));
    const size_t b = std::min(s->size(), s->LowerBound(Timestamp::FromUnixNanos(t_end)) + 1);
    nlohmann::json prices = nlohmann::json::array();
    if (b > a) {
      for (size_t k : Sample(b - a, kMaxSymbolPoints)) {
        prices.push_back({Ms(s->time_ns[a + k]), s->close[a + k]});
      }
    }
    nlohmann::json e = entries.count(s->symbol) ? entries[s->symbol] : nlohmann::json::array();
    nlohmann::json x = exits.count(s->symbol) ? exits[s->symbol] : nlohmann::json::array();
    syms.push_back({{"symbol", s->symbol}, {"prices", prices}, {"entries", e}, {"exits", x}});
  }
  d["symbols"] = syms;

  nlohmann::json trades = nlohmann::json::array();
  auto add = [&](const TradeRecord& t) {
    if (trades.size() >= kMaxTradeRows) return;
    const double ret = t.entry_value.IsZero() ? 0 : t.pnl.ToDouble() / t.entry_value.ToDouble();
    trades.push_back(
        {t.symbol, t.is_long ? "long" : "short", FormatTimestamp(t.entry_time).substr(0, 16),
         t.closed ? FormatTimestamp(t.exit_time).substr(0, 16) : "open", t.qty.ToString(),
         t.entry_price.Round(4).ToString(), t.exit_price.Round(4).ToString(),
         t.pnl.Round(2).ToString(), ret, t.bars_held});
  };
  for (const auto& t : r.trades) add(t);
  for (const auto& t : r.open_trades) add(t);
  d["trades"] = trades;

  std::string json = d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // "</" inside a <script> block would end it early.
  std::string safe;
  safe.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') {
      safe += "<\\/";
      ++i;
    } else {
      safe += json[i];
    }
  }
  std::string page = kPage;
  const size_t at = page.find("__DATA__");
  page.replace(at, 8, safe);
  // Symbols left out for invalid bars, with the reason, before </body>.
  if (!r.skipped.empty()) {
    auto esc = [](std::string_view in) {
      std::string o;
      for (char c : in) {
        if (c == '<')
          o += "&lt;";
        else if (c == '>')
          o += "&gt;";
        else if (c == '&')
          o += "&amp;";
        else if (c == '"')
          o += "&quot;";
        else
          o += c;
      }
      return o;
    };
    std::string sec =
        "<h2>Skipped symbols (not traded)</h2><table id=\"skipped\"><tr><th>symbol</th>"
        "<th>source</th><th>reason</th></tr>";
    for (const auto& k : r.skipped) {
      sec += "<tr><td>" + esc(k.symbol) + "</td><td>" + esc(k.source) + "</td><td>" +
             esc(k.reason) + "</td></tr>";
    }
    sec += "</table>\n";
    const size_t body = page.rfind("</body>");
    if (body != std::string::npos) page.insert(body, sec);
  }
  // The strategy's own section (e.g. forecast bands at each decision) goes before </body>.
  if (!r.artifacts.report_html.empty()) {
    const size_t body = page.rfind("</body>");
    if (body != std::string::npos) page.insert(body, r.artifacts.report_html);
  }
  return page;
}

}  // namespace tradelet
