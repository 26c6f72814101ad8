// One live demo: turns a <figure class="indicator-demo"> rendered by
// templates/indicators/embed.html into a chart with controls, and keeps chart, form,
// legend and page URL in step. Every fact about the indicator (parameter limits, line
// colours, guide lines, signal tags) comes from the API payload's "spec".
import { fetchPayload, readAnswer, requestUrl, settingsKey } from "./api.js";
import { ChartView, barIndex } from "./chart.js";
import { readEmbed, settingsFromUrl, settingsToUrl } from "./demo-settings.js";
import { el, numberText, shortLabel } from "./format.js";
import { DemoForm, conventionLabel } from "./form.js";
import { bindWheelHint, buildChartFrame, buildCredit, buildHead, buildSignalsBox, buildToolbar, showFailure, showStatus } from "./layout.js";
import { Legend } from "./legend.js";
import { SignalMarkers, renderSignalList, signalStyles, signalsByDate } from "./markers.js";
import { DEFAULT_ENTRY, StatsPanel, horizonsOf } from "./stats-panel.js";
import { writeUrlState } from "./url-state.js";

const KEEP_PREVIOUS = "图表仍显示上一次的有效参数。";

export class Demo {
  constructor(figure) {
    this.figure = figure;
    // id, indicator, symbol, api, statsApi, labUrl, base and byConvention
    Object.assign(this, readEmbed(figure));
    this.statsHorizons = horizonsOf(figure); // the stats panel's holding periods
    this.horizon = this.statsHorizons.initial;
    this.spec = null;
    this.data = null;
    this.applied = null; // settings of the chart on screen
    this.pending = null; // { key, controller } of the request in flight
    this.hoverIndex = null;
    this.byDate = new Map();
    this.styleOf = signalStyles({});
    this.pendingNote = "";
  }

  // Build every demo before any data arrives, so the page does not jump later.
  prepare() {
    this.build();
    const initial = this.initialSettings();
    this.initial = initial;
    this.form.set(initial.settings);
    if (initial.dropped) this.pendingNote = "链接里有无法识别的演示参数，已忽略。";
    this.setStatus("加载中…");
  }

  start() {
    this.load(this.initial.settings, { fromUrl: this.initial.fromUrl });
  }

  build() {
    const prefix = "demo-" + this.id;
    const caption = this.figure.querySelector("figcaption");
    const short = shortLabel((caption && caption.textContent.split("·")[0]) || this.indicator.toUpperCase());
    this.head = buildHead(short + " · " + this.symbol + " 日线");
    this.form = new DemoForm(prefix, this.byConvention);
    this.legend = new Legend();
    this.frame = buildChartFrame();
    this.toolbar = buildToolbar();
    this.signals = buildSignalsBox(prefix);
    // A body stored before the panel existed has no stats attributes: no panel, then.
    this.stats = this.statsApi && this.statsHorizons.horizons.length ? this.buildStats(prefix) : null;
    this.view = new ChartView(this.frame.chart);
    const live = el("div", { className: "demo-live" }, [
      this.head,
      this.form.node,
      this.form.errorBox,
      this.legend.node,
      this.frame.wrap,
      this.toolbar.node,
      this.signals.node,
      this.stats && this.stats.node,
      buildCredit(),
    ]);
    this.figure.insertBefore(live, caption && caption.parentNode === this.figure ? caption : null);
    this.figure.classList.add("is-live");
    this.bindEvents();
  }

  buildStats(prefix) {
    const panel = new StatsPanel(prefix, {
      statsApi: this.statsApi,
      symbol: this.symbol,
      indicator: this.indicator,
      labUrl: this.labUrl,
      ...this.statsHorizons,
    });
    panel.onChange = () => {
      this.horizon = panel.horizon;
      if (this.applied) this.saveUrl();
    };
    return panel;
  }

  bindEvents() {
    this.form.bind(() => this.update(), this.base);
    const { zoomIn, zoomOut, recent, all } = this.toolbar.buttons;
    const whenDrawn = (action) => () => this.data && action();
    zoomIn.addEventListener("click", whenDrawn(() => this.view.zoom(0.6, this.data.dates.length)));
    zoomOut.addEventListener("click", whenDrawn(() => this.view.zoom(1 / 0.6, this.data.dates.length)));
    recent.addEventListener("click", whenDrawn(() => this.view.showRecent(this.data.dates.length)));
    all.addEventListener("click", whenDrawn(() => this.view.showAll()));
    bindWheelHint(this.frame);
  }

  // Settings from the page URL over the embed's own; the panel's period and entry too.
  initialSettings() {
    const horizons = this.stats ? this.statsHorizons.horizons : null;
    const found = settingsFromUrl(this.id, this.base, this.byConvention, horizons);
    if (found.horizon !== null) {
      this.horizon = found.horizon;
      this.stats.setHorizon(this.horizon, false);
    }
    if (found.entry !== null) this.stats.setEntry(found.entry, false);
    return found;
  }

  key(settings) {
    return settingsKey(this.names(settings.convention), settings);
  }

  names(convention) {
    return Object.keys(this.byConvention[convention]);
  }

  // Called (debounced) whenever a control changes.
  update() {
    if (!this.spec) return;
    const read = this.form.read();
    if (Object.keys(read.errors).length) {
      this.form.showErrors(read.errors, KEEP_PREVIOUS);
      this.abort();
      this.setStatus("");
      return;
    }
    const key = this.key(read.settings);
    if (this.pending && this.pending.key === key) return;
    if (!this.pending && this.applied && this.key(this.applied) === key) {
      this.form.showErrors({});
      return;
    }
    this.load(read.settings, {});
  }

  abort() {
    if (this.pending) {
      this.pending.controller.abort();
      this.pending = null;
    }
    this.frame.wrap.classList.remove("is-updating");
  }

  async load(settings, options) {
    this.abort();
    const controller = new AbortController();
    const pending = { key: this.key(settings), controller };
    this.pending = pending;
    this.showLoading();
    let answer;
    try {
      answer = readAnswer(await fetchPayload(requestUrl(this.api, this.symbol, this.names(settings.convention), settings), controller.signal));
    } catch {
      if (controller.signal.aborted || this.pending !== pending) return;
      this.pending = null;
      this.fail("网络连接失败，请检查网络后重试。", settings);
      return;
    }
    if (this.pending !== pending || controller.signal.aborted) return;
    this.pending = null;
    this.frame.wrap.classList.remove("is-updating");
    if (answer.payload) this.apply(answer.payload, settings);
    else if (answer.error) this.rejected(answer.error, settings, options);
    else this.fail(answer.failure, settings);
  }

  showLoading() {
    if (this.data) {
      this.frame.wrap.classList.add("is-updating");
      this.setStatus("更新中…");
    } else {
      this.figure.classList.remove("is-failed");
      this.frame.wrap.classList.add("is-loading");
      this.setStatus("加载中…");
    }
  }

  rejected(error, settings, options) {
    const message = error.message || "参数无效";
    if (options.fromUrl) {
      // A stale or hand-edited link: fall back to the article's own settings.
      this.form.set(this.base);
      writeUrlState(this.id, []);
      this.pendingNote = "链接里的演示参数无效（" + message + "），已改用文章的默认设置。";
      this.load(this.base, {});
      return;
    }
    if (!this.data) {
      this.fail(message, settings);
      return;
    }
    if (error.param && this.form.has(error.param)) this.form.showErrors({ [error.param]: message }, KEEP_PREVIOUS);
    else this.form.showErrors({}, message + " " + KEEP_PREVIOUS);
    this.setStatus("");
  }

  fail(message, settings) {
    const shown = message + (this.data ? " 图表仍显示上一次的结果。" : "");
    showFailure(this.frame, shown, () => this.load(settings, {}));
    if (!this.data) this.figure.classList.add("is-failed"); // show the static explanation again
  }

  setStatus(text) {
    showStatus(this.frame, text);
  }

  // The first payload also sets up the form limits and the chart.
  setUp(payload) {
    this.spec = payload.spec;
    this.styleOf = signalStyles(payload.spec);
    this.form.applySpec(payload.spec);
    for (const button of Object.values(this.toolbar.buttons)) button.disabled = false;
    this.view.create(payload, window.getComputedStyle(this.figure).fontFamily);
    this.markers = new SignalMarkers(this.view.markers, this.view.chart.timeScale());
    this.view.subscribe({
      onView: () => this.markers.scheduleLayout(),
      onHover: (param) => this.hover(this.barAt(param)),
      onTap: (param) => this.tap(this.barAt(param)),
    });
    this.frame.wrap.classList.remove("is-loading");
  }

  apply(payload, requested) {
    const first = !this.data;
    if (first) this.setUp(payload);
    else this.form.applySpec(payload.spec); // labels and limits of this convention's parameters
    const keepRange = first ? null : this.view.visibleRange;
    const datesChanged = first || !sameDates(this.data.dates, payload.dates);
    this.data = payload;
    this.styleOf = signalStyles(payload.spec); // the kinds can differ by convention (KDJ's J)
    this.view.setData(payload, datesChanged);
    this.drawSignals(payload.signals || []);
    this.view.drawLevels((payload.spec.levels || {})[payload.convention] || [], payload.overlay);
    if (first) this.view.showRecent(payload.dates.length);
    else if (keepRange && !datesChanged) this.view.visibleRange = keepRange;

    this.applied = {
      params: { ...requested.params, ...(payload.params || {}) },
      convention: payload.convention || requested.convention,
    };
    if (first) this.form.set(this.applied);
    this.form.showErrors({}, this.pendingNote || "");
    this.pendingNote = "";
    this.setStatus("");
    this.describe();
    this.renderLegend();
    this.saveUrl();
    if (this.stats) this.stats.load(this.names(this.applied.convention), this.applied);
  }

  drawSignals(signals) {
    this.byDate = signalsByDate(signals);
    this.markers.set(signals, this.data.dates, this.styleOf);
    renderSignalList(this.signals.list, signals, this.styleOf);
  }

  barAt(param) {
    return barIndex(param, this.data ? this.data.dates.length : 0);
  }

  hover(index) {
    this.hoverIndex = index;
    this.renderLegend();
  }

  tap(index) {
    if (index === null) return;
    this.view.pointAt(this.data.bars.close[index], this.data.dates[index]);
    this.hover(index);
  }

  renderLegend() {
    if (this.data) this.legend.render(this.data, this.hoverIndex, this.names(this.data.convention), this.byDate, this.styleOf);
  }

  // The chart's text alternative and the heading name what is drawn.
  describe() {
    const { ariaLabel, heading } = describeChart(this.data, this.applied, this.names(this.applied.convention), this.indicator);
    this.frame.chart.setAttribute("aria-label", ariaLabel);
    this.head.lastChild.textContent = heading;
  }

  // Settings that differ from the embed's go into the page URL; the share box listens.
  saveUrl() {
    const extra = [];
    if (this.stats && this.horizon !== this.statsHorizons.initial) extra.push(["h", String(this.horizon)]);
    if (this.stats && this.stats.entry !== DEFAULT_ENTRY) extra.push(["e", this.stats.entry]);
    const { url, changed } = settingsToUrl(this.id, this.base, this.byConvention, this.applied, extra);
    this.figure.dispatchEvent(new CustomEvent("indicator-demo:statechange", { bubbles: true, detail: { id: this.id, url, changed } }));
  }
}

function describeChart(d, applied, names, indicator) {
  const values = names.map((name) => numberText(applied.params[name])).join(",");
  const label = shortLabel(d.label || indicator.toUpperCase(), d.outputs);
  const conv = conventionLabel(applied.convention);
  const range = `${d.dates[0]} 至 ${d.dates[d.dates.length - 1]}，共 ${d.dates.length} 个交易日`;
  const what = d.overlay ? `叠加 ${label}(${values}) 的` : `与 ${label}(${values}) 指标`;
  return {
    ariaLabel: `${d.name || d.symbol}日线 K 线${what}图，${conv}，${range}，下方列出最近的信号。`,
    heading: `${label} · ${d.name || ""}（${d.symbol}）日线 · ${conv}`,
  };
}

function sameDates(a, b) {
  return a.length === b.length && a[0] === b[0] && a[a.length - 1] === b[b.length - 1];
}
