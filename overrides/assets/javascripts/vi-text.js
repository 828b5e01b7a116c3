/* Vietnamese text keys for search: the JavaScript twin of scripts/archive/text.py.
 * Both are held to tests/vectors/text.json, so index keys (built in Python) and
 * query keys (made here) can never drift apart. Works in the browser and in Node. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.viText = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var TONES = "\u0300\u0301\u0303\u0309\u0323";
  var VOWELS = "aăâeêioôơuưy";
  var CHAR_MAP = {
    "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""
  };
  var CHAR_RE = new RegExp("[" + Object.keys(CHAR_MAP).join("") + "]", "g");
  var WORD_RE = /[\p{L}\p{N}]+/gu;
  var CODE_RE = /[\p{L}\p{N}]+(?:[\/-][\p{L}\p{N}]+)+/gu;

  function clean(text) {
    return text.normalize("NFC").replace(CHAR_RE, function (c) { return CHAR_MAP[c]; }).normalize("NFC");
  }

  function canonicalTone(word) {
    var decomposed = word.normalize("NFD");
    var tones = [], rest = "";
    for (var ch of decomposed) {
      if (TONES.indexOf(ch) >= 0) tones.push(ch); else rest += ch;
    }
    if (!tones.length) return word;
    var base = Array.from(rest.normalize("NFC"));
    var start = 0;
    if (base[0] === "q" && base[1] === "u") start = 2;
    else if (base[0] === "g" && base[1] === "i" && base.length > 2 && VOWELS.indexOf(base[2]) >= 0) start = 2;
    var positions = [];
    for (var i = start; i < base.length; i++) if (VOWELS.indexOf(base[i]) >= 0) positions.push(i);
    if (!positions.length) {
      for (var j = 0; j < base.length; j++) if (VOWELS.indexOf(base[j]) >= 0) positions.push(j);
    }
    if (!positions.length || positions[positions.length - 1] - positions[0] !== positions.length - 1) return word;
    var at;
    if (positions.length === 1) at = positions[0];
    else {
      var special = positions.filter(function (p) { return base[p] === "ê" || base[p] === "ơ"; });
      if (special.length) at = special[special.length - 1];
      else if (positions.length === 2) at = positions[1] === base.length - 1 ? positions[0] : positions[1];
      else at = positions[1];
    }
    base[at] = (base[at] + tones[tones.length - 1]).normalize("NFC");
    return base.join("");
  }

  function normalizeWord(word) { return canonicalTone(word.toLowerCase()); }

  function fold(text) {
    return clean(text).toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC").replace(/đ/g, "d");
  }

  function words(text) { return clean(text).match(WORD_RE) || []; }

  function wordKeys(word) {
    var exact = normalizeWord(word), folded = fold(exact);
    return folded === exact ? [exact] : [exact, folded];
  }

  function codeForm(code) {
    return code.toLowerCase().split("/").map(normalizeWord).join("/").replace(/-/g, "_");
  }

  function codeKeys(code) {
    var lowered = codeForm(code);
    var segments = lowered.split("/");
    var forms = [lowered], out = [];
    for (var i = segments.length - 1; i > 1; i--) forms.push(segments.slice(0, i).join("/"));
    for (var k = 1; k < segments.length; k++) forms.push(segments.slice(k).join("/"));
    forms.forEach(function (form) {
      [form, fold(form)].forEach(function (key) {
        if (out.indexOf(key) < 0 && (key.indexOf("/") >= 0 || key.indexOf("_") >= 0)) out.push(key);
      });
    });
    code.split(/[\/-]/).forEach(function (part) {
      wordKeys(part).forEach(function (key) { if (out.indexOf(key) < 0) out.push(key); });
    });
    return out;
  }

  function eachChunk(text, onWords, onCode) {
    text = clean(text);
    var pos = 0, m;
    CODE_RE.lastIndex = 0;
    while ((m = CODE_RE.exec(text)) !== null) {
      onWords(text.slice(pos, m.index));
      onCode(m[0]);
      pos = m.index + m[0].length;
    }
    onWords(text.slice(pos));
  }

  function searchKeys(text) {
    var out = [];
    eachChunk(text, function (chunk) {
      (chunk.match(WORD_RE) || []).forEach(function (w) { out.push.apply(out, wordKeys(w)); });
    }, function (code) { out.push.apply(out, codeKeys(code)); });
    return out;
  }

  function queryTokens(text) {
    var out = [];
    eachChunk(text, function (chunk) {
      (chunk.match(WORD_RE) || []).forEach(function (w) {
        var exact = normalizeWord(w);
        out.push({ exact: exact, folded: fold(exact), code: false });
      });
    }, function (code) {
      var exact = codeForm(code);
      out.push({ exact: exact, folded: fold(exact), code: true });
    });
    return out;
  }

  // Folded pairs of neighbouring words, as text.pair_keys makes them for short fields.
  function pairKeys(text) {
    var ws = words(text).map(fold), out = [];
    for (var i = 0; i + 1 < ws.length; i++) out.push(ws[i] + "+" + ws[i + 1]);
    return out;
  }

  return { clean: clean, pairKeys: pairKeys, canonicalTone: canonicalTone, normalizeWord: normalizeWord, fold: fold,
           words: words, searchKeys: searchKeys, queryTokens: queryTokens };
});
