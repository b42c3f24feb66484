// The live room: follow the page's topics over Server-Sent Events and, on an event, fetch the page again and
// swap in the regions that changed (elements with data-live-region and an id). A region holding the reader's
// focus, typed text or an opened form is left alone and marked, so nothing typed is lost; the scroll position
// stays where it is. Without JavaScript (or EventSource) the page is the same page, reloaded by hand.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var topics = (root.getAttribute("data-live-topics") || "").split(" ").filter(Boolean);
  if (!topics.length) { return; }
  var url = root.getAttribute("data-live-url") + "?" + topics.map(function (t) {
    return "topic=" + encodeURIComponent(t);
  }).join("&");
  var status = document.getElementById("live-status");
  var timer = null;
  var inflight = false;
  var again = false;

  function say(state) {
    root.setAttribute("data-live-state", state);
    if (status) { status.textContent = root.getAttribute("data-text-" + state) || ""; status.className = "live-status live-" + state; }
  }

  // A select without a `selected` option shows its first one: that is not the reader's choice.
  function defaultIndex(select) {
    for (var i = 0; i < select.options.length; i++) { if (select.options[i].defaultSelected) { return i; } }
    return select.multiple ? -1 : 0;
  }

  function dirty(el) {
    var active = document.activeElement;
    if (active && active !== document.body && el.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
      return true;
    }
    var fields = el.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden") { continue; }
      if (f.type === "checkbox" || f.type === "radio") { if (f.checked !== f.defaultChecked) { return true; } }
      else if (f.tagName === "SELECT") { if (f.selectedIndex !== defaultIndex(f)) { return true; } }
      else if (f.value !== f.defaultValue) { return true; }
    }
    return !!el.querySelector("details[open] form");
  }

  function childIds(el) {
    return Array.prototype.map.call(el.children, function (c) { return c.id; }).join(" ");
  }

  function sync(old, fresh) {
    if (old.outerHTML === fresh.outerHTML) { old.classList.remove("live-stale"); return; }
    if (old.hasAttribute("data-live-children") && childIds(old) === childIds(fresh)) {
      for (var i = 0; i < fresh.children.length; i++) { sync(old.children[i], fresh.children[i]); }
      return;
    }
    if (dirty(old)) { old.classList.add("live-stale"); return; }
    old.replaceWith(document.importNode(fresh, true));
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var regions = doc.querySelectorAll("[data-live-region][id]");
    for (var i = 0; i < regions.length; i++) {
      var fresh = regions[i];
      if (fresh.parentElement && fresh.parentElement.closest("[data-live-region]")) { continue; }
      var old = document.getElementById(fresh.id);
      if (old) { sync(old, fresh); }
    }
    follow();
    document.dispatchEvent(new CustomEvent("mufakat:live-updated"));
  }

  function refresh() {
    if (inflight) { again = true; return; }
    inflight = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Mufakat-Live": "1" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(swap)
      .catch(function () { say("stale"); })
      .then(function () { inflight = false; if (again) { again = false; refresh(); } });
  }

  function soon() {
    // Many screens refresh at once after one change: a little spread keeps the server responsive.
    if (timer) { return; }
    timer = setTimeout(function () { timer = null; refresh(); }, 50 + Math.random() * 250);
  }

  // The wall screen keeps the paragraph under discussion in view.
  function follow() {
    var pointed = document.querySelector(".screen .pointed");
    if (pointed && pointed.scrollIntoView) { pointed.scrollIntoView({ block: "center", behavior: "smooth" }); }
  }

  var source = new EventSource(url);
  var connected = false;
  source.addEventListener("hello", function () {
    if (connected) { soon(); }  // back after a drop: catch-up events came first; refresh once anyway
    connected = true;
    say("live");
  });
  source.addEventListener("reload", function () {
    source.close();
    say("reload");
    var banner = document.getElementById("live-reload");
    if (banner) { banner.hidden = false; }
  });
  ["proposal", "reaction", "withdrawn", "rejected", "merged", "accepted", "ad_ref", "position", "draft",
   "silence", "decided", "recommended", "pointer", "presence", "floor", "item"].forEach(function (kind) {
    source.addEventListener(kind, soon);
  });
  source.onerror = function () {
    // Closed before ever connecting: the server offers no live updates here (204); the page works as it is.
    if (source.readyState === 2 && !connected) { say("off"); return; }
    say(source.readyState === 2 ? "reload" : "reconnecting");
  };
  window.mufakatLive = { source: source, refresh: refresh };
  follow();
}());
