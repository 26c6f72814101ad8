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

// A busy server (503, or 429 from the cost budget) says when to come back; a wait this
// short is worth taking for the reader instead of showing an error. A cold page's demos
// ask for several computations at once, and the server admits only a few at a time.
const RETRY_STATUSES = new Set([429, 503]);
const MAX_RETRY_SECONDS = 5;
const MAX_ATTEMPTS = 4;

function retryDelay(response) {
  if (!RETRY_STATUSES.has(response.status)) return null;
  const seconds = Number(response.headers.get("Retry-After"));
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_RETRY_SECONDS) return null;
  return seconds * 1000 * (1 + Math.random() * 0.5); // spread the returns apart
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

// One request at a time from this page: the server computes only a few uncached answers
// at once and refuses the rest (503), so a page whose demos asked all together would
// refuse itself. In turn, each waits only for the one before it.
let queue = Promise.resolve();

// -> { response, body } (body null when it is not JSON); throws on a network failure or abort.
export function fetchPayload(url, signal) {
  const turn = queue.then(() => fetchWithRetry(url, signal));
  queue = turn.catch(() => null);
  return turn;
}

async function fetchWithRetry(url, signal) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      signal,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const delay = attempt < MAX_ATTEMPTS ? retryDelay(response) : null;
    if (delay === null) {
      const body = await response.json().catch(() => null);
      return { response, body };
    }
    await pause(delay, signal);
  }
}

// The three answers the demo tells apart: data, a refused setting, or a failure to report.
export function readAnswer({ response, body }) {
  if (response.ok && body && Array.isArray(body.dates)) return { payload: body };
  if (response.status === 400 && body && body.error) return { error: body.error };
  return { failure: `数据暂时无法加载（HTTP ${response.status}），请稍后重试。` };
}
