// The capacity chart: ECharts from node_modules (served locally), data from the page's JSON
// block. The table beside it carries the same figures for screen readers and printing.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("plan-chart");
    var source = document.getElementById("plan-data");
    if (!box || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    var series = data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "arrivals", data: s.data };
    });
    series.push({ name: "建议开窗数", type: "line", yAxisIndex: 1, data: data.needed, lineStyle: { width: 3 } });
    series.push({ name: "已配备窗口", type: "line", yAxisIndex: 1, data: data.rostered, lineStyle: { type: "dashed", width: 3 } });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { top: 60, left: 45, right: 45, bottom: 30 },
      xAxis: { type: "category", data: data.hours },
      yAxis: [{ type: "value", name: "人/小时" }, { type: "value", name: "窗口", minInterval: 1 }],
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
