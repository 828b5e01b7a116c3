/* Filters on the exemplary-cases listing: province, theme, award form. Without
 * JavaScript the whole list shows; with it, the filters also live in the URL. */
(function () {
  "use strict";
  var box = document.querySelector("[data-case-filters]");
  if (!box) return;
  var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-filter]"));
  var items = Array.prototype.slice.call(document.querySelectorAll(".case-item"));
  var count = document.querySelector("[data-case-count]");
  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) { if (params.get(s.dataset.filter)) s.value = params.get(s.dataset.filter); });

  function apply() {
    var shown = 0, p = new URLSearchParams();
    items.forEach(function (item) {
      var ok = selects.every(function (s) {
        var have = (item.dataset[s.dataset.filter] || "").split(/\s+/);
        return !s.value || (s.dataset.filter === "province" ? item.dataset.province === s.value : have.indexOf(s.value) >= 0);
      });
      item.hidden = !ok;
      if (ok) shown++;
    });
    selects.forEach(function (s) { if (s.value) p.set(s.dataset.filter, s.value); });
    history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
    count.textContent = shown + " / " + items.length + " gương điển hình";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})();
