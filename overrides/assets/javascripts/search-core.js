/* The archive's search without the page: query parsing and variants, term shards,
 * candidate scoring, the lunr run and the ranking on stored text. No DOM: it runs in
 * the browser (window.searchCore) and in Node (tests/js/). The index is prebuilt by
 * thidua/publish/search_index.py; query keys come from vi-text.js, the twin of text.py. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./vi-text.js"), require("./lunr-2.3.9.min.js"));
  else root.searchCore = factory(root.viText, root.lunr);
})(typeof self !== "undefined" ? self : this, function (vi, lunr) {
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


  // -- Loading: a small manifest, then only the shards a query needs -------------

  // Term shards are gzipped files (*.json.gz), inflated here; a host that already inflated
  // one (Content-Encoding) hands over plain JSON, told apart by gzip's first two bytes.
  function decodeJSON(buf) {
    var head = new Uint8Array(buf, 0, Math.min(2, buf.byteLength));
    if (head[0] !== 0x1f || head[1] !== 0x8b) return Promise.resolve(JSON.parse(new TextDecoder().decode(buf)));
    var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  // An archive's search: fetchBytes(path under search/) -> Promise of an ArrayBuffer (the
  // page fetches over HTTP, Node tests read files); base: what result URLs start with.
  function load(fetchBytes, base) {
    var get = function (path) { return fetchBytes(path).then(decodeJSON); };
    return get("manifest.json").then(function (manifest) {
      return { manifest: manifest, get: get, base: base || "", shards: {}, stores: {}, docs: {}, sections: {} };
    });
  }

  // Index of the last item of a sorted array that is <= value (0 if none is).
  function lastAtMost(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sorted[mid] <= value) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // The shard that holds a key: shards are cut from keys sorted as JS sorts strings.
  function shardOf(db, key) { return lastAtMost(db.manifest.terms, key); }

  function fetchAll(db, cache, ids, folder, ext) {
    return Promise.all(ids.map(function (id) {
      if (!cache[id]) cache[id] = db.get(folder + id + ext);
      return cache[id];
    }));
  }

  // The fields of the per-query lunr index: word keys live in "all" (one weight per
  // section, the sum of its field weights), neighbouring-word pairs ("a+b") in "pairs".
  var FIELDS = ["all", "pairs"];

  // The postings of the keys a query wants, decoded once per shard entry:
  // {key: {t: term index, field: "all" | "pairs", refs: Int32Array, w: Float64Array}}.
  function postingsFor(db, need) {
    return fetchAll(db, db.shards, need.shards, "terms/", ".json.gz").then(function (shards) {
      var out = {};
      shards.forEach(function (shard) {
        shard.forEach(function (entry) {
          if (!need.wants(entry[0])) return;
          if (!entry.posting) {
            var flat = entry[2], n = flat.length / 2, refs = new Int32Array(n), w = new Float64Array(n), ref = 0;
            for (var i = 0; i < n; i++) { ref += flat[2 * i]; refs[i] = ref; w[i] = flat[2 * i + 1] / 1000; }
            entry.posting = { t: entry[1], field: entry[0].indexOf("+") >= 0 ? "pairs" : "all", refs: refs, w: w };
          }
          out[entry[0]] = entry.posting;
        });
      });
      return out;
    });
  }

  // The clauses lunr runs for one variant of the query: every word required (folded),
  // its accented form optional and boosted, neighbouring pairs optional.
  function clausesOf(tokens, prefix) {
    var out = [];
    tokens.forEach(function (t, i) {
      var wildcard = prefix && i === tokens.length - 1 && !t.code && t.folded.length >= 1;
      out.push({ term: t.folded, fields: FIELDS, boost: t.code ? 3 : 1, required: true, wildcard: wildcard });
      if (t.exact !== t.folded) out.push({ term: t.exact, fields: FIELDS, boost: 5, required: false, wildcard: false });
    });
    var seq = wordSeq(tokens, "folded");
    for (var j = 0; j + 1 < seq.length; j++) {
      out.push({ term: seq[j] + "+" + seq[j + 1], fields: ["pairs"], boost: 3, required: false, wildcard: false });
    }
    return out;
  }

  function expand(clause, keys) {
    if (!clause.wildcard) return keys.indexOf(clause.term) >= 0 ? [clause.term] : [];
    return keys.filter(function (k) { return k.indexOf(clause.term) === 0; });
  }

  // The refs lunr would rank first, found without lunr: its score of a section is, per
  // field, the query vector's dot product with the section's weights over the query
  // vector's length, so it can be summed posting by posting in typed arrays. A common
  // word holds tens of thousands of sections; lunr then scores only the best of them.
  function candidates(db, post, clauses, limit, facets, keep) {
    var keys = Object.keys(post), q = { all: {}, pairs: {} }, required = [];
    var found = { refs: [], scores: [], matched: {}, total: 0 };
    for (var c = 0; c < clauses.length; c++) {
      var cl = clauses[c], exp = expand(cl, keys);
      if (!exp.length && cl.required) return found;
      exp.forEach(function (k) { cl.fields.forEach(function (f) { q[f][k] = (q[f][k] || 0) + cl.boost; }); });
      if (cl.required) required.push(exp);
    }
    var n = db.manifest.sections, score = new Float64Array(n), met = new Uint16Array(n), seen = new Int32Array(n);
    FIELDS.forEach(function (f) {
      var qk = Object.keys(q[f]), norm = Math.sqrt(qk.reduce(function (s, k) { return s + q[f][k] * q[f][k]; }, 0));
      qk.forEach(function (k) {
        var p = post[k];
        if (p.field !== f) return;
        var factor = q[f][k] / norm;
        for (var i = 0; i < p.refs.length; i++) score[p.refs[i]] += factor * p.w[i];
      });
    });
    required.forEach(function (exp, r) {
      exp.forEach(function (k) {
        var refs = post[k].refs;
        for (var i = 0; i < refs.length; i++) if (seen[refs[i]] !== r + 1) { seen[refs[i]] = r + 1; met[refs[i]]++; }
      });
    });
    for (var ref = 0; ref < n; ref++) {
      if (met[ref] !== required.length || !(score[ref] > 0)) continue;
      if (facets) {
        var d = docIndex(facets, ref);
        found.matched[d] = true;  // for the filter menus: every document the words are in
        if (!keep(facets.docs[d])) continue;
      }
      found.refs.push(ref);
    }
    found.total = found.refs.length;
    found.refs.sort(function (a, b) { return score[b] - score[a] || a - b; });
    found.refs = found.refs.slice(0, limit);
    found.scores = found.refs.map(function (r) { return score[r]; });
    return found;
  }

  // A lunr index of the query's keys over the candidate sections only. lunr reads only
  // the query keys' weights of a section, and the keys are all there, so each candidate
  // scores exactly as in an index of the whole archive.
  function lunrIndex(post, refs) {
    var keep = {}, invertedIndex = {}, vectors = {};
    refs.forEach(function (r) { keep[r] = true; });
    var terms = Object.keys(post).sort();
    terms.forEach(function (k) {
      var p = post[k], docs = {};
      for (var i = 0; i < p.refs.length; i++) {
        var ref = p.refs[i];
        if (!keep[ref]) continue;
        docs[ref] = {};
        (vectors[p.field + "/" + ref] = vectors[p.field + "/" + ref] || []).push([p.t, p.w[i]]);
      }
      invertedIndex[k] = { _index: p.t, all: p.field === "all" ? docs : {}, pairs: p.field === "pairs" ? docs : {} };
    });
    var fieldVectors = {};
    Object.keys(vectors).forEach(function (fieldRef) {
      var flat = [];
      vectors[fieldRef].sort(function (a, b) { return a[0] - b[0]; }).forEach(function (e) { flat.push(e[0], e[1]); });
      fieldVectors[fieldRef] = new lunr.Vector(flat);
    });
    return new lunr.Index({ invertedIndex: invertedIndex, fieldVectors: fieldVectors, fields: FIELDS,
                            tokenSet: lunr.TokenSet.fromArray(terms), pipeline: new lunr.Pipeline() });
  }

  // What a query needs: every key of every variant, the neighbouring-word pairs, and for
  // the word being typed every term it starts (and every shard that prefix can reach).
  function needsOf(db, vars, prefix) {
    var keys = {}, prefixes = [], ids = {};
    vars.forEach(function (v) {
      v.tokens.forEach(function (t, i) {
        keys[t.folded] = keys[t.exact] = true;
        if (prefix && i === v.tokens.length - 1) prefixes.push(t.folded);
      });
      var seq = wordSeq(v.tokens, "folded");
      for (var j = 0; j + 1 < seq.length; j++) keys[seq[j] + "+" + seq[j + 1]] = true;
    });
    Object.keys(keys).forEach(function (k) { ids[shardOf(db, k)] = true; });
    prefixes.forEach(function (p) {
      for (var s = shardOf(db, p), e = shardOf(db, p + "\uffff"); s <= e; s++) ids[s] = true;
    });
    return {
      shards: Object.keys(ids).map(Number).sort(function (a, b) { return a - b; }),
      wants: function (term) { return keys[term] === true || prefixes.some(function (p) { return term.indexOf(p) === 0; }); }
    };
  }

  // The text and document facts of the given sections, one small file each.
  function loadSections(db, refs) {
    return fetchAll(db, db.stores, refs.filter(function (r) { return !db.sections[r]; }), "store/", ".json").then(function (stores) {
      stores.forEach(function (st) {
        db.docs[st.d] = st.doc;
        db.sections[st.ref] = st;
      });
    });
  }

  // Type, level, province and url of every document, and the first section of each
  // (a document's sections are numbered in a row): filters apply before the best are picked.
  function loadFacets(db) {
    if (!db.facets) db.facets = db.get("facets.json.gz");
    return db.facets;
  }

  function docIndex(facets, ref) { return lastAtMost(facets.first, ref); }

  // -- Query parsing ---------------------------------------------------------

  function parse(text) {
    var phrases = [];
    var rest = text.replace(/["“”]([^"“”]+)["“”]?/g, function (_, p) { phrases.push(p); return " " + p + " "; });
    return { tokens: vi.queryTokens(rest), phrases: phrases.map(vi.queryTokens).filter(function (p) { return p.length > 1; }) };
  }

  // The query as typed, with abbreviations spelled out, and with spelled-out forms
  // abbreviated. An expansion only counts where its words stand together.
  function variants(tokens) {
    var out = [{ tokens: tokens, phrases: [] }];
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
    return out;
  }

  // Query words in order, document numbers split into their parts as in running text.
  function wordSeq(tokens, key) {
    var out = [];
    tokens.forEach(function (t) { t[key].split(/[\/_]/).forEach(function (p) { if (p) out.push(p); }); });
    return out;
  }

  function runLunr(index, clauses) {
    return index.query(function (q) {
      clauses.forEach(function (c) {
        q.term(c.term, {
          fields: c.fields, boost: c.boost, usePipeline: false,
          presence: c.required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL,
          wildcard: c.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });
  }

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

  function containsPhrase(words, phrase) {
    return (" " + words.join(" ") + " ").indexOf(" " + phrase.join(" ") + " ") >= 0;
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

  // Up to x12 for a section where the query's words stand close together, x2 more in order.
  function proximity(words, seq) {
    if (seq.length < 2) return 1;
    var closeness = Math.min(1, seq.length / span(words, seq));
    var factor = 1 + 5 * closeness * closeness;
    return containsPhrase(words, seq) ? factor * 2 : factor;
  }

  // A document whose own number is in the query comes first ("nghi dinh 91", "1497/QĐ-TTg").
  function ownNumber(db, ref, tokens) {
    var s = db.sections[ref], d = db.docs[s.d];
    if (s.m === undefined || !d.number) return 1;
    var keys = vi.searchKeys(d.number);
    return tokens.some(function (t) { return /\d/.test(t.folded) && keys.indexOf(t.folded) >= 0; }) ? 4 : 1;
  }

  // How many of lunr's best hits are re-ranked on their text (and can be shown).
  var RERANK = 40;

  // How many sections lunr itself scores per query variant (the best by its own formula).
  var CANDIDATES = 200;

  // options: prefix (the last word is being typed), limit (results kept), facets (also
  // say which documents match, for the filter menus), filter ({province, level, type}:
  // only documents with these facts), only (a test on a document's facts).
  function search(db, text, options) {
    options = options || {};
    var q = parse(text);
    if (!q.tokens.length) return Promise.resolve(withFacets([], null, {}, 0));
    var vars = variants(q.tokens);
    var filter = options.filter || {}, only = options.only || function () { return true; };
    var needFacets = options.facets || options.only || Object.keys(filter).some(function (k) { return filter[k]; });
    var keep = function (doc) {
      return only(doc) && Object.keys(filter).every(function (k) { return !filter[k] || doc[k] === filter[k]; });
    };
    return Promise.all([postingsFor(db, needsOf(db, vars, options.prefix)), needFacets ? loadFacets(db) : null]).then(function (got) {
      var post = got[0], facets = got[1];
      var clauses = vars.map(function (v) { return clausesOf(v.tokens, options.prefix); });
      var pool = {}, matched = {}, total = 0;
      var best = {};
      clauses.forEach(function (cl) {
        var found = candidates(db, post, cl, Math.max(CANDIDATES, options.limit || RERANK), facets, keep);
        found.refs.forEach(function (r, i) { pool[r] = true; best[r] = Math.max(best[r] || 0, found.scores[i]); });
        Object.keys(found.matched).forEach(function (d) { matched[d] = true; });
        total = Math.max(total, found.total);
      });
      // Fetch the text of the likely best while lunr scores: its order is lunr's, up to rounding.
      var likely = Object.keys(pool).map(Number).sort(function (a, b) { return best[b] - best[a] || a - b; });
      loadSections(db, likely.slice(0, options.limit || RERANK).map(String)).catch(function () {});
      var index = lunrIndex(post, Object.keys(pool).map(Number));
      var hits = clauses.map(function (cl) {
        try { return runLunr(index, cl); } catch (e) { return []; }
      });
      var lunrBest = {};
      hits.forEach(function (list) { list.forEach(function (h) { lunrBest[h.ref] = Math.max(lunrBest[h.ref] || 0, h.score); }); });
      var top = Object.keys(lunrBest).sort(function (a, b) { return lunrBest[b] - lunrBest[a] || a - b; })
        .slice(0, options.limit || RERANK);
      return loadSections(db, top).then(function () {
        return withFacets(rank(db, q, vars, hits, top, options.prefix), facets, matched, total);
      });
    });
  }

  // Results carry, for the filter menus, the values found among all matching documents,
  // and how many sections matched in all (only the best are ranked and shown).
  function withFacets(results, facets, matched, total) {
    results.total = total;
    results.facets = { province: [], level: [], type: [] };
    if (facets) {
      Object.keys(matched).forEach(function (d) {
        var doc = facets.docs[d];
        Object.keys(results.facets).forEach(function (k) {
          if (doc[k] && results.facets[k].indexOf(doc[k]) < 0) results.facets[k].push(doc[k]);
        });
      });
      Object.keys(results.facets).forEach(function (k) { results.facets[k].sort(); });
    }
    return results;
  }

  function rank(db, q, vars, hits, top, prefix) {
    var accented = q.tokens.some(function (t) { return t.exact !== t.folded; });
    var exactSeq = wordSeq(q.tokens, "exact"), kept = {}, best = {};
    top.forEach(function (ref) { kept[ref] = true; });
    vars.forEach(function (variant, v) {
      var seq = wordSeq(variant.tokens, "folded");
      var needed = q.phrases.map(function (p) { return wordSeq(p, "folded"); }).concat(variant.phrases);
      hits[v].forEach(function (h) {
        if (!kept[h.ref]) return;
        var fw = sectionWords(db, h.ref);
        if (!needed.every(function (p) { return containsPhrase(fw, p); })) return;
        var score = h.score * proximity(fw, seq) * ownNumber(db, h.ref, variant.tokens);
        if (accented && exactSeq.length > 1 && containsPhrase(sectionWords(db, h.ref, true), exactSeq)) score *= 1.5;
        if (!(h.ref in best) || best[h.ref] < score) best[h.ref] = score;
      });
    });
    var results = Object.keys(best).map(function (ref) { return { ref: ref, score: best[ref] }; });
    results.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
    return results.map(function (r) {
      var s = db.sections[r.ref];
      // The snippet and the deep link are worked out only for results that are shown.
      return { ref: r.ref, score: r.score, doc: db.docs[s.d], section: s.h,
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

  return { load: load, search: search, parse: parse, variants: variants, shardOf: shardOf, decodeJSON: decodeJSON };
});
