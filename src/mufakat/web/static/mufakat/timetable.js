// Day tabs for the timetable and a delegation's week. Without JavaScript every day shows and the links
// jump to it; with it, one day shows at a time: the one in the address, else today, else the first
// day that has sessions (a delegation's week marks its empty days with data-empty).
(function () {
  "use strict";
  var nav = document.querySelector("[data-day-tabs]");
  if (!nav) { return; }
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#day-']"));
  var all = nav.querySelector("[data-all-days]");
  var ids = links.map(function (a) { return a.hash.slice(1); }).filter(function (id) {
    return document.getElementById(id);
  });
  if (ids.length < 2) { return; }
  function show(id) {
    ids.forEach(function (day) { document.getElementById(day).hidden = id !== "all-days" && day !== id; });
    links.concat(all ? [all] : []).forEach(function (a) {
      a.setAttribute("aria-current", a.hash === "#" + id ? "true" : "false");
    });
  }
  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || !nav.contains(link)) { return; }
    event.preventDefault();
    show(link.hash.slice(1));
    history.replaceState(null, "", link.hash);
  });
  var wanted = location.hash.slice(1);
  var today = "day-" + nav.getAttribute("data-today");
  if (all) { all.hidden = false; }
  nav.classList.add("tabs");
  var busy = links.filter(function (a) { return !a.hasAttribute("data-empty"); }).map(function (a) {
    return a.hash.slice(1);
  });
  var first = ids.filter(function (id) { return busy.indexOf(id) >= 0; })[0] || ids[0];
  show(ids.indexOf(wanted) >= 0 || wanted === "all-days" ? wanted : (ids.indexOf(today) >= 0 ? today : first));
}());
