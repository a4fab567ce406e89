// The deals kanban: drag a card to another stage (SortableJS) → the move service; a stage that needs
// something (lost reason, amount, close date) asks in a dialog; a refusal or a stale card (409) puts the
// card back with the message. Column figures re-read when the pipeline changes (websocket topic).
(function () {
  "use strict";
  function csrf() {
    var input = document.querySelector("#move-form input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function toast(text, offers) {
    if (window.Atrium && window.Atrium.toast) {
      var div = document.createElement("div");
      div.textContent = text;
      (offers || []).forEach(function (offer) {
        var link = document.createElement("a");
        link.href = offer.url;
        link.textContent = offer.label;
        link.setAttribute("data-testid", "won-offer-" + offer.key);
        div.appendChild(document.createTextNode(" "));
        div.appendChild(link);
      });
      window.Atrium.toast(div.innerHTML);
    }
  }
  var board, refreshTimer;

  function refreshTotals() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      fetch(board.dataset.totalsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          data.columns.forEach(function (c) {
            var column = board.querySelector('.board-column[data-stage="' + c.stage + '"]');
            if (!column) return;
            ["count", "total", "weighted"].forEach(function (name) {
              var el = column.querySelector('[data-figure="' + name + '"]');
              if (el) el.textContent = c[name];
            });
          });
          var total = document.querySelector('[data-figure="board-total"]');
          var weighted = document.querySelector('[data-figure="board-weighted"]');
          if (total) total.textContent = data.total;
          if (weighted) weighted.textContent = data.weighted;
          board.dataset.refreshed = String(Date.now());
        });
    }, 250);
  }

  function putBack(evt) {
    var list = evt.from;
    var before = list.children[evt.oldIndex] || null;
    if (before === evt.item) before = before.nextSibling;
    list.insertBefore(evt.item, before);
  }

  function post(card, stage, extra) {
    var body = new FormData();
    body.append("stage", stage);
    body.append("version", card.dataset.version);
    Object.keys(extra || {}).forEach(function (k) { body.append(k, extra[k]); });
    return fetch(card.dataset.moveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Accept": "application/json" }
    }).then(function (r) {
      return r.json().catch(function () { return { message: r.statusText }; })
        .then(function (data) { return { status: r.status, data: data }; });
    });
  }

  function ask(card, stage, answer, evt) {
    var dialog = document.getElementById("move-dialog");
    var form = document.getElementById("move-form");
    var needs = answer.data.needs || [];
    form.querySelector("[data-move-message]").textContent = answer.data.message || "";
    form.querySelectorAll("[data-move-field]").forEach(function (box) {
      box.hidden = needs.indexOf(box.dataset.moveField) < 0;
    });
    function cleanup() {
      form.removeEventListener("submit", onSubmit);
      form.querySelector("[data-move-cancel]").removeEventListener("click", onCancel);
    }
    function onCancel() { cleanup(); dialog.close(); putBack(evt); card.classList.remove("moving"); }
    function onSubmit(e) {
      e.preventDefault();
      var extra = {};
      needs.forEach(function (name) {
        var input = form.querySelector('[name="' + name + '"]');
        if (input) extra[name] = input.value;
      });
      cleanup();
      dialog.close();
      send(card, stage, extra, evt);
    }
    form.addEventListener("submit", onSubmit);
    form.querySelector("[data-move-cancel]").addEventListener("click", onCancel);
    dialog.showModal();
  }

  var ASKABLE = ["lost_reason", "amount", "expected_close"];

  function send(card, stage, extra, evt) {
    card.classList.add("moving");
    post(card, stage, extra).then(function (answer) {
      card.classList.remove("moving");
      if (answer.status === 200) {
        card.dataset.version = answer.data.version;
        toast(answer.data.message, answer.data.offers);
        refreshTotals();
        return;
      }
      var needs = answer.data.needs || [];
      if (answer.status === 400 && needs.length && needs.every(function (n) { return ASKABLE.indexOf(n) >= 0; })) {
        ask(card, stage, answer, evt);
        return;
      }
      putBack(evt);
      toast(answer.data.message || "");
    }).catch(function () {
      card.classList.remove("moving");
      putBack(evt);
    });
  }

  function init() {
    board = document.getElementById("board");
    if (!board || !window.Sortable) return;
    board.querySelectorAll(".board-cards").forEach(function (list) {
      window.Sortable.create(list, {
        group: "deals", animation: 120, draggable: ".deal-card", filter: ".board-more",
        onEnd: function (evt) {
          if (evt.from === evt.to) return;
          send(evt.item, evt.to.dataset.stage, {}, evt);
        }
      });
    });
    if (window.Atrium && window.Atrium.subscribe) window.Atrium.subscribe("pipeline." + board.dataset.pipeline);
    document.addEventListener("atrium:realtime", function (e) {
      var detail = e.detail || {};
      if (detail.event === "deal_board.changed" && String((detail.data || {}).pipeline) === board.dataset.pipeline) {
        refreshTotals();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
