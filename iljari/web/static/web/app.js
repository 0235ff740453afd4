/* iljari: draws ECharts charts from JSON blocks (no inline script: the CSP forbids it) and re-draws them
   after htmx swaps. Every chart has its table beside it, so pages read fine without JavaScript. */
(function () {
  "use strict";
  var palette = ["#0b4f9c", "#d9480f", "#2b8a3e", "#7048e8", "#868e96"];

  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var source = document.getElementById(el.dataset.chart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var line = spec.kind === "line";
    chart.setOption({
      color: palette,
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      // On a phone a legend of three series wraps to two lines: leave it room above the plot.
      grid: { left: 60, right: 20, top: el.clientWidth < 480 && spec.series.length > 2 ? 64 : 40, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: spec.categories.length > 6 || el.clientWidth / Math.max(spec.categories.length, 1) < 90 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: spec.series.map(function (s, i) {
        return { name: s.name, type: line ? "line" : "bar", data: s.data, connectNulls: false,
                 lineStyle: line && i === spec.series.length - 1 ? { type: "dashed" } : undefined };
      })
    });
    if (spec.links && spec.links.length) {
      chart.on("click", function (p) {
        var f = spec.links[p.dataIndex];
        if (!f) return;
        var q = new URLSearchParams(window.location.search);
        Object.keys(f).forEach(function (k) { if (f[k]) q.set("f_" + k, f[k]); });
        window.location.href = "/programs/?" + q.toString();
      });
    }
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
})();

/* A table of years (the newest on the right) opens scrolled to its newest year on a narrow screen. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("[data-scroll-end]").forEach(function (el) {
    // the wrapper scrolls, or on a phone the table itself (app.css makes tables under a sub-menu scroll boxes)
    [el].concat(Array.prototype.slice.call(el.querySelectorAll("table"))).forEach(function (box) {
      box.scrollLeft = box.scrollWidth;
    });
  });
});
