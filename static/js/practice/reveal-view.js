// The trainer's reveal after a round: the stock and dates, the luck sentence, the three
// results, the candles re-labelled with their dates and the reader's trades, the equity
// curves, the trades, 每周挑战's histogram, and where to go next.
import { el } from "../demo/format.js";
import { equityFigure, resultsList, tradesTable, weeklyHistogram } from "./reveal.js";
import { rows } from "./text.js";

function heading(revealed) {
  return [
    el("h2", { className: "reveal-title", id: "reveal-title", text: `揭晓：${revealed.name}（${revealed.symbol}）` }),
    el("p", { className: "muted", text: `${revealed.first_date} 至 ${revealed.last_date} 的日线；价格以第一天收盘为 100 重新标度。` }),
  ];
}

function links(revealed, share, again) {
  const button = el("button", { type: "button", className: "button", text: "再来一局" });
  button.addEventListener("click", again);
  return el("p", { className: "reveal-links" }, [
    el("a", { className: "button", href: share, text: "分享这一局" }),
    button,
    el("a", { className: "button button-ghost", href: revealed.lab_url, text: `到信号实验室检验 ${revealed.rule.label}` }),
  ]);
}

// state: the finished round's public state with `reveal`; chart: the round's RoundChart
export function showReveal(node, state, chart, again) {
  const revealed = state.reveal;
  chart.labelDates(revealed.dates);
  chart.show(rows(state.bars), state.indicator && state.indicator.series);
  chart.markTrades(revealed.reader.trades);
  const equity = equityFigure(revealed);
  const parts = [
    ...heading(revealed),
    el("p", { className: "reveal-luck", text: revealed.luck.sentence }),
    resultsList(revealed),
    el("h3", { text: "资金曲线（起点 = 100）" }),
    equity.figure,
    el("h3", { text: "你的成交" }),
    tradesTable(revealed),
    revealed.weekly ? weeklyHistogram(revealed.weekly, revealed.reader.return) : null,
    links(revealed, state.share_url, again),
  ];
  node.replaceChildren(...parts.filter(Boolean));
  node.hidden = false;
  equity.draw();
  node.focus({ preventScroll: true });
  node.scrollIntoView({ block: "start", behavior: "smooth" });
}
