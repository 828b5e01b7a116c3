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
      var node = styled(doc, doc.getIn(at, true), after[key]);
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

// The pieces of a save: each edited value is written over its own lines in the file's text; the
// rest of the text is not touched. (Serializing the whole document again would unfold folded
// lines, reflow untouched block texts and re-indent lists.)
function lineStart(text, at) { return text.lastIndexOf("\n", at - 1) + 1; }
function lineEnd(text, at) { var i = text.indexOf("\n", at); return i < 0 ? text.length : i; }

// A value laid out for the file: keeps the old value's style, quotes dates like the archive does.
function styled(doc, old, value) {
  var node = doc.createNode(value);
  if (old && old.flow && old.items && old.items.length && node.items) node.flow = true;
  var itemType = old && old.items && old.items[0] && old.items[0].type;
  if (node.items && /QUOTE/.test(itemType || "")) {
    node.items.forEach(function (item) { if (typeof item.value === "string") item.type = itemType; });
  }
  // A quoted text stays quoted, a folded (>-) or literal (|) block stays one.
  if (old && old.type && typeof node.value === "string" && /QUOTE|BLOCK/.test(old.type)) node.type = old.type;
  visit(node, { Scalar: function (key, n) {
    if (typeof n.value === "string" && /^[0-9]{4}(-[0-9]{2}){0,2}$/.test(n.value) && !n.type) n.type = "QUOTE_DOUBLE";
  } });
  return node;
}

function serialize(doc, node, options) {
  var d = new Document(null);
  d.contents = node;
  return d.toString(options).replace(/\n$/, "");
}

function serializePair(doc, key, node, options) {
  var map = doc.createNode({});
  map.set(key, node);
  return serialize(doc, map, options);
}

// The text edits (offsets into the original text) that turn `before` into `after`, or null when
// one of them cannot be placed (then the caller writes the whole document).
function splices(text, doc, map, before, after, options) {
  var out = [];
  var pairs = {};
  map.items.forEach(function (pair) { if (pair.key && pair.key.range) pairs[pair.key.value] = pair; });
  var keys = Object.keys(after);
  for (var i = 0; i < keys.length; i++) {
    var key = keys[i], pair = pairs[key];
    if (same(before[key], after[key])) continue;
    if (!pair) {
      if (key in before || map.flow || !map.items.length) return null;
      // A new key goes below the map's last entry, at the same indentation.
      var last = map.items[map.items.length - 1], column = last.key.range[0] - lineStart(text, last.key.range[0]);
      var end = lineEnd(text, Math.max(last.value && last.value.range ? last.value.range[1] - 1 : last.key.range[1], last.key.range[1]));
      var added = serializePair(doc, key, styled(doc, null, after[key]), options);
      if (!/^\s*$/.test(text.slice(lineStart(text, last.key.range[0]), last.key.range[0]))) return null;
      out.push([end, end, "\n" + indent(added, column, true)]);
      continue;
    }
    var node = pair.value;
    if (!node || !node.range) return null;
    if (isMap(before[key]) && isMap(after[key]) && node.items && !node.flow) {
      var inner = splices(text, doc, node, before[key], after[key], options);
      if (!inner) return null;
      out = out.concat(inner);
      continue;
    }
    var b = before[key], a = after[key];
    if (Array.isArray(b) && Array.isArray(a) && node.items && !node.flow && a.length > b.length &&
        same(b, a.slice(0, b.length)) && b.length) {
      // Items added at the end of a block list: new lines after its last item.
      var lastItem = node.items[node.items.length - 1];
      var itemEnd = lineEnd(text, (lastItem.range || node.range)[1] - 1);
      var dash = text.lastIndexOf("-", node.items[0].range ? node.items[0].range[0] : node.range[0]);
      var col = dash - lineStart(text, dash);
      var items = serialize(doc, styled(doc, node, a.slice(b.length)), options);
      out.push([itemEnd, itemEnd, "\n" + indent(items, col, true)]);
      continue;
    }
    var fresh = styled(doc, node, a);
    var valueText = serialize(doc, fresh, options);
    var startsOnKeyLine = text.slice(pair.key.range[1], node.range[0]).indexOf("\n") < 0;
    if (startsOnKeyLine && valueText.indexOf("\n") < 0 && !fresh.items &&
        text.slice(node.range[0], node.range[1]).indexOf("\n") < 0 && !/^[>|]/.test(text.slice(node.range[0]))) {
      // A one-line value: replaced in place, the key and a comment after it stay.
      out.push([node.range[0], node.range[1], valueText]);
      continue;
    }
    // Anything else: the key's lines, from the key to the end of its value's last line.
    var keyCol = pair.key.range[0] - lineStart(text, pair.key.range[0]);
    // A folded block is folded again at the width its lines had.
    var wide = fresh.type === "BLOCK_FOLDED" ? Object.assign({}, options, {
      lineWidth: Math.max.apply(null, text.slice(node.range[0], node.range[1]).split("\n").map(function (l) { return l.length; })),
    }) : options;
    var whole = serializePair(doc, key, fresh, wide);
    out.push([pair.key.range[0], lineEnd(text, Math.max(node.range[1] - 1, pair.key.range[1])), indent(whole, keyCol, false)]);
  }
  for (var k in before) {
    if (!(k in after)) return null;  // a removed key: rare in the form; written whole
  }
  return out;
}

function indent(text, column, first) {
  var pad = new Array(column + 1).join(" ");
  return text.split("\n").map(function (line, i) { return (i || first) && line ? pad + line : line; }).join("\n");
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
      var head = typeof original === "string" ? (frontMatter ? splitFrontMatter(original).head : original) : "who:\n- ";
      // Lists written like the file's own ("- a" under a key, or indented "  - a"); a new case is
      // laid out like those in plans/cases/.
      var options = { lineWidth: 0, indentSeq: !/:\r?\n- /.test(head), flowCollectionPadding: false };
      var yamlText = null;
      if (typeof original === "string") {
        var doc = parseDocument(head), before = doc.toJS() || {};
        var edits = doc.contents && doc.contents.items && !doc.errors.length
          ? splices(head, doc, doc.contents, before, fields, options) : null;
        if (edits) {
          yamlText = head;
          edits.sort(function (x, y) { return y[0] - x[0]; }).forEach(function (e) {
            yamlText = yamlText.slice(0, e[0]) + e[2] + yamlText.slice(e[1]);
          });
        } else {
          apply(doc, [], before, fields);
          yamlText = restoreSpacing(doc.toString(options), head);
        }
      } else {
        var ordered = {};
        (sortedKeys || []).concat(Object.keys(fields)).forEach(function (k) { if (k in fields) ordered[k] = fields[k]; });
        var created = new Document(ordered);
        created.contents = styled(created, null, ordered);
        yamlText = created.toString(options);
      }
      if (!frontMatter) return yamlText;
      return "---\n" + yamlText + "---\n" + (body || "");
    },
  };
}

// A reference list (plans/reference/*.yaml, a map of key -> entry) as the form edits it: a list of
// entries, each with its key, so entries can be added. Written back as the map, through the same
// line-keeping save: an edited entry changes its own lines, a new one is added at the end.
export function keyedFormat() {
  var plain = keepingFormat(false);
  return {
    fromFile: function (text) {
      var data = plain.fromFile(text), out = { entries: [] };
      Object.keys(data).forEach(function (key) {
        if (key !== SOURCE) out.entries.push(Object.assign({ key: key }, data[key]));
      });
      out[SOURCE] = data[SOURCE];
      return out;
    },
    toFile: function (data) {
      var map = {};
      (data.entries || []).forEach(function (entry) {
        var value = Object.assign({}, entry);
        delete value.key;
        map[entry.key] = value;
      });
      map[SOURCE] = data[SOURCE];
      return plain.toFile(map);
    },
  };
}
