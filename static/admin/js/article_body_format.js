// Shows only the body editor that matches the chosen body format (Markdown or rich text).
(function () {
  "use strict";
  function sync(select) {
    var markdown = select.value === "markdown";
    var md = document.querySelector(".field-body_markdown");
    var rich = document.querySelector(".field-body_rich");
    if (md) md.hidden = !markdown;
    if (rich) rich.hidden = markdown;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_body_format");
    if (!select) return;
    sync(select);
    select.addEventListener("change", function () { sync(select); });
  });
})();
