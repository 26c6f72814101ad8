// Comments under an article: reply in place and post without leaving the page.
// The page is publicly cached and carries no CSRF token, so one is fetched just before
// posting. Without this script the form still works: it posts to a standalone page.
(function () {
  "use strict";

  const form = document.querySelector("[data-role=comment-form]");
  if (!form || !window.fetch) return;

  const threads = document.querySelector("[data-role=comment-threads]");
  const statusBox = form.querySelector("[data-role=form-status]");
  const submitButton = form.querySelector("[data-role=comment-submit]");
  const replyField = form.querySelector("input[name=reply_to]");
  const replying = form.querySelector("[data-role=replying]");
  const replyingName = form.querySelector("[data-role=replying-name]");
  const home = document.createComment("comment form home");
  form.parentNode.insertBefore(home, form);

  function showStatus(text, kind) {
    statusBox.textContent = text;
    statusBox.className = "comment-status" + (kind ? " is-" + kind : "");
    statusBox.hidden = !text;
  }

  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (box) {
      box.textContent = "";
      box.hidden = true;
    });
  }

  function showErrors(errors) {
    Object.keys(errors || {}).forEach(function (field) {
      const box = form.querySelector("[data-error-for='" + field + "']") ||
        form.querySelector("[data-error-for='__all__']");
      box.textContent = (box.textContent + " " + errors[field].join(" ")).trim();
      box.hidden = false;
    });
  }

  // Replies: move the form under the comment being answered; "取消回复" moves it back.
  function startReply(link) {
    replyField.value = link.getAttribute("data-reply-to");
    replyingName.textContent = link.getAttribute("data-reply-name");
    replying.hidden = false;
    link.closest(".comment").insertAdjacentElement("afterend", form);
    form.querySelector("textarea").focus();
  }

  function cancelReply() {
    replyField.value = "";
    replying.hidden = true;
    home.parentNode.insertBefore(form, home.nextSibling);
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-role=reply]");
    if (link) {
      event.preventDefault();
      startReply(link);
    } else if (event.target.closest("[data-role=cancel-reply]")) {
      cancelReply();
    }
  });

  function fetchToken() {
    return fetch(form.getAttribute("data-csrf-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error("token");
      return response.json();
    }).then(function (data) { return data.token; });
  }

  function send(token) {
    return fetch(form.getAttribute("data-submit-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
      body: new URLSearchParams(new FormData(form)),
    });
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      // Site-wide errors (CSRF, bad input, server faults) answer {"error": {"message": …}}.
      if (!data.message && data.error) data.message = data.error.message;
      return { status: response.status, data: data };
    });
  }

  function insertComment(data) {
    const empty = document.querySelector("[data-role=comments-empty]");
    if (empty) empty.remove();
    const replies = data.thread &&
      document.querySelector("[data-thread='" + data.thread + "'] [data-role=replies]");
    if (replies) {
      const item = document.createElement("li");
      item.innerHTML = data.html;  // rendered by the server from escaped text
      replies.appendChild(item);
    } else {
      threads.insertAdjacentHTML("beforeend", data.html);
    }
    if (data.status === "approved") {
      const count = document.querySelector("[data-role=comment-count]");
      if (count) count.textContent = String(Number(count.textContent) + 1);
    }
    const shown = data.id && document.getElementById("c-" + data.id);
    if (shown) shown.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function handle(result) {
    if (result.status === 201) {
      insertComment(result.data);
      form.querySelector("textarea").value = "";
      cancelReply();
      showStatus(result.data.message, result.data.status === "approved" ? "ok" : "held");
    } else if (result.status === 400) {
      showErrors(result.data.errors);
      showStatus(result.data.message || "请检查后再提交。", "error");
    } else {
      showStatus(result.data.message || "暂时无法发表评论，请稍后再试。", "error");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    showStatus("正在发表…");
    submitButton.disabled = true;
    fetchToken()
      .then(function (token) {
        return send(token).then(function (response) {
          // 403: the token went stale (another tab signed in or out). Try once more.
          if (response.status !== 403) return response;
          return fetchToken().then(send);
        });
      })
      .then(readJson)
      .then(handle)
      .catch(function () { showStatus("网络好像断了，请稍后再试。", "error"); })
      .then(function () { submitButton.disabled = false; });
  });
})();
