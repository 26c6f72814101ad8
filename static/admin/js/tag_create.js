// Typing a tag name that does not exist offers it as a new tag, marked "new:" so the server
// (articles.tags) never mistakes a numeric name for an existing tag's id; it creates the tag
// on save, or finds the one it means in another spelling. Loaded after select2 and before
// Django's autocomplete.js starts the pickers, so the default reaches them.
(function () {
  "use strict";
  const jQuery = window.django && window.django.jQuery;
  if (!jQuery || !jQuery.fn.select2) return;
  jQuery.fn.select2.defaults.set("createTag", function (params) {
    const term = (params.term || "").trim();
    return term ? { id: "new:" + term, text: term + "（新标签）", newTag: true } : null;
  });
})();
