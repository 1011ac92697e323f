#include "tradelet/forecast/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tradelet::forecast {
namespace {

constexpr double kW = 1000, kPad = 50;

struct Axis {
  double x0, x1, y0, y1, h;
  double X(double v) const { return kPad + (v - x0) / (x1 - x0) * (kW - 2 * kPad); }
  double Y(double v) const { return h - kPad + 10 - (v - y0) / (y1 - y0) * (h - kPad - 20); }
};

std::string F(double v) {
  char b[32];
  std::snprintf(b, sizeof(b), "%.2f", v);
  return b;
}

std::string Escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string Polyline(const Axis& a, const std::vector<double>& x, const std::vector<double>& y,
                     const char* color, double width, const char* extra = "") {
  std::string s = "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" stroke-width=\"" +
                  F(width) + "\" " + extra + " points=\"";
  for (size_t i = 0; i < x.size(); ++i) s += F(a.X(x[i])) + "," + F(a.Y(y[i])) + " ";
  return s + "\"/>\n";
}

std::string Panel(const Axis& a, const std::string& label, Timestamp t0, Timestamp t1) {
  std::string s = "<rect x=\"" + F(kPad) + "\" y=\"10\" width=\"" + F(kW - 2 * kPad) +
                  "\" height=\"" + F(a.h - kPad - 10) + "\" fill=\"none\" stroke=\"#ccc\"/>\n";
  for (int k = 0; k <= 4; ++k) {
    const double v = a.y0 + (a.y1 - a.y0) * k / 4.0;
    s += "<text x=\"" + F(kPad - 4) + "\" y=\"" + F(a.Y(v) + 4) +
         "\" font-size=\"10\" text-anchor=\"end\">" + Escape(F(v)) + "</text>\n";
  }
  s += "<text x=\"" + F(kPad) + "\" y=\"" + F(a.h - 12) + "\" font-size=\"11\">" +
       FormatTimestamp(t0) + "</text><text x=\"" + F(kW - kPad) + "\" y=\"" + F(a.h - 12) +
       "\" font-size=\"11\" text-anchor=\"end\">" + FormatTimestamp(t1) + "</text>\n";
  s += "<text x=\"" + F(kW / 2) + "\" y=\"" + F(a.h - 12) +
       "\" font-size=\"12\" text-anchor=\"middle\">" + Escape(label) + "</text>\n";
  return s;
}

}  // namespace

std::string PlotHtml(const Prophet& model, const Forecast& fc, const std::string& title) {
  const Frame& hist = model.history();
  std::vector<double> xf, xh;
  for (Timestamp t : fc.ds) xf.push_back(static_cast<double>(t.unix_seconds()));
  for (Timestamp t : hist.ds) xh.push_back(static_cast<double>(t.unix_seconds()));
  const auto& yhat = fc.Get("yhat");
  const auto& trend = fc.Get("trend");
  const auto* lo = fc.Find("yhat_lower");
  const auto* hi = fc.Find("yhat_upper");
  double ymin = INFINITY, ymax = -INFINITY;
  auto widen = [&](const std::vector<double>& v) {
    for (double x : v) {
      if (std::isfinite(x)) ymin = std::min(ymin, x), ymax = std::max(ymax, x);
    }
  };
  widen(yhat);
  widen(hist.y);
  if (lo) widen(*lo);
  if (hi) widen(*hi);
  if (!(ymax > ymin)) ymax = ymin + 1;
  const double x0 = std::min(xf.front(), xh.front()), x1 = std::max(xf.back(), xh.back());
  Axis a{x0, x1 > x0 ? x1 : x0 + 1, ymin, ymax, 460};
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + F(kW) +
                    "\" height=\"460\">\n" + Panel(a, "forecast", fc.ds.front(), fc.ds.back());
  if (lo && hi) {
    std::string poly = "<polygon fill=\"#0072B2\" fill-opacity=\"0.2\" stroke=\"none\" points=\"";
    for (size_t i = 0; i < xf.size(); ++i) poly += F(a.X(xf[i])) + "," + F(a.Y((*hi)[i])) + " ";
    for (size_t i = xf.size(); i-- > 0;) poly += F(a.X(xf[i])) + "," + F(a.Y((*lo)[i])) + " ";
    svg += poly + "\"/>\n";
  }
  for (Timestamp c : model.ChangepointTimes()) {
    const double x = a.X(static_cast<double>(c.unix_seconds()));
    svg += "<line x1=\"" + F(x) + "\" x2=\"" + F(x) + "\" y1=\"10\" y2=\"" + F(a.h - kPad) +
           "\" stroke=\"red\" stroke-dasharray=\"4,3\" stroke-opacity=\"0.5\"/>\n";
  }
  const size_t stride = std::max<size_t>(1, hist.size() / 4000);  // keep the page light
  for (size_t i = 0; i < hist.size(); i += stride) {
    svg += "<circle cx=\"" + F(a.X(xh[i])) + "\" cy=\"" + F(a.Y(hist.y[i])) +
           "\" r=\"1.5\" fill=\"black\"/>";
  }
  svg += "\n" + Polyline(a, xf, trend, "red", 1.2) + Polyline(a, xf, yhat, "#0072B2", 1.5);
  svg += "</svg>\n";
  // Component panels.
  std::string comps;
  for (const auto& name : model.ComponentNames()) {
    const auto* v = fc.Find(name);
    if (!v) continue;
    double cmin = INFINITY, cmax = -INFINITY;
    for (double x : *v) cmin = std::min(cmin, x), cmax = std::max(cmax, x);
    if (!(cmax > cmin)) cmax = cmin + 1e-9 + std::fabs(cmin) * 1e-6;
    Axis c{a.x0, a.x1, cmin, cmax, 220};
    comps += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + F(kW) +
             "\" height=\"220\">\n" + Panel(c, name, fc.ds.front(), fc.ds.back()) +
             Polyline(c, xf, *v, "#0072B2", 1.2) + "</svg>\n";
  }
  {
    double tmin = INFINITY, tmax = -INFINITY;
    for (double x : trend) tmin = std::min(tmin, x), tmax = std::max(tmax, x);
    if (!(tmax > tmin)) tmax = tmin + 1;
    Axis c{a.x0, a.x1, tmin, tmax, 220};
    comps = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + F(kW) + "\" height=\"220\">\n" +
            Panel(c, "trend", fc.ds.front(), fc.ds.back()) + Polyline(c, xf, trend, "#0072B2", 1.2) +
            "</svg>\n" + comps;
  }
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Escape(title) +
         "</title><style>body{font-family:sans-serif;margin:20px}svg{display:block;margin-bottom:"
         "12px}</style></head><body>\n<h2>" + Escape(title) +
         "</h2>\n<p>black: history; blue: yhat and its interval band; red: trend; dashed red: "
         "changepoints</p>\n" + svg + "<h3>components</h3>\n" + comps + "</body></html>\n";
}

}  // namespace tradelet::forecast
