// The service-circle map: the county's own GeoJSON (generated from its coordinates) registered
// with ECharts, villages and sites drawn over it. No map tiles: nothing leaves the intranet.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("circle-map");
    var source = document.getElementById("circle-data");
    if (!box || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    window.echarts.registerMap("county", data.geo);
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item" },
      geo: { map: "county", roam: true, label: { show: true }, itemStyle: { areaColor: "#eef3f9", borderColor: "#6b6b6b" } },
      series: [
        { name: "服务站点", type: "scatter", coordinateSystem: "geo", symbol: "rect", symbolSize: 10,
          itemStyle: { color: "#0b4a8f" }, data: data.sites },
        { name: "已覆盖", type: "scatter", coordinateSystem: "geo", symbolSize: 9, itemStyle: { color: "#1c5e2c" },
          data: data.villages.filter(function (v) { return v.reached; }) },
        { name: "未覆盖", type: "scatter", coordinateSystem: "geo", symbolSize: 12, itemStyle: { color: "#8a1c1c" },
          label: { show: true, position: "right", formatter: "{b}" },
          data: data.villages.filter(function (v) { return !v.reached; }) }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
