// Colours shared by the chart, its markers and the legend. Chinese convention: red is up,
// green is down. Line colours are per-indicator facts and come from the API's spec.
export const UP = "#e03131";
export const DOWN = "#2f9e44";
export const NEUTRAL = "#e67700";
export const VOLUME_UP = "rgba(224, 49, 49, 0.55)"; // the volume bars: the candle colours, lighter
export const VOLUME_DOWN = "rgba(47, 158, 68, 0.55)";
export const LEVEL_COLOR = "#8a919c";
export const LEVEL_LIGHT_COLOR = "rgba(138, 145, 156, 0.45)";
export const WARMUP_FILL = "rgba(138, 145, 156, 0.16)"; // the 预热期 shading (and its swatch)

// -1, 0 or +1 -> one of three values, e.g. byDirection(dir, "is-up", "is-down", "").
export function byDirection(dir, up, down, flat) {
  if (dir > 0) return up;
  if (dir < 0) return down;
  return flat;
}
