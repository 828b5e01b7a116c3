/* The archive's search on the page: the results page (tim-kiem/) and the header box.
 * The search itself lives in search-core.js and the modules under it (no DOM). Contract kept for deep links and tests:
 * tim-kiem/?q=QUERY fills #search-results with a.search-result links, best first, and
 * flips aria-busy from "true" to "false"; window.archiveSearch (load, search, …) is what
 * `python -m scripts search-eval` drives. */
(function () {
  "use strict";
  var core = window.searchCore;
  var base = (window.archiveBase || ".").replace(/\/$/, "") + "/";
  var loading = null;

  function fetchBytes(path) {
    return fetch(base + "search/" + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.arrayBuffer();
    });
  }

  function load() {
    if (!loading) loading = core.load(fetchBytes, base);
    return loading;
  }

  function search(db, text, options) { return core.search(db, text, options); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function renderResult(result, cls) {
    var res = result.present();
    var a = el("a", cls);
    a.href = res.url;
    a.appendChild(el("div", "search-result__doc", res.doc.headline));
    if (res.section) a.appendChild(el("div", "search-result__section", res.section));
    var snip = el("div", "search-result__snippet");
    res.snippet.forEach(function (part) { snip.appendChild(part[1] ? el("mark", null, part[0]) : document.createTextNode(part[0])); });
    a.appendChild(snip);
    if (result.words) {
      var lacks = el("div", "search-result__missing", "Không có: ");
      result.words.filter(function (w) { return w.missing; }).forEach(function (w, i) {
        if (i) lacks.appendChild(document.createTextNode(" "));
        lacks.appendChild(el("s", null, w.text));
      });
      a.appendChild(lacks);
    }
    return a;
  }

  // The query's words, those the first partial result lacks struck through.
  function struckWords(parent, words) {
    words.forEach(function (w, i) {
      if (i) parent.appendChild(document.createTextNode(" "));
      parent.appendChild(w.missing ? el("s", "search-note__missing", w.text) : el("span", null, w.text));
    });
  }

  // -- Results page -------------------------------------------------------------

  // The theme's scripts wait on the results page until the first results are drawn (main.html).
  function theme() {
    if (window.archiveTheme) window.archiveTheme();
  }

  var FILTERS = ["province", "level", "type", "topic", "own"];

  // The search of the results page's address, started before the page is parsed:
  // {text, filter, literal, promise, partial (first results, once known), onPartial}.
  var early = null;
  function startFromAddress() {
    var params = new URLSearchParams(location.search), text = (params.get("q") || "").trim();
    if (!text) return null;
    var state = { text: text, filter: {}, literal: params.get(LITERAL) === "1", partial: null, onPartial: null };
    FILTERS.forEach(function (k) { state.filter[k] = params.get(k) || ""; });
    state.promise = load().then(function (db) {
      return search(db, text, { facets: true, filter: state.filter, literal: state.literal, partial: function (first) {
        state.partial = first;
        if (state.onPartial) state.onPartial(first);
      } });
    });
    return state;
  }

  // The early search if it is the one asked for now (same words, filters and mode), once.
  function takeEarly(text, filter, literal, partial) {
    var e = early;
    early = null;
    if (!e || e.text !== text || e.literal !== literal || FILTERS.some(function (k) { return e.filter[k] !== filter[k]; })) return null;
    e.onPartial = partial;
    if (e.partial) partial(e.partial);
    return e.promise;
  }

  // tim-kiem/?q=…&chinh-xac=1: the words exactly as typed, no correction.
  var LITERAL = "chinh-xac";

  function resultsPage(box) {
    var form = document.getElementById("search-page-form");
    var input = document.getElementById("search-page-input");
    var summary = document.getElementById("search-summary");
    var note = document.getElementById("search-note");
    var filters = { province: document.getElementById("filter-province"),
                    level: document.getElementById("filter-level"), type: document.getElementById("filter-type"),
                    topic: document.getElementById("filter-topic"), own: document.getElementById("filter-own") };
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var literal = params.get(LITERAL) === "1";  // a reader asked for the words exactly as typed
    Object.keys(filters).forEach(function (k) { filters[k].dataset.initial = params.get(k) || ""; });
    var current = [];

    function fillFilter(select, values, labels) {
      var keep = select.value || select.dataset.initial;
      select.dataset.initial = "";
      while (select.options.length > 1) select.remove(1);
      if (keep && values.indexOf(keep) < 0) values = values.concat([keep]);  // a chosen filter stays shown
      values.forEach(function (v) {
        var o = el("option", null, labels ? labels[v] || v : v);
        o.value = v;
        select.appendChild(o);
      });
      select.value = keep || "";
    }

    // Themes and practices: the build's whole list (search/manifest.json), not only those
    // among the results, since telling which hold the results would fetch every one.
    function fillTopics(select, menu) {
      var keep = select.value || select.dataset.initial;
      select.dataset.initial = "";
      [["chu-de", "Chủ đề"], ["thuc-tien", "Mô hình, cách làm"]].forEach(function (group) {
        var optgroup = document.createElement("optgroup");
        optgroup.label = group[1];
        (menu[group[0]] || []).forEach(function (t) {
          var o = el("option", null, t[1]);
          o.value = group[0] + "/" + t[0];
          optgroup.appendChild(o);
        });
        select.appendChild(optgroup);
      });
      select.value = keep || "";
    }
    load().then(function (db) {
      fillTopics(filters.topic, db.manifest.topics || {});
      filters.own.value = filters.own.dataset.initial === "1" && db.manifest.own ? "1" : "";
      filters.own.dataset.initial = "";
      filters.own.closest("label").hidden = !db.manifest.own;
    });

    // Partial: the first results while the rest are ranked (aria-busy stays "true").
    function show(partial) {
      box.textContent = "";
      current.slice(0, 100).forEach(function (r) { box.appendChild(renderResult(r, "search-result")); });
      theme();
      if (partial) return;
      var text = input.value.trim(), more = current.total > current.length;
      summary.textContent = !text ? "Nhập từ khóa để tìm." :
        !current.length ? "Không tìm thấy kết quả nào cho “" + text + "”. Thử bỏ bớt từ, bỏ bộ lọc, hoặc gõ không dấu." :
        more ? current.length + " kết quả phù hợp nhất cho “" + text + "” (có " + current.total.toLocaleString("vi-VN") + " mục khớp)." :
        current.length + " kết quả cho “" + text + "”.";
      explain(text);
      box.setAttribute("aria-busy", "false");
    }

    function queryLink(text, literal) {
      var a = el("a", null, text);
      a.href = "?q=" + encodeURIComponent(text) + (literal ? "&" + LITERAL + "=1" : "");
      return a;
    }

    // What was searched instead of the words as typed, with the way back to them; or,
    // when nothing is found, the nearest words the archive has.
    function explain(text) {
      note.textContent = "";
      var fixed = current.corrected, near = current.suggestions || [];
      if (fixed) {
        note.appendChild(document.createTextNode(fixed.literal ? "Đã tìm theo: " : "Các kết quả sau cùng được tìm theo: "));
        note.appendChild(el("strong", "search-note__corrected", fixed.text));
        note.appendChild(document.createTextNode(". "));
        var back = queryLink(text, true);
        back.className = "search-note__literal";
        back.textContent = "Chỉ tìm đúng như đã gõ: “" + text + "”";
        note.appendChild(back);
      }
      var stretch = current.stretch;
      if (stretch) {
        var said = el("span", "search-note__incomplete search-note__stretch", "Kết quả thứ " + (stretch.at + 1) +
          " không chứa đủ các từ nhưng có liền nhau các từ còn lại, nên được xếp trước: ");
        struckWords(said, stretch.words);
        said.appendChild(document.createTextNode(". "));
        note.appendChild(said);
      }
      var most = current.incomplete;
      if (most) {
        var line = el("span", "search-note__incomplete", most.from ?
          "Các kết quả từ thứ " + (most.from + 1) + " chỉ chứa phần lớn các từ: " :
          "Không có mục nào chứa đủ các từ; các kết quả dưới đây chứa phần lớn các từ: ");
        struckWords(line, most.words);
        line.appendChild(document.createTextNode(". "));
        note.appendChild(line);
      }
      if (text && (!current.length || (most && !most.from)) && near.length) {
        note.appendChild(document.createTextNode("Có thể bạn muốn tìm: "));
        near.forEach(function (q, i) {
          if (i) note.appendChild(document.createTextNode(", "));
          var a = queryLink(q, false);
          a.className = "search-note__suggestion";
          note.appendChild(a);
        });
        note.appendChild(document.createTextNode("?"));
      }
      note.hidden = !note.childNodes.length;
    }

    function chosen() {
      var out = {};
      Object.keys(filters).forEach(function (k) { out[k] = filters[k].value || filters[k].dataset.initial || ""; });
      return out;
    }

    var runs = 0;
    function run() {
      var mine = ++runs;
      box.setAttribute("aria-busy", "true");
      var text = input.value.trim();
      if (!text) { current = []; show(); return Promise.resolve(); }
      var db, filter = chosen();
      var partial = function (first) { if (mine === runs && box.getAttribute("aria-busy") === "true") { current = first; show(true); } };
      var started = takeEarly(text, filter, literal, partial);
      return load().then(function (got) {
        db = got;
        return started || search(db, text, { facets: true, filter: filter, literal: literal, partial: partial });
      }).then(function (results) {
        if (mine !== runs) return;
        current = results;
        fillFilter(filters.province, results.facets.province);
        // Labels come from the build (search/manifest.json), as the pages name them.
        fillFilter(filters.level, results.facets.level, db.manifest.labels.level);
        fillFilter(filters.type, results.facets.type, db.manifest.labels.type);
        show();
      }).catch(function (err) {
        box.textContent = "";
        summary.textContent = "Không tải được chỉ mục tìm kiếm (" + err.message + ").";
        box.setAttribute("aria-busy", "false");
        theme();
      });
    }

    function syncUrl() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set("q", input.value.trim());
      if (literal) p.set(LITERAL, "1");
      Object.keys(filters).forEach(function (k) { if (filters[k].value) p.set(k, filters[k].value); });
      history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); literal = false; syncUrl(); run(); });
    Object.keys(filters).forEach(function (k) { filters[k].addEventListener("change", function () { syncUrl(); run(); }); });
    run();
  }

  // -- Header box: results as you type -------------------------------------------

  function headerBox(form) {
    var input = form.querySelector("input");
    var list = form.querySelector(".archive-suggest");
    var timer = null, selected = -1;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); selected = -1; }
    function select(i) {
      var items = list.querySelectorAll("a");
      if (!items.length) return;
      selected = (i + items.length) % items.length;
      items.forEach(function (a, j) { a.setAttribute("aria-selected", j === selected ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[selected].id);
    }
    function update() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      load().then(function (db) {
        return search(db, text, { prefix: !/\s$/.test(input.value), limit: 50 });
      }).then(function (results) {
        if (input.value.trim() !== text) return;
        list.textContent = "";
        results.slice(0, 8).forEach(function (r, i) {
          var a = renderResult(r, "archive-suggest__item");
          a.id = "archive-suggest-" + i;
          a.setAttribute("role", "option");
          list.appendChild(a);
        });
        var more = el("a", "more", results.length ? "Xem tất cả " + results.length + " kết quả" : "Không có kết quả — mở trang tìm kiếm");
        more.href = base + "tim-kiem/?q=" + encodeURIComponent(text);
        more.id = "archive-suggest-more";
        more.setAttribute("role", "option");
        list.appendChild(more);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        selected = -1;
      });
    }
    input.addEventListener("focus", load);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && selected >= 0) { e.preventDefault(); list.querySelectorAll("a")[selected].click(); }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      location.href = base + "tim-kiem/?q=" + encodeURIComponent(input.value.trim());
    });
  }

  window.archiveSearch = { load: load, search: search, parse: core.parse, variants: core.variants };

  function init() {
    document.querySelectorAll("[data-archive-search]").forEach(headerBox);
    var box = document.getElementById("search-results");
    if (box) resultsPage(box);
  }

  // On the results page this script runs from the head, before the page is parsed: the
  // search of the address's query starts now, and the page is set up as soon as the
  // results box is parsed (not when the theme's script is done).
  if (window.archiveResultsPage) {
    early = startFromAddress();
    if (document.getElementById("search-results")) init();
    else {
      var watch = new MutationObserver(function () {
        if (!document.getElementById("search-results")) return;
        watch.disconnect();
        init();
      });
      watch.observe(document.documentElement, { childList: true, subtree: true });
    }
  } else init();
})();
