// 信号统计 under a demo: for the demo's current settings, how prices moved after each kind of
// signal compared with every day of the series (the base rate), from
// /api/indicators/<name>/stats/. The panel's own choice, the holding period, is kept in the
// page URL with the demo's settings, so a shared link reopens it. The horizons on offer
// and the default come from the figure (data-stats-horizons, data-stats-horizon).
import { fetchPayload, requestUrl } from "./api.js";
import { el } from "./format.js";

// data-stats-horizons="5,10,20" data-stats-horizon="10" -> { horizons, initial }
export function horizonsOf(figure) {
  const horizons = (figure.getAttribute("data-stats-horizons") || "")
    .split(",")
    .map(Number)
    .filter((h) => Number.isInteger(h) && h > 0);
  const initial = Number(figure.getAttribute("data-stats-horizon"));
  return { horizons, initial: horizons.includes(initial) ? initial : horizons[0] };
}

function signedPercent(value) {
  if (value === null || value === undefined || !isFinite(value)) return "—";
  const text = (value * 100).toFixed(2);
  return (value > 0 ? "+" : "") + (text === "-0.00" ? "0.00" : text) + "%";
}

function percent(value) {
  return value === null || value === undefined || !isFinite(value) ? "—" : (value * 100).toFixed(1) + "%";
}

function pValue(value) {
  if (value === null || value === undefined || !isFinite(value)) return "—";
  return value < 0.001 ? "<0.001" : value.toFixed(3);
}

const COLUMNS = ["信号", "次数", "差值 [95% 区间]", "p 值", "上涨占比", "平均收益", "中位数", "扣费后"];
const PAIR_NOTE = "（信号 / 全部日）";

function figureCells(h) {
  const pair = (a, b, format) => el("td", { text: format(a) + " / " + format(b) });
  return [
    el("td", { text: `${signedPercent(h.difference)} [${signedPercent(h.ci_low)}, ${signedPercent(h.ci_high)}]` }),
    el("td", { text: pValue(h.p_value) }),
    pair(h.rise_share, h.base_rise_share, percent),
    pair(h.mean, h.base_mean, signedPercent),
    pair(h.median, h.base_median, signedPercent),
    pair(h.net_mean, h.base_net_mean, signedPercent),
  ];
}

function kindRow(kind, horizon, minSignals) {
  const h = kind.horizons.find((item) => item.horizon === horizon);
  const cells = [el("th", { scope: "row", text: kind.name }), el("td", { text: String(h.signals) })];
  if (h.enough) cells.push(...figureCells(h));
  else {
    const text = `样本太少，无法下结论（${h.signals} 次，不足 ${minSignals} 次）`;
    cells.push(el("td", { colSpan: "6", className: "demo-stats-few", text }));
  }
  return el("tr", { className: h.beats_base ? "is-better" : "" }, cells);
}

export class StatsPanel {
  constructor(prefix, { statsApi, symbol, indicator, labUrl, horizons, initial }) {
    this.statsApi = statsApi;
    this.symbol = symbol;
    this.indicator = indicator;
    this.labUrl = labUrl;
    this.horizons = horizons;
    this.horizon = initial;
    this.body = null;
    this.pending = null;
    this.onHorizon = () => {};
    this.build(prefix);
  }

  build(prefix) {
    const titleId = prefix + "-stats";
    this.switches = this.horizons.map((h) => el("button", { type: "button", className: "demo-button demo-stats-h", "data-h": String(h), text: h + " 日" }));
    this.status = el("p", { className: "demo-stats-status", role: "status", "aria-live": "polite", text: "统计加载中…" });
    // Wide on a phone: the table scrolls sideways, so it must take keyboard focus too.
    this.table = el("div", { className: "demo-stats-table", tabindex: "0", role: "region", "aria-label": "信号统计表" });
    this.note = el("p", { className: "demo-stats-note" });
    this.node = el("section", { className: "demo-stats", "aria-labelledby": titleId }, [
      el("p", { className: "demo-stats-title", id: titleId, text: "信号统计" }),
      el("div", { className: "demo-stats-horizons", role: "group", "aria-label": "持有天数" }, this.switches),
      this.status,
      this.table,
      this.note,
      el("p", { className: "demo-stats-risk", text: "风险提示：统计只反映这段历史行情，不代表未来，也不构成投资建议。" }),
    ]);
    for (const button of this.switches) {
      button.addEventListener("click", () => this.setHorizon(Number(button.getAttribute("data-h")), true));
    }
    this.markHorizon();
  }

  setHorizon(horizon, byReader) {
    if (!this.horizons.includes(horizon)) return;
    this.horizon = horizon;
    this.markHorizon();
    this.render();
    if (byReader) this.onHorizon();
  }

  markHorizon() {
    for (const button of this.switches) {
      button.setAttribute("aria-pressed", String(Number(button.getAttribute("data-h")) === this.horizon));
    }
  }

  // Settings as the chart applied them; a newer call cancels an older request.
  async load(paramNames, settings) {
    if (this.pending) this.pending.abort();
    const controller = new AbortController();
    this.pending = controller;
    this.node.classList.add("is-updating");
    this.status.textContent = this.body ? "统计更新中…" : "统计加载中…";
    let answer = null;
    try {
      answer = await fetchPayload(requestUrl(this.statsApi, this.symbol, paramNames, settings), controller.signal);
    } catch {
      // a network failure or an abort: said below, or nothing to say
    }
    if (this.pending !== controller) return; // a newer request took over
    this.pending = null;
    this.node.classList.remove("is-updating");
    const { response, body } = answer || {};
    if (!response || !response.ok || !body || !Array.isArray(body.kinds)) {
      this.status.textContent = "信号统计暂时无法加载，请稍后重试。";
      return;
    }
    this.body = body;
    this.status.textContent = "";
    this.render();
  }

  render() {
    const body = this.body;
    if (!body) return;
    const head = el("tr", {}, COLUMNS.map((text, i) => el("th", { scope: "col", text: i >= 4 ? text + PAIR_NOTE : text })));
    const rows = body.kinds.map((kind) => kindRow(kind, this.horizon, body.min_signals));
    const caption = el("caption", {
      text: `${body.name}（${body.symbol}）${body.first_date} 至 ${body.last_date} 共 ${body.bars} 个交易日，信号出现后持有 ${this.horizon} 个交易日`,
    });
    this.table.replaceChildren(el("table", {}, [caption, el("thead", {}, [head]), el("tbody", {}, rows)]));
    const signal = body.kinds.length ? `&signal=${encodeURIComponent(this.indicator + "." + body.kinds[0].kind)}` : "";
    this.note.replaceChildren(
      `“全部日”是这段行情中每一个有 ${this.horizon} 日后收盘价的交易日，相当于随机买入。差值的区间来自 ${body.resamples} 次自助重抽样，p 值是随机挑同样多天数、差值至少这么大的比例。扣费后按${body.costs.text}计算；卖出类信号按“卖出、到期买回”计，结果是避开的跌幅。`,
      el("a", { href: `${this.labUrl}?h=${this.horizon}${signal}`, text: "到信号实验室比较所有股票和参数 →" })
    );
  }
}
