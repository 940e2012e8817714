// Typo-tolerant search over the reasons, scored as `voiperr explain` scores
// them (src/matching.rs): Jaro similarity of the whole name, the words the
// query shares with the name (a typo or an inflection allowed), and the
// words found in the cause. No framework; works from file:// and any host.
"use strict";
(function () {
  var SUGGEST_MIN = 0.55;
  var index = window.VOIPERR_INDEX || [];

  function jaro(a, b) {
    if (a === b) return 1;
    var la = a.length, lb = b.length;
    if (!la || !lb) return 0;
    var range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
    var ma = new Array(la).fill(false), mb = new Array(lb).fill(false);
    var matches = 0;
    for (var i = 0; i < la; i++) {
      for (var j = Math.max(0, i - range); j < Math.min(lb, i + range + 1); j++) {
        if (!mb[j] && a[i] === b[j]) { ma[i] = mb[j] = true; matches++; break; }
      }
    }
    if (!matches) return 0;
    var t = 0, k = 0;
    for (i = 0; i < la; i++) {
      if (!ma[i]) continue;
      while (!mb[k]) k++;
      if (a[i] !== b[k]) t++;
      k++;
    }
    return (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  }

  function jaroWinkler(a, b) {
    var s = jaro(a, b), p = 0;
    while (p < Math.min(4, a.length, b.length) && a[p] === b[p]) p++;
    return s + p * 0.1 * (1 - s);
  }

  function withinOneEdit(a, b) {
    var s = a.length <= b.length ? a : b, l = a.length <= b.length ? b : a;
    if (l.length - s.length > 1) return false;
    var p = 0;
    while (p < s.length && s[p] === l[p]) p++;
    if (s.length === l.length) return s.slice(p + 1) === l.slice(p + 1);
    return s.slice(p) === l.slice(p + 1);
  }

  function sameWord(a, b) {
    var shortest = Math.min(a.length, b.length);
    if (a === b || (shortest >= 3 && withinOneEdit(a, b))) return true;
    return shortest >= 4 && a[0] === b[0] && jaroWinkler(a, b) >= 0.9;
  }

  function normalize(query) {
    return query.trim().toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  }

  function score(query, entry) {
    var words = query.split("_").filter(Boolean).slice(0, 8);
    if (!words.length) return 0;
    var inCause = words.map(function (q) {
      return entry.w.some(function (c) { return sameWord(q, c); });
    });
    var best = 0;
    [entry.n].concat(entry.a).forEach(function (name) {
      var s;
      if (query.replace(/_/g, "") === name.replace(/_/g, "")) {
        s = 1;
      } else {
        var nameWords = name.split("_");
        var inName = words.map(function (q) {
          return nameWords.some(function (n) { return sameWord(q, n); });
        });
        var shared = inName.filter(Boolean).length;
        var overlap = shared / Math.max(words.length, nameWords.length);
        var explained = inName.filter(function (hit, i) { return hit || inCause[i]; }).length / words.length;
        s = 0.45 * jaro(query, name) + 0.35 * overlap + 0.2 * explained;
      }
      if (s > best) best = s;
    });
    return best;
  }

  function search(raw) {
    var query = normalize(raw).slice(0, 96);
    if (!query) return [];
    if (/^[1-5][0-9][0-9]$/.test(query)) {
      return index.filter(function (e) { return String(e.h) === query; });
    }
    return index
      .map(function (e) { return [score(query, e), e]; })
      .filter(function (p) { return p[0] >= SUGGEST_MIN; })
      .sort(function (x, y) { return y[0] - x[0] || (x[1].n < y[1].n ? -1 : 1); })
      .slice(0, 10)
      .map(function (p) { return p[1]; });
  }

  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  function show() {
    var found = search(input.value);
    list.textContent = "";
    found.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.n;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + e.h + " · " + e.c));
      list.appendChild(li);
    });
    status.textContent = input.value.trim()
      ? found.length + (found.length === 1 ? " reason" : " reasons")
      : "";
  }
  input.addEventListener("input", show);
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  show();
})();
