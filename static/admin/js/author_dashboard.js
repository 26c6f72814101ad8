// 我的数据: draws the daily views of the article chosen in the select (or of all of them)
// with lightweight-charts. The numbers come from the page (json_script "dashboard-data").
(function () {
  "use strict";

  function readData() {
    const node = document.getElementById("dashboard-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function sumOf(series, length) {
    const total = new Array(length).fill(0);
    series.forEach(function (one) {
      one.values.forEach(function (value, index) { total[index] += value; });
    });
    return total;
  }

  function pointsFor(data, choice) {
    let values;
    if (choice === "all") {
      values = sumOf(data.series, data.dates.length);
    } else {
      const one = data.series.find(function (item) { return String(item.id) === choice; });
      values = one ? one.values : [];
    }
    return values.map(function (value, index) { return { time: data.dates[index], value: value }; });
  }

  function chartOptions() {
    const style = getComputedStyle(document.body);
    return {
      autoSize: true,
      layout: {
        background: { color: "transparent" },
        textColor: style.getPropertyValue("--body-fg").trim() || "#333",
        fontFamily: style.fontFamily,
      },
      grid: { vertLines: { visible: false } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false },
      handleScroll: false,
      handleScale: false,
      localization: {
        locale: "zh-CN",
        dateFormat: "yyyy-MM-dd",
        priceFormatter: function (value) { return Math.round(value) + " 次"; },
      },
    };
  }

  function draw(LWC, data) {
    const container = document.getElementById("dashboard-chart");
    const select = document.getElementById("dashboard-article");
    const chart = LWC.createChart(container, chartOptions());
    const line = chart.addSeries(LWC.LineSeries, {
      color: "#c62828",
      lineWidth: 2,
      priceFormat: { type: "price", precision: 0, minMove: 1 },
    });
    function show() {
      line.setData(pointsFor(data, select.value));
      chart.timeScale().fitContent();
      container.dataset.shown = select.value;
    }
    select.addEventListener("change", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    const data = readData();
    if (!data || !window.LightweightCharts) return;
    draw(window.LightweightCharts, data);
  });
})();
