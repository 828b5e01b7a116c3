/* "Trích dẫn văn bản này": the permanent address made absolute (a build without site_url
   has only the page's own), today's date as the date accessed, and the copy button. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    return d.getDate() + "/" + (d.getMonth() + 1) + "/" + d.getFullYear();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http: select a hidden text area and copy the old way.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("copy refused"));
    });
  }

  function setUp(box) {
    var link = box.querySelector("[data-cite-url]");
    var url = new URL(link.getAttribute("href"), location.href).href;
    link.href = url;
    link.textContent = url;
    box.querySelector("[data-cite-url-text]").textContent = url;
    box.querySelector("[data-cite-accessed]").textContent = today();
    var status = box.querySelector("[data-cite-status]");
    box.querySelector("[data-cite-copy]").addEventListener("click", function () {
      var text = box.querySelector("[data-cite-text]").textContent.replace(/\s+/g, " ").trim();
      copyText(text).then(function () {
        status.textContent = "Đã sao chép trích dẫn.";
      }, function () {
        status.textContent = "Không sao chép được: hãy chọn đoạn trích dẫn và sao chép thủ công.";
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cite]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init, { once: true });  // once: the results page tells it again for the theme (main.html)
  else init();
})();
