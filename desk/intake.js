// "Thêm kế hoạch từ tệp": each file picked goes to `make desk`'s intake server
// (thidua/commands/desk_intake.py, its address in desk.json), which imports it into a draft
// on the desk's "Quy trình" board; this page says what became of each file. A published desk
// has no such server: the page points to its inbox instead (thidua/commands/inbox.py).
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  var input = document.getElementById("intake-files");
  var results = document.getElementById("intake-results");

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    return e;
  }

  function shown(item, answer, name) {
    item.textContent = "";
    if (answer.error) {
      item.className = "intake-refused";
      item.appendChild(el("strong", "Không nhập: "));
      item.appendChild(document.createTextNode(answer.error));
      return;
    }
    item.className = "intake-done";
    item.appendChild(el("strong", "Đã tạo bản nháp: "));
    item.appendChild(document.createTextNode((answer.title || answer.id) + " (" + name + ")"));
    var check = Object.keys(answer.check || {});
    if (check.length) {
      item.appendChild(el("p", "Cần kiểm tra " + check.length + " chỗ (đánh dấu # KIỂM TRA trong tệp):"));
      var list = el("ul");
      check.forEach(function (key) { list.appendChild(el("li", key + ": " + answer.check[key])); });
      item.appendChild(list);
    }
    var open = el("a", "Mở bản nháp để kiểm tra");
    open.href = "./#/collections/plans/entries/" + encodeURIComponent(answer.id);
    item.appendChild(open);
  }

  function send(url, file) {
    var item = el("li", "Đang nhập " + file.name + "… (bản quét có thể mất vài chục giây mỗi trang)");
    results.appendChild(item);
    return fetch(url, { method: "POST", body: file,
                        headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name) } })
      .then(function (r) { return r.json(); })
      .catch(function (err) { return { error: file.name + ": không gửi được tệp tới máy nhập (" + err.message + ")" }; })
      .then(function (answer) { shown(item, answer, file.name); });
  }

  fetch("desk.json").then(function (r) { return r.json(); }).then(function (desk) {
    if (!desk.intake) {
      // A published desk sends files through its inbox (committed by Decap, imported by CI).
      document.getElementById(desk.inbox ? "intake-inbox" : "intake-unavailable").hidden = false;
      form.hidden = true;
      return;
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var files = Array.prototype.slice.call(input.files), button = form.querySelector("button");
      button.disabled = true;
      // One at a time: the server imports one file at a time anyway, and the list keeps their order.
      files.reduce(function (done, file) { return done.then(function () { return send(desk.intake, file); }); }, Promise.resolve())
        .then(function () { button.disabled = false; form.reset(); });
    });
  });
})();
