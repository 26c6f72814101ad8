// What the 信号统计 panel draws from one /api/indicators/<name>/stats/ answer, for one
// holding period: a card per signal kind that leads with the server's plain verdict
// sentence and two numbers a reader takes in at a glance, the full table behind 展开, and
// the notes that say how the figures were made (entry, costs, method, number of tests).
// The server decides every verdict; this module only words and lays it out, and shows a
// ✓ or 好于 only where the verdict is "better" (the corrected test passed).
import { el } from "./format.js";

const BADGES = {
  better: "好于随机入场 ✓",
  worse: "逊于随机入场",
  no_edge: "看不出优势",
  too_few: "样本太少",
};

function missing(value) {
  return value === null || value === undefined || !isFinite(value);
}

export function signedPercent(value) {
  if (missing(value)) return "—";
  const text = (value * 100).toFixed(2);
  if (text === "0.00" || text === "-0.00") return "0.00%";
  return (value > 0 ? "+" : "−") + text.replace("-", "") + "%";
}

function percent(value) {
  return missing(value) ? "—" : (value * 100).toFixed(1) + "%";
}

function pValue(value) {
  if (missing(value)) return "—";
  return value < 0.001 ? "<0.001" : value.toFixed(3);
}

function interval(row) {
  return `[${signedPercent(row.ci_low)}, ${signedPercent(row.ci_high)}]`;
}

// An unknown verdict (a newer server) reads as plain "no edge": never as a success.
export function verdictOf(row) {
  return Object.prototype.hasOwnProperty.call(BADGES, row.verdict) ? row.verdict : "no_edge";
}

export function badge(row) {
  const verdict = verdictOf(row);
  return el("span", { className: "demo-stats-badge is-" + verdict, text: BADGES[verdict] });
}

function rowAt(kind, horizon) {
  return (kind.horizons || []).find((item) => item.horizon === horizon) || null;
}

// The two numbers under the sentence: where the price went after the signal, and after
// any day of the series; the difference and its interval in small type below.
function keyFigures(row, horizon, minSignals) {
  if (!row.enough) {
    if (row.summary) return null; // the server's sentence already gives the count
    return el("p", { className: "demo-stats-count", text: `共 ${row.signals} 次信号，至少要 ${minSignals} 次才下结论。` });
  }
  const figure = (label, value) =>
    el("div", { className: "demo-stats-figure" }, [el("dt", { text: label }), el("dd", { text: signedPercent(value) })]);
  return el("div", { className: "demo-stats-figures" }, [
    el("dl", {}, [figure(`信号后 ${horizon} 日平均涨跌`, row.mean), figure(`任意一天后 ${horizon} 日平均涨跌`, row.base_mean)]),
    // Pieces that never break inside, so a narrow card wraps between them.
    el("p", { className: "demo-stats-diff" }, [
      el("span", { text: `差值 ${signedPercent(row.difference)}，` }),
      el("span", { text: `95% 区间 ${interval(row)}，` }),
      el("span", { text: `共 ${row.signals} 次信号` }),
    ]),
  ]);
}

function kindCard(kind, horizon, minSignals) {
  const row = rowAt(kind, horizon);
  if (!row) return null;
  const children = [
    el("p", { className: "demo-stats-kind-head" }, [el("span", { className: "demo-stats-kind-name", text: kind.name }), " ", badge(row)]),
    el("p", { className: "demo-stats-verdict", text: row.summary || "" }),
    keyFigures(row, horizon, minSignals),
  ];
  if (kind.direction === -1 && row.enough) {
    children.push(el("p", { className: "demo-stats-hint", text: "卖出类信号：信号后比平常跌得多（或涨得少）才算有用。" }));
  }
  return el("li", { className: "demo-stats-kind is-" + verdictOf(row) }, children);
}

export function kindCards(body, horizon) {
  return el(
    "ul",
    { className: "demo-stats-kinds" },
    body.kinds.map((kind) => kindCard(kind, horizon, body.min_signals))
  );
}

const COLUMNS = ["信号", "结论", "次数", "上涨占比", "平均涨跌", "中位数", "涨跌差值 [95% 区间]", "p 值", "校正后 p", "按信号方向操作、扣费后"];

// Each cell names its column (data-label): on a narrow screen a row becomes a card that
// shows the name beside the figure (.reflow in site.css).
function cell(column, props, children) {
  return el("td", { ...props, "data-label": COLUMNS[column] }, children);
}

function tableCells(row) {
  const pair = (column, a, b, format) => cell(column, { text: format(a) + " / " + format(b) });
  return [
    pair(3, row.rise_share, row.base_rise_share, percent),
    pair(4, row.mean, row.base_mean, signedPercent),
    pair(5, row.median, row.base_median, signedPercent),
    cell(6, { text: `${signedPercent(row.difference)} ${interval(row)}` }),
    cell(7, { text: pValue(row.p_value) }),
    cell(8, { text: pValue(row.p_adjusted) }),
    pair(9, row.net_mean, row.base_net_mean, signedPercent),
  ];
}

function tableRow(kind, horizon, minSignals) {
  const row = rowAt(kind, horizon);
  if (!row) return null;
  const cells = [el("th", { scope: "row", text: kind.name }), cell(1, {}, [badge(row)]), cell(2, { text: String(row.signals) })];
  if (row.enough) cells.push(...tableCells(row));
  else cells.push(el("td", { colSpan: "7", className: "demo-stats-few", text: `样本太少，无法下结论（不足 ${minSignals} 次）` }));
  return el("tr", {}, cells);
}

function warmupText(body) {
  return body.warmup_bars > 0 ? `，其中前 ${body.warmup_bars} 个交易日是指标预热期，不计入统计` : "";
}

// The caption stays short: on a phone it is as wide as the screen, not as the table.
export function statsTable(body, horizon) {
  const head = el("tr", {}, COLUMNS.map((text) => el("th", { scope: "col", text })));
  const caption = el("caption", { text: `信号出现后持有 ${horizon} 个交易日；“a / b” 是信号后 / 全部日` });
  const rows = body.kinds.map((kind) => tableRow(kind, horizon, body.min_signals));
  return el("table", { className: "reflow-table" }, [caption, el("thead", {}, [head]), el("tbody", {}, rows)]);
}

// The server's entry sentence says "h" for the holding period; the panel names the one shown.
function entryText(body, horizon) {
  // No lookbehind: Safari before 16.4 cannot parse it, and would lose every demo.
  return String(body.entry_text || "").replace(/(^|[^A-Za-z])h(?![A-Za-z])/g, "$1" + horizon);
}

export function notes(body, horizon) {
  const item = (label, text) => (text ? el("li", {}, [el("b", { text: label + "：" }), text]) : null);
  const base = `“全部日”是这段行情中每一个有 ${horizon} 日后价格的交易日，相当于随便哪天买入。`;
  const scope = `${body.name}（${body.symbol}）${body.first_date} 至 ${body.last_date} 共 ${body.bars} 个交易日${warmupText(body)}。`;
  return el("ul", { className: "demo-stats-notes" }, [
    item("数据", scope),
    item("进场", entryText(body, horizon)),
    item("费用", body.costs && body.costs.text),
    item("方法", [base, body.method_text || ""].join("")),
    item("检验次数", body.family && body.family.text),
  ]);
}
