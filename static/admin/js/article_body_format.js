// Shows only the body editor that matches the chosen body format (Markdown or rich text).
(function () {
  "use strict";
  function sync(select) {
    const markdown = select.value === "markdown";
    const md = document.querySelector(".field-body_markdown");
    const rich = document.querySelector(".field-body_rich");
    if (md) md.hidden = !markdown;
    if (rich) rich.hidden = markdown;
  }
  document.addEventListener("DOMContentLoaded", function () {
    const select = document.getElementById("id_body_format");
    if (!select) return;
    sync(select);
    select.addEventListener("change", function () { sync(select); });
  });
})();
