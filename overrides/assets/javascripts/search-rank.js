/* The archive's search, its third job: ranking on the sections' stored text (word
 * proximity, phrases, a document's own number; sections holding most of the words) and
 * presenting a result (snippet, deep link). Runs in the browser (window.searchRank) and
 * in Node (tests/js/rank.test.js). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./vi-text.js"), require("./search-query.js"), require("./search-score.js"));
  else root.searchRank = factory(root.viText, root.searchQuery, root.searchScore);
})(typeof self !== "undefined" ? self : this, function (vi, parsing, scoring) {
  "use strict";

  var wordSeq = parsing.wordSeq;
  var loadSections = scoring.loadSections, docIndex = scoring.docIndex;

  // -- Ranking on stored text -------------------------------------------------

  // A section's words, folded (and exact, only when asked), worked out once per page.
  function sectionWords(db, ref, exact) {
    var s = db.sections[ref];
    if (!s.raw) {
      s.raw = [db.docs[s.d].label, s.h, s.m || ""].concat(s.c.map(function (c) { return c[1]; })).join(" ");
      s.folded = vi.words(vi.fold(s.raw));
    }
    if (exact && !s.exact) s.exact = vi.words(s.raw).map(exactWord);
    return exact ? s.exact : s.folded;
  }

  // Its folded words without the numbers: for a query without numbers, "tổ Covid - 19 cộng
  // đồng" holds the phrase "tổ covid cộng đồng" (a number tagged onto a name is seldom typed).
  function sectionLetters(db, ref) {
    var s = db.sections[ref];
    if (!s.letters) s.letters = sectionWords(db, ref).filter(function (w) { return !/^\d+$/.test(w); });
    return s.letters;
  }

  // A section's words are joined once (kept on its cached array): a question tries each
  // stretch of its keywords, and each question word beside it, on every section ranked.
  function containsPhrase(words, phrase) {
    if (words.joined === undefined) words.joined = " " + words.join(" ") + " ";
    return words.joined.indexOf(" " + phrase.join(" ") + " ") >= 0;
  }

  // Smallest run of words holding every query word, in any order (Infinity if none).
  function span(words, seq) {
    var want = seq.filter(function (w, i) { return seq.indexOf(w) === i; });
    var count = {}, have = 0, best = Infinity, left = 0;
    for (var right = 0; right < words.length; right++) {
      var w = words[right];
      if (want.indexOf(w) < 0) continue;
      count[w] = (count[w] || 0) + 1;
      if (count[w] === 1) have++;
      while (have === want.length) {
        best = Math.min(best, right - left + 1);
        var l = words[left++];
        if (want.indexOf(l) >= 0 && --count[l] === 0) have--;
      }
    }
    return best;
  }

  // A section saying the query's words as typed, in a row, ranks before every section where
  // they only stand close: lunr's score of a short or titled section is often many times a
  // long one's, and a reader who types a phrase wants the place that says it (x4 let
  // "xét nghiệm nhanh" lose to a short title "khoanh vùng nhanh, xét nghiệm").
  var PHRASE = 100;
  // A document whose own number is in the query comes before a phrase another document holds.
  var OWN_NUMBER = 100 * PHRASE;

  // Up to x6 for a section where the query's words stand close together, x4 more where they
  // stand in a row (with numbers between, or as an abbreviation spelled out: not as typed).
  function proximity(words, seq) {
    if (seq.length < 2) return 1;
    var closeness = Math.min(1, seq.length / span(words, seq));
    var factor = 1 + 5 * closeness * closeness;
    return containsPhrase(words, seq) ? factor * 4 : factor;
  }

  // A document whose own number is in the query comes first ("nghi dinh 91", "1497/QĐ-TTg").
  function ownNumber(db, ref, tokens) {
    var s = db.sections[ref], d = db.docs[s.d];
    if (s.m === undefined || !d.number) return 1;
    var keys = vi.searchKeys(d.number);
    return tokens.some(function (t) { return /\d/.test(t.folded) && keys.indexOf(t.folded) >= 0; }) ? OWN_NUMBER : 1;
  }

  // A question's keywords, as the stretches of words between its question words: "giải thể
  // như thế nào" -> [[0, 2]] (token positions, end excluded). null when no word is optional.
  function keywordRuns(tokens) {
    if (!tokens.some(function (t) { return t.optional; })) return null;
    var runs = [];
    tokens.forEach(function (t, i) {
      if (t.optional) return;
      var last = runs[runs.length - 1];
      if (last && last[1] === i) last[1] = i + 1; else runs.push([i, i + 1]);
    });
    return runs;
  }

  // The words as typed stand in a row in `words`; for a question, each stretch of its
  // keywords does, one at least of two words or more: the place that answers says them so.
  // A stretch takes in the question words beside it that the section says with it: typed
  // without accents, "tham nhung la gi" has "nhung" as "những", yet "tham nhũng" is the keyword.
  function saysAsTyped(words, tokens, runs) {
    var seq = function (a, b) { return wordSeq(tokens.slice(a, b), "folded"); };
    if (!runs) return seq(0, tokens.length).length > 1 && containsPhrase(words, seq(0, tokens.length));
    var long = false;
    var held = runs.every(function (r) {
      var a = r[0], b = r[1];
      if (!containsPhrase(words, seq(a, b))) return seq(a, b).length < 2;
      while (a > 0 && tokens[a - 1].optional && containsPhrase(words, seq(a - 1, b))) a--;
      while (b < tokens.length && tokens[b].optional && containsPhrase(words, seq(a, b + 1))) b++;
      if (seq(a, b).length > 1) long = true;
      return true;
    });
    return held && long;
  }

  function rank(db, q, vars, hits, top, prefix) {
    var accented = q.tokens.some(function (t) { return t.exact !== t.folded; });
    var exactSeq = wordSeq(q.tokens, "exact"), kept = {}, best = {}, inRow = {};
    top.forEach(function (ref) { kept[ref] = true; });
    vars.forEach(function (variant, v) {
      var seq = wordSeq(variant.tokens, "folded"), optional = {}, runs = keywordRuns(variant.tokens);
      var numbered = seq.some(function (w) { return /^\d+$/.test(w); });
      variant.tokens.forEach(function (t) { if (t.optional) optional[t.folded] = true; });
      var needed = q.phrases.map(function (p) { return wordSeq(p, "folded"); }).concat(variant.phrases);
      hits[v].forEach(function (h) {
        if (!kept[h.ref]) return;
        var fw = sectionWords(db, h.ref);
        if (!needed.every(function (p) { return containsPhrase(fw, p); })) return;
        // Question words count for closeness where the section has them, never against it.
        if (!numbered) fw = sectionLetters(db, h.ref);
        var here = seq.filter(function (w) { return !optional[w] || fw.indexOf(w) >= 0; });
        var required = seq.filter(function (w) { return !optional[w]; });
        var close = Math.max(proximity(fw, here), proximity(fw, required));
        // The words as typed (variant 0, or a spelling of the variants list) in a row, numbers and all,
        // or a question's keywords, each stretch in a row: a phrase. A question said whole, its small
        // words too ("áp dụng các biện"), x4 before its keywords apart. x4 more with the accents typed
        // ("chỉ tiêu đề ra" is not "chi tiêu đề ra"; x1.5 let a short section with the other accents
        // win, and a reading with a dropped letter back, "cùa", is no word).
        var all = sectionWords(db, h.ref);
        var typed = v === 0 || variant.variant, whole = typed && saysAsTyped(all, variant.tokens, null);
        var asTyped = whole || (typed && !!runs && saysAsTyped(all, variant.tokens, runs));
        var score = h.score * close * (asTyped ? PHRASE : 1) * (whole && runs ? 4 : 1) * ownNumber(db, h.ref, variant.tokens);
        if (accented && exactSeq.length > 1 && containsPhrase(sectionWords(db, h.ref, true), exactSeq)) score *= 4;
        if (!(h.ref in best) || best[h.ref] < score) {
          best[h.ref] = score;
          inRow[h.ref] = asTyped;
        }
      });
    });
    var results = Object.keys(best).map(function (ref) { return { ref: ref, score: best[ref], phrase: inRow[ref] }; });
    results.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
    return results.map(function (r) {
      var s = db.sections[r.ref];
      // The snippet and the deep link are worked out only for results that are shown.
      // phrase: the section holds the query's words in a row (search-core.js ranks on it).
      return { ref: r.ref, score: r.score, phrase: r.phrase, doc: db.docs[s.d], section: s.h,
               present: function () { return describe(db, r, q, prefix); } };
    });
  }

  // -- Presenting a result -------------------------------------------------------

  function describe(db, r, q, prefix) {
    var s = db.sections[r.ref], d = db.docs[s.d];
    var match = matcher(q.tokens.map(function (t) { return t.folded; }), prefix);
    var best = null, bestHits = -1;
    s.c.forEach(function (chunk) {
      var hits = match.count(vi.words(chunk[1]).map(foldWord));
      if (hits > bestHits) { best = chunk; bestHits = hits; }
    });
    var anchor = (best && best[0]) || s.a;
    return {
      ref: r.ref, score: r.score, doc: d, section: s.h,
      url: db.base + d.url + (anchor ? "#" + anchor : ""),
      snippet: best ? snippet(best[1], match) : []
    };
  }

  // Folded and exact keys of words, remembered: ranking and snippets work out the same
  // few thousand words over and over.
  function remembered(fn) {
    var seen = new Map();
    return function (w) {
      var v = seen.get(w);
      if (v === undefined) { v = fn(w); seen.set(w, v); }
      return v;
    };
  }
  var foldWord = remembered(vi.fold), exactWord = remembered(vi.normalizeWord);

  // Accent-insensitive word matching; only the word being typed matches as a prefix,
  // and a document number also matches its parts ("91/2017/nd_cp" -> 91, 2017, nd, cp).
  function matcher(wanted, prefix) {
    var whole = [], parts = [];
    wanted.forEach(function (w, i) {
      whole.push({ w: w, prefix: prefix && i === wanted.length - 1 });
      if (/[\/_]/.test(w)) w.split(/[\/_]/).forEach(function (p) { parts.push({ w: p, prefix: false }); });
    });
    var all = whole.concat(parts);
    function test(word) {
      return all.some(function (t) { return word === t.w || (t.prefix && word.indexOf(t.w) === 0); });
    }
    return {
      test: test,
      count: function (words) {
        return whole.filter(function (t) {
          return words.some(function (x) { return x === t.w || (t.prefix && x.indexOf(t.w) === 0); });
        }).length;
      },
      first: wanted
    };
  }

  // [[text, highlighted], ...] around the query: the place where its words stand
  // together if there is one, else the first matching word.
  function snippet(text, match) {
    var parts = text.split(/(\s+)/);
    var marks = parts.map(function (p) { return vi.words(p).some(function (w) { return match.test(foldWord(w)); }); });
    var wordIdx = [];
    parts.forEach(function (p, i) { if (/\S/.test(p)) wordIdx.push(i); });
    var folded = wordIdx.map(function (i) { return vi.words(parts[i]).map(foldWord).join(" "); });
    var n = match.first.length, at = -1;
    for (var k = 0; k + n <= folded.length && at < 0 && n > 1; k++) {
      var ok = true;
      for (var j = 0; j < n && ok; j++) ok = folded[k + j] === match.first[j] || (j === n - 1 && folded[k + j].indexOf(match.first[j]) === 0);
      if (ok) at = wordIdx[k];
    }
    var first = at >= 0 ? at : marks.indexOf(true);
    var start = Math.max(0, first - 24), end = Math.min(parts.length, Math.max(first, 0) + 40);
    var out = [];
    if (start > 0) out.push(["… ", false]);
    for (var i = start; i < end; i++) out.push([parts[i], marks[i]]);
    if (end < parts.length) out.push([" …", false]);
    return out;
  }

  // -- Most of the words: when every word together finds few sections -----------

  // Sections holding most of the query's words (question words aside), after the sections
  // already found (`have`). Coordination: the words a section holds, each weighing by how
  // rare it is in the archive (lunr's idf); a section weighing at least half the best is
  // kept. The best by weight are re-ranked on their text: the share of the query's weight
  // they hold, times the weight of the longest run of the query's words they hold in its
  // order (a question's answer often repeats a stretch of it). Up to `limit` results in all.
  // Each carries `words`: the query's words, those it lacks marked missing.
  function mostWords(ctx, have, limit) {
    var db = ctx.db, post = ctx.post, n = db.manifest.sections;
    var words = ctx.q.tokens.filter(function (t) { return !t.optional; }).slice(0, 30);
    if (words.length < 2) return Promise.resolve([]);
    var mask = new Int32Array(n), score = new Float64Array(n), weight = [], shown = {};
    have.forEach(function (r) { shown[r.ref] = true; });
    words.forEach(function (t, i) {
      var p = post[ctx.asTyped && scoring.typedAsWord(t, post) ? t.exact : t.folded];
      weight.push(Math.log(1 + n / ((p ? p.refs.length : 0) + 1)));
      if (!p) return;
      for (var j = 0; j < p.refs.length; j++) { mask[p.refs[j]] |= 1 << i; score[p.refs[j]] += p.w[j]; }
    });
    var total = weight.reduce(function (a, b) { return a + b; }, 0), held = [], weighs = {}, best = 0;
    for (var r = 0; r < n; r++) {
      if (!mask[r] || shown[r]) continue;
      var w = 0, all = true;
      for (var i = 0; i < words.length; i++) if (mask[r] & (1 << i)) w += weight[i]; else all = false;
      if (all) continue;  // every word: left out by a filter, or past the limit
      if (ctx.facets && !ctx.keep(ctx.facets.docs[docIndex(ctx.facets, r)], r)) continue;
      held.push(r); weighs[r] = w; best = Math.max(best, w);
    }
    var top = held.filter(function (x) { return weighs[x] >= best / 2; })
      .sort(function (a, b) { return weighs[b] - weighs[a] || score[b] - score[a] || a - b; })
      .slice(0, Math.max(0, limit - have.length));
    var seq = words.map(function (t) { return t.folded; });
    var numbered = seq.some(function (w) { return /^\d+$/.test(w); });
    return loadSections(db, top.map(String)).then(function () {
      var ranked = top.map(function (x) {
        // As in `rank`: "tổ Covid - 19 cộng đồng" holds "tổ covid cộng đồng" in a row.
        var run = heaviestRun(numbered ? sectionWords(db, x) : sectionLetters(db, x), seq, weight);
        var held = words.filter(function (t, i) { return mask[x] & (1 << i); }).length;
        // Every word but one, three at least, said in a row (search-core.js: STRETCHES).
        var stretch = held >= 3 && held === words.length - 1 && run >= weighs[x] * (1 - 1e-9);
        return { x: x, score: (weighs[x] / total) * (1 + Math.pow(run / total, 2) / 2), stretch: stretch };
      }).sort(function (a, b) { return b.score - a.score || weighs[b.x] - weighs[a.x] || a.x - b.x; });
      return ranked.map(function (e) {
        var s = db.sections[e.x], r = { ref: String(e.x), score: e.score };
        return { ref: r.ref, score: r.score, doc: db.docs[s.d], section: s.h, stretch: e.stretch,
                 words: words.map(function (t, i) { return { text: t.exact, missing: !(mask[e.x] & (1 << i)) }; }),
                 present: function () { return describe(db, r, ctx.q, ctx.options.prefix); } };
      });
    });
  }

  // The heaviest run of the query's words (in its order, `weight` each) a section's words
  // hold one after another.
  function heaviestRun(words, seq, weight) {
    var best = 0;
    for (var i = 0; i < words.length; i++) {
      for (var j = 0; j < seq.length; j++) {
        var k = 0, w = 0;
        while (i + k < words.length && j + k < seq.length && words[i + k] === seq[j + k]) w += weight[j + k++];
        if (w > best) best = w;
      }
    }
    return best;
  }

  return { rank: rank, mostWords: mostWords, proximity: proximity, containsPhrase: containsPhrase, heaviestRun: heaviestRun, snippet: snippet };
});
