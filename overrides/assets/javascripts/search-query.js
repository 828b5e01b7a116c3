/* The archive's search, its first job: what a query means. Its words (quoted ones kept
 * whole), question words it may leave out, abbreviations and the variants list, and the
 * corrections that need no fetch: Telex and VNI typed without an input method, numbers
 * squeezed against their symbol, edit distance and deletion keys, a syllable read by its
 * neighbours. No DOM, no fetch: it runs in the browser (window.searchQuery) and in Node
 * (tests/js/query.test.js). Keys come from vi-text.js, the twin of text.py. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./vi-text.js"));
  else root.searchQuery = factory(root.viText);
})(typeof self !== "undefined" ? self : this, function (vi) {
  "use strict";

  // Abbreviations of administrative text, both ways (query time only, index unchanged).
  var ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc",
    "tđkt": "thi đua khen thưởng", "hđtđkt": "hội đồng thi đua khen thưởng",
    "ccvc": "công chức viên chức", "cbccvc": "cán bộ công chức viên chức", "cbcc": "cán bộ công chức",
    "ttg": "thủ tướng", "nđ": "nghị định", "qđ": "quyết định", "nq": "nghị quyết", "kh": "kế hoạch",
    "ct": "chỉ thị", "kl": "kết luận", "hd": "hướng dẫn", "cp": "chính phủ", "tw": "trung ương",
    "qh": "quốc hội", "lđlđ": "liên đoàn lao động", "ktxh": "kinh tế xã hội", "tp": "thành phố",
    "tt&tt": "thông tin và truyền thông", "tttt": "thông tin và truyền thông", "bhxh": "bảo hiểm xã hội",
    "cntt": "công nghệ thông tin", "vp": "văn phòng", "ban tđkt": "ban thi đua khen thưởng"
  };
  var ABBR = Object.keys(ABBREVIATIONS).filter(function (k) { return k.indexOf(" ") < 0; }).map(function (k) {
    return { abbr: vi.fold(k), words: vi.queryTokens(ABBREVIATIONS[k]) };
  });

  // -- Query parsing ---------------------------------------------------------

  // The query's words; words in quotes are marked `quoted` (never optional) and, two or
  // more, make a phrase that must stand together.
  function parse(text) {
    var tokens = [], phrases = [], at = 0, quote = /["“”]([^"“”]+)["“”]?/g, m;
    while ((m = quote.exec(text))) {
      tokens.push.apply(tokens, vi.queryTokens(text.slice(at, m.index)));
      var quoted = vi.queryTokens(m[1]);
      quoted.forEach(function (t) { t.quoted = true; });
      tokens.push.apply(tokens, quoted);
      if (quoted.length > 1) phrases.push(quoted);
      at = quote.lastIndex;
    }
    tokens.push.apply(tokens, vi.queryTokens(text.slice(at)));
    return { tokens: tokens, phrases: phrases };
  }

  // The positions of question and function words (search/manifest.json "optional", from
  // plans/reference/question-words.yaml): entries longest first, anywhere in the query;
  // frames ("có … không") when the query begins with the first part and ends with the last.
  // Never a quoted word or a number, and never every word of the query.
  // A word typed with accents matches an entry with those accents ("nhũng" is not "những"),
  // one typed without matches it folded.
  function optionalWords(tokens, table) {
    var out = [], seq = tokens.map(function (t) { return t.quoted || t.code ? null : t; });
    if (!table) return out;
    var marked = {};
    function same(t, w) { return !!t && (t.exact === t.folded ? t.folded === vi.fold(w) : t.exact === w); }
    function matches(words, at) {
      return at >= 0 && at + words.length <= seq.length && words.every(function (w, j) { return same(seq[at + j], w); });
    }
    (table.frames || []).forEach(function (f) {
      var end = seq.length - f[1].length;
      if (end > f[0].length && matches(f[0], 0) && matches(f[1], end)) {
        f[0].forEach(function (_, j) { marked[j] = true; });
        f[1].forEach(function (_, j) { marked[end + j] = true; });
      }
    });
    for (var i = 0; i < seq.length;) {
      var entry = (table.words || []).filter(function (words) { return matches(words, i); })[0];
      if (entry) { entry.forEach(function (_, j) { marked[i + j] = true; }); i += entry.length; } else i += 1;
    }
    for (var k = 0; k < seq.length; k++) if (marked[k]) out.push(k);
    return out.length < seq.length ? out : [];
  }

  // The query as typed, with abbreviations spelled out, and with spelled-out forms
  // abbreviated; then with each spelling of the variants list (search/manifest.json,
  // from plans/reference/synonyms.yaml) replaced by the others the index holds. An
  // expansion only counts where its words stand together. out.covered: the positions
  // of query words a variant stands for (they need no correction).
  function variants(tokens, table) {
    var out = [{ tokens: tokens, phrases: [] }];
    out.covered = {};
    var expanded = [], phrases = [];
    tokens.forEach(function (t) {
      var hit = ABBR.filter(function (a) { return a.abbr === t.folded; })[0];
      if (hit) { expanded.push.apply(expanded, hit.words); phrases.push(wordSeq(hit.words, "folded")); }
      else expanded.push(t);
    });
    if (phrases.length) out.push({ tokens: expanded, phrases: phrases });
    var contracted = [], i = 0, changed = false;
    while (i < tokens.length) {
      var hit2 = null;
      ABBR.forEach(function (a) {
        var n = a.words.length;
        if (n > 1 && !hit2 && tokens.slice(i, i + n).map(function (t) { return t.folded; }).join(" ") ===
            a.words.map(function (t) { return t.folded; }).join(" ")) hit2 = a;
      });
      if (hit2) { contracted.push({ exact: hit2.abbr, folded: hit2.abbr, code: false }); i += hit2.words.length; changed = true; }
      else { contracted.push(tokens[i]); i += 1; }
    }
    if (changed) out.push({ tokens: contracted, phrases: [] });
    spellingMatches(tokens, table || []).forEach(function (m) {
      for (var k = m.at; k < m.at + m.length; k++) out.covered[k] = true;
      m.group.forEach(function (s) {
        if (s === m.spelling || !s[1]) return;
        var words = s[0].map(function (t) { return { exact: t[0], folded: t[1], code: false }; });
        var seq = wordSeq(words, "folded");
        out.push({ tokens: tokens.slice(0, m.at).concat(words, tokens.slice(m.at + m.length)),
                   phrases: seq.length > 1 ? [seq] : [], variant: true });
      });
    });
    return out;
  }

  // Where the query holds a spelling of the variants list: [{at, length, group, spelling}].
  // Words compare folded, and a hyphenated spelling also as its words ("vắc-xin" = "vắc xin").
  function spellingMatches(tokens, table) {
    var seq = tokens.map(function (t) { return t.folded; }), found = [];
    for (var at = 0; at < seq.length; at++) {
      table.forEach(function (group) {
        group.forEach(function (s) {
          var want = s[0].map(function (t) { return t[1]; });
          if (found.some(function (f) { return at < f.at + f.length; })) return;
          if (want.every(function (w, j) { return seq[at + j] === w; })) {
            found.push({ at: at, length: want.length, group: group, spelling: s });
          }
        });
      });
    }
    return found;
  }

  // Query words in order, document numbers split into their parts as in running text.
  function wordSeq(tokens, key) {
    var out = [];
    tokens.forEach(function (t) { t[key].split(/[\/_]/).forEach(function (p) { if (p) out.push(p); }); });
    return out;
  }

  // -- Typos in context: a syllable read by its neighbours -----------------------

  // The query's syllables, in order; a number parts its neighbours (null). Question words
  // stay as neighbours ("các giải pháp" is a pair of the text) but are never corrected.
  // [{t, at (position in the query), folded} | null]
  function contextWords(tokens) {
    var out = [];
    tokens.forEach(function (t, at) {
      out.push(!t.code && /^\p{L}+$/u.test(t.folded) ? { t: t, at: at, folded: t.folded } : null);
    });
    return out.filter(function (x) { return x; }).length > 1 ? out : [];
  }

  // Up to two readings of the query with one syllable replaced by one a single edit away
  // ("xnah" -> "xanh", "men" -> "mem", "bo" -> "bao"), when the replacement stands beside
  // its neighbours in the archive and more of the query's neighbouring syllables then do.
  // A syllable the index lacks needs one neighbour to vouch for it. A syllable it has
  // (another word, likely) needs every neighbour, and the query must read as a phrase with
  // one slip: every pair the archive lacks touches that syllable (a question's keywords,
  // "phó chủ tịch ký kế hoạch thi đua", leave several gaps and are not read so). Best
  // first: most pairs held, then most neighbours, then a slip fingers make (farKey), then the most frequent pair. `query`: the query's tokens; `items`: its
  // syllables (contextWords). [{tokens: the query so corrected, whole: every pair is held}]
  function contextReadings(query, items, pairs, post) {
    function held(a, b) {
      return (pairs[a] && pairs[a].next[b] !== undefined) || (pairs[b] && pairs[b].prev[a] !== undefined);
    }
    var links = [];
    for (var i = 0; i + 1 < items.length; i++) if (items[i] && items[i + 1]) links.push(i);
    var words = items.map(function (x) { return x && x.folded; });
    function count(ws) { return links.filter(function (l) { return held(ws[l], ws[l + 1]); }).length; }
    var base = count(words);
    if (base === links.length) return [];
    var gaps = links.filter(function (l) { return !held(words[l], words[l + 1]); });
    var found = [];
    items.forEach(function (it, k) {
      if (!it || it.t.quoted || it.t.optional) return;
      var left = k > 0 ? words[k - 1] : null, right = k + 1 < words.length ? words[k + 1] : null;
      if ((!left || held(left, it.folded)) && (!right || held(it.folded, right))) return;
      var sides = (left ? 1 : 0) + (right ? 1 : 0), known = !!post[it.folded], near = {};
      if (known && !gaps.every(function (l) { return l === k || l + 1 === k; })) return;
      if (left && pairs[left]) Object.keys(pairs[left].next).forEach(function (x) { near[x] = pairs[left].next[x]; });
      if (right && pairs[right]) Object.keys(pairs[right].prev).forEach(function (x) { near[x] = Math.min(near[x] === undefined ? Infinity : near[x], pairs[right].prev[x]); });
      Object.keys(near).forEach(function (x) {
        if (x === it.folded || editDistance(it.folded, x) !== 1) return;
        var support = (left && held(left, x) ? 1 : 0) + (right && held(x, right) ? 1 : 0);
        if (known ? support < sides : support < 1) return;
        var ws = words.slice();
        ws[k] = x;
        var score = count(ws);
        if (score > base) found.push({ at: it.at, word: x, score: score, support: support, far: farKey(it.folded, x), rank: near[x] });
      });
    });
    found.sort(function (a, b) { return b.score - a.score || b.support - a.support || a.far - b.far || a.rank - b.rank || (a.word < b.word ? -1 : 1); });
    return found.slice(0, 2).map(function (f) {
      var tokens = query.slice();
      tokens[f.at] = accentedFix(query[f.at].exact, f.word);  // keeps the accents typed where it can
      return { tokens: tokens, whole: f.score === links.length };
    });
  }

  // Up to two readings of a query whose every pair of syllables the archive holds, but whose
  // words no section holds in a row ("huong cho ca": "hướng cho" and "cho cá" are pairs, yet
  // the text says "hướng cho các"): one syllable replaced by one a single edit away that stands
  // beside each of its neighbours. A slip fingers make first (farKey), then the most frequent pairs. [{tokens}]
  function rowReadings(query, items, pairs) {
    var words = items.map(function (x) { return x && x.folded; }), found = [];
    items.forEach(function (it, k) {
      if (!it || it.t.quoted || it.t.optional) return;
      var left = k > 0 ? words[k - 1] : null, right = k + 1 < words.length ? words[k + 1] : null;
      if (!left && !right) return;
      var near = left ? (pairs[left] || {}).next : (pairs[right] || {}).prev;
      Object.keys(near || {}).forEach(function (x) {
        if (x === it.folded || editDistance(it.folded, x) !== 1) return;
        var l = left ? pairs[left].next[x] : 0, r = right ? (pairs[right] || { prev: {} }).prev[x] : 0;
        if (r === undefined) return;
        found.push({ at: it.at, word: x, far: farKey(it.folded, x), rank: Math.max(l, r) });
      });
    });
    found.sort(function (a, b) { return a.far - b.far || a.rank - b.rank || (a.word < b.word ? -1 : 1); });
    return found.slice(0, 2).map(function (f) {
      var tokens = query.slice();
      tokens[f.at] = accentedFix(query[f.at].exact, f.word);
      return { tokens: tokens };
    });
  }

  // Keys beside each other on the keyboard Vietnamese is typed on (QWERTY).
  var ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
  function besideKeys(a, b) {
    var pa = null, pb = null;
    ROWS.forEach(function (row, r) { if (row.indexOf(a) >= 0) pa = [r, row.indexOf(a)]; if (row.indexOf(b) >= 0) pb = [r, row.indexOf(b)]; });
    return !!pa && !!pb && Math.abs(pa[0] - pb[0]) <= 1 && Math.abs(pa[1] + pa[0] / 2 - pb[1] - pb[0] / 2) <= 1;
  }

  // 1 when `typed` becomes `word` only by a key far from the one meant ("coong" -> "chong"),
  // 0 for the slips fingers make: a letter dropped, doubled or swapped, or a key beside it hit.
  function farKey(typed, word) {
    var a = Array.from(typed), b = Array.from(word);
    if (a.length !== b.length) return 0;
    var diff = [];
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length !== 1) return 0;
    return besideKeys(a[diff[0]], b[diff[0]]) ? 0 : 1;
  }

  // -- Forgiving: Telex and VNI typed without an input method, loose numbers, typos -----

  // Tone keys of Telex (after the first vowel) and VNI (digits), as combining marks.
  var TELEX_TONES = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323", z: "" };
  var VNI_TONES = { "1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323", "0": "" };
  // A Vietnamese syllable without its tone: onset, one to three vowels, final consonant.
  var SYLLABLE = /^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?[aăâeêioôơuưy]{1,3}(ch|nh|ng|[cmnpt])?$/;

  // "phongf" -> "phòng", "ddieeuf" -> "điều", "chuwowng" -> "chương": by Telex's rules (a
  // letter s f r x j after the first vowel is a tone, z removes it; aa ee oo make â ê ô,
  // aw ow uw make ă ơ ư, a lone w ư, dd đ). null when the word is not such a spelling.
  function fromTelex(word) {
    if (!/^[a-z]+$/.test(word)) return null;
    var w = word.replace(/^dd/, "đ"), tone = null, rest = "";
    if (!/[aeiouy]/.test(w)) w = w.replace("w", "ư");  // "tw" -> "tư", "nhwx" -> "nhữ"
    var first = w.search(/[aeiouyư]/);
    if (first < 0) return null;
    for (var i = first + 1; i < w.length; i++) {
      if (TELEX_TONES.hasOwnProperty(w[i])) tone = TELEX_TONES[w[i]]; else rest += w[i];
    }
    var base = (w.slice(0, first + 1) + rest).replace(/uwow|uow/g, "ươ").replace(/aw/g, "ă").replace(/ow/g, "ơ")
      .replace(/uw/g, "ư").replace(/aa/g, "â").replace(/ee/g, "ê").replace(/oo/g, "ô");
    // A w typed after the final consonant marks the vowels before it ("dutws" -> "dứt"); a lone w is ư.
    var late = /^([^aeiouy]*)(uo|[uoa])([^aeiouyw]+)w$/.exec(base);
    if (late) base = late[1] + ({ uo: "ươ", u: "ư", o: "ơ", a: "ă" })[late[2]] + late[3];
    return withTone(word, base.replace(/w/g, "ư"), tone);
  }

  // "pho2ng" -> "phòng", "cho61ng" -> "chống", "d9u7o7ng2" -> "đường": VNI's digits (1-5
  // tones, 0 none, 6 â ê ô, 7 ơ ư, 8 ă, 9 đ) on the letters before them.
  function fromVni(word) {
    if (!/^[a-z][a-z0-9]*$/.test(word) || !/[1-9]/.test(word)) return null;
    var letters = [], tone = null;
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      if (!/\d/.test(c)) { letters.push(c); continue; }
      if (VNI_TONES.hasOwnProperty(c)) { tone = VNI_TONES[c]; continue; }
      if (!vniMark(letters, c)) return null;
    }
    return withTone(word, letters.join(""), tone);
  }

  var VNI_MARKS = { "6": { a: "â", e: "ê", o: "ô" }, "7": { o: "ơ", u: "ư" }, "8": { a: "ă" }, "9": { d: "đ" } };
  function vniMark(letters, digit) {
    var marks = VNI_MARKS[digit];
    for (var j = letters.length - 1; j >= 0; j--) {
      if (!marks[letters[j]]) continue;
      letters[j] = marks[letters[j]];
      if (digit === "7" && letters[j] === "ơ" && letters[j - 1] === "u") letters[j - 1] = "ư";  // uo7 = ươ
      return true;
    }
    return false;
  }

  function withTone(typed, base, tone) {
    if (!SYLLABLE.test(base) || (base === typed && !tone)) return null;
    return vi.normalizeWord((base + (tone || "")).normalize("NFC"));
  }

  // Numbers squeezed against their symbol: "qd1497" -> "qd 1497", "1477qđ" -> "1477 qđ",
  // "1497qđ_ttg" -> "1497/qđ_ttg", "nđ91/2017" -> "nđ 91/2017". null when the word is not so.
  function looseNumber(t) {
    var m;
    if (t.code) {
      m = /^(\d+)([^\d\/_][^\/]*)$/.exec(t.exact);
      if (m) return [token(m[1] + "/" + m[2], true)];
      m = /^([^\d\/_]+)(\d+[\/_].*)$/.exec(t.exact);  // "nđ91/2017" -> "nđ 91/2017"
      return m ? [token(m[1], false), token(m[2], true)] : null;
    }
    m = /^(\d+)(\D+)$/.exec(t.exact) || /^(\D+)(\d+)$/.exec(t.exact);
    return m ? [token(m[1], false), token(m[2], false)] : null;
  }

  function token(exact, code) { return { exact: exact, folded: vi.fold(exact), code: code }; }

  // The corrections of a word that need no vocabulary, best first: [[token, …], …].
  function quickFixes(t) {
    var out = [], word = t.exact;
    [fromTelex(word), fromVni(word)].forEach(function (w) { if (w && w !== word) out.push([token(w, false)]); });
    var parts = looseNumber(t);
    if (parts) out.push(parts);
    return out;
  }

  // Typo tolerance as the engines people compare with allow it: one edit from 5 letters,
  // two from 9, on words of letters only (never numbers, never a 1-4 letter syllable).
  function editsAllowed(t) {
    if (t.code || !/^\p{L}+$/u.test(t.folded)) return 0;
    var n = Array.from(t.folded).length;
    return n >= 9 ? 2 : n >= 5 ? 1 : 0;
  }

  // The word and its forms with up to `edits` letters deleted (the typo index's keys).
  function deletions(word, edits) {
    var out = {}, level = [word];
    out[word] = true;
    for (var e = 0; e < edits; e++) {
      var next = [];
      level.forEach(function (w) {
        var cs = Array.from(w);
        for (var i = 0; i < cs.length; i++) {
          var d = cs.slice(0, i).concat(cs.slice(i + 1)).join("");
          if (!out[d]) { out[d] = true; next.push(d); }
        }
      });
      level = next;
    }
    return Object.keys(out);
  }

  // A corrected word keeps the accents the reader typed where the edit allows it: a letter
  // doubled, dropped, swapped or hit beside its key ("thầnn", "ẫn", "ộhi", "Văj" -> "thần",
  // "dẫn", "hội", "văn"); else the folded word ("cachh" -> "cach"). A dropped letter comes
  // back plain, so "thưng" would be "thưong", no word: that one stays folded.
  function accentedFix(exact, word) {
    var cs = Array.from(exact.toLowerCase()), ws = Array.from(word), tries = [];
    for (var i = 0; i <= cs.length; i++) {
      tries.push(cs.slice(0, i).concat(cs.slice(i + 1)));
      if (i + 1 < cs.length) tries.push(cs.slice(0, i).concat([cs[i + 1], cs[i]], cs.slice(i + 2)));
      if (i < ws.length) tries.push(cs.slice(0, i).concat([ws[i]], cs.slice(i)));
      if (i < ws.length && i < cs.length) tries.push(cs.slice(0, i).concat([ws[i]], cs.slice(i + 1)));
    }
    for (var t = 0; t < tries.length; t++) {
      var fixed = vi.normalizeWord(tries[t].join("").normalize("NFC"));
      if (vi.fold(fixed) === word && !/ư[oóòỏõọ]/.test(fixed)) return token(fixed, false);
    }
    return token(word, false);
  }

  // Edit distance with adjacent transpositions counting as one (optimal string alignment).
  function editDistance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var d = [];
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (var j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  return { parse: parse, optionalWords: optionalWords, variants: variants, wordSeq: wordSeq, contextWords: contextWords, contextReadings: contextReadings, rowReadings: rowReadings, farKey: farKey, token: token, quickFixes: quickFixes, editsAllowed: editsAllowed, deletions: deletions, accentedFix: accentedFix, editDistance: editDistance, fromTelex: fromTelex, fromVni: fromVni, looseNumber: looseNumber };
});
