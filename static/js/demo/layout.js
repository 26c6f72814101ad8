// The parts of a live demo around its form and legend: heading, chart frame, toolbar,
// signal list and credit. Only DOM building; behaviour is wired up in demo.js.
import { el } from "./format.js";

// Phones and tablets: no Ctrl key or mouse wheel to tell the reader about.
const TOUCH_ONLY = Boolean(window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches);

export function buildHead(text) {
  return el("p", { className: "demo-head" }, [
    el("span", { className: "demo-badge", text: "互动演示" }),
    el("span", { className: "demo-head-text", text }),
  ]);
}

export function buildChartFrame() {
  const chart = el("div", { className: "demo-chart", role: "img", "aria-label": "K 线与指标图（加载中）" });
  const status = el("div", { className: "demo-status", role: "status", "aria-live": "polite" });
  const hint = el("div", { className: "demo-wheel-hint", "aria-hidden": "true", text: "按住 Ctrl 键再滚动滚轮可缩放图表" });
  const wrap = el("div", { className: "demo-chart-wrap is-loading" }, [chart, status, hint]);
  return { chart, status, hint, wrap };
}

function tool(text, label) {
  return el("button", { type: "button", className: "demo-button demo-tool", text, "aria-label": label, disabled: true });
}

export function buildToolbar() {
  const buttons = {
    zoomIn: tool("放大", "放大图表"),
    zoomOut: tool("缩小", "缩小图表"),
    recent: tool("最近", "显示最近的 K 线"),
    all: tool("全部", "显示全部 K 线"),
  };
  const node = el("div", { className: "demo-toolbar" }, [
    el("p", { className: "demo-hint", text: TOUCH_ONLY ? "左右拖动平移，双指缩放" : "左右拖动平移，双指或 Ctrl+滚轮缩放" }),
    el("div", { className: "demo-tools" }, Object.values(buttons)),
  ]);
  return { node, buttons };
}

export function buildSignalsBox(prefix) {
  const titleId = prefix + "-signals";
  const list = el("ul", { className: "demo-signal-list", "aria-labelledby": titleId });
  const node = el("div", { className: "demo-signals" }, [
    el("p", { className: "demo-signals-title", id: titleId, text: "最近的信号" }),
    list,
  ]);
  return { node, list };
}

export function buildCredit() {
  return el("p", { className: "demo-credit" }, [
    "图表绘制：",
    el("a", { href: "https://www.tradingview.com/", rel: "noopener", target: "_blank", text: "TradingView Lightweight Charts™" }),
  ]);
}

// A plain vertical wheel scrolls the article, not the chart; Ctrl/⌘ + wheel (and a
// trackpad pinch, which browsers report as Ctrl + wheel) zooms; sideways swipes pan.
// The hint says so when a reader wheels over the chart.
export function bindWheelHint(frame) {
  let timer = 0;
  const onWheel = (event) => {
    if (event.ctrlKey || event.metaKey) return;
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
    event.stopPropagation();
    frame.hint.classList.add("is-shown");
    clearTimeout(timer);
    timer = setTimeout(() => frame.hint.classList.remove("is-shown"), 1200);
  };
  frame.chart.addEventListener("wheel", onWheel, { capture: true, passive: true });
}

// The frame's status line: loading, updating, a message, or a failure with 重试.
export function showStatus(frame, text) {
  frame.wrap.classList.remove("is-failed");
  frame.status.textContent = text;
  frame.wrap.classList.toggle("has-status", Boolean(text));
}

export function showFailure(frame, message, onRetry) {
  frame.wrap.classList.remove("is-updating", "is-loading");
  const retry = el("button", { type: "button", className: "demo-button", text: "重试" });
  retry.addEventListener("click", onRetry);
  frame.status.textContent = "";
  frame.status.appendChild(el("span", { text: message }));
  frame.status.appendChild(retry);
  frame.wrap.classList.add("is-failed");
}
