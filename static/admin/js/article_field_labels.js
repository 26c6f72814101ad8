// Names for two admin inputs that Django renders without a label, so screen readers say more
// than "edit text": the date and time boxes of 发布时间 and the search box of the 标签 picker.
(function () {
  "use strict";

  function withoutColon(text) {
    return (text || "").replace(/[:：]\s*$/, "").trim();
  }

  function labelSplitDateTimes() {
    document.querySelectorAll(".form-row p.datetime").forEach(function (box) {
      const rowLabel = box.closest(".form-row").querySelector("label");
      const field = withoutColon(rowLabel && rowLabel.textContent);
      box.querySelectorAll("input").forEach(function (input) {
        const before = input.previousSibling; // the "日期:" / "时间:" text in front of the box
        const part = before && before.nodeType === Node.TEXT_NODE ? withoutColon(before.textContent) : "";
        if (!input.hasAttribute("aria-label")) input.setAttribute("aria-label", (field + " " + part).trim());
      });
    });
  }

  // select2 builds its search box whenever jQuery gets round to it (sometimes after "load"),
  // so name the box as soon as it appears.
  function labelTagSearch() {
    document.querySelectorAll(".form-row select.admin-autocomplete").forEach(function (select) {
      const label = document.querySelector("label[for='" + select.id + "']");
      if (!label) return;
      const name = withoutColon(label.textContent);
      const apply = function () {
        const search = select.parentNode.querySelector(".select2-search__field");
        if (search && search.getAttribute("aria-label") !== name) search.setAttribute("aria-label", name);
      };
      apply();
      new MutationObserver(apply).observe(select.parentNode, { childList: true, subtree: true });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelSplitDateTimes();
    labelTagSearch();
  });
})();
