// A finished round's share page: the revealed candles with the trades, and the equity
// curves. The figures and the trades are in the page already; this only draws.
import { EquityChart, RoundChart } from "./chart.js";
import { rows } from "./text.js";

const CURVES = [
  { key: "reader", color: "#c62828", width: 3 },
  { key: "hold", color: "#1d4ed8", dashed: true },
  { key: "rule", color: "#f59f00" },
];

function draw(data) {
  const revealed = data.reveal;
  const candles = document.querySelector("[data-role=chart]");
  if (candles && data.bars) {
    const indicator = data.indicator ? { lines: data.indicator.outputs, overlay: data.indicator.overlay } : null;
    const chart = new RoundChart(candles, indicator);
    chart.labelDates(revealed.dates);
    chart.show(rows(data.bars), data.indicator ? data.indicator.series : null);
    chart.markTrades(revealed.reader.trades);
  }
  const equity = document.querySelector("[data-role=equity]");
  new EquityChart(equity, revealed.dates.slice(revealed.first_day)).show(
    CURVES.map((curve) => ({ ...curve, label: "", values: revealed[curve.key].equity.map((v) => v * 100) }))
  );
}

const node = document.getElementById("practice-share");
if (node && window.LightweightCharts) draw(JSON.parse(node.textContent));
