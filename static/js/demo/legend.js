// The legend above the chart: date and prices, the indicator's values, and the signal (or a
// hint) for the bar under the pointer, or for the latest bar.
import { el, fixed2, numberText, shortLabel } from "./format.js";
import { DOWN, UP, WARMUP_FILL, byDirection } from "./theme.js";
import { volumeText } from "./volume.js";

export class Legend {
  constructor() {
    this.priceRow = el("div", { className: "demo-legend-row" });
    this.valueRow = el("div", { className: "demo-legend-row" });
    this.signalRow = el("div", { className: "demo-legend-row demo-legend-signal" });
    this.warmupRow = el("div", { className: "demo-legend-row demo-legend-warmup", hidden: true });
    this.node = el("div", { className: "demo-legend" }, [this.priceRow, this.valueRow, this.signalRow, this.warmupRow]);
  }

  // index: the bar to describe, or null for the latest; signals: date -> that day's signals.
  render(data, index, paramNames, signals, styleOf) {
    const i = index === null ? data.dates.length - 1 : index;
    this.renderPrices(data, i);
    this.renderValues(data, i, paramNames);
    const warming = i < warmupBars(data);
    this.renderSignal(signals.get(data.dates[i]), index === null, styleOf, warming);
    this.renderWarmup(data, warming);
  }

  renderPrices(data, i) {
    const b = data.bars;
    const close = b.close[i];
    const prev = i > 0 ? b.close[i - 1] : null;
    const change = prev ? ((close - prev) / prev) * 100 : null;
    const row = this.priceRow;
    row.textContent = "";
    row.appendChild(el("span", { className: "demo-legend-date", text: data.dates[i] }));
    for (const [name, value] of [["开", b.open[i]], ["高", b.high[i]], ["低", b.low[i]], ["收", close]]) {
      row.appendChild(el("span", { className: "demo-legend-item" }, [name + " ", el("b", { text: fixed2(value) })]));
    }
    const volume = data.volume && data.volume[i];
    if (volume !== null && volume !== undefined) {
      row.appendChild(el("span", { className: "demo-legend-item" }, ["量 ", el("b", { text: volumeText(volume) })]));
    }
    if (change === null) return;
    const dir = Math.sign(change);
    row.appendChild(
      el("span", {
        className: "demo-legend-item demo-change " + byDirection(dir, "is-up", "is-down", ""),
        text: (change > 0 ? "+" : "") + fixed2(change) + "%",
      })
    );
  }

  renderValues(data, i, paramNames) {
    const row = this.valueRow;
    row.textContent = "";
    const params = paramNames.map((name) => numberText(data.params[name])).join(",");
    row.appendChild(el("span", { className: "demo-legend-name", text: `${shortLabel(data.label, data.outputs)}(${params})` }));
    for (const output of data.spec.outputs || []) {
      const v = (data.series[output.name] || [])[i];
      const histogram = output.style === "histogram";
      const swatch = el("i", { className: "demo-swatch" + (histogram ? " is-bar" : ""), "aria-hidden": "true" });
      swatch.style.background = histogram ? (v !== null && v !== undefined && v < 0 ? DOWN : UP) : output.color;
      row.appendChild(el("span", { className: "demo-legend-item" }, [swatch, output.label + " ", el("b", { text: fixed2(v) })]));
    }
  }

  renderSignal(found, latest, styleOf, warming) {
    const row = this.signalRow;
    row.textContent = "";
    row.className = "demo-legend-row demo-legend-signal";
    if (found && found.length) {
      const dir = styleOf(found[found.length - 1].kind).dir;
      row.classList.add(byDirection(dir, "is-up", "is-down", "is-neutral"));
      row.appendChild(el("span", { text: "信号：" + found.map((s) => s.text).join(";") }));
    } else {
      row.classList.add("is-hint");
      if (warming) row.textContent = "预热期：指标尚未稳定，不标信号";
      else row.textContent = latest ? "最新一根 K 线；在图上移动光标或点按，查看其他日期" : "当日没有信号";
    }
  }

  // Says what the grey shading is, whenever the window starts inside the warm-up.
  renderWarmup(data, warming) {
    const row = this.warmupRow;
    const bars = warmupBars(data);
    row.hidden = bars === 0;
    row.classList.toggle("is-current", warming);
    if (!bars) return;
    const until = data.warmup.until;
    const swatch = el("i", { className: "demo-swatch is-bar", "aria-hidden": "true" });
    swatch.style.background = WARMUP_FILL;
    const text = until && until <= data.dates[data.dates.length - 1]
      ? `预热期（灰色底纹）：开头 ${bars} 根 K 线的指标值还没有稳定，不标信号；${until} 起可信`
      : "预热期（灰色底纹）：这段行情不够长，指标值始终没有稳定，不标信号";
    row.textContent = "";
    row.appendChild(el("span", {}, [swatch, text]));
  }
}

// How many bars at the start of the payload's window are still warming up.
function warmupBars(data) {
  return (data.warmup && data.warmup.bars) || 0;
}
