/* 成绩单 chart: reads the figures from the json_script element the page renders (no inline
   script, the CSP allows none) and draws received / completed bars with the on-time rate. The
   same figures are in the data table below the chart, so the chart is an enhancement only. */
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("sv-chart");
    var source = document.getElementById("sv-chart-data");
    if (!holder || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var rows = data.rows.slice(0, 30);
    if (!rows.length) { holder.hidden = true; return; }
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, bottom: 72, top: 40 },
      xAxis: { type: "category", data: rows.map(function (r) { return String(r.label); }),
               axisLabel: { rotate: rows.length > 4 ? 30 : 0, interval: 0 } },
      yAxis: [{ type: "value", name: "件" },
              { type: "value", name: "按时办结率", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: "收件", type: "bar", data: rows.map(function (r) { return r.received; }) },
        { name: "办结", type: "bar", data: rows.map(function (r) { return r.completed; }) },
        { name: "按时办结率", type: "line", yAxisIndex: 1, symbol: "diamond", symbolSize: 10,
          data: rows.map(function (r) { return r.on_time_rate === null ? null : Math.round(r.on_time_rate * 1000) / 10; }) }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
