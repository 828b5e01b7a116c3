// The archive's additions to Decap CMS, served at quan-tri/desk.js after decap-cms.js.
// desk.json (written at build time by thidua.publish.cms) carries what they need from the
// archive: the ids already taken, the fields that are null when left empty, the labels.
// Code and comments in English; everything the office reads in Vietnamese.
import { keepingFormat, keyedFormat } from "./keep.js";

(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var desk = { ids: [], nullable: {}, requiredIfPresent: {}, minimums: {}, collections: {}, labels: {} };
  var taken = new Set();

  // The id a title becomes, as Decap makes it with slug {encoding: ascii, clean_accents: true}.
  function slugOf(title) {
    return title.trim().toLowerCase().replace(/'/g, "").replace(/\./g, "-")
      .replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9_~-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
  }

  // Phrases Decap's Vietnamese locale leaves in English, for what the office sees.
  var MORE_VI = {
    auth: { loginWithAzure: "Đăng nhập bằng Azure", loginWithForgejo: "Đăng nhập bằng Forgejo" },
    collection: {
      entries: { unpublishedHeader: "Bài chưa công bố" }, groups: { other: "Khác", negateLabel: "Không phải %{label}" },
      collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "Ô %{widgetLabel}" } },
      editorControlPane: { i18n: { writingInLocale: "Đang viết bằng %{locale}", copyFromLocale: "Điền từ ngôn ngữ khác",
        copyFromLocaleConfirm: "Điền dữ liệu từ ngôn ngữ %{locale}?\nMọi nội dung đang có sẽ bị thay thế." } },
      editorInterface: { togglePreview: "Bật/tắt xem trước", toggleScrollSync: "Cuộn đồng thời",
        toggleI18n: "Bật/tắt đa ngôn ngữ", toggleNotes: "Bật/tắt ghi chú" },
      editorNotesPane: { title: "Ghi chú", emptyState: "Chưa có ghi chú. Thêm ghi chú đầu tiên ở dưới để trao đổi.",
        addNote: "Thêm ghi chú", addPlaceholder: "Thêm một ghi chú…", editPlaceholder: "Sửa ghi chú…", save: "Lưu",
        cancel: "Huỷ", edit: "Sửa", delete: "Xoá", resolve: "Đã xong", unresolve: "Mở lại",
        confirmDelete: "Xoá ghi chú này?", shortcut: "Mẹo: bấm Ctrl+Enter để thêm ghi chú nhanh" },
      editorToolbar: {
        status: "Trạng thái: %{status}",
        statusInfoTooltipDraft: "Bài đang là bản nháp. Khi viết xong, chuyển sang “Đang xét duyệt” để người thứ hai đọc.",
        statusInfoTooltipInReview: "Bài đang chờ duyệt; vẫn có thể sửa trong lúc chờ.",
      },
      editorWidgets: {
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở", collapse: "Thu gọn" },
        markdown: { bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã", link: "Liên kết",
          linkPrompt: "Nhập đường dẫn (https://…)", headings: "Đề mục", quote: "Trích dẫn",
          bulletedList: "Danh sách", numberedList: "Danh sách đánh số", addComponent: "Thêm thành phần",
          richText: "Định dạng", markdown: "Mã Markdown",
          toggleMode: { rich: "Chuyển sang soạn thảo định dạng", markdown: "Chuyển sang Markdown" } },
        image: { chooseUrl: "Chèn từ đường dẫn", replaceUrl: "Thay bằng đường dẫn", promptUrl: "Nhập đường dẫn ảnh",
          chooseMultiple: "Chọn các hình", addMore: "Thêm hình", removeAll: "Bỏ mọi hình" },
        file: { chooseUrl: "Chèn từ đường dẫn", chooseMultiple: "Chọn các tập tin", replaceUrl: "Thay bằng đường dẫn",
          promptUrl: "Nhập đường dẫn của tập tin", addMore: "Thêm tập tin", removeAll: "Bỏ mọi tập tin" },
        datetime: { setToNow: "Đặt %{fieldLabel} là bây giờ" },
      },
    },
    mediaLibrary: { mediaLibraryModal: { close: "Đóng" }, mediaLibraryCard: { copy: "Chép", copied: "Đã chép",
      copyUrl: "Chép đường dẫn", copyPath: "Chép vị trí tệp", copyName: "Chép tên tệp" } },
    ui: {
      settingsDropdown: { account: "Tài khoản" },
      toast: { noteAdded: "Đã thêm ghi chú", onFailToAddNote: "Không thêm được ghi chú: %{details}",
        noteUpdated: "Đã sửa ghi chú", onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
        noteDeleted: "Đã xoá ghi chú", onFailToDeleteNote: "Không xoá được ghi chú: %{details}",
        noteResolved: "Ghi chú đã xong", noteReopened: "Đã mở lại ghi chú",
        onFailToToggleNote: "Không đổi được trạng thái ghi chú: %{details}" },
    },
  };

  function merge(target, extra) {
    Object.keys(extra).forEach(function (k) {
      if (typeof extra[k] === "object") { target[k] = merge(Object.assign({}, target[k] || {}), extra[k]); }
      else { target[k] = extra[k]; }
    });
    return target;
  }

  // -- The title field: also the case's id; refuses an id the archive already has. --
  var TitleControl = createClass({
    isValid: function () {
      var value = (this.props.value || "").trim();
      var entry = this.props.entry;
      if (!value || (entry && !entry.get("newRecord"))) return true;
      var id = slugOf(value);
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
        return { error: { type: "CUSTOM", message: "Tiêu đề cần có chữ hoặc số để tạo mã bài." } };
      }
      if (taken.has(id)) {
        return { error: { type: "CUSTOM", message: "Kho đã có bài mang mã “" + id + "”. Hãy đặt tiêu đề khác " +
          "(thêm tên địa phương hoặc năm), hoặc mở bài đã có để sửa." } };
      }
      return true;
    },
    render: function () {
      var props = this.props, value = props.value || "";
      var isNew = !props.entry || props.entry.get("newRecord");
      var id = value.trim() ? slugOf(value) : "";
      return h("div", null,
        h("input", {
          type: "text", id: props.forID, className: props.classNameWrapper, value: value,
          onChange: function (e) { props.onChange(e.target.value); },
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
        }),
        isNew && id ? h("p", { className: "desk-id" }, "Mã bài (đường dẫn): ", h("code", null, id)) : null);
    },
  });

  // -- Before saving: null for pickers left empty, no empty text, grouped fields all or nothing. --
  function emptyPaths(value, path, out) {
    if (value === "" || (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0)) {
      out.push(path);
    } else if (Array.isArray(value)) {
      value.forEach(function (v, i) { emptyPaths(v, path.concat([i]), out); });
    } else if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { emptyPaths(value[k], path.concat([k]), out); });
    }
    return out;
  }

  function preSave(args) {
    var entry = args.entry, data = entry.get("data");
    var kind = desk.collections[entry.get("collection")];
    if (!kind) return data;
    // Empty text and empty groups are left out (the schemas require text to be non-empty).
    emptyPaths(data.toJS(), [], []).reverse().forEach(function (p) { data = data.deleteIn(p); });
    (desk.nullable[kind] || []).forEach(function (path) {
      var parts = path.split(".");
      if (data.getIn(parts) === undefined) data = data.setIn(parts, null);
    });
    // Lists the schema wants filled (a case's sources, people, themes): refused here too,
    // since Decap does not check a list that was never opened.
    var minimums = desk.minimums[kind] || {};
    Object.keys(minimums).forEach(function (path) {
      if (path.indexOf("*") >= 0) return;
      var list = data.getIn(path.split(".")), min = minimums[path][0];
      if (!list || list.size < min) {
        throw new Error("Chưa thể lưu: mục “" + minimums[path][1] + "” cần ít nhất " + min + " dòng. Hãy bấm “Thêm” và điền vào.");
      }
    });
    var groups = desk.requiredIfPresent[kind] || {};
    Object.keys(groups).forEach(function (path) {
      var group = data.getIn(path.split("."));
      if (!group) return;
      var missing = groups[path].filter(function (name) { return !group.get(name); });
      if (missing.length) {
        throw new Error(path === "image"
          ? "Ảnh cần có cả tệp ảnh và mô tả ảnh (cho người không xem được ảnh). Hãy điền đủ hoặc bỏ ảnh."
          : "Nhóm “" + path + "” còn thiếu: " + missing.join(", ") + ".");
      }
    });
    if (kind === "case" && entry.get("newRecord") && !data.get("published")) {
      data = data.set("published", new Date().toISOString().slice(0, 10));
    }
    return data;
  }

  // -- Nothing typed is lost. Decap keeps a copy of the form in the browser (IndexedDB) and offers
  // it back when the entry is opened again, but it reads that copy while it is still loading the
  // file (or setting up an empty new form), and whichever lands last wins: when the file or the
  // empty form comes after the restored copy, it silently replaces it (and the next change stores
  // the emptied form over the copy). Here, whenever Decap sets the form up again over work not yet
  // saved on the same page, the work is put back, through Decap's own restore actions.
  function findStore() {
    var root = document.getElementById("nc-root");
    var key = root && Object.keys(root).filter(function (k) { return k.indexOf("__reactContainer$") === 0; })[0];
    var queue = key ? [root[key]] : [];
    while (queue.length) {
      var fiber = queue.shift();
      var props = fiber.memoizedProps;
      if (props && props.store && props.store.getState && props.store.subscribe) return props.store;
      if (fiber.child) queue.push(fiber.child);
      if (fiber.sibling) queue.push(fiber.sibling);
    }
    return null;
  }

  var unsaved = null;  // {route, entry}: the last form with changes not yet saved

  function keepTypedWork(store) {
    var lastKey = null;
    store.subscribe(function () {
      var draft = store.getState().entryDraft, route = location.hash;
      if (!draft) return;
      var entry = draft.get("entry"), key = draft.get("key"), setUpAgain = key && key !== lastKey;
      lastKey = key;
      if (unsaved && unsaved.route !== route) unsaved = null;
      if (entry && entry.get("isPersisting")) {
        unsaved = null;
      } else if (draft.get("hasChanged")) {
        unsaved = { route: route, entry: entry };
      } else if (setUpAgain && unsaved) {
        var work = unsaved.entry.toJS();
        store.dispatch({ type: "DRAFT_LOCAL_BACKUP_RETRIEVED", payload: { entry: work } });
        if (store.getState().entryDraft.get("localBackup")) store.dispatch({ type: "DRAFT_CREATE_FROM_LOCAL_BACKUP" });
      }
    });
    // A question the office answers yes to (leave the page, delete the changes, restore the stored
    // copy) is its choice about the form: what was held for it is dropped.
    var confirm = window.confirm;
    window.confirm = function (message) {
      var yes = confirm.call(window, message);
      if (yes) unsaved = null;
      return yes;
    };
  }

  // The store is there from Decap's first render on, before anyone can type.
  function whenStore(then) {
    var observer = new MutationObserver(function () {
      var store = findStore();
      if (store) { observer.disconnect(); then(store); }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  // -- Names for Decap's unnamed controls (screen readers announce them; axe-core checks them):
  // a list item's arrow, drag handle and remove button, the text editor, the preview frame.
  function nameControls() {
    function name(el, label) { if (el && !el.getAttribute("aria-label")) el.setAttribute("aria-label", label); }
    document.querySelectorAll('[class*="-StyledListItemTopBar"]').forEach(function (bar) {
      var buttons = bar.querySelectorAll(":scope > button");
      name(buttons[0], "Mở hoặc thu gọn mục");
      if (buttons.length > 1) name(buttons[buttons.length - 1], "Xoá mục này");
      name(bar.querySelector(':scope > [role="button"][aria-roledescription]'), "Kéo để đổi thứ tự");
    });
    document.querySelectorAll('[data-slate-editor="true"]').forEach(function (editor) {
      var control = editor.closest('[class*="-ControlContainer"]');
      var label = control && control.querySelector("label");
      name(editor, label ? label.textContent : "Nội dung");
    });
    // The text editor's switch between formatted text and Markdown: Decap gives it role "switch"
    // without saying whether it is on; as a plain button with a name it says what it does.
    document.querySelectorAll('button[role="switch"][class*="-ToolbarToggle"]').forEach(function (toggle) {
      toggle.removeAttribute("role");
      name(toggle, "Chuyển giữa soạn thảo định dạng và mã Markdown");
    });
    var frame = document.getElementById("preview-pane");
    if (frame) {
      name(frame, "Xem trước");
      if (!frame.title) frame.title = "Xem trước bài như trên trang";
      var doc = frame.contentDocument;
      if (doc && doc.documentElement && !doc.documentElement.lang) doc.documentElement.lang = "vi";
    }
  }

  // "Thêm kế hoạch từ tệp" (nhap-tep.html): plans come in from their files, not from an empty form,
  // so the link sits where the plans' list says so, in its description.
  function intakeLink() {
    if (!/^#\/collections\/plans\/?$/.test(location.hash)) return;
    var description = document.querySelector('p[class*="-CollectionTopDescription"]');
    if (!description || description.querySelector("a.desk-intake")) return;
    var a = document.createElement("a");
    a.className = "desk-intake";
    a.href = "nhap-tep.html";
    a.textContent = "Thêm kế hoạch từ tệp";
    description.appendChild(document.createTextNode(" "));
    description.appendChild(a);
  }

  function keepNaming() {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; nameControls(); intakeLink(); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  // -- Preview: the case page as the site shows it, in the site's own styles. --
  function label(table, key) { return (desk.labels[table] || {})[key] || key || ""; }

  var CasePreview = createClass({
    render: function () {
      var entry = this.props.entry, get = function (k) { return entry.getIn(["data"].concat(k)); };
      var list = function (k) { var v = get(k); return v && v.toJS ? v.toJS() : []; };
      var who = list(["who"]).map(function (p) {
        return (p.name || "") + (p.role ? " (" + p.role + ")" : "") + (p.kind === "collective" ? " — tập thể" : "");
      }).join("; ");
      var unit = get(["where", "unit"]);
      var rows = [
        ["Ai", who], ["Ở đâu (như nguồn ghi)", get(["where", "printed"]) || ""],
        ["Tỉnh, thành phố (2021)", unit ? label("units", unit) : "Toàn quốc"],
        ["Thời điểm", get(["date"]) || ""],
        ["Chủ đề", list(["themes"]).map(function (t) { return label("themes", t); }).join(", ")],
        ["Khen thưởng theo", get(["under"]) ? label("documents", get(["under"])) : "Không gắn với văn bản nào trong kho"],
      ];
      var image = get(["image", "src"]);
      return h("div", { className: "md-content", "data-md-component": "content" },
        h("article", { className: "md-content__inner md-typeset" },
          h("h1", null, get(["title"]) || "(chưa có tiêu đề)"),
          image ? h("img", { src: this.props.getAsset(image).toString(), alt: get(["image", "alt"]) || "" }) : null,
          h("div", { className: "doc-card" }, h("table", null,
            h("thead", null, h("tr", null, h("th", null, "Thông tin"), h("th", null, "Nội dung"))),
            h("tbody", null, rows.map(function (r, i) {
              return h("tr", { key: i }, h("td", null, r[0]), h("td", null, r[1]));
            })))),
          this.props.widgetFor("body"),
          h("h2", { id: "ghi-nhan" }, "Hình thức ghi nhận"),
          list(["recognition"]).length ? h("table", null, h("tbody", null, list(["recognition"]).map(function (r, i) {
            return h("tr", { key: i }, h("td", null, label("awards", r.award) + (r.posthumous ? " (truy tặng)" : "")),
              h("td", null, r["class"] || "—"), h("td", null, r.by || ""), h("td", null, r.decision || "chưa rõ"),
              h("td", null, r.date || "—"));
          }))) : null,
          get(["recognition_note"]) ? h("p", null, get(["recognition_note"])) : null,
          h("h2", { id: "nguon" }, "Nguồn"),
          h("ul", null, list(["sources"]).map(function (s, i) {
            return h("li", { key: i }, h("a", { href: s.url }, s.publisher || s.url),
              s.title || s.date ? ": " + [s.title, s.date].filter(Boolean).join(", ") : "");
          }))));
    },
  });

  // A plan as its page shows it: the heading, the facts card, the text with its numbered parts, the
  // corrections. (The text is not a form field; it comes with the entry, saved back as it was.)
  var LEVELS = { central: "Trung ương", province: "Tỉnh, thành phố", department: "Sở, ngành",
    district: "Huyện, quận, thị xã", commune: "Xã, phường, thị trấn" };

  function planBody(items, depth) {
    return (items || []).map(function (item, i) {
      if (typeof item === "string") return h("p", { key: i }, item);
      var head = [item.label, item.title].filter(Boolean).join(" ");
      return h("div", { key: i, style: { marginLeft: depth ? "1.2em" : 0 } },
        head ? h(depth ? "p" : "h2", null, item.title ? h("strong", null, head) : head) : null,
        item.text ? h("p", null, item.title ? item.text : [item.label, item.text].filter(Boolean).join(" ")) : null,
        planBody(item.children, depth + 1));
    });
  }

  var PlanPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data"), plan = data && data.toJS ? data.toJS() : {};
      var issuer = plan.issuer || {}, signer = plan.signer || {};
      var rows = [
        ["Loại văn bản", plan.kind], ["Số, ký hiệu", plan.number || "Không số"], ["Ngày ban hành", plan.date],
        ["Cơ quan ban hành", issuer.name ? issuer.name + (LEVELS[issuer.level] ? " (" + LEVELS[issuer.level] + ")" : "") : ""],
        ["Người ký", [signer.capacity, signer.title, signer.name].filter(Boolean).join(" ")],
        ["Hình thức khen thưởng", (plan.awards || []).map(function (a) { return label("awards", a); }).join("; ")],
      ].filter(function (r) { return r[1]; });
      var corrections = (plan.provenance || {}).corrections || [];
      return h("div", { className: "md-content", "data-md-component": "content" },
        h("article", { className: "md-content__inner md-typeset" },
          h("h1", null, plan.title || ""),
          h("div", { className: "doc-card" }, h("table", null,
            h("thead", null, h("tr", null, h("th", null, "Thông tin"), h("th", null, "Nội dung"))),
            h("tbody", null, rows.map(function (r, i) { return h("tr", { key: i }, h("td", null, r[0]), h("td", null, r[1])); })))),
          planBody(plan.body, 0),
          corrections.length ? h("h2", null, "Các chỉnh sửa so với bản gốc") : null,
          corrections.length ? h("ul", null, corrections.map(function (c, i) { return h("li", { key: i }, c); })) : null));
    },
  });

  // The site's stylesheets, read from its home page so the preview uses exactly what pages use.
  function siteStyles() {
    return fetch("../").then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      return Array.prototype.map.call(doc.querySelectorAll('link[rel="stylesheet"]'), function (link) {
        return new URL(link.getAttribute("href"), new URL("../", document.baseURI)).href;
      });
    }).catch(function () { return []; });
  }

  Promise.all([fetch("desk.json").then(function (r) { return r.json(); }), siteStyles()]).then(function (loaded) {
    desk = loaded[0];
    taken = new Set(desk.ids);
    loaded[1].forEach(function (href) { CMS.registerPreviewStyle(href); });
    var vi = merge(Object.assign({}, CMS.getLocale("vi")), MORE_VI);
    CMS.registerLocale("vi", vi);
    // What Decap shows before it has read the configuration (and any phrase a later Decap adds)
    // comes from its English locale: Vietnamese there too.
    CMS.registerLocale("en", merge(Object.assign({}, CMS.getLocale("en")), vi));
    CMS.registerCustomFormat("yaml-kept", "yaml", keepingFormat(false));
    CMS.registerCustomFormat("frontmatter-kept", "md", keepingFormat(true));
    CMS.registerCustomFormat("yaml-keyed", "yaml", keyedFormat());
    CMS.registerWidget("archive-title", TitleControl);
    CMS.registerPreviewTemplate("cases", CasePreview);
    CMS.registerPreviewTemplate("plans", PlanPreview);
    CMS.registerEventListener({ name: "preSave", handler: preSave });
    CMS.init();
    whenStore(keepTypedWork);
    keepNaming();
  });
})();
