// Talking to /api/indicators/<name>/: the request URL for a set of settings, a key that
// tells two settings apart, and the fetch itself.
import { numberText } from "./format.js";

export function settingsKey(paramNames, settings) {
  const params = paramNames.map((name) => name + "=" + numberText(settings.params[name]));
  return settings.convention + "|" + params.join("&");
}

export function requestUrl(api, symbol, paramNames, settings) {
  const query = ["symbol=" + encodeURIComponent(symbol), "convention=" + encodeURIComponent(settings.convention)];
  for (const name of paramNames) {
    query.push(encodeURIComponent(name) + "=" + encodeURIComponent(numberText(settings.params[name])));
  }
  return api + (api.includes("?") ? "&" : "?") + query.join("&");
}

// -> { response, body } (body null when it is not JSON); throws on a network failure or abort.
export async function fetchPayload(url, signal) {
  const response = await fetch(url, {
    signal,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  const body = await response.json().catch(() => null);
  return { response, body };
}

// The three answers the demo tells apart: data, a refused setting, or a failure to report.
export function readAnswer({ response, body }) {
  if (response.ok && body && Array.isArray(body.dates)) return { payload: body };
  if (response.status === 400 && body && body.error) return { error: body.error };
  return { failure: `数据暂时无法加载（HTTP ${response.status}），请稍后重试。` };
}
