// Atrium shell: the realtime socket (notifications, sign-out everywhere) and toasts.
(function () {
  "use strict";
  function toast(html) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var el = document.createElement("div");
    el.className = "toast";
    el.innerHTML = html;
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, 6000);
  }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  function setUnread(count) {
    var badge = document.getElementById("unread-badge");
    if (!badge) return;
    badge.dataset.count = count;
    badge.textContent = count > 99 ? "99+" : String(count);
    badge.hidden = !count;
  }
  function connect(path, attempt) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    var terminated = false;
    socket.onopen = function () { attempt = 0; document.body.dataset.realtimeState = "open"; };
    socket.onmessage = function (message) {
      var payload;
      try { payload = JSON.parse(message.data); } catch (e) { return; }
      if (payload.event === "notification.created") {
        setUnread(payload.data.unread);
        var title = escapeHtml(payload.data.title);
        toast(payload.data.link ? '<a href="' + escapeHtml(payload.data.link) + '">' + title + "</a>" : title);
        document.dispatchEvent(new CustomEvent("atrium:notification", { detail: payload.data }));
      } else if (payload.event === "notification.read") {
        setUnread(payload.data.unread);
      } else if (payload.event === "session.terminated") {
        terminated = true;
        location.reload();
      }
    };
    socket.onclose = function (event) {
      document.body.dataset.realtimeState = "closed";
      if (terminated || event.code === 4401) { location.reload(); return; }
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt || 0));
      setTimeout(function () { connect(path, (attempt || 0) + 1); }, delay);
    };
  }
  document.addEventListener("DOMContentLoaded", function () {
    var path = document.body.dataset.realtime;
    if (path && "WebSocket" in window) connect(path, 0);
  });
  window.Atrium = { toast: toast, setUnread: setUnread };
})();
