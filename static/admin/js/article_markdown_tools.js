// Images in the Markdown body: drop, paste or pick a file and it is uploaded to the same
// staff-only endpoint CKEditor uses (articles.uploads); ![名称](地址) appears at the cursor.
(function () {
  "use strict";

  let editor, textarea, status;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", Boolean(isError));
  }

  function altText(file) {
    return (file.name || "图片").replace(/\.[^.]+$/, "").replace(/[[\]]/g, "");
  }

  function upload(file) {
    const placeholder = "![上传中：" + altText(file) + "…]()";
    editor.insertAtCursor(textarea, placeholder, false);
    say("正在上传 " + file.name + " …");
    const body = new FormData();
    body.append("upload", file);
    return fetch(editor.config().uploadUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": editor.csrfToken() },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error ? data.error.message : "上传失败。");
        replace(placeholder, "![" + altText(file) + "](" + data.url + ")");
        say("图片已上传并插入。");
      });
    }).catch(function (error) {
      replace(placeholder, "");
      say("图片没有上传成功：" + (error.message || "网络错误，请稍后再试。"), true);
    });
  }

  function replace(placeholder, text) {
    const at = textarea.value.indexOf(placeholder);
    if (at < 0) return;
    textarea.setRangeText(text, at, at + placeholder.length, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function images(list) {
    return Array.from(list || []).filter(function (file) { return /^image\//.test(file.type); });
  }

  function uploadAll(files) {
    files.reduce(function (previous, file) {
      return previous.then(function () { return upload(file); });
    }, Promise.resolve());
  }

  function toolbar() {
    const bar = document.createElement("div");
    bar.className = "markdown-tools";
    const pick = document.createElement("input");
    pick.type = "file";
    pick.accept = "image/png,image/jpeg,image/gif,image/webp";
    pick.id = "markdown-image-file";
    pick.className = "visually-hidden";
    const label = document.createElement("label");
    label.htmlFor = pick.id;
    label.className = "button";
    label.textContent = "插入图片";
    pick.addEventListener("change", function () {
      uploadAll(images(pick.files));
      pick.value = "";
    });
    status = document.createElement("span");
    status.className = "markdown-tools-status";
    status.setAttribute("role", "status");
    bar.append(pick, label, status); // the input first: its focus ring is drawn on the label
    editor.markdownFrame().prepend(bar);
  }

  document.addEventListener("DOMContentLoaded", function () {
    editor = window.ArticleEditor;
    if (!editor || !editor.form() || !editor.config()) return;
    textarea = editor.field("body_markdown");
    if (!textarea) return;
    toolbar();
    textarea.addEventListener("dragover", function (event) {
      if (Array.from(event.dataTransfer.types).indexOf("Files") >= 0) event.preventDefault();
    });
    textarea.addEventListener("drop", function (event) {
      const files = images(event.dataTransfer.files);
      if (!files.length) return;
      event.preventDefault();
      textarea.focus();
      uploadAll(files);
    });
    textarea.addEventListener("paste", function (event) {
      const files = images(event.clipboardData && event.clipboardData.files);
      if (!files.length) return;
      event.preventDefault();
      uploadAll(files);
    });
  });
})();
