// Numbers as the trainer writes them: signed percentages with a real minus sign, and the
// colour class of a gain or loss (red up, green down).
export function signedPercent(fraction, digits = 1) {
  if (fraction === null || fraction === undefined || !isFinite(fraction)) return "—";
  const text = Math.abs(fraction * 100).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return (fraction > 0 ? "+" : "−") + text + "%";
}

export function toneOf(fraction) {
  if (!fraction || Math.abs(fraction) < 0.0005) return "";
  return fraction > 0 ? "is-up" : "is-down";
}

export function setFigure(node, text, tone) {
  node.textContent = text;
  node.classList.remove("is-up", "is-down");
  if (tone) node.classList.add(tone);
}

// Columns { open: [], high: [], … } -> [{ open, high, low, close }]
export function rows(bars) {
  return bars.close.map((close, i) => ({ open: bars.open[i], high: bars.high[i], low: bars.low[i], close }));
}
