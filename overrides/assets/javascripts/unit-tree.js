/* The hierarchy page (he-thong/): the tree of documents below QĐ 1497/QĐ-TTg, folded by
 * province. A province's branch is fetched only when it is opened (its own small file), and a
 * box finds a unit or issuer by name, with or without diacritics (viText.fold, the twin of
 * text.py). Without JavaScript the page lists the provinces as links to their pages. */
(function () {
  "use strict";
  var tree = document.querySelector("[data-unit-tree]");
  if (!tree || !window.viText) return;
  var MAX_RESULTS = 30;

  function el(tag, props, text) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { node.setAttribute(k, props[k]); });
    if (text) node.textContent = text;
    return node;
  }

  /* A button before the node's link opens and closes its children; they are made (and, for
   * a province, fetched) the first time it opens. */
  function foldable(li, name, children) {
    var button = el("button", { type: "button", "class": "unit-tree__toggle", "aria-expanded": "false",
                                "aria-label": "Mở, thu gọn: " + name });
    li.insertBefore(button, li.firstChild);
    var list = null;
    function toggle(open) {
      button.setAttribute("aria-expanded", String(open));
      if (list) { list.hidden = !open; return; }
      if (!open) return;
      list = el("ul", { "aria-busy": "true" });
      list.appendChild(el("li", {}, "Đang tải…"));
      li.appendChild(list);
      Promise.resolve(children()).then(function (nodes) {
        list.textContent = "";
        render(nodes, list);
      }, function () {
        list.textContent = "";
        list.appendChild(el("li", {}, "Không tải được nhánh này; mở trang của đơn vị bằng liên kết bên cạnh."));
      }).then(function () { list.setAttribute("aria-busy", "false"); });
    }
    button.addEventListener("click", function () { toggle(button.getAttribute("aria-expanded") !== "true"); });
    return toggle;
  }

  function count(nodes) {
    return nodes.reduce(function (n, node) { return n + 1 + count(node.c || []); }, 0);
  }

  function render(nodes, list) {
    nodes.forEach(function (node) {
      var li = el("li");
      var a = el("a", { href: node.u }, node.t);
      li.appendChild(a);
      if (node.x) li.appendChild(document.createTextNode(" (quan hệ chưa xác nhận)"));
      if (node.c) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", { "class": "unit-tree__count" }, "(" + count(node.c) + " văn bản thực hiện)"));
        foldable(li, node.t, function () { return node.c; });
      }
      list.appendChild(li);
    });
  }

  tree.querySelectorAll("li[data-tree]").forEach(function (li) {
    var url = li.getAttribute("data-tree");
    var toggle = foldable(li, li.querySelector("a").textContent, function () {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    });
    // he-thong/#tinh-ha-noi (the link from a province page) opens that province's branch.
    if (location.hash === "#" + li.id) toggle(true);
  });

  /* The search box: the names index is fetched on first use, then filtered in memory. */
  var box = el("div", { "class": "unit-tree__search" });
  var label = el("label", { "for": "unit-tree-query" }, "Tìm cơ quan, đơn vị ban hành (gõ có dấu hoặc không dấu)");
  var input = el("input", { type: "search", id: "unit-tree-query", autocomplete: "off", placeholder: "ví dụ: tu ky, Thanh Oai" });
  var status = el("p", { "class": "unit-tree__status", role: "status" });
  var results = el("ul", { "class": "unit-tree__results", id: "unit-tree-results" });
  box.appendChild(label);
  box.appendChild(input);
  box.appendChild(status);
  box.appendChild(results);
  tree.parentNode.insertBefore(box, tree);

  var names = null;
  function loadNames() {
    if (!names) {
      names = fetch(tree.getAttribute("data-names")).then(function (r) { return r.json(); }).then(function (index) {
        // {province: {link: [name, …]}} (browse._names_json) → one entry per name.
        var all = [];
        Object.keys(index).forEach(function (province) {
          Object.keys(index[province]).forEach(function (url) {
            index[province][url].forEach(function (name) {
              var own = " " + viText.fold(name);
              all.push({ name: name, province: province, url: url, own: own, key: own + " " + viText.fold(province) });
            });
          });
        });
        return all;
      });
    }
    return names;
  }

  var pending = 0;
  function search() {
    var words = viText.fold(input.value).split(/\s+/).filter(Boolean);
    var ticket = ++pending;
    if (!words.length) { results.textContent = ""; status.textContent = ""; return; }
    loadNames().then(function (all) {
      if (ticket !== pending) return;  // a later keystroke already searched
      // Each word typed must begin a word of the name or of its province ("ky" finds Tứ Kỳ, not every
      // name holding "ky" inside a word); names that match by themselves come before those matched
      // through their province.
      function has(key) { return words.every(function (w) { return key.indexOf(" " + w) >= 0; }); }
      var found = all.filter(function (entry) { return has(entry.key); });
      found = found.filter(function (entry) { return has(entry.own); })
        .concat(found.filter(function (entry) { return !has(entry.own); }));
      results.textContent = "";
      found.slice(0, MAX_RESULTS).forEach(function (entry) {
        var li = el("li");
        li.appendChild(el("a", { href: entry.url }, entry.name));
        if (entry.province && entry.name.indexOf(entry.province) < 0) li.appendChild(document.createTextNode(" — " + entry.province));
        results.appendChild(li);
      });
      status.textContent = found.length ? (found.length > MAX_RESULTS ? "Có " + found.length + " đơn vị; hiện " +
        MAX_RESULTS + " đầu tiên, gõ thêm để thu hẹp." : "Có " + found.length + " đơn vị.") : "Không thấy đơn vị nào.";
    }, function () {
      status.textContent = "Không tải được danh sách đơn vị.";
    });
  }
  input.addEventListener("input", search);
  input.addEventListener("focus", loadNames, { once: true });
})();
