// 插入互动演示: pick an indicator, a price series and the parameters; the server checks them
// with the indicator API's own validator (articles.demo_picker) and returns the demo line,
// which goes in as a paragraph of its own, in Markdown or in CKEditor, wherever the cursor is.
(function () {
  "use strict";

  let editor, picker, dialog, form, paramsBox, errorBox;

  function option(value, text) {
    const element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    return element;
  }

  function labelled(text, control) {
    const label = document.createElement("label");
    label.className = "demo-picker-row";
    const span = document.createElement("span");
    span.textContent = text;
    label.append(span, control);
    return label;
  }

  function select(name, items) {
    const element = document.createElement("select");
    element.name = name;
    items.forEach(function (item) { element.append(option(item[0], item[1])); });
    return element;
  }

  function showParams() {
    const spec = picker.indicators.find(function (item) { return item.name === form.elements.indicator.value; });
    paramsBox.replaceChildren();
    spec.params.forEach(function (param) {
      const input = document.createElement("input");
      input.type = "number";
      input.name = param.name;
      input.value = param.default;
      input.min = param.min;
      input.max = param.max;
      input.step = param.integer ? "1" : "any";
      input.required = true;
      paramsBox.append(labelled(param.label + "（" + param.name + "）", input));
    });
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "demo-picker";
    dialog.setAttribute("aria-labelledby", "demo-picker-title");
    form = document.createElement("form");
    form.method = "dialog";
    const title = document.createElement("h2");
    title.id = "demo-picker-title";
    title.textContent = "插入互动演示";
    const indicators = select("indicator", picker.indicators.map(function (i) { return [i.name, i.label]; }));
    const series = select("symbol", picker.series.map(function (s) { return [s.symbol, s.name + "（" + s.symbol + "）"]; }));
    const conventions = select("convention", picker.conventions.map(function (c) { return [c.name, c.label]; }));
    paramsBox = document.createElement("div");
    errorBox = document.createElement("p");
    errorBox.className = "demo-picker-error";
    errorBox.setAttribute("role", "alert");
    errorBox.hidden = true;
    form.append(title, labelled("指标", indicators), labelled("行情", series), labelled("口径", conventions), paramsBox, errorBox, buttons());
    dialog.append(form);
    document.body.append(dialog);
    indicators.addEventListener("change", showParams);
    form.addEventListener("submit", submit);
    showParams();
  }

  function buttons() {
    const row = document.createElement("p");
    row.className = "demo-picker-buttons";
    const insert = document.createElement("button");
    insert.type = "submit";
    insert.className = "button default";
    insert.textContent = "插入";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button";
    cancel.textContent = "取消";
    cancel.addEventListener("click", function () { dialog.close(); });
    row.append(insert, cancel);
    return row;
  }

  function submit(event) {
    event.preventDefault();
    const body = new FormData(form);
    fetch(editor.config().demoCodeUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": editor.csrfToken() },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) return refuse(data.error || {});
        dialog.close();
        insert(data.code);
      });
    }).catch(function () { refuse({ message: "网络错误，请稍后再试。" }); });
  }

  function refuse(error) {
    errorBox.textContent = error.message || "参数有误。";
    errorBox.hidden = false;
    const input = error.param && form.elements.namedItem(error.param);
    if (input && input.focus) input.focus();
  }

  function insert(code) {
    if (editor.field("body_format").value === "markdown") {
      editor.insertAtCursor(editor.field("body_markdown"), code, true);
    } else {
      editor.whenRich(function (rich) { insertRich(rich, code); });
    }
  }

  // A new top-level paragraph after the block holding the cursor (or the cursor's own
  // paragraph when it is empty and top-level): a demo line only renders on its own.
  function insertRich(rich, code) {
    const model = rich.model;
    model.change(function (writer) {
      const root = model.document.getRoot();
      let block = Array.from(model.document.selection.getSelectedBlocks()).pop() || root.getChild(root.childCount - 1);
      while (block && block.parent && block.parent !== root) block = block.parent;
      let paragraph;
      if (block && block.is("element", "paragraph") && block.isEmpty && !block.hasAttribute("listItemId")) {
        paragraph = block;
      } else {
        paragraph = writer.createElement("paragraph");
        writer.insert(paragraph, block ? writer.createPositionAfter(block) : writer.createPositionAt(root, "end"));
      }
      writer.insertText(code, paragraph, 0);
      writer.setSelection(paragraph, "end");
    });
    rich.editing.view.focus();
  }

  function openButton() {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "插入互动演示";
    button.setAttribute("data-role", "insert-demo");
    button.addEventListener("click", function () {
      errorBox.hidden = true;
      dialog.showModal();
    });
    return button;
  }

  document.addEventListener("DOMContentLoaded", function () {
    editor = window.ArticleEditor;
    const settings = editor && editor.form() && editor.config();
    if (!settings) return;
    picker = settings.picker;
    build();
    const markdownTools = document.querySelector(".field-body_markdown .markdown-tools");
    if (markdownTools) markdownTools.insertBefore(openButton(), markdownTools.querySelector("[role=status]"));
    const richTools = document.createElement("div");
    richTools.className = "markdown-tools";
    richTools.append(openButton());
    const rich = document.querySelector(".field-body_rich .ck-editor-container");
    if (rich) rich.prepend(richTools);
  });
})();
