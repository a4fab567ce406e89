// Atrium shell: the realtime socket (notifications, sign-out everywhere, topics) and toasts.
// A page follows a topic with Atrium.subscribe("pipeline.7") (kept and sent again on every reconnect) and
// listens on document for "atrium:realtime": detail = {event, data} of every message that is not the shell's
// own, e.g. {event: "subscribed" | "subscription.refused" | "unsubscribed", data: {topic}} or a topic's push.
(function () {
  "use strict";
  var SHELL_EVENTS = {
    "hello": true, "notification.created": true, "notification.read": true, "session.terminated": true
  };
  var topics = [];
  var current = null;
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
  function sendTopic(verb, topic) {
    if (!current || current.readyState !== 1) return;
    var message = {};
    message[verb] = topic;
    current.send(JSON.stringify(message));
  }
  function subscribe(topic) {
    topic = String(topic);
    if (topics.indexOf(topic) === -1) topics.push(topic);
    sendTopic("subscribe", topic);
  }
  function unsubscribe(topic) {
    topic = String(topic);
    var at = topics.indexOf(topic);
    if (at !== -1) topics.splice(at, 1);
    sendTopic("unsubscribe", topic);
  }
  function connect(path, attempt) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    var terminated = false;
    current = socket;
    socket.onopen = function () {
      attempt = 0;
      document.body.dataset.realtimeState = "open";
      for (var i = 0; i < topics.length; i++) sendTopic("subscribe", topics[i]);
    };
    socket.onmessage = function (message) {
      var payload;
      try { payload = JSON.parse(message.data); } catch (e) { return; }
      if (!payload || typeof payload.event !== "string") return;
      if (!Object.prototype.hasOwnProperty.call(SHELL_EVENTS, payload.event)) {
        var detail = { event: payload.event, data: payload.data };
        document.dispatchEvent(new CustomEvent("atrium:realtime", { detail: detail }));
        return;
      }
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
      if (current === socket) current = null;
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
  window.Atrium = { toast: toast, setUnread: setUnread, subscribe: subscribe, unsubscribe: unsubscribe };
})();
