// orglint's interactive chart: draws the boxes placed by orglint's own layout (the JSON in
// #orglint-data), with pan and zoom, collapse and expand, search, and the findings panel.
// Text from the chart reaches the page only through textContent and setAttribute.
// The address may ask for a search (#search=TEXT), a person centred (#focus=ID) or a
// manager's reports shown (#expand=ID), joined with "&".
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("orglint-data").textContent);
  var whole = data.whole.boxes;
  var overview = data.overview ? data.overview.boxes : null;
  var n = whole.length;
  var svg = document.getElementById("chart");
  var viewport = document.getElementById("viewport");
  var boxLayer = document.getElementById("boxes");
  var lineLayer = document.getElementById("lines");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var query = document.getElementById("query");

  var kids = [];
  var i;
  for (i = 0; i < n; i++) kids.push([]);
  for (i = 0; i < n; i++) if (whole[i].up >= 0) kids[whole[i].up].push(i);

  // Which managers show their reports. A big chart starts as its first view shows it, or
  // with every manager's reports hidden when its top level alone is too big for a first view.
  var open = new Uint8Array(n);
  var inOverview = null;
  if (overview) {
    inOverview = new Int32Array(n).fill(-1);
    overview.forEach(function (b, k) {
      if (b.whole >= 0) inOverview[b.whole] = k;
    });
    overview.forEach(function (b) {
      if (b.up >= 0 && overview[b.up].whole >= 0) open[overview[b.up].whole] = 1;
    });
  } else if (!data.collapsed) {
    for (i = 0; i < n; i++) if (kids[i].length) open[i] = 1;
  }

  var view = { x: 0, y: 0, s: 1 };
  var selected = -1;
  var placed = {}; // box -> its rectangle on screen now: [x, y, w, h]
  var shown = 0;
  var undrawn = 0;
  // Beyond this many boxes at once the browser would crawl (a forest of a million trees).
  var DRAWN_MAX = 20000;

  // The boxes shown: the tops of the trees and the reports of every open manager, at most
  // DRAWN_MAX of them (the first, and the way to the selected box); `undrawn` counts the rest.
  function visibleBoxes() {
    var list = [];
    for (var k = 0; k < n; k++) if (whole[k].up < 0) list.push(k);
    for (var next = 0; next < list.length; next++) {
      var v = list[next];
      if (open[v]) Array.prototype.push.apply(list, kids[v]);
    }
    undrawn = Math.max(0, list.length - DRAWN_MAX);
    if (!undrawn) return list;
    var kept = list.slice(0, DRAWN_MAX);
    var drawn = new Uint8Array(n);
    kept.forEach(function (v) {
      drawn[v] = 1;
    });
    for (var up = selected, guard = 0; up >= 0 && guard <= n; up = whole[up].up, guard++) {
      if (!drawn[up]) kept.push(up);
      drawn[up] = 1;
    }
    undrawn = list.length - kept.length;
    return kept;
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function render() {
    var list = visibleBoxes();
    var useOverview =
      overview !== null &&
      list.every(function (v) {
        return inOverview[v] >= 0;
      });
    var source = function (v) {
      return useOverview ? overview[inOverview[v]] : whole[v];
    };
    boxLayer.textContent = "";
    lineLayer.textContent = "";
    placed = {};
    var boxes = document.createDocumentFragment();
    var lines = document.createDocumentFragment();
    list.forEach(function (v) {
      var b = source(v);
      var person = whole[v];
      placed[v] = [b.x, b.y, b.w, b.h];
      if (b.up >= 0 && b.route.length >= 4) {
        var d = "M" + b.route[0] + " " + b.route[1];
        for (var r = 2; r < b.route.length; r += 2) d += "L" + b.route[r] + " " + b.route[r + 1];
        var cls = whole[person.up] && whole[person.up].kind === "missing" ? "line red" : "line";
        el("path", { d: d, class: cls }, lines);
      }
      var classes = "box " + person.kind + " sev-" + (person.sev || 0);
      if (person.vacant) classes += " vacant";
      if (person.chg) classes += " " + person.chg;
      if (v === selected) classes += " hit";
      var g = el("g", { class: classes, transform: "translate(" + b.x + "," + b.y + ")" }, boxes);
      g.setAttribute("data-box", String(v));
      if (person.id !== undefined) g.setAttribute("data-id", person.id);
      el("rect", { width: b.w, height: b.h, rx: 4 }, g);
      var text = el("text", { x: b.w / 2, y: 5 }, g);
      b.lines.forEach(function (line, k) {
        var t = el("tspan", { x: b.w / 2, y: 14 + 12 * k }, text);
        if (b.struck && b.struck.indexOf(k) >= 0) t.setAttribute("class", "struck");
        t.textContent = line;
      });
      if (person.tip && person.tip.length) {
        el("title", {}, g).textContent = person.tip.join("\n");
      }
      if (kids[v].length) {
        var toggle = el("g", { class: "toggle", transform: "translate(" + b.w / 2 + "," + b.h + ")" }, g);
        toggle.setAttribute("data-toggle", String(v));
        el("circle", { r: 7 }, toggle);
        el("text", { y: 3.5 }, toggle).textContent = open[v] ? "\u2212" : "+";
        el("title", {}, toggle).textContent =
          (open[v] ? "Hide the " : "Show the ") + kids[v].length + " boxes below";
      }
    });
    links(data.whole.cycles, "line red cycle", lines, function (a, b) {
      var right = a[0] + a[2];
      if (a === b) {
        // A self-manager: a loop out of the box's right side and back.
        var top = a[1] + a[3] * 0.3, bottom = a[1] + a[3] * 0.7;
        return "M" + right + " " + top + "C" + (right + 24) + " " + (top - 8) + "," +
          (right + 24) + " " + (bottom + 8) + "," + right + " " + bottom;
      }
      // Around the right of both boxes, so it is not drawn over the tree's own lines.
      var side = Math.max(a[0] + a[2], b[0] + b[2]) + 14;
      var ay = a[1] + a[3] / 2, by = b[1] + b[3] / 2;
      return "M" + (a[0] + a[2]) + " " + ay + "H" + side + "V" + by + "H" + (b[0] + b[2]);
    });
    links(data.whole.dotted, "line dotted", lines, function (a, b) {
      return "M" + (a[0] + a[2] / 2) + " " + (a[1] + a[3]) + "L" + (b[0] + b[2] / 2) + " " + b[1];
    });
    // The change picture: from a moved person's old manager to them, with an arrowhead.
    (data.whole.moves || []).forEach(function (pair) {
      var a = placed[pair[0]], b = placed[pair[1]];
      if (!a || !b) return;
      var x1 = a[0] + a[2] / 2, y1 = a[1] + a[3], x2 = b[0] + b[2] / 2, y2 = b[1];
      var length = Math.hypot(x2 - x1, y2 - y1) || 1;
      var ux = (x2 - x1) / length, uy = (y2 - y1) / length;
      var head = function (turn) {
        var c = Math.cos(turn), s = Math.sin(turn);
        return (x2 - 8 * (ux * c - uy * s)) + " " + (y2 - 8 * (uy * c + ux * s));
      };
      el("path", { d: "M" + x1 + " " + y1 + "L" + x2 + " " + y2, class: "line moved" }, lines);
      el("path", { d: "M" + head(0.45) + "L" + x2 + " " + y2 + "L" + head(-0.45), class: "line moved-head" }, lines);
    });
    lineLayer.appendChild(lines);
    boxLayer.appendChild(boxes);
    shown = list.length;
    document.documentElement.setAttribute("data-shown", String(shown));
    document.documentElement.setAttribute("data-layout", useOverview ? "overview" : "whole");
    say("");
  }

  // Lines between shown boxes that are not part of the tree: [from, to] pairs.
  function links(pairs, cls, parent, path) {
    (pairs || []).forEach(function (pair) {
      var a = placed[pair[0]], b = placed[pair[1]];
      if (a && b) el("path", { d: path(a, b), class: cls }, parent);
    });
  }

  function say(extra) {
    var text = shown + " of " + n + " boxes shown";
    if (undrawn) text += " (" + undrawn + " more not drawn: search, or hide some reports)";
    status.textContent = extra ? extra + " \u00b7 " + text : text;
  }

  function apply() {
    viewport.setAttribute(
      "transform",
      "translate(" + view.x + "," + view.y + ") scale(" + view.s + ")"
    );
  }

  function size() {
    var r = svg.getBoundingClientRect();
    return { w: r.width || 800, h: r.height || 600 };
  }

  function fit() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var v in placed) {
      var p = placed[v];
      x0 = Math.min(x0, p[0]);
      y0 = Math.min(y0, p[1]);
      x1 = Math.max(x1, p[0] + p[2]);
      y1 = Math.max(y1, p[1] + p[3]);
    }
    if (!isFinite(x0)) return;
    var s = size();
    view.s = Math.min((s.w - 40) / (x1 - x0 || 1), (s.h - 40) / (y1 - y0 || 1), 1.5);
    view.x = (s.w - (x1 - x0) * view.s) / 2 - x0 * view.s;
    view.y = 20 - y0 * view.s;
    apply();
  }

  function centre(v) {
    var p = placed[v];
    if (!p) return;
    var s = size();
    if (view.s < 0.8) view.s = 1;
    view.x = s.w / 2 - (p[0] + p[2] / 2) * view.s;
    view.y = s.h / 2 - (p[1] + p[3] / 2) * view.s;
    apply();
  }

  function zoom(factor, cx, cy) {
    var s = Math.max(0.02, Math.min(8, view.s * factor));
    view.x = cx - ((cx - view.x) * s) / view.s;
    view.y = cy - ((cy - view.y) * s) / view.s;
    view.s = s;
    apply();
  }

  // Opens every manager above `v`, so it is shown.
  function reveal(v) {
    for (var up = whole[v].up, guard = 0; up >= 0 && guard <= n; up = whole[up].up, guard++) {
      open[up] = 1;
    }
  }

  function focus(v) {
    reveal(v);
    selected = v;
    render();
    centre(v);
  }

  // Shows or hides a manager's reports, keeping the manager where it is on screen.
  function toggle(v) {
    var before = placed[v];
    open[v] = open[v] ? 0 : 1;
    render();
    var after = placed[v];
    if (before && after) {
      view.x += (before[0] - after[0]) * view.s;
      view.y += (before[1] - after[1]) * view.s;
      apply();
    }
  }

  var texts = null;
  function searchText(k) {
    if (texts === null) {
      texts = whole.map(function (b) {
        return b.kind === "person" ? (b.lines.join(" ") + " " + b.id).toLowerCase() : "";
      });
    }
    return texts[k];
  }

  function byId(id) {
    for (var k = 0; k < n; k++) if (whole[k].id === id) return k;
    return -1;
  }

  var LISTED = 100;
  function search(text) {
    var q = text.trim().toLowerCase();
    results.textContent = "";
    results.hidden = true;
    if (!q) return;
    var found = [];
    for (var k = 0; k < n; k++) if (searchText(k).indexOf(q) >= 0) found.push(k);
    if (!found.length) {
      // The last search's person is no answer to this one.
      if (selected >= 0) {
        selected = -1;
        var hit = boxLayer.querySelector(".hit");
        if (hit) hit.classList.remove("hit");
      }
      say("no match for \u201c" + text.trim() + "\u201d");
      return;
    }
    focus(found[0]);
    say(found.length === 1 ? "1 match" : found.length + " matches");
    if (found.length > 1) {
      found.slice(0, LISTED).forEach(function (k) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = whole[k].lines.slice(0, 2).join(" \u2014 ") + " (" + whole[k].id + ")";
        button.addEventListener("click", function () {
          focus(k);
        });
        li.appendChild(button);
        results.appendChild(li);
      });
      if (found.length > LISTED) {
        var more = document.createElement("li");
        more.textContent = "and " + (found.length - LISTED) + " more: refine the search";
        results.appendChild(more);
      }
      results.hidden = false;
    }
  }

  // The change picture's panel: each change, centring its person when clicked.
  function changesPanel() {
    var list = document.getElementById("changes");
    var title = document.getElementById("changes-title");
    document.getElementById("findings").hidden = true;
    document.getElementById("findings-title").hidden = true;
    document.querySelectorAll("#legend li.sev").forEach(function (li) {
      li.hidden = true;
    });
    document.querySelectorAll("#legend li.chg").forEach(function (li) {
      li.hidden = false;
    });
    list.hidden = false;
    title.hidden = false;
    var total = data.changes.length;
    title.textContent = total === 1 ? "1 change" : total + " changes";
    if (!total) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No changes.";
      list.appendChild(none);
    }
    data.changes.forEach(function (c) {
      panelEntry(list, "change", c.kind, c.text, c.at);
    });
  }

  // An entry of a side panel: a heading line and a message, centring box `at` (if given)
  // when clicked or on Enter.
  function panelEntry(list, className, heading, text, at) {
    var li = document.createElement("li");
    li.className = className;
    var head = document.createElement("span");
    head.className = "rule";
    head.textContent = heading;
    var message = document.createElement("span");
    message.className = "message";
    message.textContent = text;
    li.appendChild(head);
    li.appendChild(message);
    if (at !== undefined) {
      li.tabIndex = 0;
      li.title = "Show on the chart";
      var go = function () {
        focus(at);
      };
      li.addEventListener("click", go);
      li.addEventListener("keydown", function (e) {
        if (e.key === "Enter") go();
      });
    }
    list.appendChild(li);
  }

  function findingsPanel() {
    var list = document.getElementById("findings");
    var title = document.getElementById("findings-title");
    if (!data.checked) {
      title.textContent = "Findings";
      var li = document.createElement("li");
      li.className = "none";
      li.textContent = "Not checked: draw with --findings, or use check --report html=PATH.";
      list.appendChild(li);
      return;
    }
    var total = data.findings.length + data.unlisted;
    title.textContent = total === 1 ? "1 finding" : total + " findings";
    if (!total) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No findings.";
      list.appendChild(none);
    }
    data.findings.forEach(function (f) {
      panelEntry(
        list,
        "finding " + f.severity + (f.waived ? " waived" : ""),
        f.severity + (f.waived ? " (waived)" : "") + " \u00b7 " + f.rule,
        f.message,
        f.boxes.length ? f.boxes[0] : undefined
      );
    });
    if (data.unlisted) {
      var more = document.createElement("li");
      more.className = "none";
      more.textContent = "and " + data.unlisted + " more findings not listed here (see the other reports)";
      list.appendChild(more);
    }
  }

  // Pan by dragging, zoom with the wheel or the buttons.
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    if (e.target.closest && e.target.closest(".toggle")) return;
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    view.x = drag.vx + e.clientX - drag.x;
    view.y = drag.vy + e.clientY - drag.y;
    apply();
  });
  svg.addEventListener("pointerup", function () {
    drag = null;
  });
  svg.addEventListener(
    "wheel",
    function (e) {
      e.preventDefault();
      var r = svg.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false }
  );
  svg.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest(".toggle") : null;
    if (t) toggle(Number(t.getAttribute("data-toggle")));
  });
  document.getElementById("zoom-in").addEventListener("click", function () {
    var s = size();
    zoom(1.25, s.w / 2, s.h / 2);
  });
  document.getElementById("zoom-out").addEventListener("click", function () {
    var s = size();
    zoom(0.8, s.w / 2, s.h / 2);
  });
  document.getElementById("fit").addEventListener("click", fit);
  var expandAll = document.getElementById("expand-all");
  if (n > DRAWN_MAX) {
    expandAll.disabled = true;
    expandAll.title = "Too many boxes to show at once: expand managers one by one, or search";
  }
  expandAll.addEventListener("click", function () {
    for (var k = 0; k < n; k++) if (kids[k].length) open[k] = 1;
    render();
    fit();
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    open.fill(0);
    render();
    fit();
  });
  document.getElementById("search").addEventListener("submit", function (e) {
    e.preventDefault();
    search(query.value);
  });

  if (data.redacted) {
    // Under --redact the page holds no names: say what a search can find.
    query.placeholder = "Search title or id";
    query.setAttribute("aria-label", "Search title or id");
  }
  document.title = data.title + " \u2014 org chart";
  document.getElementById("title").textContent = data.title;
  if (data.changes) changesPanel();
  else findingsPanel();
  render();
  fit();

  var asked = new URLSearchParams(location.hash.slice(1));
  asked.getAll("expand").forEach(function (id) {
    var k = byId(id);
    if (k >= 0) {
      reveal(k);
      open[k] = 1;
      render();
      centre(k);
    }
  });
  if (asked.has("focus")) {
    var k = byId(asked.get("focus"));
    if (k >= 0) focus(k);
  }
  if (asked.has("search")) {
    query.value = asked.get("search");
    search(query.value);
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
