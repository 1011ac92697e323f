// Opens a generated HTML page in headless Chromium and reports what a user would see, for the
// report tests. A probe script is injected (into a copy of the page, by the test) before
// everything else in <head>: it records uncaught errors and console.error, then after load
// moves the mouse over every chart and writes what it found as JSON into <pre id="tl-probe">,
// which --dump-dom prints. The pages themselves carry no test hooks beyond data-charts="N".
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace tradelet::testing {

inline constexpr char kProbe[] = R"JS(<script>
window.__tlErrors=[];
window.addEventListener("error",function(e){window.__tlErrors.push(String(e.message||e));});
(function(){var ce=console.error;console.error=function(){
  window.__tlErrors.push(Array.prototype.map.call(arguments,String).join(" "));return ce.apply(console,arguments);};})();
window.addEventListener("load",function(){setTimeout(function(){
  var r={errors:window.__tlErrors,charts:Number(document.body.getAttribute("data-charts")||-1),
         canvases:document.querySelectorAll(".uplot canvas").length,text:document.body.innerText,hover:[],x:[]};
  document.querySelectorAll(".uplot").forEach(function(u){
    var over=u.querySelector(".u-over"),b=over.getBoundingClientRect();
    var at={clientX:b.left+b.width*0.6,clientY:b.top+b.height/2,bubbles:true};
    over.dispatchEvent(new MouseEvent("mouseenter",at));over.dispatchEvent(new MouseEvent("mousemove",at));
    r.hover.push([].map.call(u.querySelectorAll(".u-legend .u-series"),function(tr){
      var l=tr.querySelector(".u-label"),v=tr.querySelector(".u-value");return [l?l.textContent:"",v?v.textContent:""];}));});
  if(window.TLCharts){TLCharts.list().forEach(function(u){var x=u.data[0];r.x.push([x.length,x[0],x[x.length-1]]);});
    var pd=document.getElementById("plot-data");
    if(pd){var D=JSON.parse(pd.textContent),n=D.ts.length;r.ticks=TLCharts.ticks(D.ts,0,n-1,12).labels;
      r.ticks_zoom=TLCharts.ticks(D.ts,Math.floor(n/5),Math.floor(2*n/5),12).labels;}}
  var pre=document.createElement("pre");pre.id="tl-probe";pre.textContent=JSON.stringify(r);document.body.appendChild(pre);
},300);});
</script>)JS";

inline std::string SlurpPage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Opens `page` (with the probe) in headless Chromium, using `work` for scratch files. Returns ""
// and the probe's JSON in *out, or what went wrong.
inline std::string RenderHeadless(const std::string& page, const std::string& work,
                                  nlohmann::json* out) {
  std::string html = SlurpPage(page);
  const size_t head = html.find("<head>");
  if (head == std::string::npos) return "no <head> in " + page;
  html.insert(head + 6, kProbe);
  const std::string probe = work + "/probe.html", dom = work + "/dom.html";
  std::ofstream(probe, std::ios::binary) << html;
  const std::string cmd =
      "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--no-first-run --window-size=1280,1000 --user-data-dir=" +
      work + "/chromium-profile --virtual-time-budget=5000 --dump-dom file://" + probe + " > " +
      dom + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return "failed: " + cmd;
  const std::string rendered = SlurpPage(dom);
  const std::string open = "<pre id=\"tl-probe\">";
  const size_t a = rendered.find(open);
  const size_t b = a == std::string::npos ? a : rendered.find("</pre>", a);
  if (b == std::string::npos) return "no probe output:\n" + rendered.substr(0, 3000);
  const std::string text = rendered.substr(a + open.size(), b - a - open.size());
  std::string json;  // the text node, HTML serialization undone
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 5, "&amp;") == 0) {
      json += '&', i += 4;
    } else if (text.compare(i, 4, "&lt;") == 0) {
      json += '<', i += 3;
    } else if (text.compare(i, 4, "&gt;") == 0) {
      json += '>', i += 3;
    } else if (text.compare(i, 6, "&nbsp;") == 0) {
      json += ' ', i += 5;
    } else {
      json += text[i];
    }
  }
  *out = nlohmann::json::parse(json, nullptr, false);
  return out->is_discarded() ? "probe output is not JSON: " + json.substr(0, 500) : "";
}

// Why the charts of `html` cannot be checked on this machine, or "" when they can.
inline std::string ChartsCheckable(const std::string& html) {
  if (html.find("/* uPlot ") == std::string::npos) {
    if (std::filesystem::exists(TRADELET_SOURCE_DIR
                                "/tests/node/node_modules/uplot/package.json")) {
      ADD_FAILURE() << "tests/node has uplot but the page does not embed it (configure again)";
    }
    return "built without uPlot (npm ci in tests/node, then configure again); charts not checked";
  }
  if (!std::filesystem::exists("/usr/bin/chromium")) {
    return "chromium is not installed (apt-get install -y chromium); rendering not checked";
  }
  return "";
}

// What every page must show: `want` charts drawn on canvases, no errors, no debug text, and a
// value legend while the mouse is over a chart (the row's date and at least one number).
inline void ExpectChartsWork(const nlohmann::json& r, int want) {
  EXPECT_EQ(r["charts"], want);
  EXPECT_GE(r["canvases"].get<int>(), want);
  EXPECT_TRUE(r["errors"].empty()) << r["errors"].dump();
  const std::string text = r["text"];
  for (const char* debug : {"render", "charts drawn", "could not be drawn", "not available"}) {
    EXPECT_EQ(text.find(debug), std::string::npos) << "'" << debug << "' in the page's text:\n"
                                                   << text.substr(0, 1500);
  }
  ASSERT_EQ(r["hover"].size(), static_cast<size_t>(want));
  for (const auto& legend : r["hover"]) {
    ASSERT_GE(legend.size(), 2u) << legend.dump();
    const std::string x = legend[0][1];
    EXPECT_TRUE(x.size() >= 10 && x[4] == '-' && x[7] == '-') << "x on hover: " << legend.dump();
    bool number = false;
    for (size_t i = 1; i < legend.size(); ++i) {
      const std::string v = legend[i][1];
      number |= !v.empty() && v != "--" &&
                (std::isdigit(static_cast<unsigned char>(v[0])) || v[0] == '-');
    }
    EXPECT_TRUE(number) << "no value on hover: " << legend.dump();
  }
}

}  // namespace tradelet::testing
