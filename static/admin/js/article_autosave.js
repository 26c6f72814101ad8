// Autosave for the article form. Every change is copied to this browser (localStorage) at
// once, so a crashed tab loses nothing; every few seconds the changes also go to the server
// (articles.autosave, never the article itself). On opening, a newer copy is offered back.
// Leaving with changes that 保存 has not kept asks first.
(function () {
  "use strict";

  const SAVING_FLAG = "kxt-article-saving";
  let editor, settings, status;
  let dirty = false;
  let submitting = false;
  let unsent = false;
  let stale = false; // saved elsewhere since this page opened: autosave stops

  function readLocal() {
    try {
      return JSON.parse(localStorage.getItem(settings.storageKey) || "null");
    } catch {
      return null;
    }
  }

  function writeLocal() {
    try {
      const copy = { fields: editor.values(), saved_at: new Date().toISOString() };
      localStorage.setItem(settings.storageKey, JSON.stringify(copy));
    } catch {
      say("浏览器无法保存本地草稿（存储空间已满或被禁用）。");
    }
  }

  function say(text) {
    status.textContent = text;
  }

  function timeOf(iso) {
    return new Date(iso).toLocaleString("zh-CN", { hour12: false });
  }

  function sendToServer() {
    if (!unsent || !settings.autosaveUrl || submitting || stale) return;
    unsent = false;
    const body = new FormData();
    const fields = editor.values();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    body.append("_base", settings.savedAt);
    fetch(settings.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": editor.csrfToken() },
    }).then(function (response) {
      return response.json().then(function (data) {
        stale = response.status === 409;
        if (stale) return say(data.error.message);
        if (!response.ok) throw new Error(data.error ? data.error.message : "");
        say("草稿已自动保存到服务器（" + timeOf(data.saved_at) + "），读者看到的仍是上次保存的版本。");
      });
    }).catch(function (error) {
      unsent = true;
      say((error.message || "暂时连不上服务器") + "：草稿已保存在本机浏览器里，联网后会再试。");
    });
  }

  function onEdit() {
    dirty = true;
    unsent = true;
    writeLocal();
    if (!settings.autosaveUrl) say("草稿已保存在本机浏览器里（新文章第一次保存后才会保存到服务器）。");
  }

  function same(fields) {
    const now = editor.values();
    return Object.keys(fields).every(function (name) { return (fields[name] || "") === (now[name] || ""); });
  }

  // The newest copy worth offering: newer than the last real save, and not what is shown.
  function offer() {
    const local = readLocal();
    const candidates = [];
    if (local && (!settings.savedAt || Date.parse(local.saved_at) > Date.parse(settings.savedAt))) {
      candidates.push(["本机浏览器", local]);
    }
    if (settings.serverDraft) candidates.push(["服务器", settings.serverDraft]);
    candidates.sort(function (a, b) { return Date.parse(b[1].saved_at) - Date.parse(a[1].saved_at); });
    const best = candidates.find(function (item) { return !same(item[1].fields); });
    if (best) showNotice(best[0], best[1]);
  }

  function showNotice(where, draft) {
    const notice = document.querySelector("[data-role=autosave-notice]");
    notice.querySelector("[data-role=autosave-notice-text]").textContent =
      "发现一份保存在" + where + "里的自动保存草稿（" + timeOf(draft.saved_at) + "），比当前显示的内容新，还没有正式保存。";
    notice.hidden = false;
    notice.querySelector("[data-role=autosave-restore]").addEventListener("click", function () {
      editor.apply(draft.fields);
      notice.hidden = true;
      say("已恢复自动保存的草稿；点“保存”后才会更新文章。");
    });
    notice.querySelector("[data-role=autosave-discard]").addEventListener("click", function () {
      discard();
      notice.hidden = true;
      say("已丢弃自动保存的草稿。");
    });
  }

  function discard() {
    localStorage.removeItem(settings.storageKey);
    if (!settings.autosaveUrl) return;
    fetch(settings.autosaveUrl, {
      method: "DELETE", credentials: "same-origin", headers: { "X-CSRFToken": editor.csrfToken() },
    });
  }

  // After a successful 保存 the page comes back without an error note: the copy is obsolete.
  function forgetSavedCopy() {
    const key = sessionStorage.getItem(SAVING_FLAG);
    if (!key) return;
    sessionStorage.removeItem(SAVING_FLAG);
    if (!document.querySelector("#article_form .errornote")) localStorage.removeItem(key);
  }

  function watchLeaving() {
    editor.form().addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.getAttribute("data-role") === "preview") return;
      submitting = true;
      sessionStorage.setItem(SAVING_FLAG, settings.storageKey);
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    editor = window.ArticleEditor;
    settings = editor && editor.form() && editor.config();
    if (!settings) return;
    status = document.querySelector("[data-role=autosave-status]");
    forgetSavedCopy();
    watchLeaving();
    let started = false;
    const start = function () {
      if (started) return;
      started = true;
      offer();
      editor.onChange(onEdit);
      setInterval(sendToServer, settings.intervalSeconds * 1000);
    };
    editor.whenRich(start);
    setTimeout(start, 8000); // without CKEditor (a script failed), Markdown still autosaves
  });
})();
