// Small DOM and text helpers shared by the demo modules.

// el("p", { className: "x", text: "hi" }, [child, "text"]); false/null attributes are left out.
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function pad2(n) {
  return (n < 10 ? "0" : "") + n;
}

// lightweight-charts hands times back as "YYYY-MM-DD", {year, month, day} or a UTC timestamp.
export function timeText(time) {
  if (typeof time === "string") return time;
  if (typeof time === "number") {
    const d = new Date(time * 1000);
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  }
  if (time && time.year) return `${time.year}-${pad2(time.month)}-${pad2(time.day)}`;
  return "";
}

export function tickText(time, type) {
  const full = timeText(time);
  if (!full) return null;
  if (type === LightweightCharts.TickMarkType.Year) return full.slice(0, 4);
  if (type === LightweightCharts.TickMarkType.Month) return full.slice(0, 7);
  return full.slice(5);
}

// Two decimals, with the site's one minus sign (U+2212): −85.23, never a hyphen.
export function fixed2(value) {
  if (value === null || value === undefined || !isFinite(value)) return "—";
  const text = Number(value).toFixed(2);
  return text === "-0.00" ? "0.00" : text.replace("-", "\u2212");
}

// Shortest faithful text for a parameter value (2 -> "2", 2.5 -> "2.5").
export function numberText(value) {
  return String(Number(value));
}

export function sameNumber(a, b) {
  return Number(a) === Number(b);
}

// "MACD 指数平滑…" -> "MACD"; a one-line indicator goes by its line's name ("WR", not "Williams %R").
export function shortLabel(label, outputs) {
  if (outputs && outputs.length === 1 && outputs[0].label) return outputs[0].label;
  return String(label || "")
    .split(/\s+(?=[\u3400-\u9fff])/)[0]
    .trim();
}

export function parseJsonAttr(text) {
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
