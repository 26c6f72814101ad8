// The article change form's shared parts: its settings (json_script), the CSRF token, the
// fields an author writes in, the CKEditor instance once it exists, inserting text at the
// cursor, the 字数 counter, and one "something changed" signal the other scripts listen to.
(function () {
  "use strict";

  const RICH_ID = "id_body_rich";
  const FIELDS = ["title", "summary", "body_format", "body_markdown", "body_rich"];
  const listeners = [];
  const richWaiters = [];
  let rich = null;

  function config() {
    const data = document.getElementById("article-editor-config");
    return data ? JSON.parse(data.textContent) : null;
  }

  function form() {
    return document.getElementById("article_form");
  }

  function field(name) {
    return form().elements.namedItem(name);
  }

  function csrfToken() {
    const input = form().querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function values() {
    const out = {};
    FIELDS.forEach(function (name) {
      const input = field(name);
      out[name] = name === "body_rich" && rich ? rich.getData() : input ? input.value : "";
    });
    return out;
  }

  function apply(fields) {
    FIELDS.forEach(function (name) {
      const input = field(name);
      if (!input || !(name in fields)) return;
      input.value = fields[name];
      if (name === "body_rich" && rich) rich.setData(fields[name]);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    changed();
  }

  function changed() {
    listeners.forEach(function (listener) { listener(); });
  }

  function onChange(listener) {
    listeners.push(listener);
  }

  function whenRich(callback) {
    if (rich) callback(rich);
    else richWaiters.push(callback);
  }

  // django-ckeditor-5 keeps its editors in window.editors; ours appears once created.
  function watchForRich() {
    let tries = 0;
    const timer = setInterval(function () {
      const editor = window.editors && window.editors[RICH_ID];
      if (!editor && ++tries < 300) return;
      clearInterval(timer);
      if (!editor) return;
      rich = editor;
      editor.model.document.on("change:data", changed);
      richWaiters.splice(0).forEach(function (callback) { callback(editor); });
    }, 100);
  }

  function insertAtCursor(textarea, text, ownParagraph) {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    let insert = text;
    if (ownParagraph) {
      const before = textarea.value.slice(0, start);
      const after = textarea.value.slice(end);
      const lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
      const tail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
      insert = lead + text + tail;
    }
    textarea.setRangeText(insert, start, end, "end");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // 字数 as a Chinese author counts: each Chinese character is one, a run of Latin letters
  // or digits (MACD, 600519, 12.5) is one; punctuation and spaces are not counted.
  function countWords(text) {
    const han = text.match(/[\u3400-\u9fff\uf900-\ufaff]/g) || [];
    const words = text.replace(/[\u3400-\u9fff\uf900-\ufaff]/g, " ").match(/[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*/g) || [];
    return han.length + words.length;
  }

  function plainText(html) {
    const box = document.createElement("div");
    box.innerHTML = html;
    return box.textContent || "";
  }

  function showCount(box, text) {
    box.textContent = "字数：" + countWords(text);
  }

  // The Markdown box, its tools above and its counter below, as one item of the form row.
  function markdownFrame() {
    const markdown = field("body_markdown");
    if (markdown.parentNode.classList.contains("markdown-frame")) return markdown.parentNode;
    const frame = document.createElement("div");
    frame.className = "markdown-frame";
    markdown.insertAdjacentElement("beforebegin", frame);
    frame.append(markdown);
    return frame;
  }

  function setUpCounters() {
    const markdown = field("body_markdown");
    const mdCount = document.createElement("p");
    mdCount.className = "word-counter";
    mdCount.setAttribute("data-role", "word-count-markdown");
    markdownFrame().append(mdCount);
    const richCount = document.createElement("p");
    richCount.className = "word-counter";
    richCount.setAttribute("data-role", "word-count-rich");
    document.querySelector(".field-body_rich .ck-editor-container").appendChild(richCount);
    const update = function () {
      showCount(mdCount, markdown.value);
      showCount(richCount, plainText(values().body_rich));
    };
    update();
    onChange(update);
  }

  window.ArticleEditor = {
    config: config, form: form, field: field, csrfToken: csrfToken, values: values,
    apply: apply, changed: changed, onChange: onChange, whenRich: whenRich,
    insertAtCursor: insertAtCursor, countWords: countWords, markdownFrame: markdownFrame,
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!form() || !config()) return;
    form().addEventListener("input", changed);
    watchForRich();
    setUpCounters();
  });
})();
