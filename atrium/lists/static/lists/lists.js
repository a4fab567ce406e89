// List pages (any list of the list engine): menus that close, the filters fold on a phone, select-all,
// Enter in a bulk text field, "previous page". Listeners sit on the document, so they keep working after
// HTMX swaps the list; no inline script (the pages run under a strict Content-Security-Policy).
(function () {
  "use strict";

  function openMenus() {
    return document.querySelectorAll("details.list-menu[open]");
  }

  // A menu (column chooser, saved views) closes on a click outside it and on Escape.
  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
    var toggle = event.target.closest("[data-filters-toggle]");
    if (toggle) {
      var form = toggle.closest(".list-filters");
      var open = form.classList.toggle("filters-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    if (event.target.closest("[data-history-back]")) history.back();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      openMenus().forEach(function (menu) {
        menu.removeAttribute("open");
        var summary = menu.querySelector("summary");
        if (summary && menu.contains(document.activeElement)) summary.focus();
      });
    }
    // Enter in a bulk action's text field runs that action, not the first button of the form.
    var field = event.target.closest && event.target.closest("[data-enter-submits]");
    if (event.key === "Enter" && field) {
      event.preventDefault();
      var button = field.form.querySelector('button[name=action][value="' + field.dataset.enterSubmits + '"]');
      if (button) button.click();
    }
  });

  // Opening one menu closes the others.
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.open || !menu.classList.contains("list-menu")) return;
    openMenus().forEach(function (other) {
      if (other !== menu) other.removeAttribute("open");
    });
  }, true);

  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-page]");
    if (!all) return;
    all.form.querySelectorAll("input[name=ids]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
