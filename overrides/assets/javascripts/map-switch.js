/* The map page (ban-do/): without JavaScript both layers (2021, 2025) show one after the
 * other; with it, two buttons show one at a time. The choice lives in the URL (#2025). */
(function () {
  "use strict";
  var box = document.querySelector("[data-map-switch]");
  if (!box) return;
  var layers = Array.prototype.slice.call(box.querySelectorAll("[data-layer]"));
  var bar = document.createElement("div");
  bar.className = "vn-map__switch";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Chọn địa giới hành chính");
  var labels = { "2021": "Năm 2021 (63 tỉnh)", "2025": "Từ 1/7/2025 (34 tỉnh)" };
  var buttons = layers.map(function (layer) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = labels[layer.dataset.layer] || layer.dataset.layer;
    b.addEventListener("click", function () { show(layer.dataset.layer, true); });
    bar.appendChild(b);
    return b;
  });
  box.insertBefore(bar, box.firstChild);
  box.classList.add("vn-map--switched");

  function show(which, remember) {
    layers.forEach(function (layer, i) {
      var on = layer.dataset.layer === which;
      layer.hidden = !on;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].classList.toggle("md-button--primary", on);
    });
    if (remember) history.replaceState(null, "", which === "2025" ? "#2025" : location.pathname + location.search);
  }
  show(location.hash === "#2025" ? "2025" : "2021", false);
  // A link to #2025 from this very page does not load it again.
  window.addEventListener("hashchange", function () { if (location.hash === "#2025") show("2025", false); });
})();
