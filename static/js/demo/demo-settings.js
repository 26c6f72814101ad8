// Where a demo's settings start and what its link carries: the embed's attributes, the
// reader's settings from the page URL over them, and back into the URL only what differs.
import { numberText, parseJsonAttr, sameNumber } from "./format.js";
import { isEntry } from "./stats-panel.js";
import { readUrlState, writeUrlState } from "./url-state.js";

// What the embed (templates/indicators/embed.html) says about its demo.
export function readEmbed(figure) {
  const base = {
    params: parseJsonAttr(figure.getAttribute("data-params")),
    convention: figure.getAttribute("data-convention") === "intl" ? "intl" : "cn",
  };
  // Each convention's parameters: the embed's in its own, the other's defaults. A body
  // stored before they differed (RSI, WR) has no such attribute: the same names in both.
  const other = base.convention === "cn" ? "intl" : "cn";
  let byConvention = parseJsonAttr(figure.getAttribute("data-convention-params"));
  if (!byConvention[other]) byConvention = { cn: base.params, intl: base.params };
  byConvention[base.convention] = base.params;
  return {
    id: figure.getAttribute("data-demo-id") || figure.id || "d",
    indicator: figure.getAttribute("data-indicator") || "",
    symbol: figure.getAttribute("data-symbol") || "",
    api: figure.getAttribute("data-api"),
    statsApi: figure.getAttribute("data-stats-api"),
    labUrl: figure.getAttribute("data-lab-url") || "",
    base,
    byConvention,
  };
}

// Where a switch to `convention` starts: the embed's values where they still apply (as
// indicators.params.kept_params on the server), that convention's defaults elsewhere.
export function startParams(byConvention, base, convention) {
  const params = { ...byConvention[convention] };
  for (const name of Object.keys(params)) if (name in base.params) params[name] = base.params[name];
  return params;
}

// Settings from the page URL over the embed's own. The stats panel's holding period (h)
// and entry (e) are read when the demo has a panel; unusable keys are dropped (`dropped`).
export function settingsFromUrl(id, base, byConvention, horizons) {
  const settings = { params: { ...base.params }, convention: base.convention };
  const found = { settings, fromUrl: false, dropped: false, horizon: null, entry: null };
  const state = readUrlState(id);
  const conv = (state.convention || "").trim();
  if (conv === "cn" || conv === "intl") {
    settings.convention = conv;
    settings.params = startParams(byConvention, base, conv);
    found.fromUrl = true;
    delete state.convention;
  }
  const names = Object.keys(byConvention[settings.convention]);
  for (const [key, value] of Object.entries(state)) {
    const raw = value.trim();
    if (key === "h" && horizons && horizons.includes(Number(raw))) {
      found.horizon = Number(raw);
    } else if (key === "e" && horizons && isEntry(raw)) {
      found.entry = raw;
    } else if (names.includes(key) && raw !== "" && isFinite(Number(raw))) {
      settings.params[key] = Number(raw);
      found.fromUrl = true;
    } else {
      found.dropped = true;
    }
  }
  return found;
}

// Writes the applied settings that differ from where they start (and `extra` pairs) into
// the page URL; the URL and whether anything differs.
export function settingsToUrl(id, base, byConvention, applied, extra) {
  const start = startParams(byConvention, base, applied.convention);
  const pairs = Object.keys(byConvention[applied.convention])
    .filter((name) => !sameNumber(applied.params[name], start[name]))
    .map((name) => [name, numberText(applied.params[name])]);
  if (applied.convention !== base.convention) pairs.push(["convention", applied.convention]);
  pairs.push(...extra);
  return { url: writeUrlState(id, pairs), changed: pairs.length > 0 };
}
