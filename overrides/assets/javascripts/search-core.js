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

  // Shards and store files are gzipped (*.json.gz), inflated here; a host that already inflated
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
      // A question word (not quoted) counts where a section has it and is needed nowhere.
      if (t.optional) { out.push({ term: t.folded, fields: FIELDS, boost: 1, required: false, wildcard: false }); return; }
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

  // The text and document facts of the given sections. A store file holds sections of
  // neighbouring refs; the manifest lists the first ref of each.
  function loadSections(db, refs) {
    var files = {};
    refs.forEach(function (r) { if (!db.sections[r]) files[lastAtMost(db.manifest.store, Number(r))] = true; });
    return fetchAll(db, db.stores, Object.keys(files), "store/", ".json.gz").then(function (stores) {
      stores.forEach(function (sections) {
        sections.forEach(function (st) {
          db.docs[st.d] = st.doc;
          db.sections[st.ref] = st;
        });
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
  function optionalWords(tokens, table) {
    var out = [], seq = tokens.map(function (t) { return t.quoted || t.code ? null : t.folded; });
    if (!table) return out;
    var marked = {};
    function matches(words, at) {
      return at >= 0 && at + words.length <= seq.length && words.every(function (w, j) { return seq[at + j] === w; });
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

  // Its folded words without the numbers: for a query without numbers, "tổ Covid - 19 cộng
  // đồng" holds the phrase "tổ covid cộng đồng" (a number tagged onto a name is seldom typed).
  function sectionLetters(db, ref) {
    var s = db.sections[ref];
    if (!s.letters) s.letters = sectionWords(db, ref).filter(function (w) { return !/^\d+$/.test(w); });
    return s.letters;
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

  // The first results are shown when the text of this many has arrived; the rest fill in.
  var FIRST = 8;

  // Below this many results, words that are in the index are also tried with a typo fixed
  // (ranked after every result of the words as typed).
  var FEW = 3;

  // Most combinations of corrected words tried for one query.
  var MAX_FIXES = 4;

  // Below this many results (every word found, as typed or corrected), sections holding
  // most of the words follow them.
  var HANDFUL = 5;

  // options: prefix (the last word is being typed), limit (results kept), facets (also
  // say which documents match, for the filter menus), filter ({province, level, type}:
  // only documents with these facts), only (a test on a document's facts), literal (no
  // corrections), partial (called with the first results before the rest are ranked).
  // The results carry `corrected` (the query searched instead, when corrected results are
  // among them) and `suggestions` (words of the index near the unknown ones, when none).
  function search(db, text, options) {
    options = options || {};
    var q = parse(text);
    if (!q.tokens.length) return Promise.resolve(withFacets([], null, {}, 0));
    optionalWords(q.tokens, db.manifest.optional).forEach(function (i) { q.tokens[i].optional = true; });
    var vars = variants(q.tokens, db.manifest.variants);
    var filter = options.filter || {}, only = options.only || function () { return true; };
    var needFacets = options.facets || options.only || Object.keys(filter).some(function (k) { return filter[k]; });
    var keep = function (doc) {
      return only(doc) && Object.keys(filter).every(function (k) { return !filter[k] || doc[k] === filter[k]; });
    };
    // Conversions that need no vocabulary are fetched with the query's own keys: one round trip.
    var quick = q.tokens.map(function (t, i) { return options.literal || vars.covered[i] ? [] : quickFixes(t); });
    var extra = [];
    quick.forEach(function (fixes) { fixes.forEach(function (f) { extra.push({ tokens: f }); }); });
    var ctx = { db: db, q: q, options: options, keep: keep };
    // The syllable pairs of the query's words come in the same round trip as their postings.
    var syllables = options.literal ? [] : contextWords(q.tokens);
    var pairs = syllables.length > 1 && db.manifest.pairs ? pairsFor(db, syllables.filter(Boolean).map(function (w) { return w.folded; })) : null;
    return Promise.all([postingsFor(db, needsOf(db, vars.concat(extra), options.prefix)), needFacets ? loadFacets(db) : null, pairs]).then(function (got) {
      ctx.post = got[0]; ctx.facets = got[1];
      var readings = got[2] ? contextReadings(q.tokens, syllables, got[2], ctx.post) : [];
      return evaluate(ctx, q, vars, options.partial).then(function (literal) {
        return corrections(ctx, vars, quick, literal.results.length).then(function (fixes) {
          var queries = readings.map(function (r) { return { tokens: r.tokens, first: r.whole }; }).concat(fixedQueries(ctx, fixes));
          if (!queries.length) return finish(ctx, literal, null);
          return runQueries(ctx, queries).then(function (fixed) { return finish(ctx, literal, fixed); });
        });
      });
    });
  }

  // Score, fetch the text of the best and rank one query (the words as typed, or corrected).
  function evaluate(ctx, q, vars, partial, limit) {
    var db = ctx.db, options = ctx.options, post = ctx.post;
    limit = limit || options.limit || RERANK;
    var clauses = vars.map(function (v) { return clausesOf(v.tokens, options.prefix); });
    var pool = {}, matched = {}, total = 0, best = {};
    clauses.forEach(function (cl) {
      var found = candidates(db, post, cl, Math.max(CANDIDATES, limit), ctx.facets, ctx.keep);
      found.refs.forEach(function (r, i) { pool[r] = true; best[r] = Math.max(best[r] || 0, found.scores[i]); });
      Object.keys(found.matched).forEach(function (d) { matched[d] = true; });
      total = Math.max(total, found.total);
    });
    // Fetch the text of the likely best while lunr scores (its order is lunr's, up to
    // rounding), the very best first: they are shown before the rest arrive.
    var likely = Object.keys(pool).map(Number).sort(function (a, b) { return best[b] - best[a] || a - b; }).map(String);
    // The rest is asked for once the first have come, so they do not queue behind it.
    var first = loadSections(db, likely.slice(0, FIRST));
    first.then(function () { return loadSections(db, likely.slice(FIRST, limit)); }).catch(function () {});
    first.catch(function () {});
    var index = lunrIndex(post, Object.keys(pool).map(Number));
    var hits = clauses.map(function (cl) {
      try { return runLunr(index, cl); } catch (e) { return []; }
    });
    var lunrBest = {};
    hits.forEach(function (list) { list.forEach(function (h) { lunrBest[h.ref] = Math.max(lunrBest[h.ref] || 0, h.score); }); });
    var top = Object.keys(lunrBest).sort(function (a, b) { return lunrBest[b] - lunrBest[a] || a - b; }).slice(0, limit);
    var out = { matched: matched, total: total };
    var firstTop = loadSections(db, top.slice(0, FIRST));
    if (partial && top.length > FIRST) {
      firstTop.then(function () {
        if (!out.results) partial(withFacets(rank(db, q, vars, hits, top.slice(0, FIRST), options.prefix), ctx.facets, matched, total));
      }).catch(function () {});
    }
    return firstTop.then(function () { return loadSections(db, top); }).then(function () {
      out.results = rank(db, q, vars, hits, top, options.prefix);
      return out;
    });
  }

  function known(post, t) { return !!post[t.folded]; }

  // Per query word, what it may be corrected to: [{at, options: [[token, …], …], edits}].
  // A word not in the index (and not a spelling of the variants list) takes its Telex, VNI
  // or loose-number reading when the index has it, else its nearest words; when the words
  // as typed found few results, long words are also tried with a typo fixed.
  function corrections(ctx, vars, quick, found) {
    var db = ctx.db, post = ctx.post, q = ctx.q, options = ctx.options;
    if (options.literal) return Promise.resolve([]);
    var last = q.tokens.length - 1, out = [], typos = [];
    var unknown = q.tokens.some(function (t, i) { return !vars.covered[i] && !t.optional && !known(post, t) && !(options.prefix && i === last); });
    q.tokens.forEach(function (t, i) {
      if (vars.covered[i] || t.optional || (options.prefix && i === last)) return;
      if (!known(post, t)) {
        var ok = quick[i].filter(function (f) { return f.every(function (x) { return known(post, x); }); });
        if (ok.length) { out.push({ at: i, options: ok.slice(0, 1), edits: 0 }); return; }
      } else if (unknown || found >= FEW) return;
      if (editsAllowed(t) && db.manifest.typos) typos.push(i);
    });
    return Promise.all(typos.map(function (i) {
      var t = q.tokens[i];
      return nearWords(db, t.folded, editsAllowed(t)).then(function (near) {
        if (!near.length) return;
        var edits = near[0].edits;
        var opts = near.filter(function (n) { return n.edits === edits; }).slice(0, 3)
          .map(function (n) { return [accentedFix(t.exact, n.word)]; });
        out.push({ at: i, options: opts, edits: edits, typo: true });
      });
    })).then(function () { return out.sort(function (a, b) { return a.at - b.at; }); });
  }

  // The corrected queries of per-word fixes: each word's best option first, then the others.
  function fixedQueries(ctx, fixes) {
    if (!fixes.length) return [];
    var combos = [ctx.q.tokens.map(function (t) { return [t]; })];
    fixes.forEach(function (f) {
      var next = [];
      combos.forEach(function (c) {
        f.options.forEach(function (o) {
          if (next.length >= MAX_FIXES) return;
          var copy = c.slice();
          copy[f.at] = o;
          next.push(copy);
        });
      });
      combos = next;
    });
    return combos.map(function (c) { return { tokens: [].concat.apply([], c), first: false }; });
  }

  // The corrected queries ({tokens, first}), searched like the query itself; their words'
  // shards are fetched in one round trip. `first`: its results rank before the words as typed.
  function runQueries(ctx, corrected) {
    var seen = {}, queries = [];
    corrected.forEach(function (c) {
      var key = c.tokens.map(function (t) { return t.folded; }).join(" ");
      if (seen[key]) return;
      seen[key] = true;
      queries.push({ tokens: c.tokens, first: c.first, vars: variants(c.tokens, ctx.db.manifest.variants),
                     q: { tokens: c.tokens, phrases: ctx.q.phrases } });
    });
    var all = [].concat.apply([], queries.map(function (x) { return x.vars; }));
    return postingsFor(ctx.db, needsOf(ctx.db, all, ctx.options.prefix)).then(function (post) {
      Object.keys(post).forEach(function (k) { ctx.post[k] = post[k]; });
      // The corrected readings share the sections one query would fetch.
      var share = Math.ceil((ctx.options.limit || RERANK) / queries.length);
      return Promise.all(queries.map(function (x) { return evaluate(ctx, x.q, x.vars, null, share); })).then(function (runs) {
        return { runs: runs, queries: queries };
      });
    });
  }

  // The words as typed first (exact words rank before corrected ones), then what only the
  // corrected queries found; a reading whose every pair of syllables the archive holds
  // (where the words as typed stand together nowhere) comes before the words as typed.
  // When all that is fewer than a handful, sections holding most of the words follow; and
  // when no section holds them all, the nearest words of the index are suggested.
  function finish(ctx, literal, fixed) {
    var before = [], results = literal.results.slice(), matched = literal.matched, total = literal.total, seen = {};
    var corrected = null, limit = Math.max(ctx.options.limit || RERANK, literal.results.length);
    if (fixed) {
      var after = [];
      fixed.runs.forEach(function (run, n) {
        var first = fixed.queries[n].first;
        run.results.forEach(function (r) {
          if (seen[r.ref] || (!first && results.some(function (x) { return x.ref === r.ref; }))) return;
          seen[r.ref] = true;
          r.score = r.score / (1 + n);  // the best corrected reading first
          r.corrected = true;
          (first ? before : after).push(r);
        });
        Object.keys(run.matched).forEach(function (d) { matched[d] = true; });
        total = Math.max(total, run.total);
      });
      after.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
      if (before.length || after.length) {
        var best = fixed.queries[fixed.runs.findIndex(function (run) { return run.results.length; })];
        corrected = { text: display(ctx.post, best.tokens), literal: !literal.results.length || before.length > 0 };
      }
      results = before.concat(results.filter(function (r) { return !seen[r.ref]; }), after).slice(0, limit);
    }
    var complete = results.length;
    var most = !ctx.options.literal && complete < HANDFUL ? mostWords(ctx, results) : Promise.resolve([]);
    return most.then(function (extra) {
      results = withFacets(results.concat(extra), ctx.facets, matched, total);
      results.corrected = corrected;
      results.incomplete = extra.length ? { from: complete, words: extra[0].words } : null;
      if (complete) { results.suggestions = []; return results; }
      return suggest(ctx).then(function (words) { results.suggestions = words; return results; });
    });
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

  // {syllable: {next: {word: rank}, prev: {word: rank}}} of the given syllables (search/pairs/,
  // most frequent neighbour first), from the shards those syllables are in.
  function pairsFor(db, words) {
    var ids = {};
    words.forEach(function (w) { ids[lastAtMost(db.manifest.pairs, w)] = true; });
    db.pairShards = db.pairShards || {};
    return fetchAll(db, db.pairShards, Object.keys(ids).map(Number), "pairs/", ".json.gz").then(function (shards) {
      var want = {}, out = {};
      words.forEach(function (w) { want[w] = true; });
      shards.forEach(function (shard) {
        shard.forEach(function (e) {
          if (!want[e[0]]) return;
          if (!e.ranks) e.ranks = { next: ranks(e[1]), prev: ranks(e[2]) };
          out[e[0]] = e.ranks;
        });
      });
      return out;
    });
  }

  function ranks(list) {
    var out = Object.create(null);
    list.forEach(function (w, i) { out[w] = i; });
    return out;
  }

  // Up to two readings of the query with one syllable replaced by one a single edit away
  // ("xnah" -> "xanh", "men" -> "mem", "bo" -> "bao"), when the replacement stands beside
  // its neighbours in the archive and more of the query's neighbouring syllables then do.
  // A syllable the index lacks needs one neighbour to vouch for it. A syllable it has
  // (another word, likely) needs every neighbour, and the query must read as a phrase with
  // one slip: every pair the archive lacks touches that syllable (a question's keywords,
  // "phó chủ tịch ký kế hoạch thi đua", leave several gaps and are not read so). Best
  // first: most pairs held, then most neighbours, then the most frequent pair. `query`: the query's tokens; `items`: its
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
        if (score > base) found.push({ at: it.at, word: x, score: score, support: support, rank: near[x] });
      });
    });
    found.sort(function (a, b) { return b.score - a.score || b.support - a.support || a.rank - b.rank || (a.word < b.word ? -1 : 1); });
    return found.slice(0, 2).map(function (f) {
      var tokens = query.slice();
      tokens[f.at] = accentedFix(query[f.at].exact, f.word);  // keeps the accents typed where it can
      return { tokens: tokens, whole: f.score === links.length };
    });
  }

  // -- Most of the words: when every word together finds few sections -----------

  // Sections holding most of the query's words (question words aside), after the sections
  // already found (`have`). Coordination: the words a section holds, each weighing by how
  // rare it is in the archive (lunr's idf); a section weighing at least half the best is
  // kept. The best by weight are re-ranked on their text: the share of the query's weight
  // they hold, times the weight of the longest run of the query's words they hold in its
  // order (a question's answer often repeats a stretch of it). Each carries `words`: the query's
  // words, those it lacks marked missing.
  function mostWords(ctx, have) {
    var db = ctx.db, post = ctx.post, n = db.manifest.sections;
    var words = ctx.q.tokens.filter(function (t) { return !t.optional; }).slice(0, 30);
    if (words.length < 2) return Promise.resolve([]);
    var mask = new Int32Array(n), score = new Float64Array(n), weight = [], shown = {};
    have.forEach(function (r) { shown[r.ref] = true; });
    words.forEach(function (t, i) {
      var p = post[t.folded];
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
      if (ctx.facets && !ctx.keep(ctx.facets.docs[docIndex(ctx.facets, r)])) continue;
      held.push(r); weighs[r] = w; best = Math.max(best, w);
    }
    var top = held.filter(function (x) { return weighs[x] >= best / 2; })
      .sort(function (a, b) { return weighs[b] - weighs[a] || score[b] - score[a] || a - b; })
      .slice(0, Math.max(0, (ctx.options.limit || RERANK) - have.length));
    var seq = words.map(function (t) { return t.folded; });
    return loadSections(db, top.map(String)).then(function () {
      var ranked = top.map(function (x) {
        var run = heaviestRun(sectionWords(db, x), seq, weight);
        return { x: x, score: (weighs[x] / total) * (1 + Math.pow(run / total, 2) / 2) };
      }).sort(function (a, b) { return b.score - a.score || weighs[b.x] - weighs[a.x] || a.x - b.x; });
      return ranked.map(function (e) {
        var s = db.sections[e.x], r = { ref: String(e.x), score: e.score };
        return { ref: r.ref, score: r.score, doc: db.docs[s.d], section: s.h,
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

  // A corrected query as a reader would type it: accented where the index has the accents.
  function display(post, tokens) {
    return tokens.map(function (t) { return post[t.exact] ? t.exact : t.folded; }).join(" ");
  }

  // Up to 5 whole queries with one unknown word replaced by a near word of the index:
  // by edit distance (two edits allowed here, from 3 letters), else the neighbouring keys.
  function suggest(ctx) {
    var db = ctx.db, q = ctx.q, post = ctx.post;
    var unknown = q.tokens.map(function (t, i) { return i; }).filter(function (i) { return !q.tokens[i].optional && !known(post, q.tokens[i]); });
    return Promise.all(unknown.map(function (i) {
      var t = q.tokens[i];
      var near = /^\p{L}{3,}$/u.test(t.folded) && db.manifest.typos ? nearWords(db, t.folded, 2) : Promise.resolve([]);
      return near.then(function (found) {
        return found.length ? found.map(function (n) { return n.word; }) : neighbours(db, t.folded);
      }).then(function (words) {
        return words.slice(0, 5).map(function (w) {
          return q.tokens.map(function (x, j) { return j === i ? w : x.exact; }).join(" ");
        });
      });
    })).then(function (lists) { return [].concat.apply([], lists).slice(0, 5); });
  }

  // Folded words of letters next to where a key would stand in its term shard, sharing
  // its first two letters ("xyzzyq" has none; "phongz" finds "phong", "phonh"…).
  function neighbours(db, key) {
    return fetchAll(db, db.shards, [shardOf(db, key)], "terms/", ".json.gz").then(function (shards) {
      var words = shards[0].map(function (e) { return e[0]; })
        .filter(function (k) { return /^\p{L}+$/u.test(k) && vi.fold(k) === k && k.slice(0, 2) === key.slice(0, 2); });
      var at = words.findIndex(function (k) { return k > key; });
      if (at < 0) at = words.length;
      var out = [];
      for (var d = 0; out.length < 5 && (at - d - 1 >= 0 || at + d < words.length); d++) {
        if (at + d < words.length) out.push(words[at + d]);
        if (at - d - 1 >= 0) out.push(words[at - d - 1]);
      }
      return out;
    });
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

  // A corrected word keeps the accents the reader typed where the edit allows it
  // ("thầnn" -> "thần"); else the folded word ("cachh" -> "cach").
  function accentedFix(exact, word) {
    var cs = Array.from(exact);
    for (var i = 0; i < cs.length; i++) {
      var dropped = cs.slice(0, i).concat(cs.slice(i + 1)).join("");
      if (vi.fold(dropped) === word) return token(vi.normalizeWord(dropped), false);
      if (i + 1 < cs.length) {
        var swapped = cs.slice(0, i).concat([cs[i + 1], cs[i]], cs.slice(i + 2)).join("");
        if (vi.fold(swapped) === word) return token(vi.normalizeWord(swapped), false);
      }
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

  // Words of the index within the allowed edits of a word: [{word, edits}], nearest first.
  function nearWords(db, word, edits) {
    var keys = deletions(word, edits), ids = {};
    keys.forEach(function (k) { ids[lastAtMost(db.manifest.typos, k)] = true; });
    db.typos = db.typos || {};
    return fetchAll(db, db.typos, Object.keys(ids).map(Number), "typos/", ".json.gz").then(function (shards) {
      var want = {}, seen = {}, out = [];
      keys.forEach(function (k) { want[k] = true; });
      shards.forEach(function (shard) {
        shard.forEach(function (entry) {
          if (!want[entry[0]]) return;
          entry[1].forEach(function (w) {
            if (seen[w] || w === word) return;
            seen[w] = true;
            var e = editDistance(word, w);
            if (e <= edits) out.push({ word: w, edits: e });
          });
        });
      });
      return out.sort(function (a, b) { return a.edits - b.edits || (a.word < b.word ? -1 : 1); });
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
      var seq = wordSeq(variant.tokens, "folded"), optional = {};
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
        var score = h.score * close * ownNumber(db, h.ref, variant.tokens);
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

  return { load: load, search: search, parse: parse, variants: variants, optionalWords: optionalWords, shardOf: shardOf, decodeJSON: decodeJSON,
           fromTelex: fromTelex, fromVni: fromVni, looseNumber: looseNumber, deletions: deletions, editDistance: editDistance };
});
