// 信号统计 under a demo: for the demo's current settings, whether prices moved differently
// after each kind of signal than after any day of the series (random entry), from
// /api/indicators/<name>/stats/. The panel's own choices, the holding period and the entry
// price, are kept in the page URL with the demo's settings (d1.h, d1.e), so a shared link
// reopens them. The horizons on offer and the default come from the figure
// (data-stats-horizons, data-stats-horizon); what is drawn comes from stats-view.js.
import { fetchPayload, requestUrl } from "./api.js";
import { el } from "./format.js";
import { kindCards, notes, statsTable } from "./stats-view.js";

// The API's entries; the first is its default (a reader can act on a signal at the close
// only from the next bar's open).
export const ENTRIES = [
  ["next_open", "次日开盘"],
  ["close", "信号当日收盘"],
];
export const DEFAULT_ENTRY = ENTRIES[0][0];

export function isEntry(value) {
  return ENTRIES.some(([entry]) => entry === value);
}

// data-stats-horizons="5,10,20" data-stats-horizon="10" -> { horizons, initial }
export function horizonsOf(figure) {
  const horizons = (figure.getAttribute("data-stats-horizons") || "")
    .split(",")
    .map(Number)
    .filter((h) => Number.isInteger(h) && h > 0);
  const initial = Number(figure.getAttribute("data-stats-horizon"));
  return { horizons, initial: horizons.includes(initial) ? initial : horizons[0] };
}

// A labelled row of toggle buttons; each button carries its value in data-value.
function switchGroup(label, className, choices) {
  const buttons = choices.map(([value, text]) =>
    el("button", { type: "button", className: "demo-button " + className, "data-value": value, text })
  );
  const group = el("div", { className: "demo-stats-switch", role: "group", "aria-label": label }, [
    el("span", { className: "demo-stats-switch-label", "aria-hidden": "true", text: label }),
    ...buttons,
  ]);
  return { group, buttons };
}

function press(buttons, current) {
  for (const button of buttons) button.setAttribute("aria-pressed", String(button.getAttribute("data-value") === current));
}

export class StatsPanel {
  constructor(prefix, { statsApi, symbol, indicator, labUrl, horizons, initial }) {
    this.statsApi = statsApi;
    this.symbol = symbol;
    this.indicator = indicator;
    this.labUrl = labUrl;
    this.horizons = horizons;
    this.horizon = initial;
    this.entry = DEFAULT_ENTRY;
    this.body = null;
    this.pending = null;
    this.request = null; // the chart's settings the last load asked for
    this.onChange = () => {};
    this.build(prefix);
  }

  build(prefix) {
    const titleId = prefix + "-stats";
    this.hSwitch = switchGroup("持有", "demo-stats-h", this.horizons.map((h) => [String(h), h + " 日"]));
    this.eSwitch = switchGroup("进场", "demo-stats-e", ENTRIES);
    this.status = el("p", { className: "demo-stats-status", role: "status", "aria-live": "polite", text: "统计加载中…" });
    this.kinds = el("div", { className: "demo-stats-body" });
    // Wide on a phone: the table scrolls sideways inside 展开, so it takes keyboard focus too.
    this.table = el("div", { className: "demo-stats-table reflow", tabindex: "0", role: "region", "aria-label": "信号统计表" });
    this.more = el("details", { className: "demo-stats-more" }, [el("summary", { text: "展开全部数字" }), this.table]);
    this.notes = el("div", { className: "demo-stats-about" });
    this.node = el("section", { className: "demo-stats", "aria-labelledby": titleId }, [
      el("p", { className: "demo-stats-title", id: titleId, text: "信号统计" }),
      el("div", { className: "demo-stats-switches" }, [this.hSwitch.group, this.eSwitch.group]),
      this.status,
      this.kinds,
      this.more,
      this.notes,
      el("p", { className: "demo-stats-risk", text: "风险提示：统计只反映这段历史行情，不代表未来，也不构成投资建议。" }),
    ]);
    this.more.hidden = true; // until there is a table to show
    this.bindSwitches();
    this.mark();
  }

  bindSwitches() {
    for (const button of this.hSwitch.buttons) {
      button.addEventListener("click", () => this.setHorizon(Number(button.getAttribute("data-value")), true));
    }
    for (const button of this.eSwitch.buttons) {
      button.addEventListener("click", () => this.setEntry(button.getAttribute("data-value"), true));
    }
  }

  mark() {
    press(this.hSwitch.buttons, String(this.horizon));
    press(this.eSwitch.buttons, this.entry);
  }

  setHorizon(horizon, byReader) {
    if (!this.horizons.includes(horizon)) return;
    this.horizon = horizon;
    this.mark();
    this.render();
    if (byReader) this.onChange();
  }

  // The entry changes the figures themselves, so the statistics are asked for again.
  setEntry(entry, byReader) {
    if (!isEntry(entry) || entry === this.entry) return;
    this.entry = entry;
    this.mark();
    if (this.request) this.load(this.request.paramNames, this.request.settings);
    if (byReader) this.onChange();
  }

  url(paramNames, settings) {
    return requestUrl(this.statsApi, this.symbol, paramNames, settings) + "&entry=" + encodeURIComponent(this.entry);
  }

  // Settings as the chart applied them; a newer call cancels an older request.
  async load(paramNames, settings) {
    if (this.pending) this.pending.abort();
    const controller = new AbortController();
    this.pending = controller;
    this.request = { paramNames, settings };
    this.node.classList.add("is-updating");
    this.node.setAttribute("aria-busy", "true");
    this.status.textContent = this.body ? "统计更新中…" : "统计加载中…";
    let answer = null;
    try {
      answer = await fetchPayload(this.url(paramNames, settings), controller.signal);
    } catch {
      // a network failure or an abort: said below, or nothing to say
    }
    if (this.pending !== controller) return; // a newer request took over
    this.pending = null;
    this.node.classList.remove("is-updating");
    this.node.removeAttribute("aria-busy");
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
    this.kinds.replaceChildren(kindCards(body, this.horizon));
    this.table.replaceChildren(statsTable(body, this.horizon));
    this.more.hidden = false;
    const signal = body.kinds.length ? `&signal=${encodeURIComponent(this.indicator + "." + body.kinds[0].kind)}` : "";
    const entry = this.entry === DEFAULT_ENTRY ? "" : "&entry=" + this.entry; // the lab takes it too
    this.notes.replaceChildren(
      notes(body, this.horizon),
      el("p", { className: "demo-stats-lab" }, [
        el("a", { href: `${this.labUrl}?h=${this.horizon}${signal}${entry}`, text: "到信号实验室比较所有股票和参数 →" }),
      ])
    );
  }
}
