// The reveal: which stock and when, the three results, the luck sentence, the equity
// curves, the reader's trades, and for 每周挑战 the anonymous histogram. Used by the
// trainer after a round and by the share page, from the same revealed payload.
import { el } from "../demo/format.js";
import { EquityChart } from "./chart.js";
import { signedPercent, toneOf } from "./text.js";

const CURVES = [
  { key: "reader", label: "你", color: "#c62828", width: 3 },
  { key: "hold", label: "持有不动", color: "#1d4ed8", dashed: true },
  { key: "rule", label: "指标机械交易", color: "#f59f00" },
];

function result(label, fraction) {
  return el("div", {}, [el("dt", { text: label }), el("dd", { className: toneOf(fraction), text: signedPercent(fraction) })]);
}

export function resultsList(revealed) {
  return el("dl", { className: "reveal-results" }, [
    result("你的收益", revealed.reader.return),
    result("同期持有不动", revealed.hold.return),
    result(revealed.rule.label, revealed.rule.return),
  ]);
}

function legend(revealed) {
  return el(
    "ul",
    { className: "reveal-legend", "aria-label": "资金曲线图例" },
    CURVES.map((curve) => el("li", {}, [el("span", { style: `background:${curve.color}` }), curve.key === "rule" ? revealed.rule.label : curve.label]))
  );
}

// The equity curves as a chart, with a text summary for screen readers.
export function equityFigure(revealed) {
  const frame = el("div", { className: "trainer-equity", role: "img", "aria-label": `资金曲线：你 ${signedPercent(revealed.reader.return)}，持有不动 ${signedPercent(revealed.hold.return)}，${revealed.rule.label} ${signedPercent(revealed.rule.return)}` });
  const figure = el("figure", { className: "reveal-equity" }, [frame, legend(revealed)]);
  return {
    figure,
    draw() {
      const dates = revealed.dates.slice(revealed.first_day);
      new EquityChart(frame, dates).show(
        CURVES.map((curve) => ({ ...curve, label: "", values: revealed[curve.key].equity.map((v) => v * 100) }))
      );
    },
  };
}

export function tradesTable(revealed) {
  const trades = revealed.reader.trades;
  if (!trades.length) return el("p", { className: "muted", text: "这一局你没有成交任何交易。" });
  const head = el("tr", {}, ["日期", "方向", "成交价（第一天收盘 = 100）"].map((text) => el("th", { scope: "col", text })));
  const body = trades.map((trade) =>
    el("tr", {}, [
      el("td", { text: revealed.dates[trade.day] || "" }),
      el("td", { className: trade.side === "buy" ? "is-up" : "is-down", text: trade.side === "buy" ? "买入" : "卖出" }),
      el("td", { text: Number(trade.price).toFixed(2) }),
    ])
  );
  return el("div", { className: "table-scroll", tabindex: "0", role: "region", "aria-label": "你的成交" }, [
    el("table", { className: "reveal-trades" }, [el("caption", { className: "visually-hidden", text: "你的成交" }), el("thead", {}, [head]), el("tbody", {}, body)]),
  ]);
}

// Which bin of `edges` holds `value`; the outer bins hold everything beyond them.
function binOf(edges, count, value) {
  let bin = 0;
  while (bin < count - 1 && value >= edges[bin + 1]) bin += 1;
  return bin;
}

// 每周挑战: counts per bin of everyone's results this week; the reader's bin is marked.
export function weeklyHistogram(weekly, result) {
  const { edges, counts } = weekly;
  const most = Math.max(1, ...counts);
  const mine = binOf(edges, counts.length, result);
  const bars = counts.map((count, i) =>
    el("li", {
      className: i === mine ? "is-reader" : "",
      style: `height:${Math.max(1, Math.round((count / most) * 100))}%`,
      title: `${signedPercent(edges[i])} 至 ${signedPercent(edges[i + 1])}：${count} 人`,
    })
  );
  const place = weekly.better_than === null || weekly.better_than === undefined ? "" : `你的收益好于其中 ${Math.round(weekly.better_than)}% 的人。`;
  const summary = `本周（${weekly.week}）${weekly.players} 人完成挑战，${place}`;
  const counted = weekly.counted === false ? weekly.note || "这一局没有计入排名。" : "";
  return el("section", { className: "reveal-weekly", "aria-labelledby": "weekly-title" }, [
    el("h3", { id: "weekly-title", text: "每周挑战：所有人的收益分布" }),
    el("p", { text: summary }),
    el("ol", { className: "weekly-histogram", role: "img", "aria-label": `收益分布柱状图，从 ${signedPercent(edges[0])} 到 ${signedPercent(edges.at(-1))}，红色柱是你所在的区间。` }, bars),
    el("p", { className: "weekly-axis", "aria-hidden": "true" }, [el("span", { text: `≤${signedPercent(edges[1])}` }), el("span", { text: "0%" }), el("span", { text: `≥${signedPercent(edges.at(-2))}` })]),
    counted ? el("p", { className: "muted", text: counted }) : null,
  ]);
}
