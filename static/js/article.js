// Article page behaviour: count the view once the page is really shown, and share links.
(function () {
  "use strict";

  const MAX_VIEW_ATTEMPTS = 4;
  const DEFAULT_RETRY_SECONDS = 30;

  // Retry-After in seconds (an HTTP date or nonsense falls back to the default), kept
  // between one second and five minutes.
  function retryDelay(response) {
    const header = response.headers.get("Retry-After");
    const seconds = header === null || header.trim() === "" ? NaN : Number(header);
    const wait = Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_RETRY_SECONDS;
    return Math.min(Math.max(wait, 1), 300) * 1000;
  }

  function countView() {
    const article = document.querySelector("article[data-view-url]");
    const url = article && article.getAttribute("data-view-url");
    if (!url) return;
    // A 503 means the view could not be stored (the count store is down or full): send
    // it again after the server's Retry-After while the reader is still on the page. The
    // server counts a reader once per window, so a repeat never counts twice.
    const send = function (attempt) {
      fetch(url, { method: "POST", credentials: "same-origin", keepalive: true })
        .then(function (response) {
          if (response.status !== 503 || attempt >= MAX_VIEW_ATTEMPTS) return;
          window.setTimeout(function () { send(attempt + 1); }, retryDelay(response));
        })
        .catch(function () { /* counting must never disturb reading */ });
    };
    // A prerendered page is not a read until the reader actually opens it.
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", function () { send(1); }, { once: true });
    } else {
      send(1);
    }
  }

  function copyText(text, input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-http pages (local use) have no async clipboard: select the field instead.
    input.focus();
    input.select();
    const ok = document.execCommand && document.execCommand("copy");
    return ok ? Promise.resolve() : Promise.reject(new Error("copy unavailable"));
  }

  function setUpCopyLink() {
    const button = document.querySelector("[data-role=copy-link]");
    const input = document.querySelector("[data-role=share-url]");
    const status = document.querySelector("[data-role=share-status]");
    if (!button || !input) return;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-url"), input).then(
        function () { announce(status, "链接已复制，可以粘贴到微信或其他应用分享。", "is-done"); },
        function () { announce(status, "无法自动复制，请长按或手动复制上面的链接。", "is-error"); }
      );
    });
    input.addEventListener("focus", function () { input.select(); });
  }

  // The status line turns into a highlighted notice, so a copy is seen, not only read out.
  function announce(status, text, state) {
    status.textContent = text;
    status.classList.remove("is-done", "is-error", "muted");
    status.classList.add(state);
  }

  // Phones (and some desktops) have a system share sheet: offer it where it exists.
  function setUpNativeShare() {
    const button = document.querySelector("[data-role=native-share]");
    const link = document.querySelector("[data-role=copy-link]");
    const status = document.querySelector("[data-role=share-status]");
    if (!button || !link || typeof navigator.share !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: button.getAttribute("data-title"),
        text: button.getAttribute("data-text"),
        url: link.getAttribute("data-url")
      }).then(
        function () { announce(status, "已打开系统分享。", "is-done"); },
        function (error) {
          // Closing the sheet is a choice, not a failure.
          if (error && error.name !== "AbortError") {
            announce(status, "系统分享不可用，请复制链接分享。", "is-error");
          }
        }
      );
    });
  }

  // Live demos put their settings in the address bar (d1.n=20 …). Share those too:
  // every target (copy link, QR code, system share, Weibo, QQ, mail) gets the same URL,
  // which reopens the demo as the reader left it.
  function followDemoState() {
    const button = document.querySelector("[data-role=copy-link]");
    const input = document.querySelector("[data-role=share-url]");
    const qr = document.querySelector("[data-role=share-qr]");
    if (!button || !input) return;
    const canonical = button.getAttribute("data-url");
    const qrBase = qr && qr.getAttribute("src").split("?")[0];
    const follow = function () {
      const query = demoQuery();
      button.setAttribute("data-url", canonical + query);
      input.value = canonical + query;
      if (qr) qr.setAttribute("src", qrBase + query);
      document.querySelectorAll("a[data-share-param]").forEach(function (link) {
        link.setAttribute("href", withParam(link.getAttribute("href"), link.getAttribute("data-share-param"), canonical + query));
      });
    };
    document.addEventListener("indicator-demo:statechange", follow);
    // A shared link opened here already carries settings, before any demo has loaded (a
    // demo loads when it nears the screen): pass them on at once. Settings the server
    // refuses get no QR code of their own, so the plain one comes back.
    if (demoQuery()) {
      if (qr) qr.addEventListener("error", function () { qr.setAttribute("src", qrBase); }, { once: true });
      follow();
    }
  }

  // The page URL's demo settings (d1.n=20 …) as a query string, or "".
  function demoQuery() {
    const state = new URLSearchParams();
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (/^d\d+\./.test(key)) state.append(key, value);
    });
    return state.toString() ? "?" + state.toString() : "";
  }

  // `href` with its `name` parameter set to `value`; every other byte is kept (a mail
  // client would show the "+" that URLSearchParams writes for a space in the subject).
  function withParam(href, name, value) {
    const pattern = new RegExp("([?&]" + name + "=)[^&]*");
    return href.replace(pattern, function (_, head) { return head + encodeURIComponent(value); });
  }

  countView();
  setUpCopyLink();
  setUpNativeShare();
  followDemoState();
})();
