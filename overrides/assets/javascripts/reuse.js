/* The switch on a plan's page that takes the tint off its shared passages (pages/reuse.py).
   Without JavaScript the passages stay tinted and the switch stays hidden; the choice is kept
   for the next plan read. */
(function () {
  "use strict";
  var KEY = "archive-reuse-marks";

  function setUp() {
    var box = document.querySelector(".reuse-toggle");
    var body = document.querySelector(".doc-body");
    if (!box || !body || box.dataset.ready) return;
    box.dataset.ready = "1";
    var button = box.querySelector("button");
    function show(on) {
      body.classList.toggle("reuse-off", !on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Bỏ tô đoạn trùng" : "Tô lại đoạn trùng";
    }
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
    show(stored !== "off");
    button.addEventListener("click", function () {
      var on = body.classList.contains("reuse-off");
      show(on);
      try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
    });
    box.hidden = false;
  }

  // Material's instant navigation swaps pages without a load event.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp, { once: true });  // once: see cite.js
})();
