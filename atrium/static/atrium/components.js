// Alpine components of the shell and the pages. Alpine runs as its CSP build (no eval, so the page's
// Content-Security-Policy needs no 'unsafe-eval'): templates name a component (x-data="dropdown") and its
// properties and methods (@click="toggle", x-show="open"), and the code lives here.
document.addEventListener("alpine:init", function () {
  "use strict";
  var Alpine = window.Alpine;

  // The shell: the side menu that a phone opens with ☰.
  Alpine.data("shell", function () {
    return {
      menu: false,
      toggleMenu: function () { this.menu = !this.menu; },
      get menuClass() { return { open: this.menu }; },
    };
  });

  // A menu that opens on click and closes on a click elsewhere (the user menu).
  Alpine.data("dropdown", function () {
    return {
      open: false,
      toggle: function () { this.open = !this.open; },
      close: function () { this.open = false; },
    };
  });

  // A new API token shown once: select it on focus, copy it to the clipboard.
  Alpine.data("tokenCopy", function () {
    return {
      copied: false,
      select: function () { this.$refs.token.select(); },
      copy: function () {
        var self = this;
        navigator.clipboard.writeText(this.$refs.token.value).then(function () { self.copied = true; });
      },
    };
  });
});

// Forms that ask before they do something hard to undo: <form data-confirm="…">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.dataset ? form.dataset.confirm : "";
  if (question && !window.confirm(question)) event.preventDefault();
}, true);

// Options put in order by dragging (the choice lists): rows with [data-drag-id] inside [data-reorder]; a drop
// writes the new order into the list's reorder form and sends it. Without script the ↑ ↓ buttons do the same.
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var row = event.target.closest ? event.target.closest("[data-drag-id]") : null;
    if (!row) return;
    dragged = row;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.dragId);
  });
  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("[data-reorder]")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    var box = event.target.closest ? event.target.closest("[data-reorder]") : null;
    var over = event.target.closest ? event.target.closest("[data-drag-id]") : null;
    if (!dragged || !box) return;
    event.preventDefault();
    if (over && over !== dragged) {
      var after = event.clientY > over.getBoundingClientRect().top + over.offsetHeight / 2;
      over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
    }
    dragged = null;
    var ids = Array.prototype.map.call(box.querySelectorAll("[data-drag-id]"), function (row) {
      return row.dataset.dragId;
    });
    var form = document.querySelector("form[data-reorder-form]");
    if (!form) return;
    form.querySelector("input[name=ids]").value = ids.join(",");
    form.submit();
  });
})();
