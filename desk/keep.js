// How the desk reads and writes the archive's files (Decap CMS custom formats "yaml-kept" and
// "frontmatter-kept"), apart from desk.js so tests/js/desk-save.mjs runs the very same code in Node.
import { Document, parseDocument, visit } from "yaml";

// -- Saving changes only what was edited: comments, key order, quoting and line layout of
// everything else stay as the clerk or the importer wrote them (review marks included).
var SOURCE = "__source_text";  // the file as read, carried along with the entry (no form field)

function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

function apply(doc, path, before, after) {
  Object.keys(after).forEach(function (key) {
    var at = path.concat([key]);
    if (same(before[key], after[key])) return;
    if (isMap(before[key]) && isMap(after[key]) && doc.getIn(at, true) && doc.getIn(at, true).items) {
      apply(doc, at, before[key], after[key]);
    } else {
      // A new value keeps the old one's style: a [flow, list] stays one, a quoted text stays quoted.
      var old = doc.getIn(at, true), node = doc.createNode(after[key]);
      if (old && old.flow && old.items && old.items.length && node.items) node.flow = true;
      var itemType = old && old.items && old.items[0] && old.items[0].type;
      if (node.items && /QUOTE/.test(itemType || "")) {
        node.items.forEach(function (item) { if (typeof item.value === "string") item.type = itemType; });
      }
      if (old && old.type && typeof node.value === "string" && /QUOTE/.test(old.type)) node.type = old.type;
      doc.setIn(at, node);
    }
  });
  Object.keys(before).forEach(function (key) {
    if (!(key in after)) doc.deleteIn(path.concat([key]));
  });
}

// The yaml library writes one space before a trailing comment; lines it did not change get
// their original spacing back.
function restoreSpacing(text, original) {
  var norm = function (line) { return line.replace(/\s+#/, " #"); };
  var byNorm = {};
  original.split("\n").forEach(function (line) { byNorm[norm(line)] = line; });
  return text.split("\n").map(function (line) {
    return line.indexOf("#") >= 0 && byNorm[norm(line)] !== undefined ? byNorm[norm(line)] : line;
  }).join("\n");
}

function splitFrontMatter(text) {
  var m = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  return m ? { head: m[1] || "", body: m[2] } : { head: "", body: text };
}

export function keepingFormat(frontMatter) {
  return {
    fromFile: function (text) {
      var parts = frontMatter ? splitFrontMatter(text) : { head: text };
      var data = parseDocument(parts.head).toJS() || {};
      if (frontMatter) data.body = parts.body;
      data[SOURCE] = text;
      return data;
    },
    toFile: function (data, sortedKeys) {
      var fields = Object.assign({}, data), original = fields[SOURCE], body = fields.body;
      delete fields[SOURCE];
      if (frontMatter) delete fields.body;
      var doc, before;
      if (typeof original === "string") {
        var head = frontMatter ? splitFrontMatter(original).head : original;
        doc = parseDocument(head);
        before = doc.toJS() || {};
        apply(doc, [], before, fields);
      } else {
        var ordered = {};
        (sortedKeys || []).concat(Object.keys(fields)).forEach(function (k) { if (k in fields) ordered[k] = fields[k]; });
        doc = new Document(ordered);
        head = "who:\n- ";  // a new case is laid out like those in plans/cases/
      }
      // Dates in quotes, as the archive writes them ("2021-09-05"): plain, YAML 1.1 readers take them for dates.
      visit(doc, { Scalar: function (key, node) {
        if (typeof node.value === "string" && /^[0-9]{4}(-[0-9]{2}){0,2}$/.test(node.value) && !node.type) node.type = "QUOTE_DOUBLE";
      } });
      // Lists written like the file's own ("- a" under a key, or indented "  - a").
      var indentSeq = !/:\r?\n- /.test(head);
      var yamlText = restoreSpacing(doc.toString({ lineWidth: 0, indentSeq: indentSeq, flowCollectionPadding: false }), head);
      if (!frontMatter) return yamlText;
      return "---\n" + yamlText + "---\n" + (body || "");
    },
  };
}

