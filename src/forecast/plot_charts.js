// tradelet's chart helper for the HTML reports, on top of uPlot; cmake/report_assets.cmake
// inlines it (with uPlot) into every page, so the pages work offline.
//
//   TLCharts.chart(host, {
//     ts: [ms, ...],                        // one UTC time per row (x is the row index)
//     series: [{label, values, color, fill, width, points, dash}], // values: numbers or null
//     height, pct (y as percent), bands: [[upper, lower, fill]] (series numbers, 1-based),
//     vlines: [row index, ...] (dashed), sync: "group" (shared cursor)})
//
// x is the row index, not the time: nights, weekends and holidays take no room, and the tick
// labels come from the times (year, month, day, hour, minutes: whichever level fits). Hovering
// shows every series' value in the legend; dragging zooms, double-click resets.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function ymd(ms) {
    var t = new Date(ms);
    return t.getUTCFullYear() + "-" + pad(t.getUTCMonth() + 1) + "-" + pad(t.getUTCDate());
  }
  function hm(ms) {
    var t = new Date(ms);
    return pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
  }
  function dayKey(ms) { return Math.floor(ms / 86400000); }
  function fmtNum(v) {
    var a = Math.abs(v);
    return v.toFixed(a >= 1 || a === 0 ? 2 : a >= 0.01 ? 4 : 6);
  }
  function fmtPct(v) { return (100 * v).toFixed(2) + "%"; }

  // Several rows on one UTC day: intraday labels (HH:MM) and levels.
  function isIntraday(ts) {
    for (var i = 1; i < ts.length; i++) if (dayKey(ts[i]) === dayKey(ts[i - 1])) return true;
    return false;
  }
  function levels(intraday) {
    var year = { key: function (ms) { return new Date(ms).getUTCFullYear(); },
                 fmt: function (ms) { return String(new Date(ms).getUTCFullYear()); } };
    var month = { key: function (ms) { var t = new Date(ms); return t.getUTCFullYear() * 12 + t.getUTCMonth(); },
                  fmt: function (ms) { return ymd(ms).slice(0, 7); } };
    var quarter = { key: function (ms) { var t = new Date(ms); return t.getUTCFullYear() * 4 + Math.floor(t.getUTCMonth() / 3); },
                    fmt: function (ms) { return ymd(ms).slice(0, 7); } };
    var day = { key: dayKey, fmt: ymd };
    // Weeks start on Monday (day 0, 1970-01-01, was a Thursday).
    var week = { key: function (ms) { return Math.floor((dayKey(ms) + 3) / 7); }, fmt: ymd };
    if (!intraday) return [{ key: null, fmt: ymd }, week, month, quarter, year];
    function minutes(m) {
      return { key: function (ms) { return Math.floor(ms / (m * 60000)); }, fmt: hm, intraday: true };
    }
    return [{ key: null, fmt: hm, intraday: true }, minutes(5), minutes(15), minutes(60), day, week,
            month, quarter, year];
  }
  // Row indices in [lo, hi] where the level's key changes, the finest level with at most `max`.
  function ticks(ts, lv, lo, hi, max) {
    lo = Math.max(0, Math.ceil(lo));
    hi = Math.min(ts.length - 1, Math.floor(hi));
    if (hi < lo) return { idx: [], level: lv[lv.length - 1] };
    for (var L = 0; L < lv.length; L++) {
      var idx = [], key = lv[L].key;
      for (var i = lo; i <= hi && idx.length <= max; i++) {
        if (key === null || i === 0 || key(ts[i]) !== key(ts[i - 1])) idx.push(i);
      }
      if (idx.length <= max) return { idx: idx, level: lv[L] };
    }
    var top = lv[lv.length - 1], all = [];
    for (var j = lo; j <= hi; j++) if (j === 0 || top.key(ts[j]) !== top.key(ts[j - 1])) all.push(j);
    var step = Math.ceil(all.length / max), thin = [];
    for (var k = 0; k < all.length; k += step) thin.push(all[k]);
    return { idx: thin, level: top };
  }

  // Tick rows and their labels; a tick on an intraday axis that opens a day also shows the date.
  function axisTicks(ts, lv, min, max, maxTicks) {
    var t = ticks(ts, lv, min, max, maxTicks);
    var labels = t.idx.map(function (ix) {
      var ms = ts[ix];
      if (t.level.intraday && (ix === 0 || dayKey(ts[ix - 1]) !== dayKey(ms))) {
        return hm(ms) + "\n" + ymd(ms);
      }
      return t.level.fmt(ms);
    });
    return { idx: t.idx, labels: labels };
  }

  var charts = [];
  function width(host) { return Math.max(320, (host.clientWidth || 1000) - 4); }

  function chart(host, o) {
    if (typeof window.uPlot !== "function") {
      if (!host.querySelector(".tl-nochart")) {
        var p = document.createElement("p");
        p.className = "tl-nochart";
        p.textContent = "Charts are not available: this tradelet was built without uPlot " +
                        "(run scripts/setup, then rebuild).";
        host.appendChild(p);
      }
      return null;
    }
    var ts = o.ts, intraday = isIntraday(ts), lv = levels(intraday), labels = [];
    var x = new Array(ts.length);
    for (var i = 0; i < ts.length; i++) x[i] = i;
    var yfmt = o.pct ? fmtPct : fmtNum;
    var series = [{
      label: intraday ? "time (UTC)" : "date",
      value: function (u, v) {
        if (v == null) return "--";
        var r = Math.round(v);
        if (r < 0 || r >= ts.length) return "--";
        return intraday ? ymd(ts[r]) + " " + hm(ts[r]) : ymd(ts[r]);
      }
    }];
    var data = [x];
    o.series.forEach(function (s) {
      var d = { label: s.label, stroke: s.color, width: s.width || 1.5, spanGaps: true,
                value: function (u, v) { return v == null ? "--" : yfmt(v); } };
      if (s.fill) d.fill = s.fill;
      if (s.dash) d.dash = s.dash;
      if (s.points) {
        d.paths = function () { return null; };
        d.points = { show: true, size: s.size || 7, width: 1, stroke: s.color, fill: s.color };
      } else {
        d.points = { show: false };
      }
      series.push(d);
      data.push(s.values);
    });
    var opts = {
      width: width(host),
      height: o.height || 260,
      series: series,
      scales: { x: { time: false } },
      legend: { live: true },
      cursor: o.sync ? { drag: { x: true, y: false }, sync: { key: o.sync } } : { drag: { x: true, y: false } },
      axes: [
        {
          space: 90,
          splits: function (u, ai, min, max) {
            var maxTicks = Math.max(2, Math.floor(u.bbox.width / (window.devicePixelRatio || 1) / 95));
            var t = axisTicks(ts, lv, min, max, maxTicks);
            labels = t.labels;
            return t.idx;
          },
          values: function () { return labels; }
        },
        o.pct ? { size: 72, values: function (u, vals) { return vals.map(function (v) { return (100 * v).toFixed(1) + "%"; }); } }
              : { size: 72 }
      ]
    };
    if (o.bands) {
      opts.bands = o.bands.map(function (b) { return { series: [b[0], b[1]], fill: b[2] }; });
    }
    if (o.vlines && o.vlines.length) {
      opts.hooks = {
        draw: [function (u) {
          var c = u.ctx;
          c.save();
          c.strokeStyle = "rgba(200,0,0,0.5)";
          c.setLineDash([4, 3]);
          c.lineWidth = 1;
          o.vlines.forEach(function (ix) {
            var px = Math.round(u.valToPos(ix, "x", true));
            c.beginPath();
            c.moveTo(px, u.bbox.top);
            c.lineTo(px, u.bbox.top + u.bbox.height);
            c.stroke();
          });
          c.restore();
        }]
      };
    }
    var u = new window.uPlot(opts, data, host);
    charts.push({ u: u, host: host });
    return u;
  }

  // Index of the first row at or after `ms` (ts ascending); ts.length if none.
  function rowAt(ts, ms) {
    var lo = 0, hi = ts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (ts[mid] < ms) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.u.setSize({ width: width(c.host), height: c.u.height }); });
  });
  window.TLCharts = {
    chart: chart,
    rowAt: rowAt,
    // For tools and tests: the x-axis ticks of rows `ts` over rows [min, max], and the charts.
    ticks: function (ts, min, max, maxTicks) {
      return axisTicks(ts, levels(isIntraday(ts)), min, max, maxTicks);
    },
    list: function () { return charts.map(function (c) { return c.u; }); }
  };
})();
