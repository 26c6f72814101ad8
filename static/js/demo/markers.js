// Textbook signals on the chart: an arrow and a short tag per signal, placed and coloured by
// the direction the API's spec gives for its kind, and a short list of the latest ones.
import { el } from "./format.js";
import { DOWN, NEUTRAL, UP, byDirection } from "./theme.js";

const SIGNALS_LISTED = 5;
const MARKER_TEXT_GAP = 30; // px between marker tags on the same side of the bars
const MARKER_TEXT_EDGE = 16; // px: a tag centred closer than this to a plot edge gets cut off
const UNKNOWN = { dir: 0, tag: "信号" };

// spec.signals -> kind => { dir: +1 buy-side | -1 sell-side, tag: "金叉" … }
export function signalStyles(spec) {
  const known = new Map((spec.signals || []).map((s) => [s.kind, { dir: s.direction, tag: s.label }]));
  return (kind) => known.get(kind) || UNKNOWN;
}

function markerFor(signal, index, style) {
  return {
    index,
    time: signal.date,
    position: byDirection(style.dir, "belowBar", "aboveBar", "inBar"),
    shape: byDirection(style.dir, "arrowUp", "arrowDown", "circle"),
    color: byDirection(style.dir, UP, DOWN, NEUTRAL),
    text: style.tag,
  };
}

export class SignalMarkers {
  constructor(seriesMarkers, timeScale) {
    this.seriesMarkers = seriesMarkers;
    this.timeScale = timeScale;
    this.defs = [];
    this.layoutKey = "";
    this.frame = 0;
  }

  set(signals, dates, styleOf) {
    const indexOf = new Map(dates.map((date, i) => [date, i]));
    this.defs = signals
      .filter((s) => indexOf.has(s.date))
      .map((s) => markerFor(s, indexOf.get(s.date), styleOf(s.kind)));
    this.layoutKey = "";
    this.layout();
  }

  // Marker tags overlap when signals crowd together: walking from the newest, a tag is shown
  // only if the previous tag on the same side is far enough away, and not at all when it would
  // be cut off at the edge of the plot. Arrows always stay.
  layout() {
    const plotWidth = this.timeScale.width();
    const lastX = {};
    const lastIndex = {};
    const shown = new Array(this.defs.length);
    for (let k = this.defs.length - 1; k >= 0; k--) {
      const m = this.defs[k];
      const x = this.timeScale.logicalToCoordinate(m.index);
      if (x === null || x < MARKER_TEXT_EDGE || x > plotWidth - MARKER_TEXT_EDGE) {
        shown[k] = false;
      } else if (m.index === lastIndex[m.position]) {
        shown[k] = true; // stacked on the same bar: no horizontal clash
      } else if (!(m.position in lastX && lastX[m.position] - x < MARKER_TEXT_GAP)) {
        shown[k] = true;
        lastX[m.position] = x;
        lastIndex[m.position] = m.index;
      } else {
        shown[k] = false;
      }
    }
    const key = shown.map(Number).join("");
    if (key === this.layoutKey) return;
    this.layoutKey = key;
    this.seriesMarkers.setMarkers(
      this.defs.map((m, k) => ({ time: m.time, position: m.position, shape: m.shape, color: m.color, text: shown[k] ? m.text : "" }))
    );
  }

  scheduleLayout() {
    if (this.frame) return;
    this.frame = window.requestAnimationFrame(() => {
      this.frame = 0;
      this.layout();
    });
  }
}

// The latest few, newest first, as text for screen readers and small screens.
export function renderSignalList(list, signals, styleOf) {
  list.textContent = "";
  const latest = signals.slice(-SIGNALS_LISTED).reverse();
  if (!latest.length) {
    list.appendChild(el("li", { className: "demo-signal-empty", text: "图示区间内没有出现信号。" }));
    return;
  }
  for (const s of latest) {
    const dir = styleOf(s.kind).dir;
    list.appendChild(
      el("li", { className: byDirection(dir, "is-up", "is-down", "") }, [
        el("span", { className: "demo-signal-mark", "aria-hidden": "true", text: byDirection(dir, "▲", "▼", "●") }),
        el("time", { datetime: s.date, text: s.date }),
        el("span", { className: "demo-signal-text", text: s.text }),
      ])
    );
  }
}

// date -> the signals of that day, for the legend.
export function signalsByDate(signals) {
  const byDate = new Map();
  for (const s of signals) {
    const list = byDate.get(s.date) || [];
    list.push(s);
    byDate.set(s.date, list);
  }
  return byDate;
}
