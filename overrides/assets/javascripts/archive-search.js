/* The archive's search on the page: the results page (tim-kiem/) and the header box.
 * Ranking lives in search-core.js (no DOM). Contract kept for deep links and tests:
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
    return a;
  }

  // -- Results page -------------------------------------------------------------

  function resultsPage(box) {
    var form = document.getElementById("search-page-form");
    var input = document.getElementById("search-page-input");
    var summary = document.getElementById("search-summary");
    var filters = { province: document.getElementById("filter-province"),
                    level: document.getElementById("filter-level"), type: document.getElementById("filter-type") };
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
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

    function show() {
      box.textContent = "";
      current.slice(0, 100).forEach(function (r) { box.appendChild(renderResult(r, "search-result")); });
      var text = input.value.trim(), more = current.total > current.length;
      summary.textContent = !text ? "Nhập từ khóa để tìm." :
        !current.length ? "Không tìm thấy kết quả nào cho “" + text + "”. Thử bỏ bớt từ, bỏ bộ lọc, hoặc gõ không dấu." :
        more ? current.length + " kết quả phù hợp nhất cho “" + text + "” (có " + current.total.toLocaleString("vi-VN") + " mục khớp)." :
        current.length + " kết quả cho “" + text + "”.";
      box.setAttribute("aria-busy", "false");
    }

    function chosen() {
      var out = {};
      Object.keys(filters).forEach(function (k) { out[k] = filters[k].value || filters[k].dataset.initial || ""; });
      return out;
    }

    function run() {
      box.setAttribute("aria-busy", "true");
      var text = input.value.trim();
      if (!text) { current = []; show(); return Promise.resolve(); }
      var db;
      return load().then(function (got) { db = got; return search(db, text, { facets: true, filter: chosen() }); }).then(function (results) {
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
      });
    }

    function syncUrl() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set("q", input.value.trim());
      Object.keys(filters).forEach(function (k) { if (filters[k].value) p.set(k, filters[k].value); });
      history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); syncUrl(); run(); });
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
  document.querySelectorAll("[data-archive-search]").forEach(headerBox);
  var box = document.getElementById("search-results");
  if (box) resultsPage(box);
})();
