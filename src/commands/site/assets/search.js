// The site's search answers a query as the command line does: a route
// (`POST /calls`) as `voiperr endpoint` does (its answers, or the nearest
// served routes); anything else as `voiperr explain` does (a name, an alias,
// a code, a status or reason phrase, a name that means several, the words of
// one name, a confident fuzzy match, else suggestions), followed by what
// `voiperr search` finds. Each function is a line-by-line port of the Rust
// it names; search-index.js holds the same data (src/commands/site/search_index.rs),
// and tests/site/search.py checks both answer alike. No framework; works
// from file:// and any host.
"use strict";
(function () {
  var SUGGEST_MIN = 0.55, CONFIDENT_MIN = 0.78, CONFIDENT_MARGIN = 0.06;
  var MAX_QUERY = 96, MAX_QUERY_WORDS = 8, NEAR = 0.6, NEAREST = 3, SHOWN = 25;
  var METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
  var index = window.VOIPERR_INDEX || { reasons: [], statuses: [], phrases: [], ambiguous: [], routes: [] };
  var byName = {};
  index.reasons.forEach(function (r) { byName[r.n] = r; });

  function isAlnum(c) { return /^[A-Za-z0-9]$/.test(c); }
  function asciiUpper(s) { return s.replace(/[a-z]/g, function (c) { return c.toUpperCase(); }); }
  function asciiLower(s) { return s.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }); }
  // Rust's str::trim: Unicode white space at both ends.
  function trim(s) { return s.replace(/^\s+|\s+$/gu, ""); }

  // catalog::normalize_name
  function normalizeName(text) {
    var out = "";
    Array.from(trim(text)).forEach(function (c) {
      if (isAlnum(c)) out += asciiUpper(c);
      else if (out && out[out.length - 1] !== "_") out += "_";
    });
    return out.replace(/_+$/, "");
  }

  // strsim::jaro (transpositions halved as an integer)
  function jaro(a, b) {
    a = Array.from(a); b = Array.from(b);
    var la = a.length, lb = b.length;
    if (!la && !lb) return 1;
    if (!la || !lb) return 0;
    var range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
    var fa = new Array(la).fill(false), fb = new Array(lb).fill(false), matches = 0;
    for (var i = 0; i < la; i++) {
      var lo = i > range ? i - range : 0, hi = Math.min(lb, i + range + 1);
      for (var j = lo; j < hi; j++) {
        if (a[i] === b[j] && !fb[j]) { fa[i] = fb[j] = true; matches++; break; }
      }
    }
    if (!matches) return 0;
    var t = 0, k = 0;
    for (i = 0; i < la; i++) {
      if (!fa[i]) continue;
      while (!fb[k]) k++;
      if (a[i] !== b[k]) t++;
      k++;
    }
    t = Math.floor(t / 2);
    return (matches / la + matches / lb + (matches - t) / matches) / 3;
  }

  // strsim::jaro_winkler
  function jaroWinkler(a, b) {
    var s = jaro(a, b);
    if (s <= 0.7) return s;
    var p = 0;
    while (p < 4 && p < a.length && p < b.length && a[p] === b[p]) p++;
    return s + 0.1 * p * (1 - s);
  }

  // strsim::levenshtein, over characters
  function levenshtein(a, b) {
    a = Array.from(a); b = Array.from(b);
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var prev = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length];
  }

  function normalizedLevenshtein(a, b) {
    var longest = Math.max(Array.from(a).length, Array.from(b).length);
    return longest ? 1 - levenshtein(a, b) / longest : 1;
  }

  // matching::within_one_edit
  function withinOneEdit(a, b) {
    var s = a.length <= b.length ? a : b, l = a.length <= b.length ? b : a;
    if (l.length - s.length > 1) return false;
    var p = 0;
    while (p < s.length && s[p] === l[p]) p++;
    if (s.length === l.length) return s.slice(p + 1) === l.slice(p + 1);
    return s.slice(p) === l.slice(p + 1);
  }

  // matching::same_word
  function sameWord(a, b) {
    var shortest = Math.min(a.length, b.length);
    if (a === b || (shortest >= 3 && withinOneEdit(a, b))) return true;
    return shortest >= 4 && a[0] === b[0] && jaroWinkler(a, b) >= 0.9;
  }

  function compact(s) { return s.replace(/_/g, ""); }

  // matching::score
  function score(query, entry) {
    var words = query.split("_").filter(Boolean).slice(0, MAX_QUERY_WORDS);
    if (!words.length) return 0;
    var inCause = words.map(function (q) {
      return entry.w.some(function (c) { return sameWord(q, c); });
    });
    var best = 0;
    [entry.n].concat(entry.a).forEach(function (name) {
      var s;
      if (compact(query) === compact(name)) {
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

  // matching::ranked
  function ranked(raw) {
    var query = normalizeName(raw).slice(0, MAX_QUERY);
    return index.reasons
      .map(function (e) { return [score(query, e), e]; })
      .filter(function (p) { return p[0] >= SUGGEST_MIN; })
      .sort(function (x, y) { return y[0] - x[0] || (x[1].n < y[1].n ? -1 : x[1].n > y[1].n ? 1 : 0); });
  }

  // matching::phrase_code
  function phraseCode(name) {
    var words = name.split("_");
    if (words[0] === "HTTP") {
      words.shift();
      while (words.length > 1 && words[0].length === 1 && words[1].length <= 1) words.shift();
      if (words.length > 1 && words[0].length === 1) words.shift();
    }
    var code = null;
    if (words.length && /^[0-9]{3}$/.test(words[0])) {
      var n = parseInt(words[0], 10);
      if (n >= 100 && n <= 599) { code = n; words.shift(); }
    }
    var typed = words.join("");
    if (!typed) return code;
    var found = index.phrases.find(function (p) {
      return typed === p[1] || (typed.length >= 6 && withinOneEdit(typed, p[1]));
    });
    if (!found) return null;
    return code === null || code === found[0] ? found[0] : null;
  }

  function statusesFor(http) {
    return index.statuses.filter(function (s) { return s[1] === http; }).map(function (s) { return s[0]; });
  }

  // matching::status_query: the statuses a code, status or phrase stands for.
  function statusQuery(text) {
    text = trim(text);
    if (/^\+?[0-9]+$/.test(text)) {
      var http = parseInt(text, 10);
      return http >= 100 && http <= 599 && http <= 65535 ? statusesFor(http) : null;
    }
    var name = normalizeName(text);
    var status = index.statuses.find(function (s) { return s[0] === name; });
    if (status) return [status[0]];
    var code = phraseCode(name);
    return code === null ? null : statusesFor(code);
  }

  // matching::stem
  function stem(word) {
    var endings = ["ING", "ED", "ES", "S"];
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (word.endsWith(e) && word.length - e.length >= 3) return word.slice(0, -e.length);
    }
    return word;
  }

  // matching::names_word: 2 as typed or inflected, 1 with a typo, 0 not.
  function namesWord(typed, nameWords) {
    function like(word) {
      if (typed === word || stem(typed) === stem(word)) return 2;
      return Math.min(typed.length, word.length) >= 5 && withinOneEdit(typed, word) ? 1 : 0;
    }
    var best = 0;
    nameWords.forEach(function (w) { best = Math.max(best, like(w)); });
    for (var from = 0; from < nameWords.length; from++) {
      for (var to = from + 2; to <= nameWords.length; to++) {
        best = Math.max(best, like(nameWords.slice(from, to).join("")));
      }
    }
    return best;
  }

  // matching::named_by_words: [reason, whether without a typo]
  function namedByWords(query) {
    var typed = normalizeName(query.slice(0, MAX_QUERY)).split("_").filter(Boolean).slice(0, MAX_QUERY_WORDS);
    if (!typed.length) return [];
    var found = [];
    index.reasons.forEach(function (r) {
      var best = null;
      [r.n].concat(r.a).forEach(function (name) {
        var words = name.split("_");
        var kinds = typed.map(function (t) { return namesWord(t, words); });
        if (kinds.every(function (k) { return k > 0; })) {
          var exact = kinds.every(function (k) { return k === 2; });
          best = best === null ? exact : best || exact;
        }
      });
      if (best !== null) found.push([r, best]);
    });
    return found;
  }

  function sentWith(statuses) {
    return index.reasons.filter(function (r) { return r.e && statuses.indexOf(r.s) >= 0; });
  }

  // matching::lookup, as `explain --json` lists it: the reasons it names.
  function explain(query) {
    var trimmed = trim(query);
    var name = normalizeName(trimmed);
    if (byName[name]) return [byName[name]];
    var alias = index.reasons.find(function (r) { return r.a.indexOf(name) >= 0; });
    if (alias) return [alias];
    var statuses = statusQuery(trimmed);
    if (statuses) return sentWith(statuses);
    var ambiguity = index.ambiguous.find(function (a) { return a[0] === name; });
    if (ambiguity) return ambiguity[1].map(function (n) { return byName[n]; }).filter(Boolean);
    var all = ranked(trimmed);
    if (all.length && all[0][0] >= 1 && !(all[1] && all[1][0] >= 1)) return [all[0][1]];
    var named = namedByWords(trimmed);
    if (named.length === 1) return [named[0][0]];
    if (named.length > 1) {
      var rank = function (r) {
        var at = all.findIndex(function (p) { return p[1].n === r.n; });
        return at < 0 ? Infinity : at;
      };
      return named.map(function (p) { return p[0]; })
        .map(function (r, i) { return [rank(r), i, r]; })
        .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; })
        .slice(0, 5)
        .map(function (p) { return p[2]; });
    }
    if (all.length) {
      var runnerUp = all[1] ? all[1][0] : 0;
      if (all[0][0] >= CONFIDENT_MIN && all[0][0] - runnerUp >= CONFIDENT_MARGIN) return [all[0][1]];
    }
    return all.slice(0, 5).map(function (p) { return p[1]; });
  }

  // commands::search::search: reasons holding every word, best first.
  function searchWords(query) {
    var words = trim(query).split(/\s+/u).filter(Boolean).map(asciiLower);
    if (!words.length) return [];
    var hits = [];
    index.reasons.forEach(function (r, at) {
      var total = 0;
      for (var i = 0; i < words.length; i++) {
        var word = words[i], best = 0;
        r.t.forEach(function (t, place) {
          var nameHit = place === 0 && asciiLower(r.n) === word;
          if (t[1].indexOf(word) >= 0 || nameHit) best = Math.max(best, t[0]);
        });
        if (!best) return;
        total += best;
      }
      hits.push([total, r.p ? 1 : 0, at, r]);
    });
    return hits
      .sort(function (x, y) { return y[0] - x[0] || y[1] - x[1] || x[2] - y[2]; })
      .map(function (h) { return h[3]; });
  }

  // request_path: a request as `endpoint` reads it.
  function pathOf(raw) {
    var path = trim(raw);
    var scheme = path.indexOf("://");
    if (scheme >= 0) {
      var rest = path.slice(scheme + 3), slash = rest.indexOf("/");
      path = slash >= 0 ? rest.slice(slash) : "/";
    }
    var end = path.search(/[?#]/);
    if (end >= 0) path = path.slice(0, end);
    return path.startsWith("/v1.0") ? path.slice(5) : path;
  }

  function looksLikeId(s) {
    return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s) ||
      (s.length >= 2 && s[0] === "{" && s[s.length - 1] === "}");
  }

  function parseRequest(text) {
    text = trim(text);
    var method = null, path = text;
    var split = text.search(/\s/u);
    if (split >= 0 && METHODS.indexOf(asciiUpper(text.slice(0, split))) >= 0) {
      method = asciiUpper(text.slice(0, split));
      path = trim(text.slice(split));
    }
    path = path.split(/\s+/u)[0] || "";
    if (!path || (!path.startsWith("/") && path.indexOf("://") < 0)) return null;
    var bare = pathOf(path), at = trim(path).indexOf(bare);
    return {
      method: method,
      segments: bare.split("/").filter(Boolean).map(function (s) {
        return looksLikeId(s) ? "{id}" : asciiLower(s).replace(/-/g, "_");
      }),
      versioned: at >= 0 && trim(path).slice(0, at).endsWith("/v1.0"),
    };
  }

  // Request::matches_parts against a served route
  function matchesRoute(request, route) {
    if (request.method && request.method !== route.m) return false;
    var unversioned = route.s[0] === "auth";
    if ((route.v || unversioned) && request.versioned !== route.v) return false;
    if (request.segments.length !== route.s.length) return false;
    return request.segments.every(function (a, i) {
      return a === route.s[i] || a === "{id}" || route.s[i] === "{id}";
    });
  }

  // server_index::routes_for, with request_path::most_specific
  function routesFor(request) {
    var matched = index.routes.filter(function (r) { return matchesRoute(request, r); });
    var loose = function (r) {
      return request.segments.filter(function (a, i) { return a !== r.s[i]; }).length;
    };
    var best = {};
    matched.forEach(function (r) {
      best[r.m] = r.m in best ? Math.min(best[r.m], loose(r)) : loose(r);
    });
    return matched.filter(function (r) { return loose(r) === best[r.m]; });
  }

  // Request::nearest_routes
  function nearestRoutes(request) {
    return index.routes
      .map(function (route, at) {
        var longer = Math.max(request.segments.length, route.s.length), alike = 0;
        for (var i = 0; i < Math.min(request.segments.length, route.s.length); i++) {
          alike += route.s[i] === "{id}" ? 1 : normalizedLevenshtein(request.segments[i], route.s[i]);
        }
        return [longer ? alike / longer : 1, request.method === route.m ? 1 : 0, at, route];
      })
      .filter(function (p) { return p[0] >= NEAR; })
      .sort(function (x, y) { return y[0] - x[0] || y[1] - x[1] || x[2] - y[2]; })
      .slice(0, NEAREST)
      .map(function (p) { return p[3]; });
  }

  function routeResult(route, note) {
    return { name: route.m + " " + route.p, url: route.u, text: note };
  }

  function reasonResult(r) {
    return { name: r.n, url: r.u, text: " " + r.h + " · " + r.c };
  }

  // What the box answers: a route's page and answers (or the nearest
  // served routes), else explain's reasons, then search's.
  function answer(query) {
    if (!trim(query)) return [];
    var request = parseRequest(query);
    if (request) {
      var routes = routesFor(request);
      if (!routes.length) {
        return nearestRoutes(request).map(function (r) { return routeResult(r, " (did you mean? the route typed is not served: 404 ROUTE_NOT_FOUND)"); });
      }
      var names = [];
      routes.forEach(function (r) {
        r.r.forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); });
      });
      var reasons = names.map(function (n) { return byName[n]; }).filter(Boolean)
        .sort(function (x, y) { return x.h - y.h || (x.n < y.n ? -1 : x.n > y.n ? 1 : 0); });
      return routes.map(function (r) { return routeResult(r, " (the route's page)"); })
        .concat(reasons.map(reasonResult));
    }
    var found = explain(query);
    searchWords(query).forEach(function (r) {
      if (found.indexOf(r) < 0) found.push(r);
    });
    return found.slice(0, SHOWN).map(reasonResult);
  }
  window.voiperrAnswer = answer;

  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  function show() {
    var found = answer(input.value);
    list.textContent = "";
    found.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.name;
      li.appendChild(a);
      li.appendChild(document.createTextNode(e.text));
      list.appendChild(li);
    });
    status.textContent = trim(input.value)
      ? found.length + (found.length === 1 ? " result" : " results")
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
