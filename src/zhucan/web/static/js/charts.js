// The dashboard's charts (ECharts, canvas renderer). The data are in the JSON block
// #chart-data; each chart's table beside it holds the same numbers and is the
// accessible source of truth, so the chart containers are images with a label.
(function () {
  "use strict";

  function axisLabel(unit) {
    return { formatter: function (v) { return unit === "%" ? v + "%" : String(v); } };
  }

  function barOption(spec) {
    var series = spec.series.map(function (s) {
      var out = { name: s.name, type: "bar", data: s.values, barMaxWidth: 40,
                  label: { show: spec.categories.length <= 12, position: "top" } };
      if (spec.line !== null && spec.line !== undefined) {
        out.markLine = { symbol: "none", data: [{ yAxis: spec.line, name: spec.line_name }],
                         lineStyle: { type: "dashed", width: 2, color: "#8a4b00" },
                         label: { formatter: spec.line_name + " {c}", position: "insideEndTop" } };
      }
      return out;
    });
    return {
      animation: false,
      color: ["#0b4f8a"],
      grid: { left: 56, right: 24, top: 40, bottom: 72 },
      tooltip: { trigger: "axis" },
      legend: { top: 4 },
      xAxis: { type: "category", data: spec.categories,
               axisLabel: { interval: 0, rotate: spec.categories.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", axisLabel: axisLabel(spec.unit), max: spec.unit === "%" ? 100 : null },
      series: series
    };
  }

  function lineOption(spec) {
    var styles = [{ type: "solid", width: 3 }, { type: "dashed", width: 2 }];
    var symbols = ["circle", "triangle"];
    return {
      animation: false,
      color: ["#0b4f8a", "#8a4b00"],
      grid: { left: 56, right: 24, top: 40, bottom: 48 },
      tooltip: { trigger: "axis" },
      legend: { top: 4 },
      // dates on a time axis, so uneven gaps between stored dates look uneven
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", axisLabel: axisLabel(spec.unit), scale: true },
      series: spec.series.map(function (s, i) {
        var points = spec.categories.map(function (day, k) { return [day, s.values[k]]; });
        return { name: s.name, type: "line", data: points, connectNulls: true,
                 lineStyle: styles[i % 2], symbol: symbols[i % 2], symbolSize: 9 };
      })
    };
  }

  function draw() {
    var block = document.getElementById("chart-data");
    if (!block || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(block.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = data[el.getAttribute("data-chart")];
      if (!spec) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(spec.kind === "bar" ? barOption(spec) : lineOption(spec));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
