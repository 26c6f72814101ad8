// The trainer's JSON API (practice/API.md). Every call answers { ok, status, body, message };
// a refusal or error has its Chinese explanation in `message` (the site's error shape is
// { error: { param, message }, code }).
function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function call(method, url, data) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (data !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.headers["X-CSRFToken"] = csrfToken();
    init.body = JSON.stringify(data);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, body: null, message: "网络连接失败，请检查网络后重试。" };
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body) return { ok: true, status: response.status, body, message: "" };
  const message = (body && body.error && body.error.message) || `服务器暂时无法处理（HTTP ${response.status}），请稍后重试。`;
  return { ok: false, status: response.status, body, message };
}

export class PracticeApi {
  // urls: { start, round } where round contains "ROUND_ID"
  constructor(urls) {
    this.urls = urls;
  }

  roundUrl(id, tail = "") {
    return this.urls.round.replace("ROUND_ID", encodeURIComponent(id)) + tail;
  }

  start(choice) {
    return call("POST", this.urls.start, choice);
  }

  state(id) {
    return call("GET", this.roundUrl(id));
  }

  turn(id, number, action) {
    return call("POST", this.roundUrl(id, "turn/"), { turn: number, action });
  }

  stop(id) {
    return call("POST", this.roundUrl(id, "stop/"), {});
  }
}
