// report.html: one self-contained page. The data is embedded as JSON and drawn by inline
// JavaScript with uPlot (inlined too, see cmake/report_assets.cmake), so the file opens offline
// with no CDN: charts with hover values and zoom on a row-index time axis (no gaps for nights
// and weekends). When the charts are drawn the script sets data-charts="N" on <body> (an
// attribute, no text on the page), which the headless-browser test checks.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "report_format.h"
#include "report_json.h"
#include "tradelet/backtest/report.h"
#include "tradelet/base/html.h"
#include "tradelet/report_assets.h"

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

// Where each traded symbol first appears in r.traded, by an open-addressed table: a run over
// many symbols has ~100k fills to look up, and std::unordered_map's hashing of each was most
// of the page's time. A name of up to 16 bytes (every ticker) is looked up as a key of two
// words and its length, by a few loads and compares instead of a byte-by-byte hash and a
// memcmp call (those were ~5% of the reports' CPU); longer names compare as strings.
class SymbolIndex {
 public:
  explicit SymbolIndex(const std::vector<const BarSeries*>& traded) : traded_(traded) {
    // At most one slot in 8 used: a second probe, rare, is a mispredicted branch, and with
    // one slot in 2 used they were ~15% of the page's time (504 names: 128 kB, in L2).
    size_t cap = 16;
    while (cap < 8 * traded.size()) cap *= 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (size_t i = 0; i < traded.size(); ++i) {
      const std::string_view name = traded[i]->symbol;
      const Key k = MakeKey(name);
      for (size_t h = Hash(k) & mask_;; h = (h + 1) & mask_) {
        Slot& s = slots_[h];
        if (s.index < 0) {
          s.key = k;
          s.index = static_cast<int>(i);
          break;
        }
        if (Same(s, k, name)) break;  // a repeat
      }
    }
  }
  // -1 when not traded.
  int Find(std::string_view name) const {
    const Key k = MakeKey(name);
    for (size_t h = Hash(k) & mask_;; h = (h + 1) & mask_) {
      const Slot& s = slots_[h];
      if (s.index < 0 || Same(s, k, name)) return s.index;
    }
  }

 private:
  struct Key {
    uint64_t a = 0, b = 0, n = 0;
  };
  struct Slot {
    Key key;
    int index = -1;
  };
  static uint64_t Load8(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static uint64_t Load4(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  // Every byte of a name of up to 16 (two loads that may overlap: with the length, the same
  // name always gives the same key and two names of one length never do); longer names
  // keep only their first and last 8 bytes (the hash) and compare as strings.
  static Key MakeKey(std::string_view s) {
    const char* p = s.data();
    const size_t n = s.size();
    Key k;
    k.n = n;
    if (n >= 8) {
      k.a = Load8(p);
      k.b = Load8(p + n - 8);
    } else if (n >= 4) {
      k.a = Load4(p);
      k.b = Load4(p + n - 4);
    } else {
      for (size_t i = 0; i < n; ++i) k.a |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
    return k;
  }
  static size_t Hash(const Key& k) {
    uint64_t h = (k.a ^ (k.n << 56)) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 29) ^ k.b) * 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 32));
  }
  bool Same(const Slot& s, const Key& k, std::string_view name) const {
    if (s.key.a != k.a || s.key.b != k.b || s.key.n != k.n) return false;
    return k.n <= 16 || traded_[static_cast<size_t>(s.index)]->symbol == name;
  }
  const std::vector<const BarSeries*>& traded_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

constexpr char kPage[] = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>tradelet backtest report</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:12px}td,th{padding:3px 7px;border:1px solid #e3e3e3;text-align:right}
th{background:#f5f5f5}.kv td:first-child{text-align:left;color:#555}
.grid{display:flex;flex-wrap:wrap;gap:24px}.chart{margin:8px 0}.hint{color:#777;font-size:12px}
.scroll{max-height:420px;overflow:auto}.render-error{color:#c0392b}
</style>
__CHART_HEAD__</head><body>
<h1 id="title">Backtest report</h1>
<div class="grid"><table class="kv" id="summary"></table><table class="kv" id="summary2"></table></div>
<p class="hint">Charts: hover for values, drag to zoom, double-click to zoom out. The time axis skips nights, weekends and holidays.</p>
<h2>Equity vs benchmark</h2><div id="equity" class="chart"></div>
<h2>Drawdown</h2><div id="drawdown" class="chart"></div>
<h2>Monthly returns (%)</h2><div id="monthly"></div>
<h2>Per-symbol prices with entries and exits</h2><div id="symbols"></div>
<h2>Trades</h2><div class="scroll"><table id="trades"></table></div>
<script id="report-data" type="application/json">__DATA__</script>
<script>
(function(){
"use strict";
function pct(v){return v==null?"n/a":(100*v).toFixed(2)+"%";}
function num(v,d){return v==null?"n/a":Number(v).toFixed(d==null?2:d);}
function col(rows,k){return rows.map(function(r){return r[k];});}
function kv(id,rows){var t=document.getElementById(id);rows.forEach(function(r){var tr=document.createElement("tr");
  var a=document.createElement("td");a.textContent=r[0];var b=document.createElement("td");b.textContent=r[1];tr.appendChild(a);tr.appendChild(b);t.appendChild(tr);});}
// Marker series for fills: the price at the first chart row at or after each fill, else null.
function marks(ts,fills){var v=new Array(ts.length).fill(null);fills.forEach(function(f){
  var r=Math.min(TLCharts.rowAt(ts,f[0]),ts.length-1);if(r>=0)v[r]=f[1];});return v;}
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
  var ts=col(D.equity,0);
  var series=[{label:"strategy",color:"#1f5fbf",values:col(D.equity,1)}];
  if(D.equity.length&&D.equity[0][2]!=null)series.push({label:(B?B.symbol:"benchmark")+" buy-and-hold",color:"#999",values:col(D.equity,2)});
  if(TLCharts.chart(document.getElementById("equity"),{ts:ts,series:series,sync:"equity"}))drawn++;
  var dd=D.equity.map(function(p){return -p[3];});
  if(TLCharts.chart(document.getElementById("drawdown"),{ts:ts,series:[{label:"drawdown",color:"#c0392b",fill:"rgba(192,57,43,0.25)",values:dd}],pct:true,height:200,sync:"equity"}))drawn++;
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
    var st=col(s.prices,0);if(!st.length)return;
    if(TLCharts.chart(d,{ts:st,height:220,series:[{label:s.symbol+" close",color:"#333",width:1.2,values:col(s.prices,1)},
      {label:"entry",color:"#27ae60",points:true,values:marks(st,s.entries)},{label:"exit",color:"#c0392b",points:true,values:marks(st,s.exits)}]}))drawn++;});
  var th="<tr><th>Symbol</th><th>Side</th><th>Entry</th><th>Exit</th><th>Qty</th><th>Entry px</th><th>Exit px</th><th>P&amp;L</th><th>Return</th><th>Bars</th></tr>";
  D.trades.forEach(function(t){th+="<tr><td>"+t[0]+"</td><td>"+t[1]+"</td><td>"+t[2]+"</td><td>"+t[3]+"</td><td>"+t[4]+"</td><td>"+t[5]+"</td><td>"+t[6]+"</td><td>"+t[7]+"</td><td>"+pct(t[8])+"</td><td>"+t[9]+"</td></tr>";});
  document.getElementById("trades").innerHTML=th;
  // For tools and tests only (an attribute, not text on the page).
  document.body.setAttribute("data-charts",String(drawn));
}
try{run();}catch(e){var p=document.createElement("p");p.className="render-error";
  p.textContent="The charts could not be drawn: "+e;document.body.insertBefore(p,document.body.firstChild);}
})();
</script></body></html>
)HTML";

}  // namespace

std::string RenderReportHtml(const BacktestResult& r) {
  using report_internal::JsonDouble;
  using report_internal::JsonInt;
  using report_internal::JsonString;
  using report_internal::kMaxJsonDouble;
  using report_internal::PutJsonDouble;
  // The page's data, written as the JSON text of {"equity", "monthly", "summary", "symbols",
  // "trades"} (nlohmann's key order, its number format: report_json.h).
  // The page up to its data, then the data straight after it (no second copy of either).
  const std::string_view tpl = kPage;
  const size_t head_at = tpl.find("__CHART_HEAD__");  // the template's two holes, by position:
  const size_t data_at = tpl.find("__DATA__");        // neither the data nor uPlot is searched
  const std::string head = report_assets::ChartHead();
  std::string json;
  json.reserve(tpl.size() + head.size() + 1024 * 1024);  // pages are touched only as written
  json.append(tpl.substr(0, head_at));
  json += head;
  json.append(tpl.substr(head_at + 14, data_at - head_at - 14));
  const size_t data_begin = json.size();
  // Equity: [time_ms, equity, benchmark|null, drawdown]
  json += "{\"equity\":[";
  std::vector<double> dd(r.equity.size());
  double peak = r.initial_cash;
  for (size_t i = 0; i < r.equity.size(); ++i) {
    peak = std::max(peak, r.equity[i].equity);
    dd[i] = peak > 0 ? 1 - r.equity[i].equity / peak : 0;
  }
  const bool bench = r.benchmark.size() == r.equity.size() && !r.benchmark.empty();
  const char* sep = "[";
  // Each point written into a row buffer and appended once (an append per number and comma
  // was a call each: ~15% of the page's time).
  char row[4 * kMaxJsonDouble + 16];
  bool first = true;
  for (size_t i : Sample(r.equity.size(), kMaxCurvePoints)) {
    char* p = row;
    if (!first) *p++ = ',';
    first = false;
    *p++ = '[';
    p = PutJsonDouble(p, Ms(r.equity[i].time_ns));
    *p++ = ',';
    p = PutJsonDouble(p, r.equity[i].equity);
    *p++ = ',';
    p = PutJsonDouble(p, bench ? r.benchmark[i] : std::nan(""));  // not finite: null
    *p++ = ',';
    p = PutJsonDouble(p, dd[i]);
    *p++ = ']';
    json.append(row, static_cast<size_t>(p - row));
  }
  json += "],\"monthly\":[";
  sep = "[";
  for (const MonthlyReturn& m : r.monthly) {
    json += sep;
    sep = ",[";
    JsonInt(json, m.year);
    json += ',';
    JsonInt(json, m.month);
    json += ',';
    JsonDouble(json, m.ret);
    json += ']';
  }
  json += "],\"summary\":";
  json += SummaryJson(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  // Per-symbol charts for the most traded symbols, with fills as entry/exit markers. A
  // symbol listed twice in r.traded counts (and charts) the fills of its name for both.
  const SymbolIndex index(r.traded);
  std::vector<int> fill_symbol(r.fills.size());
  std::vector<int> fills_per_symbol(r.traded.size());
  for (size_t i = 0; i < r.fills.size(); ++i) {
    const int k = index.Find(r.fills[i].symbol);
    fill_symbol[i] = k;
    if (k >= 0) ++fills_per_symbol[static_cast<size_t>(k)];
  }
  auto fills_of = [&](const BarSeries* s) {
    return fills_per_symbol[static_cast<size_t>(index.Find(s->symbol))];
  };
  std::vector<const BarSeries*> chosen;
  for (const BarSeries* s : r.traded) {
    if (fills_of(s) > 0) chosen.push_back(s);
  }
  std::stable_sort(chosen.begin(), chosen.end(), [&](const BarSeries* a, const BarSeries* b) {
    return fills_of(a) > fills_of(b);
  });
  if (chosen.size() > kMaxSymbolCharts) chosen.resize(kMaxSymbolCharts);
  const int64_t t_begin = r.equity.empty() ? 0 : r.equity.front().time_ns;
  const int64_t t_end = r.equity.empty() ? 0 : r.equity.back().time_ns;
  // Entry = a fill that grows the position's size; exit = one that shrinks it. Markers only
  // for the charted symbols (a symbol's entries depend on its own fills alone), each list as
  // the JSON text of its [time_ms, price] pairs.
  struct Marks {
    double pos = 0;
    std::string entries, exits;
  };
  std::vector<Marks> marks(r.traded.size());
  std::vector<char> charted(r.traded.size());
  for (const BarSeries* s : chosen) charted[static_cast<size_t>(index.Find(s->symbol))] = 1;
  // The charted symbols' fills are a few thousand scattered over ~10 MB of fills: listed
  // first, then each fetched well ahead of its use (a cache miss each otherwise, ~10% of the
  // page's time).
  std::vector<uint32_t> charted_fills;
  for (size_t i = 0; i < r.fills.size(); ++i) {
    if (fill_symbol[i] >= 0 && charted[static_cast<size_t>(fill_symbol[i])]) {
      charted_fills.push_back(static_cast<uint32_t>(i));
    }
  }
  constexpr size_t kAhead = 16;
  for (size_t j = 0; j < charted_fills.size(); ++j) {
    if (j + kAhead < charted_fills.size()) {
      const Fill& later = r.fills[charted_fills[j + kAhead]];
      __builtin_prefetch(&later.side);
      __builtin_prefetch(&later.time);
    }
    const size_t i = charted_fills[j];
    const Fill& f = r.fills[i];
    Marks& m = marks[static_cast<size_t>(fill_symbol[i])];
    const double q = f.side == OrderSide::kBuy ? f.qty.ToDouble() : -f.qty.ToDouble();
    const bool entry = std::fabs(m.pos + q) > std::fabs(m.pos);
    m.pos += q;
    std::string& dst = entry ? m.entries : m.exits;
    char* p = row;
    if (!dst.empty()) *p++ = ',';
    *p++ = '[';
    p = PutJsonDouble(p, Ms(f.time.unix_nanos()));
    *p++ = ',';
    p = PutJsonDouble(p, f.price.ToDouble());
    *p++ = ']';
    dst.append(row, static_cast<size_t>(p - row));
  }
  json += ",\"symbols\":[";
  sep = "{\"entries\":[";
  for (const BarSeries* s : chosen) {
    const Marks& m = marks[static_cast<size_t>(index.Find(s->symbol))];
    json += sep;
    sep = ",{\"entries\":[";
    json += m.entries;
    json += "],\"exits\":[";
    json += m.exits;
    json += "],\"prices\":[";
    const size_t a = s->LowerBound(Timestamp::FromUnixNanos(t_begin));
    const size_t b = std::min(s->size(), s->LowerBound(Timestamp::FromUnixNanos(t_end)) + 1);
    if (b > a) {
      bool first_point = true;
      for (size_t k : Sample(b - a, kMaxSymbolPoints)) {
        char* p = row;
        if (!first_point) *p++ = ',';
        first_point = false;
        *p++ = '[';
        p = PutJsonDouble(p, Ms(s->time_ns[a + k]));
        *p++ = ',';
        p = PutJsonDouble(p, s->close[a + k]);
        *p++ = ']';
        json.append(row, static_cast<size_t>(p - row));
      }
    }
    json += "],\"symbol\":";
    JsonString(json, s->symbol);
    json += '}';
  }

  json += "],\"trades\":[";
  size_t rows = 0;
  report_internal::TimestampFormatter entry_time, exit_time;
  auto add = [&](const TradeRecord& t) {
    if (rows >= kMaxTradeRows) return;
    json += rows++ == 0 ? "[" : ",[";
    const double ret = t.entry_value.IsZero() ? 0 : t.pnl.ToDouble() / t.entry_value.ToDouble();
    JsonString(json, t.symbol);
    json += t.is_long ? ",\"long\",\"" : ",\"short\",\"";
    char buf[4 * report_internal::kMaxDecimal + 2 * report_internal::kMaxTimestamp + 32];
    // Times to the minute: the first 16 bytes, "YYYY-MM-DDTHH:MM".
    entry_time.Put(buf, t.entry_time);
    char* p = report_internal::PutStr(buf + 16, "\",\"");
    if (t.closed) {
      exit_time.Put(p, t.exit_time);
      p += 16;
    } else {
      p = report_internal::PutStr(p, "open");
    }
    p = report_internal::PutStr(p, "\",\"");
    p = report_internal::PutDecimal(p, t.qty);
    p = report_internal::PutStr(p, "\",\"");
    p = report_internal::PutDecimalRounded(p, t.entry_price, 4);
    p = report_internal::PutStr(p, "\",\"");
    p = report_internal::PutDecimalRounded(p, t.exit_price, 4);
    p = report_internal::PutStr(p, "\",\"");
    p = report_internal::PutDecimalRounded(p, t.pnl, 2);
    p = report_internal::PutStr(p, "\",");
    json.append(buf, p);
    JsonDouble(json, ret);
    json += ',';
    JsonInt(json, t.bars_held);
    json += ']';
  };
  for (const auto& t : r.trades) add(t);
  for (const auto& t : r.open_trades) add(t);
  json += "]}";

  // "</" inside a <script> block would end it early (only a string can hold one).
  std::string page;
  if (json.find("</", data_begin) == std::string::npos) {
    page = std::move(json);
  } else {
    page.reserve(json.size() + 1024);
    page.append(json, 0, data_begin);
    for (size_t from = data_begin;;) {
      const size_t at = json.find("</", from);
      if (at == std::string::npos) {
        page.append(json, from);
        break;
      }
      page.append(json, from, at - from);
      page += "<\\/";
      from = at + 2;
    }
  }
  page.append(tpl.substr(data_at + 8));
  // Symbols left out for invalid bars, with the reason, before </body>.
  if (!r.skipped.empty()) {
    const auto esc = [](std::string_view in) { return HtmlEscape(in); };
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
